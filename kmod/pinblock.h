/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ISO 9564-1 PIN blocks: format 0 (TDES) and format 4 (AES), built
 * inside the module. Pure functions: tests/aes/ builds pinblock.c on the
 * host too (tests/kshim/); the ioctl is in pinblock_ioctl.c.
 */
#ifndef PINPAD_PINBLOCK_H
#define PINPAD_PINBLOCK_H

#include <crypto/aes.h>
#include <linux/types.h>

#include "pinpad.h"

/* format 4: bytes of random fill in the plaintext PIN field */
#define PINPAD_ISO4_FILL_LEN	8

bool pinpad_pin_pan_valid(const u8 *pin, u32 pin_len, const u8 *pan,
			  u32 pan_len);
int pinpad_pinblock_iso0(const u8 *pin, u32 pin_len, const u8 *pan,
			 u32 pan_len, u8 block[PINPAD_BLOCK_LEN]);
int pinpad_pinblock_iso4(const struct crypto_aes_ctx *k, const u8 *pin,
			 u32 pin_len, const u8 *pan, u32 pan_len,
			 const u8 fill[PINPAD_ISO4_FILL_LEN],
			 u8 block[PINPAD_AES_BLOCK_LEN]);
int pinpad_pinblock_selftest(void);

#ifdef __KERNEL__
struct pinpad_file;

/* ioctl handler (the command table in ioctl.c), in pinblock_ioctl.c */
int pinpad_ioctl_pin_block(struct pinpad_file *pf, void __user *arg);
#endif

#endif /* PINPAD_PINBLOCK_H */
