/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block cipher mode a key block needs (keyblock.c) besides CMAC
 * (cmac.c): CBC decryption, with TDES (a 24-byte key, K1K2K3) or AES (16,
 * 24 or 32 bytes). In the module: the kernel crypto API
 * (keyblock_crypto.c); on the host: OpenSSL (tests/keyblock/).
 */
#ifndef PINPAD_KEYBLOCK_CRYPTO_H
#define PINPAD_KEYBLOCK_CRYPTO_H

#include <linux/types.h>

/* CBC-decrypt @len bytes (whole blocks) of @buf in place; @iv: one block */
int pinpad_kb_cbc_decrypt(u32 alg, const u8 *key, u32 key_len, const u8 *iv,
			  u8 *buf, u32 len);

#endif /* PINPAD_KEYBLOCK_CRYPTO_H */
