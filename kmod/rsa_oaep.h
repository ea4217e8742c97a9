/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PINPAD_RSA_OAEP_H
#define PINPAD_RSA_OAEP_H

#include <linux/types.h>

struct key;

#define PINPAD_RSA_MAX_BYTES	512	/* RSA-4096 */

int pinpad_oaep_encode(u8 *em, size_t k, const u8 *msg, size_t mlen,
		       const u8 *seed);
int pinpad_oaep_encrypt(struct key *key, size_t k, const u8 *msg,
			size_t mlen, u8 *out);

#endif /* PINPAD_RSA_OAEP_H */
