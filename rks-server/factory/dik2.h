/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dik2.h - the patent's DIK2 function F, as the key mother POS computes it
 * (Documentation/protocol.md, "The DIK2 function F"):
 *
 *   DATA1 = SHA256(DSN)[0..24)
 *   KEY1  = TDES-ECB-E(DIK1, DATA1)
 *   DATA2 = SHA256(factor)[0..24)
 *   DIK2  = TDES-ECB-D(KEY1, DATA2)
 *
 * A copy of its own, so rks-factory does not wait for the one in
 * userspace/proto/ that rks-server uses; the two are to be merged.
 */
#ifndef RKS_FACTORY_DIK2_H
#define RKS_FACTORY_DIK2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FACTORY_KEY_LEN		24	/* DIK1, KEY1, DIK2 */
#define FACTORY_KCV_LEN		3
#define FACTORY_FACTOR_LEN	16	/* what provision draws */
#define FACTORY_FACTOR_MAX	64

/*
 * factory_dik2() - DIK2 = F(DSN, factor, DIK1)
 * @degenerate: set if KEY1 or DIK2 is a degenerate TDES key (the factory
 *              then draws another factor); may be NULL
 *
 * Return: 0, -EINVAL for an empty DSN or factor, -EIO if OpenSSL fails.
 * Intermediate values are wiped; @dik2 is the caller's to wipe.
 */
int factory_dik2(const char *dsn, size_t dsn_len, const uint8_t *factor,
		 size_t factor_len, const uint8_t dik1[FACTORY_KEY_LEN],
		 uint8_t dik2[FACTORY_KEY_LEN], bool *degenerate);

/* K1 == K2 or K2 == K3 (parity bits aside): single DES in disguise. */
bool factory_degenerate(const uint8_t key[FACTORY_KEY_LEN]);

/* The first 3 bytes of TDES-ECB-E(key, 8 zero bytes). */
int factory_kcv(const uint8_t key[FACTORY_KEY_LEN],
		uint8_t kcv[FACTORY_KCV_LEN]);

#endif /* RKS_FACTORY_DIK2_H */
