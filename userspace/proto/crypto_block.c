// SPDX-License-Identifier: MIT
/*
 * crypto_block.c - CMAC, CBC and the KCV for TDES and AES keys, which key
 * blocks (keyblock.c) and the RECEIPT's KCVs need.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "pinpad_kb.h"
#include "rkd_crypto.h"
#include "rkd_err.h"

/* TDES 16 -> K1K2K1 (OpenSSL's des-ede3 takes 24 bytes); AES as is */
static int rkd_blk_key(char alg, const uint8_t *key, size_t key_len,
		       uint8_t k[PINPAD_KB_KEY_MAX], const char **cipher)
{
	static const char *const aes[] = { "AES-128", "AES-192", "AES-256" };

	if (!pinpad_kb_strength(alg, (unsigned int)key_len) ||
	    key_len > PINPAD_KB_KEY_MAX)
		return RKD_ERR_ARGUMENT;
	memcpy(k, key, key_len);
	if (alg == PINPAD_KB_ALG_TDES) {
		if (key_len == 16)
			memcpy(k + 16, key, 8);
		*cipher = "DES-EDE3";
	} else {
		*cipher = aes[(key_len - 16) / 8];
	}
	return RKD_OK;
}

size_t rkd_blk_len(char alg)
{
	return alg == PINPAD_KB_ALG_TDES ? RKD_TDES_BLOCK :
	       alg == PINPAD_KB_ALG_AES ? RKD_AES_BLOCK : 0;
}

int rkd_cmac(char alg, const uint8_t *key, size_t key_len,
	     const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
	     uint8_t *mac)
{
	OSSL_PARAM params[2];
	char name[24];
	uint8_t k[PINPAD_KB_KEY_MAX];
	size_t blk = rkd_blk_len(alg), n, klen;
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *cmac = NULL;
	const char *cipher;
	int r;

	if ((r = rkd_blk_key(alg, key, key_len, k, &cipher)) != 0)
		return r;
	klen = alg == PINPAD_KB_ALG_TDES ? RKD_TDES_LEN : key_len;
	snprintf(name, sizeof(name), "%s-CBC", cipher);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
						     name, 0);
	params[1] = OSSL_PARAM_construct_end();
	r = RKD_ERR_CRYPTO;
	if ((cmac = EVP_MAC_fetch(NULL, "CMAC", NULL)) == NULL ||
	    (ctx = EVP_MAC_CTX_new(cmac)) == NULL ||
	    EVP_MAC_init(ctx, k, klen, params) != 1 ||
	    (a_len && EVP_MAC_update(ctx, a, a_len) != 1) ||
	    (b_len && EVP_MAC_update(ctx, b, b_len) != 1) ||
	    EVP_MAC_final(ctx, mac, &n, blk) != 1 || n != blk)
		goto out;
	r = RKD_OK;
out:
	if (r != 0)
		OPENSSL_cleanse(mac, blk);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(cmac);
	OPENSSL_cleanse(k, sizeof(k));
	return r;
}

int rkd_block_cipher(char alg, const uint8_t *key, size_t key_len,
		     bool encrypt, const uint8_t *iv, const uint8_t *in,
		     size_t len, uint8_t *out)
{
	uint8_t k[PINPAD_KB_KEY_MAX];
	size_t blk = rkd_blk_len(alg);
	EVP_CIPHER_CTX *ctx = NULL;
	EVP_CIPHER *c = NULL;
	const char *cipher;
	char name[24];
	int n, r;

	if (!blk || len % blk || len > INT32_MAX)
		return RKD_ERR_ARGUMENT;
	if ((r = rkd_blk_key(alg, key, key_len, k, &cipher)) != 0)
		return r;
	snprintf(name, sizeof(name), "%s-%s", cipher, iv ? "CBC" : "ECB");
	r = RKD_ERR_CRYPTO;
	if ((c = EVP_CIPHER_fetch(NULL, name, NULL)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_CipherInit_ex2(ctx, c, k, iv, encrypt ? 1 : 0, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(ctx, 0) != 1 ||
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1 ||
	    (size_t)n != len)
		goto out;
	r = RKD_OK;
out:
	if (r != 0)
		OPENSSL_cleanse(out, len);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	OPENSSL_cleanse(k, sizeof(k));
	return r;
}

int rkd_kcv_alg(char alg, const uint8_t *key, size_t key_len,
		uint8_t kcv[RKD_KCV_LEN])
{
	static const uint8_t zero[RKD_AES_BLOCK];
	uint8_t block[RKD_AES_BLOCK];
	int r;

	memset(kcv, 0, RKD_KCV_LEN);
	if (alg == PINPAD_KB_ALG_TDES)	/* X9.24-1:2017 A.2 */
		r = rkd_block_cipher(alg, key, key_len, true, NULL, zero,
				     RKD_TDES_BLOCK, block);
	else				/* A.3: AES-CMAC of one zero block */
		r = rkd_cmac(alg, key, key_len, zero, sizeof(zero), NULL, 0,
			     block);
	if (r == 0)
		memcpy(kcv, block, RKD_KCV_LEN);
	OPENSSL_cleanse(block, sizeof(block));
	return r;
}
