/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kb_host_shim.h - what kmod/keyblock.c, key.c and key_attr.c take from
 * the kernel, for a host build (tests/keyblock/: unit tests, the fuzzer):
 * fixed-width types, allocation, wiping, a constant-time compare. The
 * crypto they call comes from kb_host_crypto.c (OpenSSL). The same
 * sources as the module's, not copies.
 */
#ifndef KB_HOST_SHIM_H
#define KB_HOST_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define GFP_KERNEL	0
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))

static inline void memzero_explicit(void *p, size_t n)
{
	explicit_bzero(p, n);
}

/* kzalloc()/kfree_sensitive(): the size kept in front, to wipe it all */
static inline void *kzalloc(size_t n, int gfp)
{
	size_t *p = calloc(1, sizeof(size_t) * 2 + n);

	(void)gfp;
	if (!p)
		return NULL;
	*p = n;
	return p + 2;
}

static inline void kfree_sensitive(const void *q)
{
	size_t *p = (size_t *)q;

	if (!p)
		return;
	p -= 2;
	explicit_bzero(p, sizeof(size_t) * 2 + *p);
	free(p);
}

static inline int crypto_memneq(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	u8 d = 0;

	while (n--)
		d |= *x++ ^ *y++;
	return d != 0;
}

#endif /* KB_HOST_SHIM_H */
