// SPDX-License-Identifier: MIT
/*
 * crypto_tdes.c - TDES-ECB, KCV and the patent's DIK2 function: the rules
 * that need a cipher (the others are in rules.c).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "rkd_crypto.h"
#include "rkd_err.h"

int rkd_sha256(const void *p, size_t n, uint8_t out[RKD_SHA256_LEN])
{
	if (EVP_Digest(p, n, out, NULL, EVP_sha256(), NULL) != 1) {
		OPENSSL_cleanse(out, RKD_SHA256_LEN);
		return RKD_ERR_CRYPTO;
	}
	return RKD_OK;
}

int rkd_random(uint8_t *out, size_t n)
{
	if (n > INT32_MAX || RAND_priv_bytes(out, (int)n) != 1) {
		OPENSSL_cleanse(out, n);
		return RKD_ERR_CRYPTO;
	}
	return RKD_OK;
}

/* TDES-ECB is crypto_block.c's block cipher without an IV */
int rkd_tdes_ecb(const uint8_t *key, size_t key_len, bool encrypt,
		 const uint8_t *in, size_t len, uint8_t *out)
{
	return rkd_block_cipher('T', key, key_len, encrypt, NULL, in, len,
				out);
}

int rkd_kcv(const uint8_t *key, size_t key_len, uint8_t kcv[RKD_KCV_LEN])
{
	static const uint8_t zero[RKD_TDES_BLOCK];
	uint8_t block[RKD_TDES_BLOCK];
	int r;

	memset(kcv, 0, RKD_KCV_LEN);
	r = rkd_tdes_ecb(key, key_len, true, zero, sizeof(zero), block);
	if (r == 0)
		memcpy(kcv, block, RKD_KCV_LEN);
	OPENSSL_cleanse(block, sizeof(block));
	return r;
}

int rkd_dik2(const void *dsn, size_t dsn_len, const uint8_t *factor,
	     size_t factor_len, const uint8_t dik1[RKD_TDES_LEN],
	     uint8_t dik2[RKD_TDES_LEN], bool *degenerate)
{
	uint8_t data1[RKD_SHA256_LEN], data2[RKD_SHA256_LEN];
	uint8_t key1[RKD_TDES_LEN];
	int r;

	memset(dik2, 0, RKD_TDES_LEN);
	if (degenerate)
		*degenerate = true;
	if (!dsn_len || !factor_len)
		return RKD_ERR_ARGUMENT;
	/* DATA1 and DATA2 are the first 24 bytes of the digests */
	if ((r = rkd_sha256(dsn, dsn_len, data1)) != 0 ||
	    (r = rkd_tdes_ecb(dik1, RKD_TDES_LEN, true, data1, RKD_TDES_LEN,
			      key1)) != 0 ||
	    (r = rkd_sha256(factor, factor_len, data2)) != 0 ||
	    (r = rkd_tdes_ecb(key1, RKD_TDES_LEN, false, data2, RKD_TDES_LEN,
			      dik2)) != 0)
		OPENSSL_cleanse(dik2, RKD_TDES_LEN);
	else if (degenerate)
		*degenerate = rkd_tdes_key_weak(key1, RKD_TDES_LEN) ||
			      rkd_tdes_key_weak(dik2, RKD_TDES_LEN);
	OPENSSL_cleanse(data1, sizeof(data1));
	OPENSSL_cleanse(data2, sizeof(data2));
	OPENSSL_cleanse(key1, sizeof(key1));
	return r;
}
