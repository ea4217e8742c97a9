// SPDX-License-Identifier: GPL-2.0
/*
 * db_tdes.c - the TDES keys the database stores: KCVs, the degenerate-key
 * check, and making new keys.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "db_internal.h"

/* K1K2 -> K1K2K1; K1K2K3 as is. */
static bool expand_key(const uint8_t *key, size_t len, uint8_t k3[24])
{
	if (len != 16 && len != 24)
		return false;
	memcpy(k3, key, len);
	if (len == 16)
		memcpy(k3 + 16, key, 8);
	return true;
}

int rks_tdes_kcv(const uint8_t *key, size_t len, uint8_t kcv[RKS_KCV_LEN])
{
	static const uint8_t zero[8];
	uint8_t k3[24], block[8];
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EIO;

	if (!expand_key(key, len, k3))
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx) {
		ret = -ENOMEM;
		goto out;
	}
	if (EVP_EncryptInit_ex(ctx, EVP_des_ede3_ecb(), NULL, k3, NULL) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_EncryptUpdate(ctx, block, &n, zero, sizeof(zero)) == 1 &&
	    n == sizeof(block)) {
		memcpy(kcv, block, RKS_KCV_LEN);
		ret = 0;
	}
	EVP_CIPHER_CTX_free(ctx);
out:
	OPENSSL_cleanse(k3, sizeof(k3));
	OPENSSL_cleanse(block, sizeof(block));
	return ret;
}

/* Two 8-byte parts that differ only in their parity bits are the same key. */
static bool same_part(const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;
	int i;

	for (i = 0; i < 8; i++)
		diff |= (a[i] ^ b[i]) & 0xfe;
	return diff == 0;
}

bool rks_tdes_degenerate(const uint8_t *key, size_t len)
{
	if (len == 16)
		return same_part(key, key + 8);
	if (len == 24)
		return same_part(key, key + 8) || same_part(key + 8, key + 16);
	return true;
}

static void set_odd_parity(uint8_t *key, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t b = key[i] & 0xfe;

		key[i] = b | !(__builtin_popcount(b) & 1);
	}
}

int rks_tdes_generate(uint8_t *key, size_t len)
{
	int tries;

	if (len != 16 && len != 24)
		return -EINVAL;
	/* A degenerate draw has odds 2^-55: a few tries are plenty. */
	for (tries = 0; tries < 8; tries++) {
		if (RAND_priv_bytes(key, (int)len) != 1)
			break;
		set_odd_parity(key, len);
		if (!rks_tdes_degenerate(key, len))
			return 0;
	}
	OPENSSL_cleanse(key, len);
	return -EIO;
}
