// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer self-tests of the TDES engine, run before the device appears.
 * A PIN pad that cannot trust its cipher must not start.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "device.h"
#include "kdf.h"
#include "keyblock.h"
#include "mac.h"
#include "pinblock.h"

struct pinpad_kat {
	const char *name;
	u8 key[24];
	u8 key_len;
	bool cbc;
	u8 iv[PINPAD_BLOCK_LEN];
	u8 plain[24];
	u8 cipher[24];
};

static const struct pinpad_kat pinpad_kats[] = {
	{
		/*
		 * NIST SP 800-67 Rev. 1, Appendix B (TDEA ECB example),
		 * "The qufck brown fox jump"; confirmed with
		 * openssl enc -des-ede3 -nopad -K 0123...0123.
		 */
		.name = "SP 800-67 ECB",
		.key = "\x01\x23\x45\x67\x89\xab\xcd\xef"
		       "\x23\x45\x67\x89\xab\xcd\xef\x01"
		       "\x45\x67\x89\xab\xcd\xef\x01\x23",
		.key_len = 24,
		.plain = "The qufck brown fox jump",
		.cipher = "\xa8\x26\xfd\x8c\xe5\x3b\x85\x5f"
			  "\xcc\xe2\x1c\x81\x12\x25\x6f\xe6"
			  "\x68\xd5\xc0\x5d\xd9\xb6\xb9\x00",
	},
	{
		/*
		 * Same key and plaintext in CBC, IV f69f2445df4f9b17; computed
		 * with openssl enc -des-ede3-cbc -nopad (OpenSSL 3.0.19).
		 */
		.name = "CBC",
		.key = "\x01\x23\x45\x67\x89\xab\xcd\xef"
		       "\x23\x45\x67\x89\xab\xcd\xef\x01"
		       "\x45\x67\x89\xab\xcd\xef\x01\x23",
		.key_len = 24,
		.cbc = true,
		.iv = "\xf6\x9f\x24\x45\xdf\x4f\x9b\x17",
		.plain = "The qufck brown fox jump",
		.cipher = "\xa5\xc2\x82\xba\xd0\xde\x37\x74"
			  "\xbe\xcd\x2e\x04\x38\x6b\x58\x9f"
			  "\xb5\x05\x7d\x85\x52\xfc\x43\x36",
	},
	{
		/*
		 * Double-length key 0123456789abcdef fedcba9876543210 on a zero
		 * block: the KCV 08d7b4 printed in payment-industry key
		 * ceremonies; full block from openssl enc -des-ede3 -nopad.
		 */
		.name = "double-length key, zero block",
		.key = "\x01\x23\x45\x67\x89\xab\xcd\xef"
		       "\xfe\xdc\xba\x98\x76\x54\x32\x10",
		.key_len = 16,
		.cipher = "\x08\xd7\xb4\xfb\x62\x9d\x08\x85",
	},
};

static int pinpad_kat_run(const struct pinpad_kat *t, struct pinpad_key *k,
			  bool inject_fault)
{
	size_t len = t->cbc || t->key_len == 24 ? 24 : PINPAD_BLOCK_LEN;
	u8 out[24], back[24], iv[PINPAD_BLOCK_LEN];
	int err;

	err = pinpad_key_set(k, PINPAD_ALG_TDES, t->key, t->key_len);
	if (err)
		return err;

	memcpy(iv, t->iv, sizeof(iv));
	if (t->cbc)
		pinpad_tdes_cbc(k, true, iv, out, t->plain, len);
	else
		pinpad_tdes_ecb(k, true, out, t->plain, len);
	if (inject_fault)
		out[0] ^= 1;

	memcpy(iv, t->iv, sizeof(iv));
	if (t->cbc)
		pinpad_tdes_cbc(k, false, iv, back, t->cipher, len);
	else
		pinpad_tdes_ecb(k, false, back, t->cipher, len);

	if (memcmp(out, t->cipher, len) || memcmp(back, t->plain, len)) {
		pr_err("self-test %s: FAILED\n", t->name);
		return -EIO;
	}
	if (!t->cbc && t->key_len == 16 && memcmp(k->kcv, t->cipher, 3)) {
		pr_err("self-test %s: KCV FAILED\n", t->name);
		return -EIO;
	}
	return 0;
}

/*
 * pinpad_selftest() - run every known-answer test
 * @inject_fault: corrupt a result on purpose, to test the refusal path
 *
 * Return: 0 if all pass; -EIO (or -ENOMEM) otherwise.
 */
int pinpad_selftest(bool inject_fault)
{
	struct pinpad_key *k = kzalloc(sizeof(*k), GFP_KERNEL);
	size_t i;
	int err = 0;

	if (!k)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(pinpad_kats) && !err; i++)
		err = pinpad_kat_run(&pinpad_kats[i], k, inject_fault);
	kfree_sensitive(k);
	if (!err)
		err = pinpad_pinblock_selftest();
	if (!err)
		err = pinpad_mac_selftest();
	if (!err)
		err = pinpad_kdf_selftest();
	if (!err) {
		err = pinpad_kb_selftest();
		if (err)
			pr_err("self-test key blocks (TR-31:2018 A.7.2.2, A.7.4): FAILED\n");
	}
	if (!err)
		pr_info("TDES, PIN block, MAC and key block self-tests: pass\n");
	return err;
}
