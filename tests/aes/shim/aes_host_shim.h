/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aes_host_shim.h - what kmod/aes_modes.c, kmod/cmac.c and kmod/pinblock.c
 * take from the kernel, for a host build (tests/aes/): fixed-width types,
 * the few string and crypto helpers, and lib AES and lib DES done with
 * OpenSSL (aes_host_shim.c). The kernel's own lib AES and DES are checked
 * by the module's self-tests, which these same files carry.
 */
#ifndef AES_HOST_SHIM_H
#define AES_HOST_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pinpad.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define GFP_KERNEL	0
#define pr_err(...)	fprintf(stderr, __VA_ARGS__)

/* <crypto/aes.h> and <crypto/des.h>: the key is kept, OpenSSL expands it */
struct crypto_aes_ctx {
	u8 key[32];
	u32 key_length;
};

struct des3_ede_ctx {
	u8 key[24];
};

int aes_expandkey(struct crypto_aes_ctx *ctx, const u8 *in_key,
		  unsigned int key_len);
void aes_encrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in);
void aes_decrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in);
int des3_ede_expand_key(struct des3_ede_ctx *ctx, const u8 *key,
			unsigned int key_len);
void des3_ede_encrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src);

static inline void memzero_explicit(void *p, size_t n)
{
	explicit_bzero(p, n);
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

/* kzalloc() and kfree_sensitive(): the host test holds no real secret */
static inline void *kzalloc(size_t n, int flags)
{
	(void)flags;
	return calloc(1, n);
}

static inline void kfree_sensitive(void *p)
{
	free(p);
}

#endif /* AES_HOST_SHIM_H */
