/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CMAC (NIST SP 800-38B) with AES (the MACs of M6 keys) and with TDES,
 * over the kernel's AES and DES libraries. Pure functions: tests/aes/
 * builds this file on the host too (see aes_modes.h).
 */
#ifndef PINPAD_CMAC_H
#define PINPAD_CMAC_H

#include "aes_modes.h"

void pinpad_cmac_aes(const struct crypto_aes_ctx *k, const u8 *data,
		     size_t len, u8 mac[PINPAD_AES_BLOCK_LEN]);
void pinpad_cmac_tdes(const struct des3_ede_ctx *k, const u8 *data,
		      size_t len, u8 mac[PINPAD_BLOCK_LEN]);
int pinpad_cmac_selftest(void);

#endif /* PINPAD_CMAC_H */
