// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kb_tests.c - unit tests of kmod/keyblock.c (X9.143 / TR-31 key blocks,
 * versions B and D) on the host: the module's own source, its crypto from
 * OpenSSL (kb_host_crypto.c).
 *
 * Vectors:
 *  - TR-31:2018 A.7.2.2 (version B) and A.7.4 (version D), as printed;
 *    also in openemv/tr31 test/tr31_decrypt_test.c and knovichikhin/psec
 *    tests/test_tr31.py (Documentation/test-vectors.md): KBPKs
 *    DD7515F2BFC17F85CE48F3CA25CB21F6 and 88E1AB2A...44657DE6, key
 *    3F419E1CB7079442AA37474C2EFBF8B8, KCVs 57C409 (TDES) and 08793E
 *    (AES-CMAC). Their exportability is E: pinpad_kb_unwrap() refuses
 *    them after the MAC verifies; pinpad_kb_selftest() decodes them.
 *  - blocks made at build time by the openssl CLI (gen-kb-vectors.sh, on
 *    tests/kselftest/gen-keyblocks.sh): good ones, whose key must come
 *    out byte for byte, and authenticated ones policy must refuse.
 *
 * With --seeds DIR, writes the fuzzer's seeds (fuzz_keyblock.c's input
 * format: one byte naming the KBPK, then the block).
 */
#include <stdio.h>
#include <stdlib.h>

#include "host-test.h"
#include "keyblock.h"
#include "kb_fuzz_kbpk.h"

#define suite_done(name)	test_suite_done(name, 40)

struct kb_vec {
	const char *name, *kbpk, *key, *attr, *block;
};

#include "kb_vectors.h"

static const char pub_b[] = "B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F5341176EED7B727B8A248E";
static const char pub_d[] = "D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34";

static size_t unhex(const char *s, u8 *out)
{
	size_t i, n = strlen(s) / 2;

	for (i = 0; i < n; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
	return n;
}

/* The KBPK of a vector: TDES if 16 or 24 bytes and version B */
static void kbpk_of(const struct kb_vec *v, struct pinpad_key *k)
{
	u8 raw[32];
	size_t n = unhex(v->kbpk, raw);

	CHECK_INT(pinpad_key_set(k, v->block[0] == 'B' ? PINPAD_ALG_TDES :
				 PINPAD_ALG_AES, raw, n), 0);
}

static int unwrap(const struct pinpad_key *kbpk, const char *b, size_t len,
		  struct pinpad_key_attr *a, struct pinpad_key *out)
{
	return pinpad_kb_unwrap(kbpk, (const u8 *)b, len, a, out);
}

static void test_published(void)
{
	struct pinpad_key kbpk, out;
	struct pinpad_key_attr a;
	u8 raw[32];

	CHECK_INT(pinpad_kb_selftest(), 0);
	unhex("DD7515F2BFC17F85CE48F3CA25CB21F6", raw);
	CHECK_INT(pinpad_key_set(&kbpk, PINPAD_ALG_TDES, raw, 16), 0);
	CHECK_INT(unwrap(&kbpk, pub_b, strlen(pub_b), &a, &out),
		  -EKEYREJECTED);
	CHECK_INT(out.alg, PINPAD_ALG_NONE);
	/* under an AES KBPK: one answer, before any MAC */
	unhex("88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6",
	      raw);
	CHECK_INT(pinpad_key_set(&kbpk, PINPAD_ALG_AES, raw, 32), 0);
	CHECK_INT(unwrap(&kbpk, pub_b, strlen(pub_b), &a, &out), -EBADMSG);
	CHECK_INT(unwrap(&kbpk, pub_d, strlen(pub_d), &a, &out),
		  -EKEYREJECTED);
	suite_done("published examples");
}

/* Every bit of every byte flipped, every truncation: -EBADMSG each */
static void test_flips(const char *name, const struct kb_vec *v)
{
	size_t len = strlen(v->block), i, bad = 0, total = 0;
	struct pinpad_key kbpk, out;
	struct pinpad_key_attr a;
	char b[PINPAD_KEY_BLOCK_MAX];
	int bit;

	kbpk_of(v, &kbpk);
	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++, total++) {
			memcpy(b, v->block, len);
			b[i] ^= 1 << bit;
			bad += unwrap(&kbpk, b, len, &a, &out) != -EBADMSG;
		}
	}
	for (i = 0; i < len; i++, total++)
		bad += unwrap(&kbpk, v->block, i, &a, &out) != -EBADMSG;
	check_at(!bad, __FILE__, __LINE__, "%s: %zu of %zu altered blocks not -EBADMSG",
		 name, bad, total);
	suite_done(name);
}

static void test_good(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kb_good); i++) {
		const struct kb_vec *v = &kb_good[i];
		struct pinpad_key kbpk, out;
		struct pinpad_key_attr a;
		u8 key[32];
		size_t n = unhex(v->key, key);
		int err;

		kbpk_of(v, &kbpk);
		err = unwrap(&kbpk, v->block, strlen(v->block), &a, &out);
		check_at(!err, __FILE__, __LINE__, "%s: %d", v->name, err);
		check_at(!err && out.len == n && !memcmp(out.key, key, n) &&
			 !memcmp(&a, v->attr, 7) && !a.reserved0,
			 __FILE__, __LINE__, "%s: key or attributes", v->name);
	}
	suite_done("blocks that load");
}

static void test_policy(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kb_policy); i++) {
		const struct kb_vec *v = &kb_policy[i];
		struct pinpad_key kbpk, out;
		struct pinpad_key_attr a;
		int err;

		kbpk_of(v, &kbpk);
		err = unwrap(&kbpk, v->block, strlen(v->block), &a, &out);
		check_at(err == -EKEYREJECTED && out.alg == PINPAD_ALG_NONE &&
			 !a.usage[0], __FILE__, __LINE__,
			 "%s: %d, expected -EKEYREJECTED", v->name, err);
	}
	suite_done("policy refusals");
}

static void test_structure(void)
{
	const struct kb_vec *v = &kb_good[0];
	struct pinpad_key kbpk, out;
	struct pinpad_key_attr a;
	char b[PINPAD_KEY_BLOCK_MAX + 2];
	size_t n = strlen(v->block);

	kbpk_of(v, &kbpk);
	/* versions other than B and D */
	memcpy(b, v->block, n);
	b[0] = 'C';
	CHECK_INT(unwrap(&kbpk, b, n, &a, &out), -EBADMSG);
	b[0] = 'A';
	CHECK_INT(unwrap(&kbpk, b, n, &a, &out), -EBADMSG);
	/* too long for the UAPI, empty */
	memset(b, 'A', sizeof(b));
	CHECK_INT(unwrap(&kbpk, b, PINPAD_KEY_BLOCK_MAX + 1, &a, &out),
		  -EBADMSG);
	CHECK_INT(unwrap(&kbpk, b, 0, &a, &out), -EBADMSG);
	/* an empty KBPK */
	memset(&kbpk, 0, sizeof(kbpk));
	CHECK_INT(unwrap(&kbpk, v->block, n, &a, &out), -EBADMSG);
	suite_done("structure");
}

/* The fuzzer's seeds: each good and policy vector under its KBPK's id */
static int write_seeds(const char *dir)
{
	const struct kb_vec *all[2] = { kb_good, kb_policy };
	size_t counts[2] = { ARRAY_SIZE(kb_good), ARRAY_SIZE(kb_policy) };
	size_t i, j, k;

	for (i = 0; i < 2; i++) {
		for (j = 0; j < counts[i]; j++) {
			const struct kb_vec *v = &all[i][j];
			char path[512];
			FILE *f;

			for (k = 0; k < KB_FUZZ_KBPKS; k++)
				if (!strcmp(kb_fuzz_kbpk[k], v->kbpk))
					break;
			if (k == KB_FUZZ_KBPKS)
				continue;
			snprintf(path, sizeof(path), "%s/v%zu-%zu", dir, i, j);
			f = fopen(path, "wb");
			if (!f)
				return 1;
			fputc((int)k, f);
			fputs(v->block, f);
			fclose(f);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--seeds"))
		return write_seeds(argv[2]);
	test_published();
	test_flips("every bit, version B (A.7.2.2)",
		   &(struct kb_vec){ "", "DD7515F2BFC17F85CE48F3CA25CB21F6",
				     "", "", pub_b });
	test_flips("every bit, version D (A.7.4)",
		   &(struct kb_vec){ "", "88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6",
				     "", "", pub_d });
	test_flips("every bit, version B with KS KC KP PB", &kb_good[4]);
	test_good();
	test_policy();
	test_structure();
	return test_summary();
}
