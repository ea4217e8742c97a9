/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ECB and CBC (NIST SP 800-38A) over whole blocks with a key of the
 * module, TDES (libdes) or AES (lib AES): one implementation for both
 * ciphers (modes.c), for CIPHER, the skciphers, PIN blocks and the
 * download. tests/aes/ builds it on the host too (tests/kshim/).
 */
#ifndef PINPAD_MODES_H
#define PINPAD_MODES_H

#include <linux/types.h>

#include "key.h"

unsigned int pinpad_key_block_len(const struct pinpad_key *k);
void pinpad_key_ecb(const struct pinpad_key *k, bool encrypt, u8 *dst,
		    const u8 *src, size_t len);
void pinpad_key_cbc(const struct pinpad_key *k, bool encrypt, u8 *iv,
		    u8 *dst, const u8 *src, size_t len);
int pinpad_modes_selftest(bool inject_fault);

#endif /* PINPAD_MODES_H */
