// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_keyattr.c - the X9.143 attributes of a key to deliver (#11), and the
 * KCV and generation of TDES and AES keys. The rules are the module's
 * (ioctl/pinpad_kb.h) and librkdproto's.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "db_internal.h"
#include "pinpad_kb.h"
#include "rkd_crypto.h"

void rks_key_attr_default(unsigned int usage, struct rks_key_attr *a)
{
	static const struct { char usage[3]; char mode; } def[] = {
		[RKS_USAGE_TMK] = { "K0", 'D' },
		[RKS_USAGE_PIN] = { "P0", 'E' },
		[RKS_USAGE_MAC] = { "M3", 'C' },
		[RKS_USAGE_DATA] = { "D0", 'B' },
	};

	memset(a, 0, sizeof(*a));
	a->alg = PINPAD_KB_ALG_TDES;
	memcpy(a->version, "00", 2);
	if (usage < RKS_USAGE_TMK || usage > RKS_USAGE_DATA)
		return;
	memcpy(a->usage, def[usage].usage, 2);
	a->mode = def[usage].mode;
}

const char *rks_key_attr_check(unsigned int usage, size_t len,
			       const struct rks_key_attr *a)
{
	if (a->alg != PINPAD_KB_ALG_TDES && a->alg != PINPAD_KB_ALG_AES)
		return "the algorithm is T (TDES) or A (AES)";
	if (!pinpad_kb_strength(a->alg, (unsigned int)len))
		return a->alg == PINPAD_KB_ALG_AES ?
		       "an AES key is 16, 24 or 32 bytes" :
		       "a TDES key is 16 or 24 bytes";
	if (strlen(a->usage) != 2 ||
	    pinpad_kb_usage_class(a->usage[0], a->usage[1]) != usage)
		return "the X9.143 usage does not fit the key's class (TMK: "
		       "K0 K1; PIN: P0; MAC: M1 M3 M6; DATA: D0)";
	if (!pinpad_kb_usage_mode_ok(a->usage[0], a->usage[1], a->mode))
		return "the mode of use does not fit the usage (K0 K1 P0 D0: "
		       "B D E; M1 M3 M6: C G V)";
	if (!pinpad_kb_alg_usage_ok(a->usage[0], a->usage[1], a->alg))
		return "M3 (ISO 9797-1 MAC algorithm 3) is a TDES MAC: not "
		       "for an AES key";
	if (strlen(a->version) != 2 ||
	    !pinpad_kb_kvn_ok(a->version[0], a->version[1]))
		return "the key version is two letters or digits";
	return NULL;
}

int rks_key_kcv(char alg, const uint8_t *key, size_t len,
		uint8_t kcv[RKS_KCV_LEN])
{
	if (!pinpad_kb_strength(alg, (unsigned int)len))
		return -EINVAL;
	return rkd_kcv_alg(alg, key, len, kcv) ? -EIO : 0;
}

int rks_key_generate(char alg, uint8_t *key, size_t len)
{
	if (alg == PINPAD_KB_ALG_TDES)
		return rks_tdes_generate(key, len);
	if (!pinpad_kb_strength(alg, (unsigned int)len))
		return -EINVAL;
	if (RAND_priv_bytes(key, (int)len) != 1) {
		OPENSSL_cleanse(key, len);
		return -EIO;
	}
	return 0;
}

void rks_column_key_attr(struct rks_stmt *st, int col, struct rks_key_attr *a)
{
	const unsigned char *t;

	memset(a, 0, sizeof(*a));
	t = rks_col_text(st, col);
	a->alg = t ? (char)t[0] : 0;
	t = rks_col_text(st, col + 1);
	if (t && strlen((const char *)t) == 2)
		memcpy(a->usage, t, 2);
	t = rks_col_text(st, col + 2);
	a->mode = t ? (char)t[0] : 0;
	t = rks_col_text(st, col + 3);
	if (t && strlen((const char *)t) == 2)
		memcpy(a->version, t, 2);
}
