// SPDX-License-Identifier: GPL-2.0
/*
 * CMAC, NIST SP 800-38B, for a block cipher of b = 128 bits (AES,
 * R_128 = 0x87) or b = 64 bits (TDES, R_64 = 0x1B):
 *
 *   L = CIPH_K(0^b); K1 = dbl(L); K2 = dbl(K1)            (6.1 subkeys)
 *   M_1 .. M_n: the message in b-bit blocks, n >= 1;
 *   M_n' = M_n XOR K1 if M_n is complete, else (M_n* || 10..0) XOR K2
 *   C_0 = 0; C_i = CIPH_K(C_(i-1) XOR M_i), M_n' for i = n   (6.2)
 *   T = C_n (the caller keeps its leftmost bytes: MSB_Tlen)
 *
 * where dbl(X) is X << 1, XOR R_b when the bit shifted out is 1; done
 * without a branch on the secret bit. The subkeys and every chaining
 * value are wiped before return.
 */
#include "cmac.h"

#define PINPAD_CMAC_MAX_BS	PINPAD_AES_BLOCK_LEN

/* One block cipher behind a CMAC: its key and block size in bytes. */
struct pinpad_cmac_ciph {
	const void *key;	/* struct crypto_aes_ctx or des3_ede_ctx */
	unsigned int bs;	/* PINPAD_AES_BLOCK_LEN or PINPAD_BLOCK_LEN */
};

static void pinpad_cmac_encrypt(const struct pinpad_cmac_ciph *c, u8 *dst,
				const u8 *src)
{
	if (c->bs == PINPAD_AES_BLOCK_LEN)
		aes_encrypt(c->key, dst, src);
	else
		des3_ede_encrypt(c->key, dst, src);
}

/* SP 800-38B 6.1: @out = @in << 1, XOR R_b if the bit shifted out was 1 */
static void pinpad_cmac_dbl(u8 *out, const u8 *in, unsigned int bs)
{
	u8 rb = bs == PINPAD_AES_BLOCK_LEN ? 0x87 : 0x1b;
	u8 carry = in[0] >> 7;
	unsigned int i;

	for (i = 0; i + 1 < bs; i++)
		out[i] = in[i] << 1 | in[i + 1] >> 7;
	out[bs - 1] = in[bs - 1] << 1 ^ (rb & (u8)-carry);
}

static void pinpad_cmac(const struct pinpad_cmac_ciph *c, const u8 *data,
			size_t len, u8 *mac)
{
	u8 k[PINPAD_CMAC_MAX_BS], x[PINPAD_CMAC_MAX_BS] = {};
	u8 last[PINPAD_CMAC_MAX_BS] = {};
	unsigned int bs = c->bs;
	size_t off = 0, rest;

	/* L = CIPH_K(0^b) in k, then K1; K2 only for an incomplete M_n */
	pinpad_cmac_encrypt(c, k, x);
	pinpad_cmac_dbl(k, k, bs);
	/* M_1 .. M_(n-1): every whole block but the last */
	while (len - off > bs) {
		crypto_xor(x, data + off, bs);
		pinpad_cmac_encrypt(c, x, x);
		off += bs;
	}
	rest = len - off;		/* 0..bs bytes: M_n or M_n* */
	memcpy(last, data + off, rest);
	if (rest < bs) {
		last[rest] = 0x80;
		pinpad_cmac_dbl(k, k, bs);
	}
	crypto_xor(last, k, bs);
	crypto_xor(x, last, bs);
	pinpad_cmac_encrypt(c, mac, x);

	memzero_explicit(k, sizeof(k));
	memzero_explicit(x, sizeof(x));
	memzero_explicit(last, sizeof(last));
}

/*
 * pinpad_cmac_aes() - AES-CMAC of @len bytes (0 allowed) of @data
 * @k:   an expanded AES-128, -192 or -256 key
 * @mac: receives the whole 16-byte tag
 */
void pinpad_cmac_aes(const struct crypto_aes_ctx *k, const u8 *data,
		     size_t len, u8 mac[PINPAD_AES_BLOCK_LEN])
{
	struct pinpad_cmac_ciph c = { .key = k, .bs = PINPAD_AES_BLOCK_LEN };

	pinpad_cmac(&c, data, len, mac);
}

/*
 * pinpad_cmac_tdes() - TDES-CMAC (SP 800-38B with TDEA) of @len bytes
 * @k:   an expanded TDES key (K1K2K1 or K1K2K3)
 * @mac: receives the whole 8-byte tag
 */
void pinpad_cmac_tdes(const struct des3_ede_ctx *k, const u8 *data,
		      size_t len, u8 mac[PINPAD_BLOCK_LEN])
{
	struct pinpad_cmac_ciph c = { .key = k, .bs = PINPAD_BLOCK_LEN };

	pinpad_cmac(&c, data, len, mac);
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

/* The key schedules of one vector: only one is used at a time */
union pinpad_cmac_sched {
	struct crypto_aes_ctx aes;
	struct des3_ede_ctx tdes;
};

static int pinpad_cmac_kat_run(const struct pinpad_cmac_kat *t,
			       union pinpad_cmac_sched *s)
{
	u8 mac[PINPAD_AES_BLOCK_LEN];
	unsigned int i, bs;
	int err;

	if (t->tdes)
		err = des3_ede_expand_key(&s->tdes, t->key, t->key_len);
	else
		err = aes_expandkey(&s->aes, t->key, t->key_len);
	if (err)
		return err;
	bs = t->tdes ? PINPAD_BLOCK_LEN : PINPAD_AES_BLOCK_LEN;
	for (i = 0; i < ARRAY_SIZE(t->tag); i++) {
		const u8 len = pinpad_cmac_lens[t->tdes][i];

		if (t->tdes)
			pinpad_cmac_tdes(&s->tdes, pinpad_cmac_msg, len, mac);
		else
			pinpad_cmac_aes(&s->aes, pinpad_cmac_msg, len, mac);
		if (memcmp(mac, t->tag[i], bs))
			return -EIO;
	}
	return 0;
}

/*
 * pinpad_cmac_selftest() - NIST's CMAC examples, run at load
 *
 * Return: 0 if every tag matches; -EIO (or -ENOMEM) otherwise.
 */
int pinpad_cmac_selftest(void)
{
	union pinpad_cmac_sched *s = kzalloc(sizeof(*s), GFP_KERNEL);
	size_t i;
	int err = 0;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(pinpad_cmac_kats) && !err; i++) {
		err = pinpad_cmac_kat_run(&pinpad_cmac_kats[i], s);
		if (err)
			pr_err("self-test %s: FAILED\n", pinpad_cmac_kats[i].name);
	}
	kfree_sensitive(s);
	return err ? -EIO : 0;
}
