/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A key's attributes (struct pinpad_key_attr, the X9.143 header fields the
 * module keeps with a key): which are valid (the rules of
 * ioctl/pinpad_kb.h), which slot class they belong to, and which uses they
 * allow here. For INJECT_KEY, LOAD_WK, the download and the sealed state
 * alike; it builds for the host too (tests/keyblock/).
 */
#ifndef PINPAD_KEY_ATTR_H
#define PINPAD_KEY_ATTR_H

#include "pinpad.h"

/* What an operation wants to do with a key (pinpad_slot_use()) */
enum pinpad_key_use {
	PINPAD_USE_UNWRAP,	/* K0/K1, mode B or D: a KBPK for LOAD_WK */
	PINPAD_USE_PIN_ENCRYPT,	/* P0, mode E (or B) */
	PINPAD_USE_MAC_GENERATE,/* M1/M3/M6, mode G or C */
	PINPAD_USE_MAC_VERIFY,	/* M1/M3/M6, mode V or C */
	PINPAD_USE_ENCRYPT,	/* D0, mode E or B */
	PINPAD_USE_DECRYPT,	/* D0, mode D or B */
};

u32 pinpad_attr_class(const struct pinpad_key_attr *a);
char pinpad_attr_alg_field(u32 alg);
u32 pinpad_attr_alg_of(char field);
int pinpad_attr_check(const struct pinpad_key_attr *a, u32 alg);
bool pinpad_attr_allows(const struct pinpad_key_attr *a,
			enum pinpad_key_use use);
void pinpad_attr_default(u32 class, u32 alg, struct pinpad_key_attr *a);

#endif /* PINPAD_KEY_ATTR_H */
