// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kshim.c - the kernel's AES and DES libraries for the host build of the
 * module's sources (kshim.h), one block at a time through OpenSSL's EVP
 * ECB. An OpenSSL failure aborts: a test must not pass on a cipher that
 * did not run.
 */
#include <openssl/evp.h>

#include <crypto/aes.h>
#include <crypto/des.h>

static void kshim_ecb(const EVP_CIPHER *ciph, const u8 *key, bool encrypt,
		      u8 *out, const u8 *in, int bs)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;

	if (!c || !EVP_CipherInit_ex(c, ciph, NULL, key, NULL, encrypt) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0) ||
	    !EVP_CipherUpdate(c, out, &n, in, bs) || n != bs) {
		fprintf(stderr, "kshim: OpenSSL ECB failed\n");
		abort();
	}
	EVP_CIPHER_CTX_free(c);
}

static const EVP_CIPHER *kshim_aes(unsigned int key_len)
{
	switch (key_len) {
	case 16: return EVP_aes_128_ecb();
	case 24: return EVP_aes_192_ecb();
	case 32: return EVP_aes_256_ecb();
	}
	return NULL;
}

int aes_expandkey(struct crypto_aes_ctx *ctx, const u8 *in_key,
		  unsigned int key_len)
{
	if (!kshim_aes(key_len))
		return -EINVAL;
	memset(ctx, 0, sizeof(*ctx));
	memcpy(ctx->key, in_key, key_len);
	ctx->key_length = key_len;
	return 0;
}

void aes_encrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in)
{
	kshim_ecb(kshim_aes(ctx->key_length), ctx->key, true, out, in, 16);
}

void aes_decrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in)
{
	kshim_ecb(kshim_aes(ctx->key_length), ctx->key, false, out, in, 16);
}

int des3_ede_expand_key(struct des3_ede_ctx *ctx, const u8 *key,
			unsigned int key_len)
{
	if (key_len != DES3_EDE_KEY_SIZE)
		return -EINVAL;
	memcpy(ctx->key, key, key_len);
	return 0;
}

void des3_ede_encrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src)
{
	kshim_ecb(EVP_des_ede3_ecb(), ctx->key, true, dst, src, 8);
}

void des3_ede_decrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src)
{
	kshim_ecb(EVP_des_ede3_ecb(), ctx->key, false, dst, src, 8);
}
