// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kb_host_crypto.c - on the host, with OpenSSL: the CBC decryption of
 * kmod/keyblock_crypto.h (the module's is kmod/keyblock_crypto.c, on the
 * kernel crypto API). The kernel library and shash calls kmod/key.c and
 * kmod/cmac.c make are tests/kshim/'s.
 */
#include <openssl/evp.h>

#include <linux/errno.h>

#include "keyblock_crypto.h"
#include "pinpad.h"

static const EVP_CIPHER *kb_aes(u32 len)
{
	switch (len) {
	case 16: return EVP_aes_128_cbc();
	case 24: return EVP_aes_192_cbc();
	case 32: return EVP_aes_256_cbc();
	}
	return NULL;
}

/* CBC with the key's cipher and length, or NULL */
static const EVP_CIPHER *kb_cipher(u32 alg, u32 key_len)
{
	if (alg == PINPAD_ALG_TDES)
		return key_len == 24 ? EVP_des_ede3_cbc() : NULL;
	return kb_aes(key_len);
}

int pinpad_kb_cbc_decrypt(u32 alg, const u8 *key, u32 key_len, const u8 *iv,
			  u8 *buf, u32 len)
{
	const EVP_CIPHER *cipher = kb_cipher(alg, key_len);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l, ok;

	ok = cipher && c && EVP_DecryptInit_ex(c, cipher, NULL, key, iv) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) &&
	     EVP_DecryptUpdate(c, buf, &l, buf, (int)len);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -EINVAL;
}
