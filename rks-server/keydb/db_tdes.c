// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_tdes.c - the TDES keys the database stores: KCVs, the degenerate-key
 * check, and making new keys.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "db_internal.h"
#include "rkd_crypto.h"

/* The KCV and the degenerate-key rule are librkdproto's, in errno terms */
int rks_tdes_kcv(const uint8_t *key, size_t len, uint8_t kcv[RKS_KCV_LEN])
{
	if (!rkd_key_len_valid(len))
		return -EINVAL;
	return rkd_kcv(key, len, kcv) ? -EIO : 0;
}

bool rks_tdes_degenerate(const uint8_t *key, size_t len)
{
	return rkd_tdes_key_weak(key, len);
}

void rks_tdes_odd_parity(uint8_t *key, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t b = key[i] & 0xfe;

		key[i] = b | !(__builtin_popcount(b) & 1);
	}
}

int rks_tdes_generate(uint8_t *key, size_t len)
{
	int tries;

	if (!rkd_key_len_valid(len))
		return -EINVAL;
	/* A degenerate draw has odds 2^-55: a few tries are plenty. */
	for (tries = 0; tries < 8; tries++) {
		if (RAND_priv_bytes(key, (int)len) != 1)
			break;
		rks_tdes_odd_parity(key, len);
		if (!rks_tdes_degenerate(key, len))
			return 0;
	}
	OPENSSL_cleanse(key, len);
	return -EIO;
}
