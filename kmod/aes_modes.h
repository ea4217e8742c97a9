/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES ECB and CBC (NIST SP 800-38A) over the kernel's AES library (lib
 * AES, <crypto/aes.h>), with a key schedule the module holds.
 *
 * No call in here that the host lacks: tests/aes/ builds this file, cmac.c
 * and pinblock.c on the host with a shim (tests/aes/shim/) that does AES
 * and TDES with OpenSSL, and compares their results with OpenSSL's own.
 */
#ifndef PINPAD_AES_MODES_H
#define PINPAD_AES_MODES_H

#ifdef __KERNEL__
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/des.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

#include "pinpad.h"
#else
#include "aes_host_shim.h"
#endif

void pinpad_aes_ecb(const struct crypto_aes_ctx *k, bool encrypt,
		    u8 *dst, const u8 *src, size_t len);
void pinpad_aes_cbc(const struct crypto_aes_ctx *k, bool encrypt,
		    u8 iv[PINPAD_AES_BLOCK_LEN], u8 *dst, const u8 *src,
		    size_t len);
int pinpad_aes_modes_selftest(void);

#endif /* PINPAD_AES_MODES_H */
