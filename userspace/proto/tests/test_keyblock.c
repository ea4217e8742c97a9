// SPDX-License-Identifier: MIT
/*
 * test_keyblock.c - the X9.143 (TR-31) key block codec: the published
 * vectors, round trips for every algorithm and length with and without
 * length obfuscation, and every refusal issue #11 lists, each with the
 * text that names what was wrong.
 */
#include <stdio.h>
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "test.h"

/*
 * TR-31:2018 A.7.2.2 (version B) and A.7.4 (version D), as reproduced in
 * openemv/tr31 test/tr31_decrypt_test.c and knovichikhin/psec
 * tests/test_tr31.py (Documentation/test-vectors.md, B-A722 and D-A74).
 */
#define A722_KBPK	"DD7515F2BFC17F85CE48F3CA25CB21F6"
#define A722_BLOCK	"B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3" \
			"B8E4FA4C5F5341176EED7B727B8A248E"
#define A74_KBPK	"88E1AB2A2E3DD38C1FA039A536500CC8" \
			"A87AB9D62DC92C01058FA79F44657DE6"
#define A74_BLOCK	"D0112P0AE00E0000B82679114F470F540165EDFBF7E250FC" \
			"EA43F810D215F8D207E2E417C07156A27E8E31DA05F74255" \
			"09593D03A457DC34"
#define A7_KEY		"3F419E1CB7079442AA37474C2EFBF8B8"

/* A 32-byte AES KBPK and distinct, non-degenerate key bytes */
static const uint8_t kbpk32[32] = {
	0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
	0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f,
	0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87,
	0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0, 0x01,
};
static const uint8_t key32[32] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67,
	0x13, 0x57, 0x9b, 0xdf, 0x02, 0x46, 0x8a, 0xce,
};

static const struct rkd_kb_attr p0_t = { "P0", 'T', 'E', "00", 'N' };
static const struct rkd_kb_attr p0_a = { "P0", 'A', 'E', "00", 'N' };

/* unwrap @block, expect @want and a @why that contains @needle */
static void check_refused_at(const char *file, int line, const uint8_t *kbpk,
			     size_t kbpk_len, const char *block, size_t len,
			     int want, const char *needle)
{
	struct rkd_kb_attr attr;
	uint8_t key[32];
	size_t key_len = 99;
	const char *why = NULL;
	int r;

	r = rkd_kb_unwrap(kbpk, kbpk_len, block, len, &attr, key,
			  sizeof(key), &key_len, &why);
	check_at(r == want, file, line, "unwrap gave %s, expected %s (%s)",
		 rkd_errname(r), rkd_errname(want), why ? why : "-");
	check_at(why && strstr(why, needle), file, line,
		 "why \"%s\" lacks \"%s\"", why ? why : "(null)", needle);
	check_at(key_len == 0 && attr.usage[0] == 0, file, line,
		 "outputs not zeroed on refusal");
}
#define CHECK_REFUSED(kbpk, kl, block, len, want, needle) \
	check_refused_at(__FILE__, __LINE__, kbpk, kl, block, len, want, \
			 needle)

static void test_published(void)
{
	uint8_t kbpk[32], key[32], kcv[3];
	struct rkd_kb_attr attr;
	size_t key_len;
	const char *why;

	/* TR-31:2018 A.7.2.2: version B, 2TDEA KBPK, a 2TDEA PIN key */
	unhex(A722_KBPK, kbpk, sizeof(kbpk));
	CHECK_ERR(rkd_kb_unwrap_ex(kbpk, 16, A722_BLOCK, strlen(A722_BLOCK),
				   &attr, key, sizeof(key), &key_len,
				   RKD_KB_F_EXPORTABLE, &why), RKD_OK);
	CHECK_INT(key_len, 16);
	CHECK_HEX(key, 16, A7_KEY);
	CHECK(!memcmp(attr.usage, "P0", 2) && attr.algorithm == 'T' &&
	      attr.mode == 'E' && !memcmp(attr.version, "00", 2) &&
	      attr.exportability == 'E');
	/* exportability E: the published blocks open only for the
	 * conformance check; rkd_kb_unwrap() refuses them (test_refusals) */

	/* TR-31:2018 A.7.4: version D, AES-256 KBPK, a 2TDEA PIN key */
	unhex(A74_KBPK, kbpk, sizeof(kbpk));
	CHECK_ERR(rkd_kb_unwrap_ex(kbpk, 32, A74_BLOCK, strlen(A74_BLOCK),
				   &attr, key, sizeof(key), &key_len,
				   RKD_KB_F_EXPORTABLE, &why), RKD_OK);
	CHECK_INT(key_len, 16);
	CHECK_HEX(key, 16, A7_KEY);
	CHECK(attr.algorithm == 'A');
	/* Documentation/test-vectors.md: the key's KCVs, TDES and AES */
	CHECK_ERR(rkd_kcv_alg('T', key, 16, kcv), RKD_OK);
	CHECK_HEX(kcv, 3, "57C409");
	CHECK_ERR(rkd_kcv_alg('A', key, 16, kcv), RKD_OK);
	CHECK_HEX(kcv, 3, "08793E");
}

static void test_round_trips(void)
{
	static const struct { char ver, alg; size_t kbpk, key; } cases[] = {
		{ 'B', 'T', 16, 16 }, { 'B', 'T', 24, 16 },
		{ 'B', 'T', 24, 24 },
		{ 'D', 'T', 16, 16 }, { 'D', 'T', 16, 24 },
		{ 'D', 'T', 32, 24 }, { 'D', 'A', 16, 16 },
		{ 'D', 'A', 24, 16 }, { 'D', 'A', 24, 24 },
		{ 'D', 'A', 32, 16 }, { 'D', 'A', 32, 24 },
		{ 'D', 'A', 32, 32 },
	};
	struct rkd_kb_attr attr = p0_a, got;
	char block[RKD_KB_MAX];
	size_t i, len, key_len, want_len;
	uint8_t key[32];
	const char *why;
	int obf;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (obf = 0; obf <= 1; obf++) {
			size_t blk = cases[i].ver == 'B' ? 8 : 16;
			size_t room = obf ? (cases[i].alg == 'A' ? 32 : 24) :
					    cases[i].key;

			attr.algorithm = cases[i].alg;
			CHECK_ERR(rkd_kb_wrap(cases[i].ver, kbpk32,
					      cases[i].kbpk, &attr, key32,
					      cases[i].key, obf, block,
					      sizeof(block), &len, &why),
				  RKD_OK);
			want_len = 16 + 2 * ((2 + room + blk - 1) / blk * blk) +
				   2 * blk;
			check_at(len == want_len, __FILE__, __LINE__,
				 "case %zu/%d: length %zu, expected %zu", i,
				 obf, len, want_len);
			CHECK_ERR(rkd_kb_unwrap(kbpk32, cases[i].kbpk, block,
						len, &got, key, sizeof(key),
						&key_len, &why), RKD_OK);
			CHECK_INT(key_len, cases[i].key);
			CHECK_MEM(key, key32, cases[i].key);
			CHECK(!memcmp(&got, &attr, sizeof(got)));
		}
	}
}

/* A block the rules would refuse, made anyway to show it is refused */
static size_t wrap_raw(char ver, const uint8_t *kbpk, size_t kbpk_len,
		       const struct rkd_kb_attr *attr, const uint8_t *key,
		       size_t key_len, const char *opt, unsigned int n_opt,
		       char *out)
{
	struct rkd_kb_wrap_opts o = { opt, n_opt, NULL, true };
	size_t len = 0;

	CHECK_ERR(rkd_kb_wrap_ex(ver, kbpk, kbpk_len, attr, key, key_len, 1,
				 &o, out, RKD_KB_MAX, &len, NULL), RKD_OK);
	return len;
}

static void test_refusals(void)
{
	char block[RKD_KB_MAX], copy[RKD_KB_MAX];
	struct rkd_kb_attr attr;
	uint8_t kbpk[32], weak[16];
	size_t len, i, flips = 0, refused = 0, key_len;
	uint8_t key[32];
	int r;

	/* the published B block says exportability E: refused */
	unhex(A722_KBPK, kbpk, sizeof(kbpk));
	CHECK_REFUSED(kbpk, 16, A722_BLOCK, strlen(A722_BLOCK),
		      RKD_ERR_KB_REFUSED, "exportability");
	unhex(A74_KBPK, kbpk, sizeof(kbpk));
	CHECK_REFUSED(kbpk, 32, A74_BLOCK, strlen(A74_BLOCK),
		      RKD_ERR_KB_REFUSED, "exportability");

	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 16, NULL, 0, block);

	/* one bit flipped anywhere: every position, every bit of it */
	for (i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(copy, block, len);
			copy[i] ^= (char)(1 << bit);
			r = rkd_kb_unwrap(kbpk32, 32, copy, len, &attr, key,
					  sizeof(key), &key_len, NULL);
			flips++;
			refused += r != RKD_OK;
		}
	}
	check_at(refused == flips, __FILE__, __LINE__,
		 "%zu of %zu one-bit changes were refused", refused, flips);
	/* a bit of the ciphertext: the MAC says so */
	memcpy(copy, block, len);
	copy[40] = copy[40] == '0' ? '1' : '0';
	CHECK_REFUSED(kbpk32, 32, copy, len, RKD_ERR_BAD_MAC, "MAC");

	/* header usage changed with the MAC left: P0 -> D0 */
	memcpy(copy, block, len);
	copy[PINPAD_KB_OFF_USAGE] = 'D';
	CHECK_REFUSED(kbpk32, 32, copy, len, RKD_ERR_BAD_MAC,
		      "does not verify");

	/* truncated: one character less, one block less, header only */
	CHECK_REFUSED(kbpk32, 32, block, len - 1, RKD_ERR_KB_FORMAT,
		      "length field");
	CHECK_REFUSED(kbpk32, 32, block, 10, RKD_ERR_KB_FORMAT,
		      "shorter than its 16-character header");

	/* a wrong length field */
	memcpy(copy, block, len);
	copy[PINPAD_KB_OFF_LENGTH + 3] ^= 1;
	CHECK_REFUSED(kbpk32, 32, copy, len, RKD_ERR_KB_FORMAT,
		      "length field");

	/* unknown versions: A (variant, deprecated), C, E, 0 */
	for (i = 0; i < 4; i++) {
		memcpy(copy, block, len);
		copy[0] = "ACE0"[i];
		CHECK_REFUSED(kbpk32, 32, copy, len, RKD_ERR_KB_FORMAT,
			      "unknown key block version");
	}

	/* a B block under an AES KBPK (32 bytes: AES only) */
	len = wrap_raw('B', kbpk32, 24, &p0_t, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_FORMAT,
		      "does not fit the KBPK");
	/* and under the right TDES KBPK it opens */
	CHECK_ERR(rkd_kb_unwrap(kbpk32, 24, block, len, &attr, key,
				sizeof(key), &key_len, NULL), RKD_OK);

	/* a KBPK weaker than its key: AES-256 key under AES-128 KBPK,
	 * 3TDEA key under a 2TDEA KBPK */
	len = wrap_raw('D', kbpk32, 16, &p0_a, key32, 32, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 16, block, len, RKD_ERR_KB_REFUSED,
		      "stronger than its KBPK");
	len = wrap_raw('B', kbpk32, 16, &p0_t, key32, 24, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 16, block, len, RKD_ERR_KB_REFUSED,
		      "stronger than its KBPK");
	/* AES-128 under 3TDEA (112 bits) */
	len = wrap_raw('B', kbpk32, 24, &p0_a, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 24, block, len, RKD_ERR_KB_REFUSED,
		      "stronger than its KBPK");

	/* an unknown critical optional block (no PB needed: 16+8+8 = 32) */
	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 16,
		       "ZZ08ABCDKS080A0B", 2, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "unknown optional block");

	/* B0 (BDK): refused until the DUKPT issue */
	attr = p0_a;
	memcpy(attr.usage, "B0", 2);
	attr.mode = 'X';
	len = wrap_raw('D', kbpk32, 32, &attr, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "key usage not accepted");
	/* a MAC key with mode E */
	attr = p0_a;
	memcpy(attr.usage, "M3", 2);
	len = wrap_raw('D', kbpk32, 32, &attr, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "mode of use");
	/* exportability S */
	attr = p0_a;
	attr.exportability = 'S';
	len = wrap_raw('D', kbpk32, 32, &attr, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "exportability");
	/* a degenerate TDES key K1 == K2 */
	memcpy(weak, key32, 8);
	memcpy(weak + 8, key32, 8);
	len = wrap_raw('D', kbpk32, 32, &p0_t, weak, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_WEAK_KEY,
		      "degenerate");
	/* an AES key of 20 bytes */
	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 20, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "does not fit its algorithm");
	/* a key version that is not letters or digits */
	attr = p0_a;
	memcpy(attr.version, "0-", 2);
	len = wrap_raw('D', kbpk32, 32, &attr, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_FORMAT,
		      "not letters or digits");
	/* M3, the retail MAC, on an AES key */
	attr = p0_a;
	memcpy(attr.usage, "M3", 2);
	attr.mode = 'C';
	len = wrap_raw('D', kbpk32, 32, &attr, key32, 16, NULL, 0, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "TDES MAC");
	/* the reserved header characters 14-15 */
	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 16, NULL, 0, block);
	block[14] = '1';
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_FORMAT,
		      "reserved");

	/* wrap refuses what unwrap would */
	attr = p0_a;
	attr.exportability = 'E';
	CHECK_ERR(rkd_kb_wrap('D', kbpk32, 32, &attr, key32, 16, 1, block,
			      sizeof(block), &len, NULL), RKD_ERR_KB_REFUSED);
	CHECK_ERR(rkd_kb_wrap('B', kbpk32, 32, &p0_t, key32, 16, 1, block,
			      sizeof(block), &len, NULL), RKD_ERR_ARGUMENT);
	CHECK_ERR(rkd_kb_wrap('D', kbpk32, 32, &p0_a, key32, 32, 1, block,
			      40, &len, NULL), RKD_ERR_NO_SPACE);
}

/* KC / KP of @key: "01" and the first 5 bytes of its CMAC KCV */
static void cmac_kcv(char alg, const uint8_t *key, size_t len, char out[11])
{
	static const uint8_t zero[16];
	uint8_t mac[16];

	CHECK_ERR(rkd_cmac(alg, key, len, zero, alg == 'A' ? 16 : 8, NULL, 0,
			   mac), RKD_OK);
	snprintf(out, 11, "%02X%02X%02X%02X%02X", mac[0], mac[1], mac[2],
		 mac[3], mac[4]);
}

/* Optional blocks the rules refuse: the blocks, their count, the answer */
static const struct {
	const char *opt;
	unsigned int n;
	int want;
	const char *why;
} bad_opt[] = {
	/* a KP of another KBPK */
	{ "KP10010102030405PB10000000000000", 2, RKD_ERR_KB_REFUSED,
	  "KP does not match" },
	/* a legacy (00) KC of an AES key: the module has none */
	{ "KC0C00ABCDEFPB140000000000000000", 2, RKD_ERR_KB_REFUSED,
	  "KC does not match" },
	/* KS that is not hex */
	{ "KS08XYZWPB08ABCD", 2, RKD_ERR_KB_REFUSED, "KS" },
	/* the header's count says 3, there are 2: the third is no block */
	{ "KS080A0BPB08ABCD", 3, RKD_ERR_KB_FORMAT, "optional block" },
	{ "PB08ABCDKS080A0B", 2, RKD_ERR_KB_REFUSED, "not the last" },
	{ "KS080A0BKS080A0B", 2, RKD_ERR_KB_REFUSED, "twice" },
	{ "KSFF0A0BPB08ABCD", 2, RKD_ERR_KB_FORMAT, "runs past" },
	/* the extended length form ("00"): the module refuses it */
	{ "KS0002100A0B0C0D", 1, RKD_ERR_KB_FORMAT, "extended form" },
	{ "KS080A\x7f" "BPB08ABCD", 2, RKD_ERR_KB_FORMAT, "not printable" },
	/* the header not a whole number of cipher blocks */
	{ "KS080A0B", 1, RKD_ERR_KB_FORMAT, "whole number of cipher blocks" },
};

static void test_optional_blocks(void)
{
	char block[RKD_KB_MAX], opt[80], kc[11], kp[11], legacy[7];
	struct rkd_kb_attr attr;
	uint8_t key[32], kcv3[3];
	size_t len, key_len, i;
	const char *why;

	cmac_kcv('A', key32, 16, kc);
	cmac_kcv('A', kbpk32, 32, kp);
	/* KC (01: CMAC KCV of the key), KP (of the KBPK), KS, PB to a
	 * whole number of AES blocks: 16 + 16 + 16 + 14 + 18 = 80 */
	snprintf(opt, sizeof(opt), "KC1001%sKP1001%sKS0E0123456789"
		 "PB1200000000000000", kc, kp);
	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 16, opt, 4, block);
	CHECK_ERR(rkd_kb_unwrap(kbpk32, 32, block, len, &attr, key,
				sizeof(key), &key_len, &why), RKD_OK);
	CHECK_MEM(key, key32, 16);
	/* a legacy KC (00: TDES A.2, 3 bytes) of a TDES key, under B */
	CHECK_ERR(rkd_kcv_alg('T', key32, 16, kcv3), RKD_OK);
	snprintf(legacy, sizeof(legacy), "%02X%02X%02X", kcv3[0], kcv3[1],
		 kcv3[2]);
	snprintf(opt, sizeof(opt), "KC0C00%sPB04", legacy);
	len = wrap_raw('B', kbpk32, 24, &p0_t, key32, 16, opt, 2, block);
	CHECK_ERR(rkd_kb_unwrap(kbpk32, 24, block, len, &attr, key,
				sizeof(key), &key_len, &why), RKD_OK);

	/* a KC that does not match */
	kc[9] = kc[9] == '0' ? '1' : '0';
	snprintf(opt, sizeof(opt), "KC1001%sPB10000000000000", kc);
	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 16, opt, 2, block);
	CHECK_REFUSED(kbpk32, 32, block, len, RKD_ERR_KB_REFUSED,
		      "KC does not match");
	/* optional blocks the rules refuse, each under the AES KBPK */
	for (i = 0; i < sizeof(bad_opt) / sizeof(bad_opt[0]); i++) {
		len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 16,
			       bad_opt[i].opt, bad_opt[i].n, block);
		check_refused_at(__FILE__, __LINE__, kbpk32, 32, block, len,
				 bad_opt[i].want, bad_opt[i].why);
	}
}

/* A key block under another KBPK does not open (the session test's case) */
static void test_other_kbpk(void)
{
	char block[RKD_KB_MAX];
	uint8_t other[32];
	size_t len;

	memcpy(other, kbpk32, 32);
	other[31] ^= 0x80;
	len = wrap_raw('D', kbpk32, 32, &p0_a, key32, 32, NULL, 0, block);
	CHECK_REFUSED(other, 32, block, len, RKD_ERR_BAD_MAC, "another KBPK");
}

void test_keyblock(void)
{
	test_published();
	test_round_trips();
	test_refusals();
	test_optional_blocks();
	test_other_kbpk();
}
