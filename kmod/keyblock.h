/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ANSI X9.143 (TR-31) key blocks, versions B (TDES KBPK) and D (AES KBPK):
 * verify and decrypt one inside the module (keyblock.c). The same file
 * builds for the host (tests/keyblock/) for its unit tests and fuzzer.
 */
#ifndef PINPAD_KEYBLOCK_H
#define PINPAD_KEYBLOCK_H

#include "key.h"

int pinpad_kb_unwrap(const struct pinpad_key *kbpk, const u8 *block,
		     u32 len, struct pinpad_key_attr *attr,
		     struct pinpad_key *out);
int pinpad_kb_selftest(void);

#endif /* PINPAD_KEYBLOCK_H */
