// SPDX-License-Identifier: GPL-2.0
/*
 * ISO 9797-1 MAC algorithm 3 with DES, the ANSI X9.19 "retail MAC" (key
 * usage M3), and MAC algorithm 1 with TDES (usage M1, CBC-MAC):
 *
 *   H1 = E_K1(D1), Hi = E_K1(Di XOR Hi-1)        (CBC-MAC, single DES, K1)
 *   MAC = E_K1(D_K2(Hn))                         (output transformation 3)
 *
 * which for the last block is TDES-EDE under K1K2K1 of (Dn XOR Hn-1): the
 * slot's own key schedule. The algorithm takes two DES keys, so only
 * double-length (16-byte) MAC keys are used; a 24-byte MAC key is refused
 * (-EKEYREJECTED) rather than given a meaning the standard does not define.
 *
 * Padding: method 1 appends zeros up to a whole block (none if the data is
 * already whole blocks); method 2 appends 0x80 and then zeros, always.
 *
 * Usage M6 is CMAC (NIST SP 800-38B, cmac.c: the crypto API's) with the
 * key's own cipher, AES or TDES; MAC_GENERATE and MAC_VERIFY pick the MAC
 * by the usage.
 */
#include <crypto/algapi.h>
#include <crypto/des.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cipher.h"
#include "cmac.h"
#include "mac.h"
#include "slots.h"

/*
 * pinpad_retail_mac() - the 8-byte MAC of @len bytes of @data
 * @k:       a TDES key: K1K2 for algorithm 3, 16 or 24 bytes for 1
 * @alg3:    ISO 9797-1 MAC algorithm 3 (X9.19 retail MAC; key usage M3)
 *           if true, else algorithm 1 (CBC-MAC with TDES; key usage M1)
 * @padding: PINPAD_MAC_PAD_ISO1 or PINPAD_MAC_PAD_ISO2
 * @len:     at least 1
 *
 * Both chain the blocks (CBC-MAC, zero IV) and end with TDES-EDE of the
 * last chaining value: algorithm 1 chains with TDES, algorithm 3 with
 * single DES under K1, its output transformation E_K1(D_K2(.)) being the
 * last TDES-EDE under K1K2K1.
 *
 * Return: 0; -EKEYREJECTED not a TDES key, or algorithm 3 and the key is
 * not 16 bytes; -EINVAL bad padding or empty data; -ENOMEM.
 */
int pinpad_retail_mac(const struct pinpad_key *k, bool alg3, u32 padding,
		      const u8 *data, size_t len, u8 mac[PINPAD_MAC_LEN])
{
	size_t whole = len / PINPAD_BLOCK_LEN * PINPAD_BLOCK_LEN;
	u8 h[PINPAD_BLOCK_LEN] = {}, last[PINPAD_BLOCK_LEN] = {};
	struct des_ctx *k1 = NULL;
	size_t off;

	if (k->alg != PINPAD_ALG_TDES ||
	    (alg3 && k->len != PINPAD_KEY_LEN_2KEY))
		return -EKEYREJECTED;
	if (!len || (padding != PINPAD_MAC_PAD_ISO1 &&
		     padding != PINPAD_MAC_PAD_ISO2))
		return -EINVAL;
	if (alg3) {
		k1 = kmalloc(sizeof(*k1), GFP_KERNEL);
		if (!k1)
			return -ENOMEM;
		/*
		 * -ENOKEY only says K1 is a weak DES key; the schedule is
		 * complete and the key was accepted as half of a TDES key,
		 * so use it.
		 */
		des_expand_key(k1, k->key, DES_KEY_SIZE);
	}

	/* the last block, padded; with method 1 and whole blocks, unchanged */
	if (padding == PINPAD_MAC_PAD_ISO1 && whole == len)
		whole -= PINPAD_BLOCK_LEN;
	memcpy(last, data + whole, len - whole);
	if (padding == PINPAD_MAC_PAD_ISO2)
		last[len - whole] = 0x80;

	for (off = 0; off < whole; off += PINPAD_BLOCK_LEN) {
		crypto_xor(h, data + off, PINPAD_BLOCK_LEN);
		if (alg3)
			des_encrypt(k1, h, h);
		else
			des3_ede_encrypt(&k->sched.tdes, h, h);
	}
	crypto_xor(h, last, PINPAD_BLOCK_LEN);
	des3_ede_encrypt(&k->sched.tdes, mac, h);

	memzero_explicit(h, sizeof(h));
	memzero_explicit(last, sizeof(last));
	kfree_sensitive(k1);
	return 0;
}

/*
 * pinpad_mac_selftest() - known answer, run at load
 *
 * ISO/IEC 9797-1:2011 Annex B.4 (MAC algorithm 3, padding method 1, the
 * DES keys K = 0123456789ABCDEF, K' = FEDCBA9876543210): the data
 * "Now is the time for all " gives a MAC beginning A1C72E74 (the standard
 * prints m = 32 bits); the whole block A1C72E74EA3FA9B6 is the openssl
 * CLI's, computed as tests/kselftest/gen-vectors.sh does.
 */
int pinpad_mac_selftest(void)
{
	static const u8 key[16] = {
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	};
	static const u8 expect[PINPAD_MAC_LEN] = {
		0xa1, 0xc7, 0x2e, 0x74, 0xea, 0x3f, 0xa9, 0xb6,
	};
	static const char data[] = "Now is the time for all ";
	struct pinpad_key *k = kzalloc(sizeof(*k), GFP_KERNEL);
	u8 mac[PINPAD_MAC_LEN];
	int err;

	if (!k)
		return -ENOMEM;
	err = pinpad_key_set(k, PINPAD_ALG_TDES, key, sizeof(key));
	if (!err)
		err = pinpad_retail_mac(k, true, PINPAD_MAC_PAD_ISO1, (const u8 *)data,
					sizeof(data) - 1, mac);
	if (!err && memcmp(mac, expect, sizeof(mac)))
		err = -EIO;
	kfree_sensitive(k);
	return err ? -EIO : 0;
}

/*
 * pinpad_mac_fits_key() - the request's padding and length for @key
 * @alg:  the second character of @key's MAC usage: '1', '3' or '6'
 *
 * The key's usage picks the algorithm, never the caller: M3 ISO 9797-1
 * algorithm 3 and M1 algorithm 1, both TDES with padding method 1 or 2;
 * M6 CMAC (NIST SP 800-38B) with the key's own cipher, which pads itself
 * (padding PINPAD_MAC_PAD_NONE). A MAC is the cipher's block: mac_len is
 * at most 8 (TDES) or 16 (AES).
 *
 * Return: 0; -EKEYREJECTED a usage or key this module computes no MAC
 * with (an AES key under M1 or M3, an M3 key not 16 bytes); -EINVAL the
 * padding or mac_len does not fit the key's MAC.
 */
static int pinpad_mac_fits_key(const struct pinpad_mac *m,
			       const struct pinpad_key *key, u8 alg)
{
	bool cmac = alg == '6', pad_none = m->padding == PINPAD_MAC_PAD_NONE;

	if (!cmac && alg != '3' && alg != '1')
		return -EKEYREJECTED;
	if (!cmac && (key->alg != PINPAD_ALG_TDES ||
		      (alg == '3' && key->len != PINPAD_KEY_LEN_2KEY)))
		return -EKEYREJECTED;
	if (cmac != pad_none ||
	    m->mac_len > pinpad_key_block_len(key))
		return -EINVAL;
	return 0;
}

/*
 * pinpad_mac_compute() - read the request and its data, compute the MAC
 * @use: PINPAD_USE_MAC_GENERATE or PINPAD_USE_MAC_VERIFY
 * @m:   receives the request
 * @mac: receives the whole MAC (8 or 16 bytes); the caller wipes it
 */
static int pinpad_mac_compute(struct pinpad_file *pf, void __user *arg,
			      enum pinpad_key_use use, struct pinpad_mac *m,
			      u8 mac[PINPAD_MAC_MAX])
{
	const struct pinpad_key *key;
	u8 *data, alg;
	int err;

	if (copy_from_user(m, arg, sizeof(*m)))
		return -EFAULT;
	if (!m->len || m->len > PINPAD_DATA_MAX ||
	    m->mac_len < PINPAD_MAC_MIN || m->mac_len > PINPAD_MAC_MAX ||
	    (m->padding != PINPAD_MAC_PAD_NONE &&
	     m->padding != PINPAD_MAC_PAD_ISO1 &&
	     m->padding != PINPAD_MAC_PAD_ISO2))
		return -EINVAL;
	err = pinpad_slot_use(pf->dev, m->slot, use, &key);
	if (err)
		return err;
	alg = pf->dev->slots[m->slot].attr.usage[1];
	err = pinpad_mac_fits_key(m, key, alg);
	if (err)
		return err;

	data = memdup_user(u64_to_user_ptr(m->data), m->len);
	if (IS_ERR(data))
		return PTR_ERR(data);
	if (alg != '6')
		err = pinpad_retail_mac(key, alg == '3', m->padding, data,
					m->len, mac);
	else
		err = pinpad_key_cmac(key, data, m->len, mac);
	kfree_sensitive(data);
	return err;
}

int pinpad_ioctl_mac_generate(struct pinpad_file *pf, void __user *arg)
{
	u8 mac[PINPAD_MAC_MAX];
	struct pinpad_mac m;
	int err;

	err = pinpad_mac_compute(pf, arg, PINPAD_USE_MAC_GENERATE, &m, mac);
	if (err)
		goto out;
	memset(m.mac, 0, sizeof(m.mac));
	memcpy(m.mac, mac, m.mac_len);
	if (copy_to_user(arg, &m, sizeof(m)))
		err = -EFAULT;
out:
	memzero_explicit(mac, sizeof(mac));
	return err;
}

int pinpad_ioctl_mac_verify(struct pinpad_file *pf, void __user *arg)
{
	u8 mac[PINPAD_MAC_MAX];
	struct pinpad_mac m;
	int err;

	err = pinpad_mac_compute(pf, arg, PINPAD_USE_MAC_VERIFY, &m, mac);
	if (!err && crypto_memneq(mac, m.mac, m.mac_len))
		err = -EBADMSG;
	memzero_explicit(mac, sizeof(mac));
	return err;
}
