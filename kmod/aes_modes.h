/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES ECB and CBC (NIST SP 800-38A) over the kernel's AES library (lib
 * AES, <crypto/aes.h>), with a key schedule the module holds.
 *
 * No call in here that the host lacks: tests/aes/ builds this file and
 * pinblock.c on the host with the shim of tests/kshim/ (the kernel headers
 * below, AES and TDES done by OpenSSL), and compares their results with
 * OpenSSL's own.
 */
#ifndef PINPAD_AES_MODES_H
#define PINPAD_AES_MODES_H

#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/des.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

#include "pinpad.h"

void pinpad_aes_ecb(const struct crypto_aes_ctx *k, bool encrypt,
		    u8 *dst, const u8 *src, size_t len);
void pinpad_aes_cbc(const struct crypto_aes_ctx *k, bool encrypt,
		    u8 iv[PINPAD_AES_BLOCK_LEN], u8 *dst, const u8 *src,
		    size_t len);
int pinpad_aes_modes_selftest(void);

#endif /* PINPAD_AES_MODES_H */
