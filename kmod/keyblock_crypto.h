/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block cipher modes a key block needs (keyblock.c): CMAC (NIST SP
 * 800-38B) and CBC decryption, with TDES (a 24-byte key, K1K2K3) or AES
 * (16, 24 or 32 bytes). In the module: the kernel crypto API
 * (keyblock_crypto.c); on the host: OpenSSL (tests/keyblock/).
 */
#ifndef PINPAD_KEYBLOCK_CRYPTO_H
#define PINPAD_KEYBLOCK_CRYPTO_H

#include <linux/types.h>

/* CMAC of @a then @b (@blen may be 0) into @mac: 8 (TDES) or 16 (AES) */
int pinpad_kb_cmac2(u32 alg, const u8 *key, u32 key_len, const u8 *a,
		    u32 alen, const u8 *b, u32 blen, u8 *mac);

static inline int pinpad_kb_cmac(u32 alg, const u8 *key, u32 key_len,
				 const u8 *data, u32 len, u8 *mac)
{
	return pinpad_kb_cmac2(alg, key, key_len, data, len, NULL, 0, mac);
}

/* CBC-decrypt @len bytes (whole blocks) of @buf in place; @iv: one block */
int pinpad_kb_cbc_decrypt(u32 alg, const u8 *key, u32 key_len, const u8 *iv,
			  u8 *buf, u32 len);

#endif /* PINPAD_KEYBLOCK_CRYPTO_H */
