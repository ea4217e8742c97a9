// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kb_host_crypto.c - on the host, with OpenSSL: the kernel library calls
 * kmod/key.c makes (shim/crypto/des.h, aes.h) and the key block crypto of
 * kmod/keyblock_crypto.h (the module's is kmod/keyblock_crypto.c, on the
 * kernel crypto API).
 */
#include <openssl/evp.h>

#include <crypto/aes.h>
#include <crypto/des.h>

#include "keyblock_crypto.h"
#include "pinpad.h"

/* One ECB block; @cipher: EVP_des_ede3_ecb() or an AES ECB */
static void kb_ecb(const EVP_CIPHER *cipher, const u8 *key, bool enc,
		   u8 *dst, const u8 *src, int n)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l;

	if (!c || !EVP_CipherInit_ex(c, cipher, NULL, key, NULL, enc) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0) ||
	    !EVP_CipherUpdate(c, dst, &l, src, n))
		abort();
	EVP_CIPHER_CTX_free(c);
}

int des3_ede_expand_key(struct des3_ede_ctx *ctx, const u8 *key,
			unsigned int len)
{
	if (len != DES3_EDE_KEY_SIZE)
		return -EINVAL;
	memcpy(ctx->key, key, len);
	return 0;
}

void des3_ede_encrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src)
{
	kb_ecb(EVP_des_ede3_ecb(), ctx->key, true, dst, src, 8);
}

void des3_ede_decrypt(const struct des3_ede_ctx *ctx, u8 *dst, const u8 *src)
{
	kb_ecb(EVP_des_ede3_ecb(), ctx->key, false, dst, src, 8);
}

static const EVP_CIPHER *kb_aes(u32 len, bool cbc)
{
	switch (len) {
	case 16: return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
	case 24: return cbc ? EVP_aes_192_cbc() : EVP_aes_192_ecb();
	case 32: return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
	}
	return NULL;
}

int aes_expandkey(struct crypto_aes_ctx *ctx, const u8 *key, unsigned int len)
{
	if (!kb_aes(len, false))
		return -EINVAL;
	memcpy(ctx->key, key, len);
	ctx->key_length = len;
	return 0;
}

void aes_encrypt(const struct crypto_aes_ctx *ctx, u8 *out, const u8 *in)
{
	kb_ecb(kb_aes(ctx->key_length, false), ctx->key, true, out, in, 16);
}

static const EVP_CIPHER *kb_cipher(u32 alg, u32 key_len, bool cbc)
{
	if (alg == PINPAD_ALG_TDES)
		return key_len == 24 ? EVP_des_ede3_cbc() : NULL;
	return kb_aes(key_len, cbc);
}

int pinpad_kb_cmac2(u32 alg, const u8 *key, u32 key_len, const u8 *a,
		    u32 alen, const u8 *b, u32 blen, u8 *mac)
{
	const EVP_CIPHER *cipher = kb_cipher(alg, key_len, true);
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *c = m ? EVP_MAC_CTX_new(m) : NULL;
	OSSL_PARAM p[2];
	size_t out;
	int ok;

	if (!cipher || !c) {
		EVP_MAC_CTX_free(c);
		EVP_MAC_free(m);
		return -EINVAL;
	}
	p[0] = OSSL_PARAM_construct_utf8_string("cipher",
			(char *)EVP_CIPHER_get0_name(cipher), 0);
	p[1] = OSSL_PARAM_construct_end();
	ok = EVP_MAC_init(c, key, key_len, p) && EVP_MAC_update(c, a, alen) &&
	     (!blen || EVP_MAC_update(c, b, blen)) &&
	     EVP_MAC_final(c, mac, &out, 16);
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(m);
	return ok ? 0 : -EINVAL;
}

int pinpad_kb_cbc_decrypt(u32 alg, const u8 *key, u32 key_len, const u8 *iv,
			  u8 *buf, u32 len)
{
	const EVP_CIPHER *cipher = kb_cipher(alg, key_len, true);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l, ok;

	ok = cipher && c && EVP_DecryptInit_ex(c, cipher, NULL, key, iv) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) &&
	     EVP_DecryptUpdate(c, buf, &l, buf, (int)len);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -EINVAL;
}
