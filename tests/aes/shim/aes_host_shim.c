// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * aes_host_shim.c - lib AES and lib DES for the host build of the module's
 * AES files (tests/aes/), one block at a time through OpenSSL's EVP ECB.
 * An OpenSSL failure aborts: a test must not pass on a cipher that did
 * not run.
 */
#include <openssl/evp.h>

#include "aes_host_shim.h"

static void shim_ecb(const EVP_CIPHER *ciph, const u8 *key, bool encrypt,
		     u8 *out, const u8 *in, int bs)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;

	if (!c || !EVP_CipherInit_ex(c, ciph, NULL, key, NULL, encrypt) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0) ||
	    !EVP_CipherUpdate(c, out, &n, in, bs) || n != bs) {
		fprintf(stderr, "aes_host_shim: OpenSSL ECB failed\n");
		abort();
	}
	EVP_CIPHER_CTX_free(c);
}

static const EVP_CIPHER *shim_aes(const struct crypto_aes_ctx *ctx)
{
	return ctx->key_length == 16 ? EVP_aes_128_ecb() :
	       ctx->key_length == 24 ? EVP_aes_192_ecb() : EVP_aes_256_ecb();
}

int aes_expandkey(struct crypto_aes_ctx *ctx, const u8 *in_key,
		  unsigned int key_len)
{
	if (key_len != 16 && key_len != 24 && key_len != 32)
		return -EINVAL;
	memset(ctx, 0, sizeof(*ctx));
	memcpy(ctx->key, in_key, key_len);
	ctx->key_length = key_len;
	return 0;
}

void aes_encrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in)
{
	shim_ecb(shim_aes(ctx), ctx->key, true, out, in, 16);
}

void aes_decrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in)
{
	shim_ecb(shim_aes(ctx), ctx->key, false, out, in, 16);
}

int des3_ede_expand_key(struct des3_ede_ctx *ctx, const u8 *key,
			unsigned int key_len)
{
	if (key_len != 24)
		return -EINVAL;
	memcpy(ctx->key, key, 24);
	return 0;
}

void des3_ede_encrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src)
{
	shim_ecb(EVP_des_ede3_ecb(), ctx->key, true, dst, src, 8);
}
