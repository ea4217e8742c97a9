// SPDX-License-Identifier: GPL-2.0
/*
 * AES keys at work (issue #11): ISO 9564-1:2017 PIN block format 4, AES-CMAC
 * (NIST SP 800-38B) for M6 keys, AES ECB/CBC through CIPHER and through the
 * kernel crypto API ("ecb(pinpad-aes)", "cbc(pinpad-aes)") with tokens, and
 * the refusals that keep each key to its one job.
 *
 * Keys are injected in clear (FACTORY, INJECT_KEY) with their X9.143
 * attributes. Known answers cite their source; the rest are OpenSSL's for
 * the same clear key (aes_vectors.h, from gen-aes-vectors.sh at build time).
 * A format 4 block carries 8 random bytes, so no build-time vector can
 * predict it: each block the module makes is deciphered here with OpenSSL
 * (libcrypto), and must hold the expected plaintext PIN field under the
 * expected PAN field, and encipher back to itself.
 */
#include "kselftest_harness.h"	/* first: it defines _GNU_SOURCE */

#include <openssl/evp.h>

#include "aes_vectors.h"
#include "kcapi_util.h"
#include "pinpad_util.h"

#define PIN4_SLOT	20	/* P0 AES-128, the psec format 4 key */
#define PIN4B_SLOT	21	/* P0 AES-256 */
#define PIN0_SLOT	22	/* P0 TDES: format 0 only */
#define M6_128_SLOT	23	/* M6 AES, mode C: SP 800-38B keys */
#define M6_192_SLOT	24
#define M6_256_SLOT	25
#define M6G_SLOT	26	/* M6 AES, mode G: generate only */
#define M6T_SLOT	27	/* M6 TDES (CMAC with TDEA), mode C */
#define D0_SLOT		28	/* D0 AES-256, mode B */
#define D0E_SLOT	29	/* D0 AES-128, mode E: encrypt only */
#define D0D_SLOT	30	/* D0 AES-192, mode D: decrypt only */
#define D0T_SLOT	31	/* D0 TDES, mode B */
#define KBPK_SLOT	5	/* K0 AES-256, mode D: unwraps key blocks */
#define KB_P0_SLOT	32	/* from a version D key block: P0 AES */
#define KB_M6_SLOT	33	/* M6 AES, mode C */
#define KB_D0_SLOT	34	/* D0 AES, mode D */
#define EMPTY_SLOT	40

#define PAN19		"1234567890123456789"

FIXTURE(aes) {
	int fd;
};

/*
 * The fixture's keys, injected in clear with their attributes; the
 * expected KCVs (X9.24-1 A.3 for AES, from openssl) check they went in.
 */
static const struct {
	unsigned int slot, alg;
	const char *attr;	/* usage, algorithm, mode, version, export */
	const unsigned char *key;
	unsigned int len;
	const unsigned char *kcv;
} aes_keys[] = {
	{ PIN4_SLOT, PINPAD_ALG_AES, "P0AE00N", ISO4_KEY, 16, ISO4_KEY_KCV },
	{ PIN4B_SLOT, PINPAD_ALG_AES, "P0AE00N", AES_PIN256, 32,
	  AES_PIN256_KCV },
	{ PIN0_SLOT, PINPAD_ALG_TDES, "P0TE00N", WK_PIN, 16, WK_PIN_KCV },
	{ M6_128_SLOT, PINPAD_ALG_AES, "M6AC00N", CMAC_K128, 16,
	  CMAC_K128_KCV },
	{ M6_192_SLOT, PINPAD_ALG_AES, "M6AC00N", CMAC_K192, 24,
	  CMAC_K192_KCV },
	{ M6_256_SLOT, PINPAD_ALG_AES, "M6AC00N", CMAC_K256, 32,
	  CMAC_K256_KCV },
	{ M6G_SLOT, PINPAD_ALG_AES, "M6AG00N", AES_MAC_G, 16, NULL },
	{ M6T_SLOT, PINPAD_ALG_TDES, "M6TC00N", CMAC_KTDES, 24, NULL },
	{ D0_SLOT, PINPAD_ALG_AES, "D0AB00N", AES_DATA256, 32,
	  AES_DATA256_KCV },
	{ D0E_SLOT, PINPAD_ALG_AES, "D0AE00N", AES_DATA_E, 16, NULL },
	{ D0D_SLOT, PINPAD_ALG_AES, "D0AD00N", AES_DATA_D, 24, NULL },
	{ D0T_SLOT, PINPAD_ALG_TDES, "D0TB00N", WK_DATA, 24, WK_DATA_KCV },
};

FIXTURE_SETUP(aes)
{
	size_t i;

	PP_SETUP_FRESH(self);
	for (i = 0; i < sizeof(aes_keys) / sizeof(aes_keys[0]); i++)
		ASSERT_EQ(0, pp_inject_attr(self->fd, aes_keys[i].slot,
					    aes_keys[i].alg, aes_keys[i].attr,
					    aes_keys[i].key, aes_keys[i].len,
					    aes_keys[i].kcv)) {
			TH_LOG("slot %u", aes_keys[i].slot);
		}
}

FIXTURE_TEARDOWN(aes)
{
	if (self->fd >= 0)
		pp_close(self->fd);
}

/* ---- helpers ----------------------------------------------------------- */

/* PIN_BLOCK; @pb is left as the kernel wrote it (block preset to 0xEE) */
static int pin_block(int fd, unsigned int slot, unsigned int format,
		     const char *pin, const char *pan,
		     struct pinpad_pin_block *pb)
{
	memset(pb, 0, sizeof(*pb));
	pb->slot = slot;
	pb->format = format;
	pb->pin_len = strlen(pin);
	pb->pan_len = strlen(pan);
	memcpy(pb->pin, pin, pb->pin_len);
	memcpy(pb->pan, pan, pb->pan_len);
	memset(pb->block, 0xEE, sizeof(pb->block));
	pb->block_len = 0xEEEEEEEE;
	return pp_ioctl(fd, PINPAD_IOC_PIN_BLOCK, pb);
}

/* Nothing written back: block and block_len as pin_block() left them */
static bool untouched(const struct pinpad_pin_block *pb)
{
	size_t i;

	for (i = 0; i < sizeof(pb->block); i++)
		if (pb->block[i] != 0xEE)
			return false;
	return pb->block_len == 0xEEEEEEEE;
}

/* OpenSSL's AES-ECB of one block with a 16-, 24- or 32-byte key */
static bool ossl_aes(const unsigned char *key, size_t key_len, bool enc,
		     unsigned char out[16], const unsigned char in[16])
{
	const EVP_CIPHER *c = key_len == 16 ? EVP_aes_128_ecb() :
			      key_len == 24 ? EVP_aes_192_ecb() :
			      EVP_aes_256_ecb();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;
	bool ok = ctx && EVP_CipherInit_ex(ctx, c, NULL, key, NULL, enc) &&
		  EVP_CIPHER_CTX_set_padding(ctx, 0) &&
		  EVP_CipherUpdate(ctx, out, &n, in, 16) && n == 16;

	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

/* format 4, with OpenSSL: E(E(@field) XOR @pan_field) */
static bool iso4_seal(const unsigned char *key, size_t key_len,
		      const unsigned char field[16],
		      const unsigned char pan_field[16], unsigned char out[16])
{
	unsigned char t[16];
	int i;

	if (!ossl_aes(key, key_len, true, t, field))
		return false;
	for (i = 0; i < 16; i++)
		t[i] ^= pan_field[i];
	return ossl_aes(key, key_len, true, out, t);
}

/* and back: the plaintext PIN field of @block, D(D(@block) XOR PAN field) */
static bool iso4_open(const unsigned char *key, size_t key_len,
		      const unsigned char block[16],
		      const unsigned char pan_field[16],
		      unsigned char field[16])
{
	unsigned char t[16];
	int i;

	if (!ossl_aes(key, key_len, false, t, block))
		return false;
	for (i = 0; i < 16; i++)
		t[i] ^= pan_field[i];
	return ossl_aes(key, key_len, false, field, t);
}

/*
 * A format 4 block from the module holds @pin_field (its first 8 bytes)
 * under @pan_field, and enciphers back to itself with the fill it carries.
 * @fill receives that fill.
 */
static bool iso4_holds(const unsigned char *key, size_t key_len,
		       const unsigned char block[16],
		       const unsigned char pin_field[8],
		       const unsigned char pan_field[16],
		       unsigned char fill[8])
{
	unsigned char field[16], again[16];

	if (!iso4_open(key, key_len, block, pan_field, field) ||
	    memcmp(field, pin_field, 8))
		return false;
	memcpy(fill, field + 8, 8);
	return iso4_seal(key, key_len, field, pan_field, again) &&
	       !memcmp(again, block, 16);
}

static int mac_op(int fd, unsigned long cmd, unsigned int slot,
		  unsigned int padding, const void *data, unsigned int len,
		  unsigned int mac_len, unsigned char mac[PINPAD_MAC_MAX])
{
	struct pinpad_mac m = {
		.slot = slot, .padding = padding, .len = len,
		.mac_len = mac_len, .data = (unsigned long)data,
	};
	int err;

	if (cmd == PINPAD_IOC_MAC_VERIFY)
		memcpy(m.mac, mac, PINPAD_MAC_MAX);
	else
		memset(m.mac, 0xEE, sizeof(m.mac));
	err = pp_ioctl(fd, cmd, &m);
	if (cmd == PINPAD_IOC_MAC_GENERATE)
		memcpy(mac, m.mac, PINPAD_MAC_MAX);
	return err;
}

/* CMAC of @len bytes, the whole tag asked for */
static int cmac(int fd, unsigned int slot, const void *data, unsigned int len,
		unsigned int mac_len, unsigned char mac[PINPAD_MAC_MAX])
{
	return mac_op(fd, PINPAD_IOC_MAC_GENERATE, slot, PINPAD_MAC_PAD_NONE,
		      data, len, mac_len, mac);
}

static int cmac_verify(int fd, unsigned int slot, const void *data,
		       unsigned int len, unsigned int mac_len,
		       const unsigned char *mac)
{
	unsigned char m[PINPAD_MAC_MAX] = {};

	memcpy(m, mac, mac_len > PINPAD_MAC_MAX ? PINPAD_MAC_MAX : mac_len);
	return mac_op(fd, PINPAD_IOC_MAC_VERIFY, slot, PINPAD_MAC_PAD_NONE,
		      data, len, mac_len, m);
}

/* CIPHER with a 16-byte IV (in and out for CBC, NULL for ECB) */
static int cipher(int fd, unsigned int slot, unsigned int mode,
		  unsigned int op, const void *in, void *out, unsigned int len,
		  unsigned char iv[16])
{
	return pp_cipher_iv(fd, slot, mode, op, in, out, len, iv, 16);
}

static int token_get(int fd, unsigned int slot, struct pinpad_token *tok)
{
	memset(tok, 0, sizeof(*tok));
	tok->slot = slot;
	return pp_ioctl(fd, PINPAD_IOC_TOKEN_GET, tok);
}

/* A libkcapi handle on @alg keyed with @tok: 0 or -errno of setkey */
static int kc_open_tok(struct kcapi_handle **h, const char *alg,
		       const struct pinpad_token *tok)
{
	return kc_open(h, alg, tok, sizeof(*tok));
}

/* ---- ISO 9564-1 format 4 ----------------------------------------------- */

/*
 * knovichikhin/psec tests/test_pinblock.py, test_encipher_pinblock_iso_4_det:
 * key 00112233..EEFF, PIN 1234, PAN 1234567890123456789; with a fill of FF
 * bytes the block is 28B41FDD D29B743E 93124BD8 E32D921E. The module's
 * fill is random, so its block must decipher to psec's PIN field 441234AA..
 * under psec's PAN field 71234567 89012345 6789000.. (both in psec's test),
 * and this test's OpenSSL path must give psec's block for psec's fill.
 */
TEST_F(aes, pin_block_iso4_published_vector)
{
	unsigned char field[16], block[16], fill[8];
	struct pinpad_pin_block pb;

	/* the checker first: OpenSSL and psec agree on psec's fill */
	memcpy(field, ISO4_PIN_FIELD, 8);
	memset(field + 8, 0xff, 8);
	ASSERT_TRUE(iso4_seal(ISO4_KEY, 16, field, ISO4_PAN_FIELD, block));
	ASSERT_EQ(0, memcmp(block, ISO4_BLOCK_FF, 16));

	ASSERT_EQ(0, pin_block(self->fd, PIN4_SLOT, PINPAD_PIN_FORMAT_ISO4,
			       "1234", PAN19, &pb));
	EXPECT_EQ(16, pb.block_len);
	EXPECT_TRUE(iso4_holds(ISO4_KEY, 16, pb.block, ISO4_PIN_FIELD,
			       ISO4_PAN_FIELD, fill));
	/* the request's PIN is not echoed, nor is anything clear */
	EXPECT_FALSE(pp_leaks(pb.block, 16, ISO4_PIN_FIELD, 8));
	EXPECT_FALSE(pp_leaks(pb.block, 16, ISO4_KEY, 16));
}

/* The fill is fresh from the kernel RNG at every call. */
TEST_F(aes, pin_block_iso4_fill_is_random)
{
	unsigned char fills[4][8];
	struct pinpad_pin_block pb[4];
	int i, j;

	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, pin_block(self->fd, PIN4_SLOT,
				       PINPAD_PIN_FORMAT_ISO4, "1234", PAN19,
				       &pb[i]));
		ASSERT_TRUE(iso4_holds(ISO4_KEY, 16, pb[i].block,
				       ISO4_PIN_FIELD, ISO4_PAN_FIELD,
				       fills[i]));
	}
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++) {
			EXPECT_NE(0, memcmp(pb[i].block, pb[j].block, 16));
			EXPECT_NE(0, memcmp(fills[i], fills[j], 8));
		}
}

/* Other PIN and PAN lengths, an AES-256 key, against OpenSSL. */
TEST_F(aes, pin_block_iso4_matches_openssl)
{
	struct pinpad_pin_block pb;
	unsigned char fill[8];

	ASSERT_EQ(0, pin_block(self->fd, PIN4B_SLOT, PINPAD_PIN_FORMAT_ISO4,
			       "123456789012", "4012345678909", &pb));
	EXPECT_EQ(16, pb.block_len);
	EXPECT_TRUE(iso4_holds(AES_PIN256, 32, pb.block, ISO4_PIN_FIELD_12,
			       ISO4_PAN_FIELD_13, fill));
	ASSERT_EQ(0, pin_block(self->fd, PIN4B_SLOT, PINPAD_PIN_FORMAT_ISO4,
			       "98765", "5555555555554444", &pb));
	EXPECT_TRUE(iso4_holds(AES_PIN256, 32, pb.block, ISO4_PIN_FIELD_5,
			       ISO4_PAN_FIELD_16, fill));
	/* a wrong PAN field does not open it: the PAN is bound in */
	EXPECT_FALSE(iso4_holds(AES_PIN256, 32, pb.block, ISO4_PIN_FIELD_5,
				ISO4_PAN_FIELD_13, fill));
}

/* Format 0 keeps working on a TDES P0 key, and fills 8 bytes only. */
TEST_F(aes, pin_block_iso0_on_tdes_key)
{
	static const unsigned char zero[8];
	struct pinpad_pin_block pb;

	ASSERT_EQ(0, pin_block(self->fd, PIN0_SLOT, PINPAD_PIN_FORMAT_ISO0,
			       "1234", "4012345678909", &pb));
	EXPECT_EQ(8, pb.block_len);
	EXPECT_EQ(0, memcmp(pb.block, PINBLK1_ENC, 8));
	EXPECT_EQ(0, memcmp(pb.block + 8, zero, 8));
}

/*
 * The format follows the key: format 4 needs an AES P0 key, format 0 a
 * TDES one; no other key makes PIN blocks. Nothing is written back.
 */
TEST_F(aes, pin_block_refusals)
{
	struct pinpad_pin_block pb;

	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, PIN0_SLOT,
					   PINPAD_PIN_FORMAT_ISO4, "1234",
					   PAN19, &pb));
	EXPECT_TRUE(untouched(&pb));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, PIN4_SLOT,
					   PINPAD_PIN_FORMAT_ISO0, "1234",
					   PAN19, &pb));
	EXPECT_TRUE(untouched(&pb));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, D0_SLOT,
					   PINPAD_PIN_FORMAT_ISO4, "1234",
					   PAN19, &pb));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, M6_128_SLOT,
					   PINPAD_PIN_FORMAT_ISO4, "1234",
					   PAN19, &pb));
	EXPECT_EQ(-ENOKEY, pin_block(self->fd, EMPTY_SLOT,
				     PINPAD_PIN_FORMAT_ISO4, "1234", PAN19,
				     &pb));
	EXPECT_TRUE(untouched(&pb));
	/* bad format, PIN or PAN: -EINVAL, whatever the key */
	EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN4_SLOT, 1, "1234", PAN19,
				     &pb));
	EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN4_SLOT, 5, "1234", PAN19,
				     &pb));
	EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN4_SLOT,
				     PINPAD_PIN_FORMAT_ISO4, "123", PAN19,
				     &pb));
	EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN4_SLOT,
				     PINPAD_PIN_FORMAT_ISO4, "12a4", PAN19,
				     &pb));
	EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN4_SLOT,
				     PINPAD_PIN_FORMAT_ISO4, "1234",
				     "123456789012", &pb));
	EXPECT_TRUE(untouched(&pb));
	/* block_len is out only: a caller's value is ignored, not refused */
}

/* Format 4 spends the same PIN budget as format 0 (budget.c). */
TEST_F(aes, pin_block_iso4_spends_the_pin_budget)
{
	struct pinpad_limit_info li = { .limit = PINPAD_LIMIT_PIN_BLOCK };
	struct pinpad_pin_block pb;
	unsigned int i, before;

	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_LIMIT_GET, &li));
	before = li.available;
	ASSERT_LT(1, before);
	ASSERT_EQ(0, pin_block(self->fd, PIN4_SLOT, PINPAD_PIN_FORMAT_ISO4,
			       "1234", PAN19, &pb));
	memset(&li, 0, sizeof(li));
	li.limit = PINPAD_LIMIT_PIN_BLOCK;
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_LIMIT_GET, &li));
	EXPECT_EQ(before - 1, li.available);
	/* spend the rest; the next one, either format, waits */
	for (i = 1; i < before; i++)
		ASSERT_EQ(0, pin_block(self->fd, PIN4_SLOT,
				       PINPAD_PIN_FORMAT_ISO4, "1234", PAN19,
				       &pb));
	EXPECT_EQ(-EAGAIN, pin_block(self->fd, PIN4_SLOT,
				     PINPAD_PIN_FORMAT_ISO4, "1234", PAN19,
				     &pb));
	EXPECT_TRUE(untouched(&pb));
	EXPECT_EQ(-EAGAIN, pin_block(self->fd, PIN0_SLOT,
				     PINPAD_PIN_FORMAT_ISO0, "1234",
				     "4012345678909", &pb));
}

/* ---- CMAC -------------------------------------------------------------- */

/* NIST SP 800-38B examples (AES_CMAC.pdf): the message's first 16, 40, 64 */
TEST_F(aes, cmac_sp800_38b)
{
	static const struct {
		unsigned int slot, len;
		const unsigned char *tag;
	} v[] = {
		{ M6_128_SLOT, 16, CMAC_T128_16 }, { M6_128_SLOT, 40, CMAC_T128_40 },
		{ M6_128_SLOT, 64, CMAC_T128_64 }, { M6_192_SLOT, 16, CMAC_T192_16 },
		{ M6_192_SLOT, 40, CMAC_T192_40 }, { M6_192_SLOT, 64, CMAC_T192_64 },
		{ M6_256_SLOT, 16, CMAC_T256_16 }, { M6_256_SLOT, 40, CMAC_T256_40 },
		{ M6_256_SLOT, 64, CMAC_T256_64 },
	};
	/* SP 800-38B Example 2, 4 and 10, as NIST prints them */
	static const unsigned char ex2[16] = {
		0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
		0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c,
	};
	static const unsigned char ex4[16] = {
		0x51, 0xf0, 0xbe, 0xbf, 0x7e, 0x3b, 0x9d, 0x92,
		0xfc, 0x49, 0x74, 0x17, 0x79, 0x36, 0x3c, 0xfe,
	};
	static const unsigned char ex10[16] = {
		0x28, 0xa7, 0x02, 0x3f, 0x45, 0x2e, 0x8f, 0x82,
		0xbd, 0x4b, 0xf2, 0x8d, 0x8c, 0x37, 0xc3, 0x5c,
	};
	unsigned char mac[PINPAD_MAC_MAX];
	size_t i;

	EXPECT_EQ(0, memcmp(CMAC_T128_16, ex2, 16));
	EXPECT_EQ(0, memcmp(CMAC_T128_64, ex4, 16));
	EXPECT_EQ(0, memcmp(CMAC_T256_16, ex10, 16));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ASSERT_EQ(0, cmac(self->fd, v[i].slot, CMAC_MSG, v[i].len, 16,
				  mac));
		EXPECT_EQ(0, memcmp(mac, v[i].tag, 16)) {
			TH_LOG("slot %u, %u bytes", v[i].slot, v[i].len);
		}
		EXPECT_EQ(0, cmac_verify(self->fd, v[i].slot, CMAC_MSG,
					 v[i].len, 16, v[i].tag));
	}
}

/* mac_len 4..16: the leftmost bytes (SP 800-38B MSB_Tlen), the rest zero */
TEST_F(aes, cmac_truncated)
{
	static const unsigned char zero[16];
	unsigned char mac[PINPAD_MAC_MAX];

	ASSERT_EQ(0, cmac(self->fd, M6_128_SLOT, CMAC_MSG, 40, 8, mac));
	EXPECT_EQ(0, memcmp(mac, CMAC_T128_40, 8));
	EXPECT_EQ(0, memcmp(mac + 8, zero, 8));
	ASSERT_EQ(0, cmac(self->fd, M6_128_SLOT, CMAC_MSG, 40, PINPAD_MAC_MIN,
			  mac));
	EXPECT_EQ(0, memcmp(mac, CMAC_T128_40, 4));
	EXPECT_EQ(0, memcmp(mac + 4, zero, 12));
	EXPECT_EQ(0, cmac_verify(self->fd, M6_128_SLOT, CMAC_MSG, 40, 8,
				 CMAC_T128_40));
}

/* TDES CMAC (SP 800-38B with three-key TDEA, TDES_CMAC.pdf): 8 bytes */
TEST_F(aes, cmac_tdes)
{
	unsigned char mac[PINPAD_MAC_MAX];

	ASSERT_EQ(0, cmac(self->fd, M6T_SLOT, CMAC_MSG, 8, 8, mac));
	EXPECT_EQ(0, memcmp(mac, CMAC_TTDES_8, 8));
	ASSERT_EQ(0, cmac(self->fd, M6T_SLOT, CMAC_MSG, 20, 8, mac));
	EXPECT_EQ(0, memcmp(mac, CMAC_TTDES_20, 8));
	ASSERT_EQ(0, cmac(self->fd, M6T_SLOT, CMAC_MSG, 32, 8, mac));
	EXPECT_EQ(0, memcmp(mac, CMAC_TTDES_32, 8));
	EXPECT_EQ(0, cmac_verify(self->fd, M6T_SLOT, CMAC_MSG, 20, 8,
				 CMAC_TTDES_20));
	/* a TDES tag is 8 bytes */
	EXPECT_EQ(-EINVAL, cmac(self->fd, M6T_SLOT, CMAC_MSG, 20, 9, mac));
}

/* Our own key and data, against openssl mac CMAC (gen-aes-vectors.sh) */
TEST_F(aes, cmac_matches_openssl)
{
	unsigned char mac[PINPAD_MAC_MAX];

	ASSERT_EQ(0, cmac(self->fd, M6G_SLOT, AES_PLAIN, 64, 16, mac));
	EXPECT_EQ(0, memcmp(mac, MACG_PLAIN, 16));
}

TEST_F(aes, cmac_verify_mismatch)
{
	unsigned char bad[16];
	int i;

	for (i = 0; i < 16; i += 5) {
		memcpy(bad, CMAC_T192_40, 16);
		bad[i] ^= 0x01;
		EXPECT_EQ(-EBADMSG, cmac_verify(self->fd, M6_192_SLOT,
						CMAC_MSG, 40, 16, bad));
	}
	/* one byte of data more: another MAC */
	EXPECT_EQ(-EBADMSG, cmac_verify(self->fd, M6_192_SLOT, CMAC_MSG, 41,
					16, CMAC_T192_40));
}

TEST_F(aes, cmac_refusals)
{
	unsigned char mac[PINPAD_MAC_MAX];

	/* CMAC pads itself: padding must be PINPAD_MAC_PAD_NONE */
	EXPECT_EQ(-EINVAL, mac_op(self->fd, PINPAD_IOC_MAC_GENERATE,
				  M6_128_SLOT, PINPAD_MAC_PAD_ISO1, CMAC_MSG,
				  16, 16, mac));
	EXPECT_EQ(-EINVAL, mac_op(self->fd, PINPAD_IOC_MAC_GENERATE,
				  M6_128_SLOT, PINPAD_MAC_PAD_ISO2, CMAC_MSG,
				  16, 16, mac));
	EXPECT_EQ(-EINVAL, cmac(self->fd, M6_128_SLOT, CMAC_MSG, 16,
				PINPAD_MAC_MAX + 1, mac));
	EXPECT_EQ(-EINVAL, cmac(self->fd, M6_128_SLOT, CMAC_MSG, 16,
				PINPAD_MAC_MIN - 1, mac));
	EXPECT_EQ(-EINVAL, cmac(self->fd, M6_128_SLOT, CMAC_MSG, 0, 16, mac));
	/* a generate-only key does not verify */
	EXPECT_EQ(-EKEYREJECTED, cmac_verify(self->fd, M6G_SLOT, AES_PLAIN,
					     64, 16, MACG_PLAIN));
	/* no other key makes MACs */
	EXPECT_EQ(-EKEYREJECTED, cmac(self->fd, D0_SLOT, CMAC_MSG, 16, 16,
				      mac));
	EXPECT_EQ(-EKEYREJECTED, cmac(self->fd, PIN4_SLOT, CMAC_MSG, 16, 16,
				      mac));
	EXPECT_EQ(-ENOKEY, cmac(self->fd, EMPTY_SLOT, CMAC_MSG, 16, 16, mac));
}

/* ---- CIPHER ------------------------------------------------------------ */

TEST_F(aes, cipher_ecb_cbc_match_openssl)
{
	unsigned char out[64], back[64], iv[16];

	ASSERT_EQ(0, cipher(self->fd, D0_SLOT, PINPAD_MODE_ECB,
			    PINPAD_OP_ENCRYPT, AES_PLAIN, out, 64, NULL));
	EXPECT_EQ(0, memcmp(out, AES256_ECB, 64));
	ASSERT_EQ(0, cipher(self->fd, D0_SLOT, PINPAD_MODE_ECB,
			    PINPAD_OP_DECRYPT, out, back, 64, NULL));
	EXPECT_EQ(0, memcmp(back, AES_PLAIN, 64));

	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, cipher(self->fd, D0_SLOT, PINPAD_MODE_CBC,
			    PINPAD_OP_ENCRYPT, AES_PLAIN, out, 64, iv));
	EXPECT_EQ(0, memcmp(out, AES256_CBC, 64));
	/* the chaining value out: the last ciphertext block */
	EXPECT_EQ(0, memcmp(iv, AES256_CBC + 48, 16));
	/* two calls chain as one */
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, cipher(self->fd, D0_SLOT, PINPAD_MODE_CBC,
			    PINPAD_OP_ENCRYPT, AES_PLAIN, out, 32, iv));
	ASSERT_EQ(0, cipher(self->fd, D0_SLOT, PINPAD_MODE_CBC,
			    PINPAD_OP_ENCRYPT, AES_PLAIN + 32, out + 32, 32,
			    iv));
	EXPECT_EQ(0, memcmp(out, AES256_CBC, 64));
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, cipher(self->fd, D0_SLOT, PINPAD_MODE_CBC,
			    PINPAD_OP_DECRYPT, out, out, 64, iv));
	EXPECT_EQ(0, memcmp(out, AES_PLAIN, 64));
}

/* Mode E encrypts only, mode D decrypts only (X9.143 mode of use). */
TEST_F(aes, cipher_direction_follows_mode)
{
	unsigned char out[64], iv[16];

	ASSERT_EQ(0, cipher(self->fd, D0E_SLOT, PINPAD_MODE_ECB,
			    PINPAD_OP_ENCRYPT, AES_PLAIN, out, 64, NULL));
	EXPECT_EQ(0, memcmp(out, AES128E_ECB, 64));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, D0E_SLOT, PINPAD_MODE_ECB,
					PINPAD_OP_DECRYPT, AES128E_ECB, out,
					64, NULL));
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, cipher(self->fd, D0D_SLOT, PINPAD_MODE_CBC,
			    PINPAD_OP_DECRYPT, AES192D_CBC, out, 64, iv));
	EXPECT_EQ(0, memcmp(out, AES_PLAIN, 64));
	memcpy(iv, AES_IV, 16);
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, D0D_SLOT, PINPAD_MODE_CBC,
					PINPAD_OP_ENCRYPT, AES_PLAIN, out, 64,
					iv));
	EXPECT_EQ(0, memcmp(iv, AES_IV, 16));
}

TEST_F(aes, cipher_refusals)
{
	unsigned char out[64], iv[16] = { 1 };

	memset(out, 0xEE, sizeof(out));
	/* AES works in 16-byte blocks */
	EXPECT_EQ(-EINVAL, cipher(self->fd, D0_SLOT, PINPAD_MODE_ECB,
				  PINPAD_OP_ENCRYPT, AES_PLAIN, out, 8, NULL));
	EXPECT_EQ(-EINVAL, cipher(self->fd, D0_SLOT, PINPAD_MODE_CBC,
				  PINPAD_OP_ENCRYPT, AES_PLAIN, out, 40, iv));
	/* ECB takes no IV */
	EXPECT_EQ(-EINVAL, cipher(self->fd, D0_SLOT, PINPAD_MODE_ECB,
				  PINPAD_OP_ENCRYPT, AES_PLAIN, out, 16, iv));
	/* a MAC key, a PIN key: not for CIPHER (the usage-confusion case) */
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, M6_128_SLOT,
					PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
					AES_PLAIN, out, 16, NULL));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, PIN4_SLOT, PINPAD_MODE_ECB,
					PINPAD_OP_DECRYPT, AES_PLAIN, out, 16,
					NULL));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, PIN4_SLOT, PINPAD_MODE_ECB,
					PINPAD_OP_ENCRYPT, AES_PLAIN, out, 16,
					NULL));
	EXPECT_EQ(-ENOKEY, cipher(self->fd, EMPTY_SLOT, PINPAD_MODE_ECB,
				  PINPAD_OP_ENCRYPT, AES_PLAIN, out, 16,
				  NULL));
	{
		unsigned char ee[64];

		memset(ee, 0xEE, sizeof(ee));
		EXPECT_EQ(0, memcmp(out, ee, sizeof(out)));
	}
}

/* ---- the crypto API: ecb(pinpad-aes), cbc(pinpad-aes) ------------------ */

TEST_F(aes, af_alg_equals_ioctl_and_openssl)
{
	unsigned char out[64], back[64], iv[16];
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok;

	ASSERT_EQ(0, token_get(self->fd, D0_SLOT, &tok));
	EXPECT_FALSE(pp_leaks(&tok, sizeof(tok), AES_DATA256, 32));

	ASSERT_EQ(0, kc_open_tok(&h, PINPAD_ALG_AES_ECB, &tok));
	ASSERT_EQ(0, kc_crypt(h, true, AES_PLAIN, out, 64, NULL));
	EXPECT_EQ(0, memcmp(out, AES256_ECB, 64));
	ASSERT_EQ(0, kc_crypt(h, false, out, back, 64, NULL));
	EXPECT_EQ(0, memcmp(back, AES_PLAIN, 64));
	/* whole blocks only */
	EXPECT_GT(0, kc_crypt(h, true, AES_PLAIN, out, 24, NULL));
	kcapi_cipher_destroy(h);

	ASSERT_EQ(0, kc_open_tok(&h, PINPAD_ALG_AES_CBC, &tok));
	EXPECT_EQ(16, kcapi_cipher_ivsize(h));
	EXPECT_EQ(16, kcapi_cipher_blocksize(h));
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, kc_crypt(h, true, AES_PLAIN, out, 64, iv));
	EXPECT_EQ(0, memcmp(out, AES256_CBC, 64));
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, kc_crypt(h, false, AES256_CBC, back, 64, iv));
	EXPECT_EQ(0, memcmp(back, AES_PLAIN, 64));
	kcapi_cipher_destroy(h);
}

/*
 * A token works only with the skciphers of its key's algorithm: a TDES
 * key's token is refused by the AES ones and the other way round.
 */
TEST_F(aes, af_alg_token_algorithm_must_match)
{
	struct pinpad_token aes_tok, tdes_tok;
	struct kcapi_handle *h = NULL;

	ASSERT_EQ(0, token_get(self->fd, D0_SLOT, &aes_tok));
	ASSERT_EQ(0, token_get(self->fd, D0T_SLOT, &tdes_tok));
	EXPECT_EQ(-EKEYREJECTED, kc_open_tok(&h, PINPAD_ALG_AES_ECB, &tdes_tok));
	kcapi_cipher_destroy(h);
	h = NULL;
	EXPECT_EQ(-EKEYREJECTED, kc_open_tok(&h, PINPAD_ALG_AES_CBC, &tdes_tok));
	kcapi_cipher_destroy(h);
	h = NULL;
	EXPECT_EQ(-EKEYREJECTED, kc_open_tok(&h, PINPAD_ALG_ECB, &aes_tok));
	kcapi_cipher_destroy(h);
	h = NULL;
	EXPECT_EQ(-EKEYREJECTED, kc_open_tok(&h, PINPAD_ALG_CBC, &aes_tok));
	kcapi_cipher_destroy(h);
	h = NULL;
	/* and each with its own */
	EXPECT_EQ(0, kc_open_tok(&h, PINPAD_ALG_ECB, &tdes_tok));
	kcapi_cipher_destroy(h);
}

/* The direction is checked against the key's mode at every request. */
TEST_F(aes, af_alg_direction_follows_mode)
{
	unsigned char out[64], iv[16];
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok;

	ASSERT_EQ(0, token_get(self->fd, D0E_SLOT, &tok));
	ASSERT_EQ(0, kc_open_tok(&h, PINPAD_ALG_AES_ECB, &tok));
	ASSERT_EQ(0, kc_crypt(h, true, AES_PLAIN, out, 64, NULL));
	EXPECT_EQ(0, memcmp(out, AES128E_ECB, 64));
	EXPECT_EQ(-EKEYREJECTED, kc_crypt(h, false, AES128E_ECB, out, 64,
					  NULL));
	kcapi_cipher_destroy(h);
	h = NULL;

	ASSERT_EQ(0, token_get(self->fd, D0D_SLOT, &tok));
	ASSERT_EQ(0, kc_open_tok(&h, PINPAD_ALG_AES_CBC, &tok));
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, kc_crypt(h, false, AES192D_CBC, out, 64, iv));
	EXPECT_EQ(0, memcmp(out, AES_PLAIN, 64));
	memcpy(iv, AES_IV, 16);
	EXPECT_EQ(-EKEYREJECTED, kc_crypt(h, true, AES_PLAIN, out, 64, iv));
	kcapi_cipher_destroy(h);
}

/* Tokens are for D0 keys only: PIN and MAC keys never reach AF_ALG. */
TEST_F(aes, token_only_for_data_keys)
{
	struct pinpad_token tok;

	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, PIN4_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, M6_256_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, M6G_SLOT, &tok));
	EXPECT_EQ(0, token_get(self->fd, D0E_SLOT, &tok));
	EXPECT_EQ(0, token_get(self->fd, D0D_SLOT, &tok));
}

/* ---- AES working keys from X9.143 key blocks --------------------------- */

/*
 * The way AES working keys really arrive: version D key blocks under an
 * AES-256 KBPK (made by gen-keyblocks.sh with the openssl CLI alone), then
 * used by the operations their usage allows, and only those.
 */
TEST_F(aes, working_keys_from_version_d_key_blocks)
{
	unsigned char out[64], iv[16], mac[PINPAD_MAC_MAX], fill[8];
	struct pinpad_slot_info info;
	struct pinpad_pin_block pb;

	ASSERT_EQ(0, pp_inject_attr(self->fd, KBPK_SLOT, PINPAD_ALG_AES,
				    "K0AD00N", KB_KBPK, 32, NULL));
	ASSERT_EQ(0, pp_load_wk(self->fd, KB_P0_SLOT, KBPK_SLOT, KB_AES_P0,
				KB_PIN_KCV));
	ASSERT_EQ(0, pp_load_wk(self->fd, KB_M6_SLOT, KBPK_SLOT, KB_AES_M6,
				KB_MAC_KCV));
	ASSERT_EQ(0, pp_load_wk(self->fd, KB_D0_SLOT, KBPK_SLOT, KB_AES_D0D,
				KB_DATA_KCV));
	ASSERT_EQ(0, pp_slot_info(self->fd, KB_P0_SLOT, &info));
	EXPECT_EQ(PINPAD_ALG_AES, info.alg);
	EXPECT_EQ(16, info.key_len);

	/* the P0 key makes format 4 blocks, and only those */
	ASSERT_EQ(0, pin_block(self->fd, KB_P0_SLOT, PINPAD_PIN_FORMAT_ISO4,
			       "1234", PAN19, &pb));
	EXPECT_TRUE(iso4_holds(KB_PIN_KEY, 16, pb.block, ISO4_PIN_FIELD,
			       ISO4_PAN_FIELD, fill));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, KB_P0_SLOT,
					   PINPAD_PIN_FORMAT_ISO0, "1234",
					   PAN19, &pb));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, KB_P0_SLOT, PINPAD_MODE_ECB,
					PINPAD_OP_DECRYPT, pb.block, out, 16,
					NULL));

	/* the M6 key: CMAC, against openssl; no CIPHER */
	ASSERT_EQ(0, cmac(self->fd, KB_M6_SLOT, AES_PLAIN, 64, 16, mac));
	EXPECT_EQ(0, memcmp(mac, KB_MAC_PLAIN, 16));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, KB_M6_SLOT, PINPAD_MODE_ECB,
					PINPAD_OP_ENCRYPT, AES_PLAIN, out, 16,
					NULL));

	/* the D0 key of mode D decrypts, and never encrypts */
	memcpy(iv, AES_IV, 16);
	ASSERT_EQ(0, cipher(self->fd, KB_D0_SLOT, PINPAD_MODE_CBC,
			    PINPAD_OP_DECRYPT, KB_DATA_CBC, out, 64, iv));
	EXPECT_EQ(0, memcmp(out, AES_PLAIN, 64));
	memcpy(iv, AES_IV, 16);
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, KB_D0_SLOT, PINPAD_MODE_CBC,
					PINPAD_OP_ENCRYPT, AES_PLAIN, out, 64,
					iv));
}

TEST_HARNESS_MAIN
