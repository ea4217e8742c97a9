// SPDX-License-Identifier: GPL-2.0
/*
 * TDES ECB and CBC over the kernel's des3_ede library (libdes).
 *
 * The library's single-block functions are used instead of the crypto API
 * because the keys never leave this module: there is no tfm whose key a
 * caller could set, and nothing to allocate in the data path.
 */
#include <crypto/algapi.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "tdes.h"

static const u8 pinpad_zero_block[PINPAD_BLOCK_LEN];

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

/*
 * pinpad_tdes_setkey() - expand a 16- or 24-byte TDES key and compute its KCV
 * @k:   key object to fill; wiped first, and wiped again on error
 * @key: clear key bytes
 * @len: 16 (K1K2, used as K1K2K1) or 24 (K1K2K3)
 *
 * Return: 0; -EINVAL for a bad length, or for a key with K1 == K2 or
 * K2 == K3 (parity bits ignored), which degenerates to single DES.
 */
int pinpad_tdes_setkey(struct pinpad_tdes_key *k, const u8 *key,
		       unsigned int len)
{
	u8 block[PINPAD_BLOCK_LEN];
	int err;

	pinpad_tdes_wipe(k);
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
	err = des3_ede_expand_key(&k->sched, k->key, DES3_EDE_KEY_SIZE);
	if (err || pinpad_des_same(k->key, k->key + PINPAD_DES_KEY_LEN) ||
	    pinpad_des_same(k->key + PINPAD_DES_KEY_LEN,
			    k->key + 2 * PINPAD_DES_KEY_LEN)) {
		pinpad_tdes_wipe(k);
		return -EINVAL;
	}
	k->len = len;

	/* KCV: the first 3 bytes of the encryption of one zero block */
	des3_ede_encrypt(&k->sched, block, pinpad_zero_block);
	memcpy(k->kcv, block, PINPAD_KCV_LEN);
	memzero_explicit(block, sizeof(block));
	return 0;
}

/* pinpad_tdes_wipe() - erase a key, its schedule and its KCV */
void pinpad_tdes_wipe(struct pinpad_tdes_key *k)
{
	memzero_explicit(k, sizeof(*k));
}

/*
 * pinpad_tdes_ecb() - TDES-ECB over whole blocks; @dst may equal @src
 * @len: a multiple of PINPAD_BLOCK_LEN (checked by the caller)
 */
void pinpad_tdes_ecb(const struct pinpad_tdes_key *k, bool encrypt,
		     u8 *dst, const u8 *src, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += PINPAD_BLOCK_LEN) {
		if (encrypt)
			des3_ede_encrypt(&k->sched, dst + off, src + off);
		else
			des3_ede_decrypt(&k->sched, dst + off, src + off);
	}
}

/*
 * pinpad_tdes_cbc() - TDES-CBC over whole blocks; @dst may equal @src
 * @iv: the chaining value in; on return, the one for a following call
 */
void pinpad_tdes_cbc(const struct pinpad_tdes_key *k, bool encrypt,
		     u8 iv[PINPAD_BLOCK_LEN], u8 *dst, const u8 *src,
		     size_t len)
{
	u8 block[PINPAD_BLOCK_LEN];
	size_t off;

	for (off = 0; off < len; off += PINPAD_BLOCK_LEN) {
		if (encrypt) {
			crypto_xor_cpy(block, src + off, iv, PINPAD_BLOCK_LEN);
			des3_ede_encrypt(&k->sched, dst + off, block);
			memcpy(iv, dst + off, PINPAD_BLOCK_LEN);
		} else {
			/* keep the ciphertext: dst may overwrite it */
			memcpy(block, src + off, PINPAD_BLOCK_LEN);
			des3_ede_decrypt(&k->sched, dst + off, block);
			crypto_xor(dst + off, iv, PINPAD_BLOCK_LEN);
			memcpy(iv, block, PINPAD_BLOCK_LEN);
		}
	}
	memzero_explicit(block, sizeof(block));
}
