/* SPDX-License-Identifier: MIT */
/*
 * rkd_buf.h - a byte buffer for untrusted input and for building output,
 * after OpenSSH's sshbuf.
 *
 * A buffer holds the bytes between a read offset and a write end. Getters
 * consume from the read offset; putters append at the end. Every getter
 * first zeroes its output, then checks that enough bytes are left, and
 * returns RKD_OK or a negative rkd_err (RKD_ERR_SHORT) without consuming
 * anything on failure. Every putter checks the buffer's hard maximum
 * (RKD_ERR_NO_SPACE). Code that parses protocol bytes uses these functions
 * and nothing else: no raw offsets outside buf.c.
 *
 * Three kinds of buffer:
 *  - rkd_buf_new(max): heap memory, grown on demand up to @max, wiped and
 *    freed by rkd_buf_free();
 *  - rkd_buf_view(): a read-only view of caller memory (no allocation),
 *    for decoding a message body in place;
 *  - rkd_buf_fixed(): writes into caller memory of a fixed capacity.
 * The struct is public only so that views and fixed buffers can live on
 * the stack; its members are private to buf.c.
 *
 * Memory released by a buffer (free, reset, growth) is wiped first
 * (OPENSSL_cleanse), because buffers carry keys in transit.
 */
#ifndef RKD_BUF_H
#define RKD_BUF_H

#include <stddef.h>
#include <stdint.h>

struct rkd_buf {
	uint8_t *d;		/* private */
	size_t off;		/* private: first unread byte */
	size_t end;		/* private: one past the last byte */
	size_t cap;		/* private: bytes allocated at d */
	size_t max;		/* private: hard maximum of end */
	unsigned int flags;	/* private */
};

/* A heap buffer that never holds more than @max bytes; NULL if no memory. */
struct rkd_buf *rkd_buf_new(size_t max);
/* Wipe and free a buffer from rkd_buf_new(); NULL is fine. */
void rkd_buf_free(struct rkd_buf *b);

/* A read-only view of @len bytes at @p (which must outlive the view). */
void rkd_buf_view(struct rkd_buf *b, const void *p, size_t len);
/* An empty buffer writing into @mem, at most @cap bytes. */
void rkd_buf_fixed(struct rkd_buf *b, void *mem, size_t cap);

/* Wipe the contents and start empty (keeps the memory). */
void rkd_buf_reset(struct rkd_buf *b);

/* Bytes left to read. */
size_t rkd_buf_len(const struct rkd_buf *b);
/* Bytes that may still be appended before the maximum. */
size_t rkd_buf_avail(const struct rkd_buf *b);
/* The first unread byte (valid until the next put or consume). */
const uint8_t *rkd_buf_ptr(const struct rkd_buf *b);

/* Drop @n unread bytes. RKD_ERR_SHORT if fewer are left. */
int rkd_buf_consume(struct rkd_buf *b, size_t n);

/* Getters: zero the output, check, copy, consume. */
int rkd_buf_get(struct rkd_buf *b, void *out, size_t n);
int rkd_buf_get_u8(struct rkd_buf *b, uint8_t *v);
int rkd_buf_get_u16(struct rkd_buf *b, uint16_t *v);
int rkd_buf_get_u32(struct rkd_buf *b, uint32_t *v);
/*
 * Point *@p at the next @n bytes in place and consume them; for large
 * fields (certificate, RSA ciphertext) that need no copy. *@p stays valid
 * as long as the buffer's memory does.
 */
int rkd_buf_get_ptr(struct rkd_buf *b, size_t n, const uint8_t **p);
/* RKD_OK if nothing is left to read, RKD_ERR_TRAILING otherwise. */
int rkd_buf_get_end(const struct rkd_buf *b);

/* Putters: check the maximum, append. */
int rkd_buf_put(struct rkd_buf *b, const void *p, size_t n);
int rkd_buf_put_u8(struct rkd_buf *b, uint8_t v);
int rkd_buf_put_u16(struct rkd_buf *b, uint16_t v);
int rkd_buf_put_u32(struct rkd_buf *b, uint32_t v);
/* Append @n zero bytes and point *@p at them, to be filled in place. */
int rkd_buf_reserve(struct rkd_buf *b, size_t n, uint8_t **p);
/*
 * Remove the last @n bytes written and wipe them (to undo a reserve, or to
 * drop a half-built message after an error).
 */
int rkd_buf_unput(struct rkd_buf *b, size_t n);

#endif /* RKD_BUF_H */
