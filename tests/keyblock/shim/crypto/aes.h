/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <crypto/aes.h>: the AES library's calls, on OpenSSL */
#ifndef KB_SHIM_CRYPTO_AES_H
#define KB_SHIM_CRYPTO_AES_H
#include "../kb_host_shim.h"

#define AES_BLOCK_SIZE	16

struct crypto_aes_ctx {
	u8 key[32];
	u32 key_length;
};

int aes_expandkey(struct crypto_aes_ctx *ctx, const u8 *key,
		  unsigned int len);
void aes_encrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in);
#endif
