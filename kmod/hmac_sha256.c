// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC-SHA-256 (RFC 2104) over the kernel's sha256 library, which both
 * supported kernels export; the crypto API's hmac(sha256) would need a tfm
 * allocation per session for 3 short messages.
 */
#include <linux/minmax.h>
#include <linux/string.h>

#include "hmac_sha256.h"

#define HMAC_IPAD	0x36
#define HMAC_OPAD	0x5c

/* @key_len must be at most SHA256_BLOCK_SIZE (keys here are 32 bytes). */
void pinpad_hmac_init(struct pinpad_hmac *h, const u8 *key, size_t key_len)
{
	u8 pad[SHA256_BLOCK_SIZE];
	size_t i;

	memset(pad, 0, sizeof(pad));
	memcpy(pad, key, min_t(size_t, key_len, sizeof(pad)));
	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= HMAC_IPAD;
	sha256_init(&h->inner);
	sha256_update(&h->inner, pad, sizeof(pad));

	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= HMAC_IPAD ^ HMAC_OPAD;
	sha256_init(&h->outer);
	sha256_update(&h->outer, pad, sizeof(pad));
	memzero_explicit(pad, sizeof(pad));
}

void pinpad_hmac_update(struct pinpad_hmac *h, const u8 *data, size_t len)
{
	sha256_update(&h->inner, data, len);
}

void pinpad_hmac_final(struct pinpad_hmac *h, u8 out[SHA256_DIGEST_SIZE])
{
	u8 ihash[SHA256_DIGEST_SIZE];

	sha256_final(&h->inner, ihash);
	sha256_update(&h->outer, ihash, sizeof(ihash));
	sha256_final(&h->outer, out);
	memzero_explicit(ihash, sizeof(ihash));
	memzero_explicit(h, sizeof(*h));
}
