/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The keys the module holds: TDES or AES, the clear key and its expanded
 * schedule (both secret) and the key check value (not secret), and the
 * uses a key's attributes (X9.143 header fields) can allow.
 */
#ifndef PINPAD_KEY_H
#define PINPAD_KEY_H

#include <crypto/aes.h>
#include <crypto/des.h>
#include <linux/types.h>

#include "key_attr.h"
#include "pinpad.h"

struct pinpad_key {
	u8 alg;				/* enum pinpad_alg; NONE: empty */
	u8 len;				/* TDES 16/24, AES 16/24/32 */
	u8 kcv[PINPAD_KCV_LEN];
	u8 key[PINPAD_KEY_MAX];		/* TDES 16: K1K2 then K1 */
	union {
		struct des3_ede_ctx tdes;
		struct crypto_aes_ctx aes;	/* lib AES */
	} sched;
};

int pinpad_key_set(struct pinpad_key *k, u32 alg, const u8 *key, u32 len);
void pinpad_key_wipe(struct pinpad_key *k);
bool pinpad_key_same(const struct pinpad_key *a, const struct pinpad_key *b);

#endif /* PINPAD_KEY_H */
