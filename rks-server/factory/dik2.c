// SPDX-License-Identifier: GPL-2.0
/*
 * dik2.c - the DIK2 function F over OpenSSL (SHA-256, 3-key TDES in ECB
 * mode without padding: three 8-byte blocks each time).
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "dik2.h"

static int tdes_ecb(const uint8_t key[FACTORY_KEY_LEN], bool encrypt,
		    const uint8_t *in, uint8_t *out, size_t len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ret = -EIO;

	if (!ctx)
		return -ENOMEM;
	if (EVP_CipherInit_ex(ctx, EVP_des_ede3_ecb(), NULL, key, NULL,
			      encrypt) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1 &&
	    (size_t)n == len)
		ret = 0;
	EVP_CIPHER_CTX_free(ctx);	/* wipes the key schedule */
	return ret;
}

/* The first 24 bytes of SHA-256(@in). */
static int hash24(const void *in, size_t len, uint8_t out[FACTORY_KEY_LEN])
{
	uint8_t md[32];
	unsigned int md_len = 0;
	int ret = -EIO;

	if (EVP_Digest(in, len, md, &md_len, EVP_sha256(), NULL) == 1 &&
	    md_len == sizeof(md)) {
		memcpy(out, md, FACTORY_KEY_LEN);
		ret = 0;
	}
	OPENSSL_cleanse(md, sizeof(md));
	return ret;
}

bool factory_degenerate(const uint8_t key[FACTORY_KEY_LEN])
{
	uint8_t d12 = 0, d23 = 0;
	int i;

	for (i = 0; i < 8; i++) {
		d12 |= (key[i] ^ key[i + 8]) & 0xfe;
		d23 |= (key[i + 8] ^ key[i + 16]) & 0xfe;
	}
	return !d12 || !d23;
}

int factory_dik2(const char *dsn, size_t dsn_len, const uint8_t *factor,
		 size_t factor_len, const uint8_t dik1[FACTORY_KEY_LEN],
		 uint8_t dik2[FACTORY_KEY_LEN], bool *degenerate)
{
	uint8_t data1[FACTORY_KEY_LEN], key1[FACTORY_KEY_LEN];
	uint8_t data2[FACTORY_KEY_LEN];
	int ret;

	if (!dsn_len || !factor_len)
		return -EINVAL;
	ret = hash24(dsn, dsn_len, data1);
	if (!ret)
		ret = tdes_ecb(dik1, true, data1, key1, sizeof(data1));
	if (!ret)
		ret = hash24(factor, factor_len, data2);
	if (!ret)
		ret = tdes_ecb(key1, false, data2, dik2, sizeof(data2));
	if (!ret && degenerate)
		*degenerate = factory_degenerate(key1) ||
			      factory_degenerate(dik2);
	if (ret)
		OPENSSL_cleanse(dik2, FACTORY_KEY_LEN);
	OPENSSL_cleanse(data1, sizeof(data1));
	OPENSSL_cleanse(key1, sizeof(key1));
	OPENSSL_cleanse(data2, sizeof(data2));
	return ret;
}

int factory_kcv(const uint8_t key[FACTORY_KEY_LEN],
		uint8_t kcv[FACTORY_KCV_LEN])
{
	static const uint8_t zero[8];
	uint8_t block[8];
	int ret;

	ret = tdes_ecb(key, true, zero, block, sizeof(block));
	if (!ret)
		memcpy(kcv, block, FACTORY_KCV_LEN);
	OPENSSL_cleanse(block, sizeof(block));
	return ret;
}
