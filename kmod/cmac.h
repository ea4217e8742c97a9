/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CMAC (NIST SP 800-38B) with AES or TDES, through the kernel crypto API:
 * the module's one CMAC, for M6 MACs, the AES KCV and key blocks (cmac.c).
 */
#ifndef PINPAD_CMAC_H
#define PINPAD_CMAC_H

#include <linux/types.h>

#include "key.h"

int pinpad_cmac2(u32 alg, const u8 *key, u32 key_len, const u8 *a,
		 u32 alen, const u8 *b, u32 blen, u8 *mac);

/* pinpad_cmac() - pinpad_cmac2() of one part, @len bytes of @data */
static inline int pinpad_cmac(u32 alg, const u8 *key, u32 key_len,
			      const u8 *data, u32 len, u8 *mac)
{
	return pinpad_cmac2(alg, key, key_len, data, len, NULL, 0, mac);
}

int pinpad_key_cmac(const struct pinpad_key *k, const u8 *data, u32 len,
		    u8 *mac);
int pinpad_cmac_selftest(void);

#endif /* PINPAD_CMAC_H */
