// SPDX-License-Identifier: GPL-2.0
/*
 * Keys: set one (checked, expanded, with its KCV), compare two, wipe one.
 *
 * KCV (key check value), 3 bytes for every key:
 *  - TDES: X9.24-1:2017 A.2, the first 3 bytes of the TDES-ECB encryption
 *    of one zero block;
 *  - AES: X9.24-1:2017 A.3, the first 3 bytes of the AES-CMAC (NIST SP
 *    800-38B) of one 16-byte zero block, by the module's one CMAC
 *    (cmac.c, the crypto API's "cmac(aes)").
 *
 * The schedules are the libraries' (lib AES, libdes): the keys are used
 * by single-block calls everywhere else in the module.
 */
#include <crypto/algapi.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "cmac.h"
#include "key.h"

static const u8 pinpad_zero_block[AES_BLOCK_SIZE];

/*
 * Do two 8-byte DES keys differ only in their parity bits (bit 0 of each
 * byte, which DES ignores)? Then K1K2K3 is single DES in disguise.
 */
static bool pinpad_des_same(const u8 *a, const u8 *b)
{
	u8 diff = 0;
	int i;

	for (i = 0; i < PINPAD_DES_KEY_LEN; i++)
		diff |= (a[i] ^ b[i]) & 0xfe;
	return !diff;
}

/* TDES: 16 (K1K2, used as K1K2K1) or 24 bytes, not degenerate */
static int pinpad_key_set_tdes(struct pinpad_key *k, const u8 *key, u32 len)
{
	u8 block[DES3_EDE_BLOCK_SIZE];
	int err;

	if (len != PINPAD_KEY_LEN_2KEY && len != PINPAD_KEY_LEN_3KEY)
		return -EINVAL;
	memcpy(k->key, key, len);
	if (len == PINPAD_KEY_LEN_2KEY)		/* K3 = K1 */
		memcpy(k->key + 2 * PINPAD_DES_KEY_LEN, key, PINPAD_DES_KEY_LEN);

	/*
	 * des3_ede_expand_key() returns -ENOKEY for K1 == K2 or K2 == K3 but
	 * still expands the key, and compares whole bytes: refuse such keys
	 * here, parity bits ignored, as librkdproto and the RKS do.
	 */
	err = des3_ede_expand_key(&k->sched.tdes, k->key, DES3_EDE_KEY_SIZE);
	if (err || pinpad_des_same(k->key, k->key + PINPAD_DES_KEY_LEN) ||
	    pinpad_des_same(k->key + PINPAD_DES_KEY_LEN,
			    k->key + 2 * PINPAD_DES_KEY_LEN))
		return -EINVAL;

	des3_ede_encrypt(&k->sched.tdes, block, pinpad_zero_block);
	memcpy(k->kcv, block, PINPAD_KCV_LEN);
	memzero_explicit(block, sizeof(block));
	return 0;
}

/* AES: 16, 24 or 32 bytes; the KCV can fail as the crypto API can */
static int pinpad_key_set_aes(struct pinpad_key *k, const u8 *key, u32 len)
{
	u8 mac[AES_BLOCK_SIZE];
	int err;

	if (aes_expandkey(&k->sched.aes, key, len))
		return -EINVAL;
	memcpy(k->key, key, len);
	err = pinpad_cmac(PINPAD_ALG_AES, key, len, pinpad_zero_block,
			  AES_BLOCK_SIZE, mac);
	if (!err)
		memcpy(k->kcv, mac, PINPAD_KCV_LEN);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/*
 * pinpad_key_set() - check and expand a key, and compute its KCV
 * @k:   key object to fill; wiped first, and wiped again on error
 * @alg: PINPAD_ALG_TDES or PINPAD_ALG_AES
 * @key: @len clear key bytes
 * @len: TDES 16 (K1K2, used as K1K2K1) or 24; AES 16, 24 or 32
 *
 * Return: 0; -EINVAL for another algorithm or length, or a TDES key with
 * K1 == K2 or K2 == K3 (parity bits ignored), single DES in disguise;
 * for an AES key, -ENOMEM or -ENOENT (no cmac module) from its KCV.
 */
int pinpad_key_set(struct pinpad_key *k, u32 alg, const u8 *key, u32 len)
{
	int err = -EINVAL;

	pinpad_key_wipe(k);
	if (alg == PINPAD_ALG_TDES)
		err = pinpad_key_set_tdes(k, key, len);
	else if (alg == PINPAD_ALG_AES)
		err = pinpad_key_set_aes(k, key, len);
	if (err) {
		pinpad_key_wipe(k);
		return err;
	}
	k->alg = alg;
	k->len = len;
	return 0;
}

/* pinpad_key_wipe() - erase a key, its schedule and its KCV */
void pinpad_key_wipe(struct pinpad_key *k)
{
	memzero_explicit(k, sizeof(*k));
}

/*
 * pinpad_key_same() - are @a and @b the same key? In constant time
 *
 * Same algorithm and the same cipher: a TDES K1K2 is the same key as
 * K1K2K1 (both are held as 24 bytes), and parity bits do not count. The
 * time taken depends on neither key's bytes.
 */
bool pinpad_key_same(const struct pinpad_key *a, const struct pinpad_key *b)
{
	u8 diff = a->alg ^ b->alg;
	u8 mask = a->alg == PINPAD_ALG_TDES ? 0xfe : 0xff;
	size_t i;

	if (a->alg == PINPAD_ALG_AES)
		diff |= a->len ^ b->len;
	for (i = 0; i < PINPAD_KEY_MAX; i++)
		diff |= (a->key[i] ^ b->key[i]) & mask;
	return !diff && a->alg != PINPAD_ALG_NONE;
}
