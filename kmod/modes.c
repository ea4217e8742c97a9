// SPDX-License-Identifier: GPL-2.0
/*
 * ECB and CBC over a key of the module, whatever its cipher: TDES through
 * libdes (des3_ede_encrypt/decrypt), AES through lib AES
 * (aes_encrypt/decrypt). The libraries' single-block functions are used,
 * not a tfm: the keys never leave the module, and nothing is allocated in
 * the data path. The block cipher is picked per block by the key's
 * algorithm; the modes are written once.
 */
#include <crypto/algapi.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "modes.h"

/* pinpad_key_block_len() - the cipher's block: TDES 8, AES 16 bytes */
unsigned int pinpad_key_block_len(const struct pinpad_key *k)
{
	return k->alg == PINPAD_ALG_AES ? PINPAD_AES_BLOCK_LEN :
					  PINPAD_BLOCK_LEN;
}

/* One block of @k's cipher, either way; @dst may equal @src */
static void pinpad_key_block(const struct pinpad_key *k, bool encrypt,
			     u8 *dst, const u8 *src)
{
	if (k->alg == PINPAD_ALG_AES) {
		if (encrypt)
			aes_encrypt(&k->sched.aes, dst, src);
		else
			aes_decrypt(&k->sched.aes, dst, src);
	} else if (encrypt) {
		des3_ede_encrypt(&k->sched.tdes, dst, src);
	} else {
		des3_ede_decrypt(&k->sched.tdes, dst, src);
	}
}

/*
 * pinpad_key_ecb() - ECB over whole blocks; @dst may equal @src
 * @k:   a TDES or AES key
 * @len: a multiple of pinpad_key_block_len(@k) (checked by the caller)
 */
void pinpad_key_ecb(const struct pinpad_key *k, bool encrypt, u8 *dst,
		    const u8 *src, size_t len)
{
	unsigned int bs = pinpad_key_block_len(k);
	size_t off;

	for (off = 0; off < len; off += bs)
		pinpad_key_block(k, encrypt, dst + off, src + off);
}

/*
 * pinpad_key_cbc() - CBC over whole blocks; @dst may equal @src
 * @iv:  pinpad_key_block_len(@k) bytes: the chaining value in; on return,
 *       the one for a following call
 * @len: a multiple of pinpad_key_block_len(@k) (checked by the caller)
 */
void pinpad_key_cbc(const struct pinpad_key *k, bool encrypt, u8 *iv,
		    u8 *dst, const u8 *src, size_t len)
{
	unsigned int bs = pinpad_key_block_len(k);
	u8 block[PINPAD_AES_BLOCK_LEN];
	size_t off;

	for (off = 0; off < len; off += bs) {
		if (encrypt) {
			crypto_xor_cpy(block, src + off, iv, bs);
			pinpad_key_block(k, true, dst + off, block);
			memcpy(iv, dst + off, bs);
		} else {
			/* keep the ciphertext: dst may overwrite it */
			memcpy(block, src + off, bs);
			pinpad_key_block(k, false, dst + off, block);
			crypto_xor(dst + off, iv, bs);
			memcpy(iv, block, bs);
		}
	}
	memzero_explicit(block, sizeof(block));
}

/* A known answer: @len bytes of @plain under @key give @cipher */
struct pinpad_modes_kat {
	const char *name;
	u32 alg;
	const u8 *key;
	u8 key_len;
	bool cbc;
	const u8 *iv;		/* CBC: one block */
	const u8 *plain;
	const u8 *cipher;
	u8 len;
	const u8 *kcv;		/* if set: the key's KCV (X9.24-1 A.2) */
};

#define PINPAD_MODES_KAT_MAX	32

static const u8 pinpad_tdes_k123[24] =
	"\x01\x23\x45\x67\x89\xab\xcd\xef\x23\x45\x67\x89\xab\xcd\xef\x01"
	"\x45\x67\x89\xab\xcd\xef\x01\x23";
static const u8 pinpad_tdes_k2[16] =
	"\x01\x23\x45\x67\x89\xab\xcd\xef\xfe\xdc\xba\x98\x76\x54\x32\x10";
static const u8 pinpad_tdes_fox[24] = "The qufck brown fox jump";
static const u8 pinpad_zero[PINPAD_AES_BLOCK_LEN];

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

static const struct pinpad_modes_kat pinpad_modes_kats[] = {
	{
		/*
		 * NIST SP 800-67 Rev. 1, Appendix B (TDEA ECB example),
		 * "The qufck brown fox jump"; confirmed with
		 * openssl enc -des-ede3 -nopad -K 0123...0123.
		 */
		.name = "SP 800-67 ECB",
		.alg = PINPAD_ALG_TDES,
		.key = pinpad_tdes_k123, .key_len = 24,
		.plain = pinpad_tdes_fox, .len = 24,
		.cipher = (const u8 *)"\xa8\x26\xfd\x8c\xe5\x3b\x85\x5f"
			  "\xcc\xe2\x1c\x81\x12\x25\x6f\xe6"
			  "\x68\xd5\xc0\x5d\xd9\xb6\xb9\x00",
	}, {
		/*
		 * Same key and plaintext in CBC, IV f69f2445df4f9b17; computed
		 * with openssl enc -des-ede3-cbc -nopad (OpenSSL 3.0.19).
		 */
		.name = "CBC",
		.alg = PINPAD_ALG_TDES,
		.key = pinpad_tdes_k123, .key_len = 24, .cbc = true,
		.iv = (const u8 *)"\xf6\x9f\x24\x45\xdf\x4f\x9b\x17",
		.plain = pinpad_tdes_fox, .len = 24,
		.cipher = (const u8 *)"\xa5\xc2\x82\xba\xd0\xde\x37\x74"
			  "\xbe\xcd\x2e\x04\x38\x6b\x58\x9f"
			  "\xb5\x05\x7d\x85\x52\xfc\x43\x36",
	}, {
		/*
		 * Double-length key 0123456789abcdef fedcba9876543210 on a zero
		 * block: the KCV 08d7b4 printed in payment-industry key
		 * ceremonies; full block from openssl enc -des-ede3 -nopad.
		 */
		.name = "double-length key, zero block",
		.alg = PINPAD_ALG_TDES,
		.key = pinpad_tdes_k2, .key_len = 16,
		.plain = pinpad_zero, .len = PINPAD_BLOCK_LEN,
		.cipher = (const u8 *)"\x08\xd7\xb4\xfb\x62\x9d\x08\x85",
		.kcv = (const u8 *)"\x08\xd7\xb4",
	}, {
		.name = "SP 800-38A F.1.1 ECB-AES128",
		.alg = PINPAD_ALG_AES,
		.key = pinpad_sp800_38a_k128, .key_len = 16,
		.plain = pinpad_sp800_38a_plain, .len = 32,
		.cipher = (const u8 *)"\x3a\xd7\x7b\xb4\x0d\x7a\x36\x60"
			  "\xa8\x9e\xca\xf3\x24\x66\xef\x97"
			  "\xf5\xd3\xd5\x85\x03\xb9\x69\x9d"
			  "\xe7\x85\x89\x5a\x96\xfd\xba\xaf",
	}, {
		.name = "SP 800-38A F.1.3 ECB-AES192",
		.alg = PINPAD_ALG_AES,
		.key = pinpad_sp800_38a_k192, .key_len = 24,
		.plain = pinpad_sp800_38a_plain, .len = 32,
		.cipher = (const u8 *)"\xbd\x33\x4f\x1d\x6e\x45\xf2\x5f"
			  "\xf7\x12\xa2\x14\x57\x1f\xa5\xcc"
			  "\x97\x41\x04\x84\x6d\x0a\xd3\xad"
			  "\x77\x34\xec\xb3\xec\xee\x4e\xef",
	}, {
		.name = "SP 800-38A F.2.1 CBC-AES128",
		.alg = PINPAD_ALG_AES,
		.key = pinpad_sp800_38a_k128, .key_len = 16, .cbc = true,
		.iv = pinpad_sp800_38a_iv,
		.plain = pinpad_sp800_38a_plain, .len = 32,
		.cipher = (const u8 *)"\x76\x49\xab\xac\x81\x19\xb2\x46"
			  "\xce\xe9\x8e\x9b\x12\xe9\x19\x7d"
			  "\x50\x86\xcb\x9b\x50\x72\x19\xee"
			  "\x95\xdb\x11\x3a\x91\x76\x78\xb2",
	}, {
		.name = "SP 800-38A F.2.5 CBC-AES256",
		.alg = PINPAD_ALG_AES,
		.key = pinpad_sp800_38a_k256, .key_len = 32, .cbc = true,
		.iv = pinpad_sp800_38a_iv,
		.plain = pinpad_sp800_38a_plain, .len = 32,
		.cipher = (const u8 *)"\xf5\x8c\x4c\x04\xd6\xe5\xf1\xba"
			  "\x77\x9e\xab\xfb\x5f\x7b\xfb\xd6"
			  "\x9c\xfc\x4e\x96\x7e\xdb\x80\x8d"
			  "\x67\x9f\x77\x7b\xc6\x70\x2c\x7d",
	},
};

/*
 * One vector both ways, in place, as CIPHER and the skciphers call it:
 * encrypt @plain, then decrypt @cipher. In CBC the chaining value out is
 * the last ciphertext block either way. @fault corrupts the ciphertext.
 */
static int pinpad_modes_kat_run(const struct pinpad_modes_kat *t,
				struct pinpad_key *k, bool fault)
{
	u8 buf[PINPAD_MODES_KAT_MAX], iv[PINPAD_AES_BLOCK_LEN];
	unsigned int bs;
	int dir, err;

	err = pinpad_key_set(k, t->alg, t->key, t->key_len);
	if (err)
		return err;
	bs = pinpad_key_block_len(k);
	for (dir = 0; dir < 2; dir++) {
		bool encrypt = dir == 0;

		memcpy(buf, encrypt ? t->plain : t->cipher, t->len);
		if (t->cbc) {
			memcpy(iv, t->iv, bs);
			pinpad_key_cbc(k, encrypt, iv, buf, buf, t->len);
		} else {
			pinpad_key_ecb(k, encrypt, buf, buf, t->len);
		}
		if (encrypt && fault)
			buf[0] ^= 1;
		if (memcmp(buf, encrypt ? t->cipher : t->plain, t->len) ||
		    (t->cbc && memcmp(iv, t->cipher + t->len - bs, bs)))
			return -EIO;
	}
	if (t->kcv && memcmp(k->kcv, t->kcv, PINPAD_KCV_LEN))
		return -EIO;
	return 0;
}

/*
 * pinpad_modes_selftest() - known answers of ECB and CBC, run at load
 * @inject_fault: corrupt the first result on purpose, to test the refusal
 *                path
 *
 * Return: 0 if every vector passes; -EIO (or -ENOMEM) otherwise; the log
 * names the vector that failed.
 */
int pinpad_modes_selftest(bool inject_fault)
{
	struct pinpad_key *k = kzalloc(sizeof(*k), GFP_KERNEL);
	size_t i;
	int err = 0;

	if (!k)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(pinpad_modes_kats) && !err; i++) {
		err = pinpad_modes_kat_run(&pinpad_modes_kats[i], k,
					   inject_fault && !i);
		if (err)
			pr_err("self-test %s: FAILED\n",
			       pinpad_modes_kats[i].name);
	}
	kfree_sensitive(k);
	return err ? -EIO : 0;
}
