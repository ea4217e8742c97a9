// SPDX-License-Identifier: MIT
/*
 * buf.c - the only code that touches a buffer's offsets (see rkd_buf.h).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "rkd_buf.h"
#include "rkd_err.h"

#define RKD_BUF_F_HEAP		0x1	/* d and the struct are malloc'd */
#define RKD_BUF_F_READONLY	0x2

#define RKD_BUF_MIN_ALLOC	256

struct rkd_buf *rkd_buf_new(size_t max)
{
	struct rkd_buf *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->max = max;
	b->flags = RKD_BUF_F_HEAP;
	return b;
}

void rkd_buf_free(struct rkd_buf *b)
{
	if (!b)
		return;
	if (b->flags & RKD_BUF_F_HEAP) {
		if (b->d)
			OPENSSL_clear_free(b->d, b->cap);
		free(b);
		return;
	}
	rkd_buf_reset(b);
}

void rkd_buf_view(struct rkd_buf *b, const void *p, size_t len)
{
	/* the cast is safe: READONLY makes every putter refuse */
	b->d = (uint8_t *)(uintptr_t)p;
	b->off = 0;
	b->end = len;
	b->cap = len;
	b->max = len;
	b->flags = RKD_BUF_F_READONLY;
}

void rkd_buf_fixed(struct rkd_buf *b, void *mem, size_t cap)
{
	b->d = mem;
	b->off = 0;
	b->end = 0;
	b->cap = cap;
	b->max = cap;
	b->flags = 0;
}

void rkd_buf_reset(struct rkd_buf *b)
{
	if (!(b->flags & RKD_BUF_F_READONLY) && b->d)
		OPENSSL_cleanse(b->d, b->end);
	b->off = 0;
	b->end = 0;
}

size_t rkd_buf_len(const struct rkd_buf *b)
{
	return b->end - b->off;
}

size_t rkd_buf_avail(const struct rkd_buf *b)
{
	if (b->flags & RKD_BUF_F_READONLY)
		return 0;
	return b->max - b->end;
}

const uint8_t *rkd_buf_ptr(const struct rkd_buf *b)
{
	return b->d ? b->d + b->off : (const uint8_t *)"";
}

int rkd_buf_consume(struct rkd_buf *b, size_t n)
{
	if (n > rkd_buf_len(b))
		return RKD_ERR_SHORT;
	b->off += n;
	/* a fully read heap/fixed buffer starts over, so it never fills up */
	if (b->off == b->end && b->d && !(b->flags & RKD_BUF_F_READONLY)) {
		OPENSSL_cleanse(b->d, b->end);
		b->off = b->end = 0;
	}
	return RKD_OK;
}

int rkd_buf_get_ptr(struct rkd_buf *b, size_t n, const uint8_t **p)
{
	static const uint8_t empty[1];

	*p = NULL;
	if (n > rkd_buf_len(b))
		return RKD_ERR_SHORT;
	*p = b->d ? b->d + b->off : empty;
	/* no rkd_buf_consume(): that would wipe what *p points at */
	b->off += n;
	return RKD_OK;
}

int rkd_buf_get(struct rkd_buf *b, void *out, size_t n)
{
	if (n == 0)
		return RKD_OK;
	memset(out, 0, n);
	if (n > rkd_buf_len(b))
		return RKD_ERR_SHORT;
	memcpy(out, b->d + b->off, n);
	b->off += n;
	return RKD_OK;
}

int rkd_buf_get_u8(struct rkd_buf *b, uint8_t *v)
{
	return rkd_buf_get(b, v, 1);
}

int rkd_buf_get_u16(struct rkd_buf *b, uint16_t *v)
{
	uint8_t be[2];
	int r;

	*v = 0;
	if ((r = rkd_buf_get(b, be, sizeof(be))) != 0)
		return r;
	*v = (uint16_t)(be[0] << 8 | be[1]);
	return RKD_OK;
}

int rkd_buf_get_u32(struct rkd_buf *b, uint32_t *v)
{
	uint8_t be[4];
	int r;

	*v = 0;
	if ((r = rkd_buf_get(b, be, sizeof(be))) != 0)
		return r;
	*v = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 |
	     (uint32_t)be[2] << 8 | be[3];
	return RKD_OK;
}

int rkd_buf_get_end(const struct rkd_buf *b)
{
	return rkd_buf_len(b) ? RKD_ERR_TRAILING : RKD_OK;
}

/* Make room for @n more bytes at the end; heap buffers grow, wiping. */
static int rkd_buf_grow(struct rkd_buf *b, size_t n)
{
	size_t need, cap;
	uint8_t *d;

	if (b->flags & RKD_BUF_F_READONLY)
		return RKD_ERR_READ_ONLY;
	if (n > b->max - b->end)
		return RKD_ERR_NO_SPACE;
	need = b->end + n;
	if (need <= b->cap)
		return RKD_OK;
	if (!(b->flags & RKD_BUF_F_HEAP))
		return RKD_ERR_NO_SPACE;	/* fixed: cap == max */

	cap = b->cap ? b->cap : RKD_BUF_MIN_ALLOC;
	while (cap < need)
		cap = cap > b->max / 2 ? b->max : cap * 2;
	if (cap > b->max)
		cap = b->max;
	/* not realloc(): the old block must be wiped, not just released */
	d = malloc(cap);
	if (!d)
		return RKD_ERR_ALLOC;
	if (b->d) {
		memcpy(d, b->d, b->end);
		OPENSSL_clear_free(b->d, b->cap);
	}
	b->d = d;
	b->cap = cap;
	return RKD_OK;
}

int rkd_buf_reserve(struct rkd_buf *b, size_t n, uint8_t **p)
{
	int r;

	*p = NULL;
	if ((r = rkd_buf_grow(b, n)) != 0)
		return r;
	if (n == 0)
		return RKD_OK;	/* *p stays NULL: nothing to write */
	*p = b->d + b->end;
	memset(*p, 0, n);
	b->end += n;
	return RKD_OK;
}

int rkd_buf_put(struct rkd_buf *b, const void *p, size_t n)
{
	uint8_t *dst;
	int r;

	if ((r = rkd_buf_reserve(b, n, &dst)) != 0)
		return r;
	if (n)
		memcpy(dst, p, n);	/* dst is NULL only for n == 0 */
	return RKD_OK;
}

int rkd_buf_put_u8(struct rkd_buf *b, uint8_t v)
{
	return rkd_buf_put(b, &v, 1);
}

int rkd_buf_put_u16(struct rkd_buf *b, uint16_t v)
{
	uint8_t be[2] = { v >> 8, v };

	return rkd_buf_put(b, be, sizeof(be));
}

int rkd_buf_put_u32(struct rkd_buf *b, uint32_t v)
{
	uint8_t be[4] = { v >> 24, v >> 16, v >> 8, v };

	return rkd_buf_put(b, be, sizeof(be));
}

int rkd_buf_unput(struct rkd_buf *b, size_t n)
{
	if (b->flags & RKD_BUF_F_READONLY)
		return RKD_ERR_READ_ONLY;
	if (n > rkd_buf_len(b))
		return RKD_ERR_SHORT;
	if (n == 0)
		return RKD_OK;
	b->end -= n;
	OPENSSL_cleanse(b->d + b->end, n);
	return RKD_OK;
}
