/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <crypto/des.h>: libdes's TDES calls, on OpenSSL */
#ifndef KSHIM_CRYPTO_DES_H
#define KSHIM_CRYPTO_DES_H
#include "../kshim.h"

#define DES_KEY_SIZE		8
#define DES3_EDE_KEY_SIZE	24
#define DES3_EDE_BLOCK_SIZE	8

/* the key is kept; OpenSSL expands it at each call */
struct des3_ede_ctx {
	u8 key[DES3_EDE_KEY_SIZE];
};

int des3_ede_expand_key(struct des3_ede_ctx *ctx, const u8 *key,
			unsigned int key_len);
void des3_ede_encrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src);
void des3_ede_decrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src);
#endif
