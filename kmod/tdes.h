/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDES ECB and CBC with a TDES key of the module (struct pinpad_key,
 * alg PINPAD_ALG_TDES).
 */
#ifndef PINPAD_TDES_H
#define PINPAD_TDES_H

#include <linux/types.h>

#include "key.h"

void pinpad_tdes_ecb(const struct pinpad_key *k, bool encrypt,
		     u8 *dst, const u8 *src, size_t len);
void pinpad_tdes_cbc(const struct pinpad_key *k, bool encrypt,
		     u8 iv[PINPAD_BLOCK_LEN], u8 *dst, const u8 *src,
		     size_t len);

#endif /* PINPAD_TDES_H */
