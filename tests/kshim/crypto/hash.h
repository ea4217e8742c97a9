/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host shim of <crypto/hash.h>: the synchronous hash (shash) calls
 * kmod/cmac.c makes, for "cmac(aes)" and "cmac(des3_ede)" only, on
 * OpenSSL's EVP_MAC "CMAC" (kshim.c). A tfm keeps its key; a descriptor
 * holds the OpenSSL context from init to final.
 */
#ifndef KSHIM_CRYPTO_HASH_H
#define KSHIM_CRYPTO_HASH_H
#include <linux/err.h>

#include "../kshim.h"

struct crypto_shash {
	bool des3;			/* cmac(des3_ede), else cmac(aes) */
	u8 key[32];
	unsigned int key_len;		/* 0 until setkey */
};

struct shash_desc {
	struct crypto_shash *tfm;
	void *ctx;			/* EVP_MAC_CTX, from init to final */
};

#define SHASH_DESC_ON_STACK(shash, ctx)					\
	struct shash_desc __##shash##_desc = { 0 };			\
	struct shash_desc *shash = &__##shash##_desc

struct crypto_shash *crypto_alloc_shash(const char *alg_name, u32 type,
					u32 mask);
int crypto_shash_setkey(struct crypto_shash *tfm, const u8 *key,
			unsigned int keylen);
int crypto_shash_init(struct shash_desc *desc);
int crypto_shash_update(struct shash_desc *desc, const u8 *data,
			unsigned int len);
int crypto_shash_final(struct shash_desc *desc, u8 *out);
void shash_desc_zero(struct shash_desc *desc);
void crypto_free_shash(struct crypto_shash *tfm);
#endif
