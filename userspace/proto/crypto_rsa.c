// SPDX-License-Identifier: MIT
/*
 * crypto_rsa.c - RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label)
 * decryption with the work certificate's private key: the server's half.
 * The device's half (encryption) is in tests/softdev/softdev_oaep.c.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "rkd_crypto.h"
#include "rkd_err.h"

size_t rkd_rsa_modulus_len(const EVP_PKEY *pk)
{
	int bits;

	if (!pk || EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA)
		return 0;
	bits = EVP_PKEY_get_bits(pk);
	return bits > 0 ? ((size_t)bits + 7) / 8 : 0;
}

int rkd_oaep_decrypt(EVP_PKEY *sk, const uint8_t *in, size_t in_len,
		     uint8_t *out, size_t out_cap, size_t *out_len)
{
	size_t k = rkd_rsa_modulus_len(sk);
	EVP_PKEY_CTX *ctx;
	uint8_t *plain;
	size_t n = k;
	int r = RKD_ERR_CRYPTO;

	*out_len = 0;
	memset(out, 0, out_cap);
	if (!k || in_len != k)
		return RKD_ERR_ARGUMENT;
	/* OpenSSL wants room for a modulus-sized result */
	plain = OPENSSL_malloc(k);
	if (!plain)
		return RKD_ERR_ALLOC;
	ctx = EVP_PKEY_CTX_new(sk, NULL);
	if (!ctx || EVP_PKEY_decrypt_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) != 1)
		goto out;
	if (EVP_PKEY_decrypt(ctx, plain, &n, in, in_len) != 1) {
		r = RKD_ERR_DECRYPT;
		goto out;
	}
	if (n > out_cap) {
		r = RKD_ERR_DECRYPT;	/* too long for what we expect */
		goto out;
	}
	memcpy(out, plain, n);
	*out_len = n;
	r = RKD_OK;
out:
	if (r != 0)
		ERR_clear_error();	/* a peer must not fill our error queue */
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_clear_free(plain, k);
	return r;
}
