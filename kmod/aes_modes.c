// SPDX-License-Identifier: GPL-2.0
/*
 * AES ECB and CBC over lib AES, for CIPHER and the "ecb(pinpad-aes)" and
 * "cbc(pinpad-aes)" skciphers. As with TDES (tdes.c), the library's
 * single-block functions are used rather than a tfm: the key never leaves
 * the module, and nothing is allocated in the data path.
 */
#include "aes_modes.h"

/*
 * pinpad_aes_ecb() - AES-ECB over whole blocks; @dst may equal @src
 * @k:   an expanded AES-128, -192 or -256 key (aes_expandkey())
 * @len: a multiple of PINPAD_AES_BLOCK_LEN (checked by the caller)
 */
void pinpad_aes_ecb(const struct crypto_aes_ctx *k, bool encrypt,
		    u8 *dst, const u8 *src, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += PINPAD_AES_BLOCK_LEN) {
		if (encrypt)
			aes_encrypt(k, dst + off, src + off);
		else
			aes_decrypt(k, dst + off, src + off);
	}
}

/*
 * pinpad_aes_cbc() - AES-CBC over whole blocks; @dst may equal @src
 * @iv:  the chaining value in; on return, the one for a following call
 * @len: a multiple of PINPAD_AES_BLOCK_LEN (checked by the caller)
 */
void pinpad_aes_cbc(const struct crypto_aes_ctx *k, bool encrypt,
		    u8 iv[PINPAD_AES_BLOCK_LEN], u8 *dst, const u8 *src,
		    size_t len)
{
	u8 block[PINPAD_AES_BLOCK_LEN];
	size_t off;

	for (off = 0; off < len; off += PINPAD_AES_BLOCK_LEN) {
		if (encrypt) {
			crypto_xor_cpy(block, src + off, iv,
				       PINPAD_AES_BLOCK_LEN);
			aes_encrypt(k, dst + off, block);
			memcpy(iv, dst + off, PINPAD_AES_BLOCK_LEN);
		} else {
			/* keep the ciphertext: dst may overwrite it */
			memcpy(block, src + off, PINPAD_AES_BLOCK_LEN);
			aes_decrypt(k, dst + off, block);
			crypto_xor(dst + off, iv, PINPAD_AES_BLOCK_LEN);
			memcpy(iv, block, PINPAD_AES_BLOCK_LEN);
		}
	}
	memzero_explicit(block, sizeof(block));
}

struct pinpad_aes_kat {
	const char *name;
	const u8 *key;
	u8 key_len;
	bool cbc;
	u8 cipher[2 * PINPAD_AES_BLOCK_LEN];
};

/*
 * NIST SP 800-38A, Appendix F: the first two blocks of F.1.1 (ECB-AES128),
 * F.1.3 (ECB-AES192), F.2.1 (CBC-AES128) and F.2.5 (CBC-AES256); the same
 * plaintext and, for CBC, IV 000102..0f. Confirmed with openssl enc -nopad.
 */
static const u8 pinpad_sp800_38a_plain[2 * PINPAD_AES_BLOCK_LEN] =
	"\x6b\xc1\xbe\xe2\x2e\x40\x9f\x96\xe9\x3d\x7e\x11\x73\x93\x17\x2a"
	"\xae\x2d\x8a\x57\x1e\x03\xac\x9c\x9e\xb7\x6f\xac\x45\xaf\x8e\x51";
static const u8 pinpad_sp800_38a_iv[PINPAD_AES_BLOCK_LEN] =
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f";
static const u8 pinpad_sp800_38a_k128[16] =
	"\x2b\x7e\x15\x16\x28\xae\xd2\xa6\xab\xf7\x15\x88\x09\xcf\x4f\x3c";
static const u8 pinpad_sp800_38a_k192[24] =
	"\x8e\x73\xb0\xf7\xda\x0e\x64\x52\xc8\x10\xf3\x2b\x80\x90\x79\xe5"
	"\x62\xf8\xea\xd2\x52\x2c\x6b\x7b";
static const u8 pinpad_sp800_38a_k256[32] =
	"\x60\x3d\xeb\x10\x15\xca\x71\xbe\x2b\x73\xae\xf0\x85\x7d\x77\x81"
	"\x1f\x35\x2c\x07\x3b\x61\x08\xd7\x2d\x98\x10\xa3\x09\x14\xdf\xf4";

static const struct pinpad_aes_kat pinpad_aes_kats[] = {
	{
		.name = "SP 800-38A F.1.1 ECB-AES128",
		.key = pinpad_sp800_38a_k128, .key_len = 16,
		.cipher = "\x3a\xd7\x7b\xb4\x0d\x7a\x36\x60"
			  "\xa8\x9e\xca\xf3\x24\x66\xef\x97"
			  "\xf5\xd3\xd5\x85\x03\xb9\x69\x9d"
			  "\xe7\x85\x89\x5a\x96\xfd\xba\xaf",
	}, {
		.name = "SP 800-38A F.1.3 ECB-AES192",
		.key = pinpad_sp800_38a_k192, .key_len = 24,
		.cipher = "\xbd\x33\x4f\x1d\x6e\x45\xf2\x5f"
			  "\xf7\x12\xa2\x14\x57\x1f\xa5\xcc"
			  "\x97\x41\x04\x84\x6d\x0a\xd3\xad"
			  "\x77\x34\xec\xb3\xec\xee\x4e\xef",
	}, {
		.name = "SP 800-38A F.2.1 CBC-AES128",
		.key = pinpad_sp800_38a_k128, .key_len = 16, .cbc = true,
		.cipher = "\x76\x49\xab\xac\x81\x19\xb2\x46"
			  "\xce\xe9\x8e\x9b\x12\xe9\x19\x7d"
			  "\x50\x86\xcb\x9b\x50\x72\x19\xee"
			  "\x95\xdb\x11\x3a\x91\x76\x78\xb2",
	}, {
		.name = "SP 800-38A F.2.5 CBC-AES256",
		.key = pinpad_sp800_38a_k256, .key_len = 32, .cbc = true,
		.cipher = "\xf5\x8c\x4c\x04\xd6\xe5\xf1\xba"
			  "\x77\x9e\xab\xfb\x5f\x7b\xfb\xd6"
			  "\x9c\xfc\x4e\x96\x7e\xdb\x80\x8d"
			  "\x67\x9f\x77\x7b\xc6\x70\x2c\x7d",
	},
};

/* One vector both ways, in place, as CIPHER and the skciphers call it. */
static int pinpad_aes_kat_run(const struct pinpad_aes_kat *t,
			      struct crypto_aes_ctx *k)
{
	u8 buf[2 * PINPAD_AES_BLOCK_LEN], iv[PINPAD_AES_BLOCK_LEN];
	int err = aes_expandkey(k, t->key, t->key_len);

	if (err)
		return err;
	memcpy(buf, pinpad_sp800_38a_plain, sizeof(buf));
	memcpy(iv, pinpad_sp800_38a_iv, sizeof(iv));
	if (t->cbc)
		pinpad_aes_cbc(k, true, iv, buf, buf, sizeof(buf));
	else
		pinpad_aes_ecb(k, true, buf, buf, sizeof(buf));
	if (memcmp(buf, t->cipher, sizeof(buf)) ||
	    (t->cbc && memcmp(iv, t->cipher + PINPAD_AES_BLOCK_LEN,
			      sizeof(iv))))
		return -EIO;
	memcpy(iv, pinpad_sp800_38a_iv, sizeof(iv));
	if (t->cbc)
		pinpad_aes_cbc(k, false, iv, buf, buf, sizeof(buf));
	else
		pinpad_aes_ecb(k, false, buf, buf, sizeof(buf));
	return memcmp(buf, pinpad_sp800_38a_plain, sizeof(buf)) ? -EIO : 0;
}

/*
 * pinpad_aes_modes_selftest() - known answers, run at load
 *
 * Return: 0 if every vector passes; -EIO (or -ENOMEM) otherwise.
 */
int pinpad_aes_modes_selftest(void)
{
	struct crypto_aes_ctx *k = kzalloc(sizeof(*k), GFP_KERNEL);
	size_t i;
	int err = 0;

	if (!k)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(pinpad_aes_kats) && !err; i++) {
		err = pinpad_aes_kat_run(&pinpad_aes_kats[i], k);
		if (err)
			pr_err("self-test %s: FAILED\n", pinpad_aes_kats[i].name);
	}
	kfree_sensitive(k);
	return err ? -EIO : 0;
}
