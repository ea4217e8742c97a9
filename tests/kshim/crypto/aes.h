/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <crypto/aes.h>: the AES library's calls, on OpenSSL */
#ifndef KSHIM_CRYPTO_AES_H
#define KSHIM_CRYPTO_AES_H
#include "../kshim.h"

#define AES_BLOCK_SIZE	16

/* the key is kept; OpenSSL expands it at each call */
struct crypto_aes_ctx {
	u8 key[32];
	u32 key_length;
};

int aes_expandkey(struct crypto_aes_ctx *ctx, const u8 *in_key,
		  unsigned int key_len);
void aes_encrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in);
void aes_decrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in);
#endif
