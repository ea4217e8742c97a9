/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kshim.h - what the module's sources built on the host take from the
 * kernel (tests/aes/: modes.c, cmac.c, pinblock.c, key.c; tests/keyblock/:
 * keyblock.c, key.c, key_attr.c, cmac.c): fixed-width types, allocation,
 * wiping, XOR and a constant-time compare. The headers under linux/ and
 * crypto/ stand in for the kernel's of the same name, so the module's
 * files build unchanged; the crypto they declare is kshim.c's, on
 * OpenSSL. The kernel's own libraries are checked by the module's
 * self-tests at load, which these same files carry.
 */
#ifndef KSHIM_H
#define KSHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define GFP_KERNEL	0
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define pr_err(...)	fprintf(stderr, __VA_ARGS__)

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

static inline void crypto_xor(u8 *dst, const u8 *src, unsigned int n)
{
	while (n--)
		*dst++ ^= *src++;
}

static inline void crypto_xor_cpy(u8 *dst, const u8 *a, const u8 *b,
				  unsigned int n)
{
	while (n--)
		*dst++ = *a++ ^ *b++;
}

#endif /* KSHIM_H */
