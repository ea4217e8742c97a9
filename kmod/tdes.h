/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDES keys held by the module: the clear key and its expanded schedule,
 * both secret, and the key check value, which is not.
 */
#ifndef PINPAD_TDES_H
#define PINPAD_TDES_H

#include <crypto/des.h>
#include <linux/types.h>

#include "pinpad.h"

struct pinpad_tdes_key {
	struct des3_ede_ctx sched;
	u8 key[PINPAD_KEY_MAX];
	u8 len;				/* 0 when empty, else 16 or 24 */
	u8 kcv[PINPAD_KCV_LEN];
};

int pinpad_tdes_setkey(struct pinpad_tdes_key *k, const u8 *key,
		       unsigned int len);
void pinpad_tdes_wipe(struct pinpad_tdes_key *k);
void pinpad_tdes_ecb(const struct pinpad_tdes_key *k, bool encrypt,
		     u8 *dst, const u8 *src, size_t len);
void pinpad_tdes_cbc(const struct pinpad_tdes_key *k, bool encrypt,
		     u8 iv[PINPAD_BLOCK_LEN], u8 *dst, const u8 *src,
		     size_t len);

#endif /* PINPAD_TDES_H */
