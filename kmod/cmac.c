// SPDX-License-Identifier: GPL-2.0
/*
 * CMAC, NIST SP 800-38B: the module's one CMAC, through the kernel crypto
 * API's "cmac(aes)" (b = 128 bits) and "cmac(des3_ede)" (b = 64 bits).
 * It serves
 *  - MAC_GENERATE / MAC_VERIFY with M6 keys (mac.c),
 *  - the AES KCV, X9.24-1:2017 A.3: CMAC of one zero block (key.c),
 *  - X9.143 key blocks: the KBEK/KBAK derivation, the block's MAC and the
 *    CMAC KCVs of KC/KP optional blocks (keyblock.c).
 *
 * Debian's 6.1 and 6.12 build the cmac template (cmac.ko) and des3_ede
 * (des_generic.ko) as modules: soft dependencies of this module (main.c).
 * A tfm per call: every caller holds the device mutex and may sleep, and
 * no key stays in a tfm after it (crypto_free_shash() wipes the context).
 * The host build (tests/aes/, tests/keyblock/) gets the shash calls from
 * tests/kshim/, on OpenSSL.
 */
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/string.h>

#include "cmac.h"

/*
 * pinpad_cmac2() - CMAC of @alen bytes of @a then @blen bytes of @b
 * @alg:     PINPAD_ALG_AES or PINPAD_ALG_TDES
 * @key:     @key_len bytes: AES 16, 24 or 32; TDES 24 (K1K2K3, or K1K2K1
 *           for a double-length key)
 * @a, @b:   the message in two parts; either length may be 0
 * @mac:     receives the whole tag: 16 bytes (AES) or 8 (TDES)
 *
 * Return: 0; -EINVAL another algorithm or a key length the cipher does
 * not take; -ENOMEM; -ENOENT the cmac or des3_ede module is missing.
 */
int pinpad_cmac2(u32 alg, const u8 *key, u32 key_len, const u8 *a,
		 u32 alen, const u8 *b, u32 blen, u8 *mac)
{
	struct crypto_shash *tfm;
	int err;

	if (alg != PINPAD_ALG_AES && alg != PINPAD_ALG_TDES)
		return -EINVAL;
	tfm = crypto_alloc_shash(alg == PINPAD_ALG_AES ? "cmac(aes)" :
				 "cmac(des3_ede)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_shash_setkey(tfm, key, key_len);
	if (!err) {
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		err = crypto_shash_init(desc);
		if (!err && alen)
			err = crypto_shash_update(desc, a, alen);
		if (!err && blen)
			err = crypto_shash_update(desc, b, blen);
		if (!err)
			err = crypto_shash_final(desc, mac);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	return err;
}

/*
 * pinpad_key_cmac() - CMAC of @len bytes of @data under the key @k
 * @mac: receives the whole tag: 16 bytes (AES) or 8 (TDES)
 *
 * Return: as pinpad_cmac2(); -EINVAL for an empty key.
 */
int pinpad_key_cmac(const struct pinpad_key *k, const u8 *data, u32 len,
		    u8 *mac)
{
	/* a double-length TDES key is held as K1K2K1: 24 bytes */
	u32 key_len = k->alg == PINPAD_ALG_TDES ? PINPAD_KEY_LEN_3KEY : k->len;

	return pinpad_cmac(k->alg, k->key, key_len, data, len, mac);
}

/*
 * NIST's CMAC examples for SP 800-38B (csrc.nist.gov, "Examples with
 * Intermediate Values": AES_CMAC.pdf, Examples 1-12, and TDES_CMAC.pdf,
 * three-key and two-key TDEA): each key over the first 0, 16, 40 and 64
 * bytes (AES) or 0, 8, 20 and 32 bytes (TDES) of one message. Every tag
 * confirmed with `openssl mac -cipher AES-128-CBC ... CMAC` (OpenSSL 3.0).
 */
static const u8 pinpad_cmac_msg[64] =
	"\x6b\xc1\xbe\xe2\x2e\x40\x9f\x96\xe9\x3d\x7e\x11\x73\x93\x17\x2a"
	"\xae\x2d\x8a\x57\x1e\x03\xac\x9c\x9e\xb7\x6f\xac\x45\xaf\x8e\x51"
	"\x30\xc8\x1c\x46\xa3\x5c\xe4\x11\xe5\xfb\xc1\x19\x1a\x0a\x52\xef"
	"\xf6\x9f\x24\x45\xdf\x4f\x9b\x17\xad\x2b\x41\x7b\xe6\x6c\x37\x10";

struct pinpad_cmac_kat {
	const char *name;
	u8 key[32];
	u8 key_len;		/* 16, 24, 32: AES; 24 (K1K2K3): TDES */
	bool tdes;
	u8 tag[4][PINPAD_AES_BLOCK_LEN];	/* for each length below */
};

static const u8 pinpad_cmac_lens[2][4] = {
	{ 0, 16, 40, 64 },		/* AES */
	{ 0, 8, 20, 32 },		/* TDES */
};

static const struct pinpad_cmac_kat pinpad_cmac_kats[] = {
	{
		.name = "CMAC-AES128",
		.key = "\x2b\x7e\x15\x16\x28\xae\xd2\xa6"
		       "\xab\xf7\x15\x88\x09\xcf\x4f\x3c",
		.key_len = 16,
		.tag = {
			"\xbb\x1d\x69\x29\xe9\x59\x37\x28"
			"\x7f\xa3\x7d\x12\x9b\x75\x67\x46",
			"\x07\x0a\x16\xb4\x6b\x4d\x41\x44"
			"\xf7\x9b\xdd\x9d\xd0\x4a\x28\x7c",
			"\xdf\xa6\x67\x47\xde\x9a\xe6\x30"
			"\x30\xca\x32\x61\x14\x97\xc8\x27",
			"\x51\xf0\xbe\xbf\x7e\x3b\x9d\x92"
			"\xfc\x49\x74\x17\x79\x36\x3c\xfe",
		},
	}, {
		.name = "CMAC-AES192",
		.key = "\x8e\x73\xb0\xf7\xda\x0e\x64\x52"
		       "\xc8\x10\xf3\x2b\x80\x90\x79\xe5"
		       "\x62\xf8\xea\xd2\x52\x2c\x6b\x7b",
		.key_len = 24,
		.tag = {
			"\xd1\x7d\xdf\x46\xad\xaa\xcd\xe5"
			"\x31\xca\xc4\x83\xde\x7a\x93\x67",
			"\x9e\x99\xa7\xbf\x31\xe7\x10\x90"
			"\x06\x62\xf6\x5e\x61\x7c\x51\x84",
			"\x8a\x1d\xe5\xbe\x2e\xb3\x1a\xad"
			"\x08\x9a\x82\xe6\xee\x90\x8b\x0e",
			"\xa1\xd5\xdf\x0e\xed\x79\x0f\x79"
			"\x4d\x77\x58\x96\x59\xf3\x9a\x11",
		},
	}, {
		.name = "CMAC-AES256",
		.key = "\x60\x3d\xeb\x10\x15\xca\x71\xbe"
		       "\x2b\x73\xae\xf0\x85\x7d\x77\x81"
		       "\x1f\x35\x2c\x07\x3b\x61\x08\xd7"
		       "\x2d\x98\x10\xa3\x09\x14\xdf\xf4",
		.key_len = 32,
		.tag = {
			"\x02\x89\x62\xf6\x1b\x7b\xf8\x9e"
			"\xfc\x6b\x55\x1f\x46\x67\xd9\x83",
			"\x28\xa7\x02\x3f\x45\x2e\x8f\x82"
			"\xbd\x4b\xf2\x8d\x8c\x37\xc3\x5c",
			"\xaa\xf3\xd8\xf1\xde\x56\x40\xc2"
			"\x32\xf5\xb1\x69\xb9\xc9\x11\xe6",
			"\xe1\x99\x21\x90\x54\x9f\x6e\xd5"
			"\x69\x6a\x2c\x05\x6c\x31\x54\x10",
		},
	}, {
		.name = "CMAC-TDES three-key",
		.key = "\x8a\xa8\x3b\xf8\xcb\xda\x10\x62"
		       "\x0b\xc1\xbf\x19\xfb\xb6\xcd\x58"
		       "\xbc\x31\x3d\x4a\x37\x1c\xa8\xb5",
		.key_len = 24, .tdes = true,
		.tag = {
			"\xb7\xa6\x88\xe1\x22\xff\xaf\x95",
			"\x8e\x8f\x29\x31\x36\x28\x37\x97",
			"\x74\x3d\xdb\xe0\xce\x2d\xc2\xed",
			"\x33\xe6\xb1\x09\x24\x00\xea\xe5",
		},
	}, {
		.name = "CMAC-TDES two-key",
		.key = "\x4c\xf1\x51\x34\xa2\x85\x0d\xd5"
		       "\x8a\x3d\x10\xba\x80\x57\x0d\x38"
		       "\x4c\xf1\x51\x34\xa2\x85\x0d\xd5",
		.key_len = 24, .tdes = true,
		.tag = {
			"\xbd\x2e\xbf\x9a\x3b\xa0\x03\x61",
			"\x4f\xf2\xab\x81\x3c\x53\xce\x83",
			"\x62\xdd\x1b\x47\x19\x02\xbd\x4e",
			"\x31\xb1\xe4\x31\xda\xbc\x4e\xb8",
		},
	},
};

static int pinpad_cmac_kat_run(const struct pinpad_cmac_kat *t)
{
	u32 alg = t->tdes ? PINPAD_ALG_TDES : PINPAD_ALG_AES;
	unsigned int bs = t->tdes ? PINPAD_BLOCK_LEN : PINPAD_AES_BLOCK_LEN;
	u8 mac[PINPAD_AES_BLOCK_LEN];
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(t->tag); i++) {
		const u8 len = pinpad_cmac_lens[t->tdes][i];

		err = pinpad_cmac(alg, t->key, t->key_len, pinpad_cmac_msg,
				  len, mac);
		if (err)
			return err;
		if (memcmp(mac, t->tag[i], bs))
			return -EIO;
	}
	return 0;
}

/*
 * pinpad_cmac_selftest() - NIST's CMAC examples, run at load
 *
 * Return: 0 if every tag matches; -EIO otherwise (the crypto API's error
 * is logged).
 */
int pinpad_cmac_selftest(void)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(pinpad_cmac_kats); i++) {
		err = pinpad_cmac_kat_run(&pinpad_cmac_kats[i]);
		if (err) {
			pr_err("self-test %s: FAILED (%d)\n",
			       pinpad_cmac_kats[i].name, err);
			return -EIO;
		}
	}
	return 0;
}
