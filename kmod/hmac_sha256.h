/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PINPAD_HMAC_SHA256_H
#define PINPAD_HMAC_SHA256_H

#include <crypto/sha2.h>
#include <linux/types.h>

struct pinpad_hmac {
	struct sha256_state inner;
	struct sha256_state outer;
};

void pinpad_hmac_init(struct pinpad_hmac *h, const u8 *key, size_t key_len);
void pinpad_hmac_update(struct pinpad_hmac *h, const u8 *data, size_t len);
void pinpad_hmac_final(struct pinpad_hmac *h, u8 out[SHA256_DIGEST_SIZE]);

#endif /* PINPAD_HMAC_SHA256_H */
