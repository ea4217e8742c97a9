// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kshim.c - the kernel's AES and DES libraries for the host build of the
 * module's sources (kshim.h), one block at a time through OpenSSL's EVP
 * ECB, and the shash API's CMAC through OpenSSL's EVP_MAC. An OpenSSL
 * failure in a cipher aborts: a test must not pass on a cipher that did
 * not run.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <crypto/aes.h>
#include <crypto/des.h>
#include <crypto/hash.h>

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

/*
 * The shash API (crypto/hash.h) for "cmac(aes)" and "cmac(des3_ede)":
 * OpenSSL's CMAC with AES-128/192/256-CBC (by the key's length) or
 * DES-EDE3-CBC (24-byte keys only, as the kernel's des3_ede).
 */
struct crypto_shash *crypto_alloc_shash(const char *alg_name, u32 type,
					u32 mask)
{
	struct crypto_shash *tfm;

	(void)type;
	(void)mask;
	if (strcmp(alg_name, "cmac(aes)") && strcmp(alg_name, "cmac(des3_ede)"))
		return ERR_PTR(-ENOENT);
	tfm = kzalloc(sizeof(*tfm), GFP_KERNEL);
	if (!tfm)
		return ERR_PTR(-ENOMEM);
	tfm->des3 = !strcmp(alg_name, "cmac(des3_ede)");
	return tfm;
}

int crypto_shash_setkey(struct crypto_shash *tfm, const u8 *key,
			unsigned int keylen)
{
	if (tfm->des3 ? keylen != DES3_EDE_KEY_SIZE : !kshim_aes(keylen))
		return -EINVAL;
	memcpy(tfm->key, key, keylen);
	tfm->key_len = keylen;
	return 0;
}

int crypto_shash_init(struct shash_desc *desc)
{
	const struct crypto_shash *tfm = desc->tfm;
	const char *cipher = tfm->des3 ? "DES-EDE3-CBC" :
			     tfm->key_len == 16 ? "AES-128-CBC" :
			     tfm->key_len == 24 ? "AES-192-CBC" : "AES-256-CBC";
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *c = m ? EVP_MAC_CTX_new(m) : NULL;
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
						 (char *)cipher, 0),
		OSSL_PARAM_construct_end(),
	};

	EVP_MAC_free(m);
	if (!tfm->key_len || !c || !EVP_MAC_init(c, tfm->key, tfm->key_len, p)) {
		EVP_MAC_CTX_free(c);
		return -EINVAL;
	}
	desc->ctx = c;
	return 0;
}

int crypto_shash_update(struct shash_desc *desc, const u8 *data,
			unsigned int len)
{
	return EVP_MAC_update(desc->ctx, data, len) ? 0 : -EINVAL;
}

int crypto_shash_final(struct shash_desc *desc, u8 *out)
{
	size_t n = 0, want = desc->tfm->des3 ? 8 : 16;
	int ok = EVP_MAC_final(desc->ctx, out, &n, want) && n == want;

	EVP_MAC_CTX_free(desc->ctx);
	desc->ctx = NULL;
	return ok ? 0 : -EINVAL;
}

void shash_desc_zero(struct shash_desc *desc)
{
	EVP_MAC_CTX_free(desc->ctx);
	memzero_explicit(desc, sizeof(*desc));
}

void crypto_free_shash(struct crypto_shash *tfm)
{
	kfree_sensitive(tfm);
}
