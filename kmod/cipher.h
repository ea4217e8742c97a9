/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ECB and CBC with a key of the module, whatever its algorithm (TDES:
 * tdes.c, AES: aes_modes.c), for CIPHER and the skciphers; and the
 * CIPHER ioctl.
 */
#ifndef PINPAD_CIPHER_H
#define PINPAD_CIPHER_H

#include "device.h"

unsigned int pinpad_key_block_len(const struct pinpad_key *k);
void pinpad_key_ecb(const struct pinpad_key *k, bool encrypt, u8 *dst,
		    const u8 *src, size_t len);
void pinpad_key_cbc(const struct pinpad_key *k, bool encrypt, u8 *iv,
		    u8 *dst, const u8 *src, size_t len);

/* ioctl handler (the command table in ioctl.c) */
int pinpad_ioctl_cipher(struct pinpad_file *pf, void __user *arg);

#endif /* PINPAD_CIPHER_H */
