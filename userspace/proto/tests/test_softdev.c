// SPDX-License-Identifier: MIT
/*
 * test_softdev.c - the software device against an RKS played here with the
 * library's own server-side pieces (OAEP decryption, codecs), as
 * tests/kselftest/session_test.c plays it against pinpad.ko.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "rkd_cert.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_msg.h"
#include "rkd_rl.h"
#include "rkd_softdev.h"
#include "test.h"
#include "vectors.h"

struct rks {
	EVP_PKEY *sk;
	uint8_t *cert;
	size_t cert_len;
	uint8_t body[RKD_BODY_MAX];	/* WORK_CERT: cert and its list */
	size_t body_len;
	uint8_t at[24], tk1[32], tk[32], kmac[32], kbpk[32];
};

static void *slurp(const char *name, size_t *len)
{
	char path[512];
	static uint8_t *p;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", pki_dir, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0) {
		perror(path);
		exit(2);
	}
	rewind(f);
	p = malloc((size_t)n);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static EVP_PKEY *load_key(const char *name)
{
	char path[512];
	EVP_PKEY *k;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", pki_dir, name);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

static X509 *load_root(void)
{
	size_t len;
	uint8_t *der = slurp("root.der", &len);
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);

	free(der);
	return x;
}

static struct rkd_softdev *new_dev_cached(X509 *root, unsigned int flags,
					  struct rkd_softdev_cache *cache)
{
	struct rkd_softdev_params p = {
		.dsn = VA_DSN, .root = root, .flags = flags, .cache = cache,
	};
	uint8_t factor[16], dik2[24];
	struct rkd_softdev *d = NULL;

	p.factor_len = unhex(VA_FACTOR, factor, sizeof(factor));
	p.factor = factor;
	unhex(VA_DIK2, dik2, sizeof(dik2));
	p.dik2 = dik2;
	CHECK_ERR(rkd_softdev_new(&p, &d), RKD_OK);
	return d;
}

static struct rkd_softdev *new_dev(X509 *root, unsigned int flags)
{
	return new_dev_cached(root, flags, NULL);
}

/* The WORK_CERT body for the RKS's certificate and @rl (may be none). */
static void with_rl(struct rks *rks, const uint8_t *rl, size_t rl_len)
{
	struct rkd_buf b;

	rkd_buf_fixed(&b, rks->body, sizeof(rks->body));
	CHECK_ERR(rkd_work_cert_encode(&b, rks->cert, rks->cert_len, rl,
				       rl_len), RKD_OK);
	rks->body_len = rkd_buf_len(&b);
}

/* A WORK_CERT body for @der alone; free() it. */
static uint8_t *wc_body(const uint8_t *der, size_t n, size_t *len)
{
	uint8_t *b = malloc(n + 2);

	b[0] = (uint8_t)(n >> 8);
	b[1] = (uint8_t)n;
	memcpy(b + 2, der, n);
	*len = n + 2;
	return b;
}

/*
 * How the RKS of authenticate_as() makes its CHALLENGE: as a holder of
 * DIK2 does, or as an impostor who holds a root-signed work certificate
 * and its key but not DIK1 (so not DIK2) would try to.
 */
enum chal_kind {
	CHAL_GOOD,
	CHAL_RANDOM,		/* 64 random bytes */
	CHAL_REPEATED,		/* one block six times, random tag */
	CHAL_PERMUTED,		/* a good one with two blocks swapped */
	CHAL_REPLAYED,		/* the last good one, from an earlier session */
	CHAL_OTHER_DIK2,	/* well made, under a DIK2 of its own */
	CHAL_KINDS,
};

/* S301-S309 against the device; leaves TK, K_MAC and KBPK_S in @rks. */
static int authenticate_as(struct rkd_softdev *d, struct rks *rks,
			   enum chal_kind kind)
{
	static uint8_t last_good[RKD_CHALLENGE_LEN];
	uint8_t mem[4096], plain[512], chal[RKD_CHALLENGE_LEN], dik2[24];
	struct rkd_transcript th = { 0 };
	uint8_t h[32], tmp[8];
	struct rkd_hello hello;
	struct rkd_buf out;
	uint8_t type;
	size_t n;
	int i, r;

	rkd_buf_fixed(&out, mem, sizeof(mem));
	if ((r = rkd_softdev_step(d, 0, NULL, 0, &type, &out)) != 0)
		return r;
	CHECK_INT(type, RKD_MSG_HELLO);
	CHECK_ERR(rkd_hello_decode(rkd_buf_ptr(&out), rkd_buf_len(&out),
				   &hello), RKD_OK);
	CHECK(strcmp(hello.dsn, VA_DSN) == 0);
	rkd_transcript_start(&th);
	rkd_transcript_add(&th, RKD_MSG_HELLO, rkd_buf_ptr(&out),
			   rkd_buf_len(&out));
	rkd_buf_reset(&out);

	if (!rks->body_len)
		with_rl(rks, NULL, 0);
	if ((r = rkd_softdev_step(d, RKD_MSG_WORK_CERT, rks->body,
				  rks->body_len, &type, &out)) != 0)
		goto out;
	CHECK_INT(type, RKD_MSG_FACTOR);
	CHECK_INT(rkd_buf_len(&out), rkd_rsa_modulus_len(rks->sk));
	rkd_transcript_add(&th, RKD_MSG_WORK_CERT, rks->body, rks->body_len);
	rkd_transcript_add(&th, RKD_MSG_FACTOR, rkd_buf_ptr(&out),
			   rkd_buf_len(&out));
	CHECK_ERR(rkd_oaep_decrypt(rks->sk, rkd_buf_ptr(&out),
				   rkd_buf_len(&out), plain, sizeof(plain),
				   &n), RKD_OK);
	CHECK_INT(n, 16);
	CHECK_HEX(plain, n, VA_FACTOR);
	rkd_buf_reset(&out);

	rkd_random(rks->at, 24);
	rkd_random(rks->tk1, 32);
	unhex(VA_DIK2, dik2, sizeof(dik2));
	if (kind == CHAL_OTHER_DIK2)
		unhex(VB_DIK2, dik2, sizeof(dik2));
	rkd_transcript_hash(&th, h);				/* H_C */
	CHECK_ERR(rkd_challenge_seal(dik2, h, rks->at, rks->tk1, chal),
		  RKD_OK);
	switch (kind) {
	case CHAL_RANDOM:
		rkd_random(chal, sizeof(chal));
		break;
	case CHAL_REPEATED:
		for (i = 1; i < 7; i++)
			memcpy(chal + 8 * i, chal, 8);
		rkd_random(chal + 56, 16);
		break;
	case CHAL_PERMUTED:
		memcpy(tmp, chal, 8);
		memcpy(chal, chal + 24, 8);
		memcpy(chal + 24, tmp, 8);
		break;
	case CHAL_REPLAYED:
		memcpy(chal, last_good, sizeof(chal));
		break;
	default:
		break;
	}
	if ((r = rkd_softdev_step(d, RKD_MSG_CHALLENGE, chal, sizeof(chal),
				  &type, &out)) != 0) {
		/* refused: the device sends nothing and forgets the session */
		CHECK_INT(rkd_buf_len(&out), 0);
		CHECK_INT(type, 0);
		CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);
		goto out;
	}
	memcpy(last_good, chal, sizeof(chal));
	CHECK_INT(type, RKD_MSG_RESPONSE);
	CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_AWAIT_KEYS);
	rkd_transcript_add(&th, RKD_MSG_CHALLENGE, chal, sizeof(chal));
	rkd_transcript_add(&th, RKD_MSG_RESPONSE, rkd_buf_ptr(&out),
			   rkd_buf_len(&out));
	CHECK_ERR(rkd_oaep_decrypt(rks->sk, rkd_buf_ptr(&out),
				   rkd_buf_len(&out), plain, sizeof(plain),
				   &n), RKD_OK);
	CHECK_INT(n, 88);
	CHECK(memcmp(plain, rks->at, 24) == 0);
	for (i = 0; i < 32; i++)
		rks->tk[i] = rks->tk1[i] ^ plain[24 + i];
	rkd_sha256(rks->tk, 32, h);
	if (memcmp(h, plain + 56, 32) != 0) {
		r = RKD_ERR_BAD_MAC;		/* "TK_SHA2 mismatch" */
		goto out;
	}
	rkd_transcript_hash(&th, h);				/* H_R */
	rkd_kmac_derive(rks->tk, h, rks->kmac);
	rkd_kbpk_derive(rks->tk, h, rks->kbpk);
	r = RKD_OK;
out:
	rkd_transcript_free(&th);
	return r;
}

static int authenticate(struct rkd_softdev *d, struct rks *rks)
{
	return authenticate_as(d, rks, CHAL_GOOD);
}

/* How send_key() spoils a KEY (its MAC stays good: K_MAC is the RKS's) */
enum key_spoil {
	KEY_GOOD,
	KEY_BIT_FLIPPED,	/* one bit of the key block's ciphertext */
	KEY_OTHER_KBPK,		/* wrapped under another session's KBPK_S */
};

/*
 * A KEY body for @key (clear), a version D key block under KBPK_S with
 * the class's usual attributes (TMK K0/D, PIN P0/E, DATA D0/B) and
 * algorithm @alg.
 */
static int send_key_as(struct rkd_softdev *d, struct rks *rks,
		       uint8_t index, uint8_t slot, uint8_t usage, char alg,
		       const char *key_hex, enum key_spoil spoil)
{
	static const char *const kb[] = { "", "K0D", "P0E", "M3C", "D0B" };
	static const struct rkd_kb_wrap_opts raw = { .no_policy = true };
	struct rkd_key_msg m = { .index = index, .slot = slot };
	struct rkd_kb_attr a = { { kb[usage][0], kb[usage][1] }, alg,
				 kb[usage][2], "00", 'N' };
	uint8_t key[32], kbpk[32], mem[RKD_BODY_MAX], type = 0xee;
	struct rkd_buf out, dummy;
	size_t key_len, n = 0;

	key_len = unhex(key_hex, key, sizeof(key));
	memcpy(kbpk, rks->kbpk, sizeof(kbpk));
	if (spoil == KEY_OTHER_KBPK)
		rkd_random(kbpk, sizeof(kbpk));
	/* the device's rules are under test: the RKS side checks none */
	CHECK_ERR(rkd_kb_wrap_ex('D', kbpk, sizeof(kbpk), &a, key, key_len, 1,
				 &raw, m.block, sizeof(m.block), &n, NULL),
		  RKD_OK);
	m.block_len = (uint16_t)n;
	if (spoil == KEY_BIT_FLIPPED)	/* a hex digit of the key data */
		m.block[40] = m.block[40] == '0' ? '1' : '0';
	rkd_buf_fixed(&out, mem, sizeof(mem));
	CHECK_ERR(rkd_key_encode(&out, &m, rks->kmac), RKD_OK);
	rkd_buf_fixed(&dummy, key, sizeof(key));
	return rkd_softdev_step(d, RKD_MSG_KEY, rkd_buf_ptr(&out),
				rkd_buf_len(&out), &type, &dummy);
}

static int send_key(struct rkd_softdev *d, struct rks *rks, uint8_t index,
		    uint8_t slot, uint8_t usage, const char *key_hex,
		    enum key_spoil spoil)
{
	return send_key_as(d, rks, index, slot, usage, 'T', key_hex, spoil);
}

static int send_done(struct rkd_softdev *d, struct rks *rks, uint8_t count,
		     struct rkd_receipt *rc)
{
	uint8_t mem[32], rmem[256], type;
	struct rkd_buf out, in;
	int r;

	rkd_buf_fixed(&out, mem, sizeof(mem));
	rkd_done_encode(&out, count, rks->kmac);
	rkd_buf_fixed(&in, rmem, sizeof(rmem));
	r = rkd_softdev_step(d, RKD_MSG_DONE, rkd_buf_ptr(&out), 17, &type,
			     &in);
	if (r == 0) {
		CHECK_INT(type, RKD_MSG_RECEIPT);
		r = rkd_receipt_decode(rkd_buf_ptr(&in), rkd_buf_len(&in),
				       rks->kmac, rc);
	}
	return r;
}

static void test_full_session(struct rks *rks, X509 *root)
{
	struct rkd_softdev *d = new_dev(root, 0);
	uint8_t mem[32], type, usage, len, kcv[3], want[3], k[24];
	struct rkd_receipt rc;
	struct rkd_buf out, none;

	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 0, 3, RKD_USAGE_TMK, VA_DIK1, KEY_GOOD),
		  RKD_OK);
	CHECK_ERR(send_key(d, rks, 1, 20, RKD_USAGE_PIN, K16, KEY_GOOD), RKD_OK);
	/* nothing reaches a slot before DONE */
	CHECK_ERR(rkd_softdev_slot(d, 3, &usage, &len, kcv), RKD_ERR_ARGUMENT);
	CHECK_ERR(send_done(d, rks, 2, &rc), RKD_OK);
	CHECK_INT(rc.count, 2);
	CHECK_INT(rc.e[0].slot, 3);
	CHECK_HEX(rc.e[0].kcv, 3, KCV_OF_VA_DIK1);
	CHECK_INT(rc.e[1].slot, 20);
	CHECK_HEX(rc.e[1].kcv, 3, KCV_OF_K16);
	CHECK_INT(rkd_softdev_keys_stored(d), 2);
	CHECK_ERR(rkd_softdev_slot(d, 20, &usage, &len, kcv), RKD_OK);
	CHECK_INT(usage, RKD_USAGE_PIN);
	CHECK_INT(len, 16);
	unhex(KCV_OF_K16, want, 3);
	CHECK(memcmp(kcv, want, 3) == 0);

	rkd_buf_fixed(&out, mem, sizeof(mem));
	rkd_ack_encode(&out, 0, rks->kmac);
	rkd_buf_fixed(&none, k, sizeof(k));
	CHECK_ERR(rkd_softdev_step(d, RKD_MSG_ACK, rkd_buf_ptr(&out), 17,
				   &type, &none), RKD_OK);
	CHECK_INT(type, 0);
	CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_COMPLETE);
	/* after the end, nothing is expected */
	CHECK_ERR(rkd_softdev_step(d, RKD_MSG_ACK, rkd_buf_ptr(&out), 17,
				   &type, &none), RKD_ERR_UNEXPECTED);
	rkd_softdev_free(d);
}

/*
 * v3: an AES-256 TMK and an AES-128 PIN key delivered in key blocks; the
 * RECEIPT's KCVs are X9.24-1:2017 A.3 (AES-CMAC of a zero block).
 * KCVs: openssl mac -cipher AES-256-CBC -macopt hexkey:$K CMAC of 16
 * zero bytes; the PIN key and its KCV 08793E are TR-31:2018 A.7.4's
 * (Documentation/test-vectors.md, D-A74).
 */
#define AES256_TMK	"88E1AB2A2E3DD38C1FA039A536500CC8" \
			"A87AB9D62DC92C01058FA79F44657DE6"
/* CMAC 2331550BC9EB136D05E43D5694339307: the KCV is its first 3 bytes */
#define AES256_TMK_KCV	"233155"
#define AES128_PIN	"3F419E1CB7079442AA37474C2EFBF8B8"
#define AES128_PIN_KCV	"08793E"

static void test_aes_session(struct rks *rks, X509 *root)
{
	struct rkd_softdev *d = new_dev(root, 0);
	uint8_t usage, len, kcv[3];
	struct rkd_kb_attr attr;
	struct rkd_receipt rc;

	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key_as(d, rks, 0, 5, RKD_USAGE_TMK, 'A', AES256_TMK,
			      KEY_GOOD), RKD_OK);
	CHECK_ERR(send_key_as(d, rks, 1, 21, RKD_USAGE_PIN, 'A', AES128_PIN,
			      KEY_GOOD), RKD_OK);
	CHECK_ERR(send_done(d, rks, 2, &rc), RKD_OK);
	CHECK_INT(rc.count, 2);
	CHECK_INT(rc.e[0].slot, 5);
	CHECK_HEX(rc.e[0].kcv, 3, AES256_TMK_KCV);
	CHECK_INT(rc.e[1].slot, 21);
	CHECK_HEX(rc.e[1].kcv, 3, AES128_PIN_KCV);
	CHECK_ERR(rkd_softdev_slot(d, 5, &usage, &len, kcv), RKD_OK);
	CHECK_INT(usage, RKD_USAGE_TMK);
	CHECK_INT(len, 32);
	/* the block's attributes are kept with the key */
	CHECK_ERR(rkd_softdev_slot_attr(d, 21, &attr), RKD_OK);
	CHECK(!memcmp(attr.usage, "P0", 2) && attr.algorithm == 'A' &&
	      attr.mode == 'E' && attr.exportability == 'N');
	rkd_softdev_free(d);
}

static void test_refusals(struct rks *rks, X509 *root)
{
	static const char *const bad_certs[] = {
		"workrogue.der", "worknoaki.der", "work1024.der",
		"work2048.pem",		/* not DER */
	};
	uint8_t mem[1024], type, usage, len, kcv[3];
	struct rkd_softdev *d;
	struct rkd_receipt rc;
	struct rkd_buf out;
	size_t i, n;

	rkd_buf_fixed(&out, mem, sizeof(mem));
	/* S315: the work certificate must come from the root */
	for (i = 0; i < sizeof(bad_certs) / sizeof(bad_certs[0]); i++) {
		uint8_t *raw = slurp(bad_certs[i], &n);
		uint8_t *der = wc_body(raw, n, &n);

		free(raw);

		d = new_dev(root, 0);
		rkd_buf_reset(&out);
		rkd_softdev_step(d, 0, NULL, 0, &type, &out);
		rkd_buf_reset(&out);
		check_at(rkd_softdev_step(d, RKD_MSG_WORK_CERT, der, n, &type,
					  &out) == RKD_ERR_CERT, __FILE__,
			 __LINE__, "%s refused", bad_certs[i]);
		CHECK_INT(rkd_buf_len(&out), 0);
		CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);
		free(der);
		rkd_softdev_free(d);
	}

	/* a truncated certificate; trailing bytes after the DER */
	{
		uint8_t *der = slurp("work2048.der", &n), *big, *body;
		size_t bn;

		d = new_dev(root, 0);
		rkd_buf_reset(&out);
		rkd_softdev_step(d, 0, NULL, 0, &type, &out);
		body = wc_body(der, n - 1, &bn);
		CHECK_ERR(rkd_softdev_step(d, RKD_MSG_WORK_CERT, body, bn,
					   &type, &out), RKD_ERR_CERT);
		free(body);
		big = calloc(1, n + 1);
		memcpy(big, der, n);
		body = wc_body(big, n + 1, &bn);
		rkd_softdev_step(d, 0, NULL, 0, &type, &out);
		CHECK_ERR(rkd_softdev_step(d, RKD_MSG_WORK_CERT, body, bn,
					   &type, &out), RKD_ERR_CERT);
		free(body);
		free(big);
		free(der);
		rkd_softdev_free(d);
	}

	/* out of order: a CHALLENGE before the certificate */
	d = new_dev(root, 0);
	rkd_buf_reset(&out);
	rkd_softdev_step(d, 0, NULL, 0, &type, &out);
	CHECK_ERR(rkd_softdev_step(d, RKD_MSG_CHALLENGE, mem, 64, &type, &out),
		  RKD_ERR_UNEXPECTED);
	rkd_softdev_free(d);

	/*
	 * v3: a KEY whose block was changed (one bit), or is under another
	 * session's KBPK_S: refused, the session over, nothing stored; a KEY
	 * out of order; a slot twice
	 */
	d = new_dev(root, 0);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 0, 3, RKD_USAGE_TMK, K16, KEY_BIT_FLIPPED),
		  RKD_ERR_BAD_MAC);
	CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 0, 3, RKD_USAGE_TMK, K16, KEY_GOOD),
		  RKD_OK);
	CHECK_ERR(send_key(d, rks, 1, 4, RKD_USAGE_TMK, K16, KEY_OTHER_KBPK),
		  RKD_ERR_BAD_MAC);
	CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);
	CHECK_ERR(rkd_softdev_slot(d, 3, &usage, &len, kcv), RKD_ERR_ARGUMENT);
	CHECK_INT(rkd_softdev_keys_stored(d), 0);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 1, 3, RKD_USAGE_TMK, K16, KEY_GOOD),
		  RKD_ERR_BAD_FIELD);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 0, 3, RKD_USAGE_TMK, K16, KEY_GOOD), RKD_OK);
	CHECK_ERR(send_key(d, rks, 1, 3, RKD_USAGE_TMK, VA_DIK1, KEY_GOOD),
		  RKD_ERR_BAD_FIELD);
	/* a degenerate key (K1 == K2) */
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 0, 3, RKD_USAGE_TMK,
			   "0123456789abcdef0123456789abcdef", KEY_GOOD),
		  RKD_ERR_WEAK_KEY);
	/* DONE counting other than what was staged: nothing stored */
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_ERR(send_key(d, rks, 0, 4, RKD_USAGE_TMK, K16, KEY_GOOD), RKD_OK);
	CHECK_ERR(send_done(d, rks, 2, &rc), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_softdev_slot(d, 4, &usage, &len, kcv), RKD_ERR_ARGUMENT);
	rkd_softdev_free(d);

	/*
	 * The impostor RKS: a root-signed certificate and its key, not DIK1.
	 * Whatever CHALLENGE it makes, the device stores nothing and sends
	 * nothing; and a good session still works afterwards.
	 */
	d = new_dev(root, 0);
	for (i = CHAL_RANDOM; i < CHAL_KINDS; i++) {
		CHECK_ERR(authenticate(d, rks), RKD_OK);	/* for replay */
		check_at(authenticate_as(d, rks, (enum chal_kind)i) ==
			 RKD_ERR_BAD_MAC, __FILE__, __LINE__,
			 "forged CHALLENGE %zu refused", i);
		CHECK_INT(rkd_softdev_keys_stored(d), 0);
	}
	for (i = 0; i < RKD_SLOTS; i++)
		CHECK_ERR(rkd_softdev_slot(d, (unsigned int)i, &usage, &len,
					   kcv), RKD_ERR_ARGUMENT);
	rkd_softdev_free(d);

	/* the test hook: a wrong TK_SHA2 */
	d = new_dev(root, RKD_SOFTDEV_F_BAD_TK_SHA2);
	CHECK_ERR(authenticate(d, rks), RKD_ERR_BAD_MAC);
	rkd_softdev_free(d);
}

/* A list numbered @number naming @cert (or nothing), signed by @signer */
static size_t make_rl(const char *signer, uint64_t number,
		      const uint8_t *cert, size_t cert_len, uint8_t *out)
{
	uint8_t hash[1][32];
	EVP_PKEY *k = load_key(signer);
	size_t n = 0;

	if (cert)
		rkd_sha256(cert, cert_len, hash[0]);
	CHECK_ERR(rkd_rl_make(k, number, hash, cert ? 1 : 0, out, 1024, &n),
		  RKD_OK);
	EVP_PKEY_free(k);
	return n;
}

/*
 * Revocation (protocol.md, "Revocation list"): a list of the root's, the
 * newest seen kept, an older one or none refused, a named cert refused.
 */
static void test_revocation(struct rks *rks, X509 *root)
{
	uint8_t rl[1024], other[1] = { 0 };
	struct rkd_softdev *d = new_dev(root, 0);
	size_t n;

	/* list 5 naming another certificate: accepted, 5 kept */
	n = make_rl("root.key", 5, other, sizeof(other), rl);
	with_rl(rks, rl, n);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_INT(rkd_softdev_rl_seen(d), 5);
	/* an older list, or none at all, is refused now */
	n = make_rl("root.key", 4, NULL, 0, rl);
	with_rl(rks, rl, n);
	CHECK_ERR(authenticate(d, rks), RKD_ERR_CERT);
	with_rl(rks, NULL, 0);
	CHECK_ERR(authenticate(d, rks), RKD_ERR_CERT);
	/* a list not signed by the root; a malformed one */
	n = make_rl("rogue.key", 9, NULL, 0, rl);
	with_rl(rks, rl, n);
	CHECK_ERR(authenticate(d, rks), RKD_ERR_CERT);
	rl[4] = 2;
	with_rl(rks, rl, n);
	CHECK_ERR(authenticate(d, rks), RKD_ERR_CERT);
	CHECK_INT(rkd_softdev_rl_seen(d), 5);
	/* list 6 naming this very certificate: refused, 6 kept */
	n = make_rl("root.key", 6, rks->cert, rks->cert_len, rl);
	with_rl(rks, rl, n);
	CHECK_ERR(authenticate(d, rks), RKD_ERR_CERT);
	CHECK_INT(rkd_softdev_rl_seen(d), 6);
	CHECK_INT(rkd_softdev_keys_stored(d), 0);
	/* the same list again, and the next, naming another: fine */
	n = make_rl("root.key", 6, other, sizeof(other), rl);
	with_rl(rks, rl, n);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	rkd_softdev_free(d);
	with_rl(rks, NULL, 0);
}

/*
 * A work certificate for @pk, signed by the test root (root.key), valid
 * from a minute ago until @secs seconds from now, with make-pki.sh's
 * profile (its work()); made here because the openssl CLI of OpenSSL 3.0
 * cannot end a certificate seconds from now. Its DER; free() it.
 */
static uint8_t *short_lived_cert(X509 *root, EVP_PKEY *pk, long secs,
				 time_t *not_after, size_t *len)
{
	static const char *const ext[][2] = {
		{ "basicConstraints", "CA:FALSE" },
		{ "keyUsage", "critical,keyEncipherment" },
		{ "extendedKeyUsage", RKD_OID_RKS_WORK },
		{ "subjectKeyIdentifier", "hash" },
		{ "authorityKeyIdentifier", "keyid" },
	};
	EVP_PKEY *ca = load_key("root.key");
	X509 *x = X509_new();
	unsigned char *der = NULL, *copy;
	X509_EXTENSION *e;
	X509V3_CTX v3;
	size_t i;
	int n;

	CHECK(ca && x);
	*not_after = time(NULL) + secs;
	CHECK(X509_set_version(x, X509_VERSION_3) == 1 &&
	      ASN1_INTEGER_set(X509_get_serialNumber(x), 4242) == 1 &&
	      X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
					 MBSTRING_ASC, (const unsigned char *)
					 "RKS_WCRT short-lived", -1, -1,
					 0) == 1 &&
	      X509_set_issuer_name(x, X509_get_subject_name(root)) == 1 &&
	      X509_time_adj_ex(X509_getm_notBefore(x), 0, -60,
			       not_after) &&
	      X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, not_after) &&
	      X509_set_pubkey(x, pk) == 1);
	X509V3_set_ctx(&v3, root, x, NULL, NULL, 0);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		e = X509V3_EXT_nconf(NULL, &v3, ext[i][0], ext[i][1]);
		CHECK(e && X509_add_ext(x, e, -1) == 1);
		X509_EXTENSION_free(e);
	}
	CHECK(X509_sign(x, ca, EVP_sha256()) > 0);
	n = i2d_X509(x, &der);
	CHECK(n > 0);
	copy = malloc((size_t)n);
	memcpy(copy, der, (size_t)n);
	*len = (size_t)n;
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(ca);
	return copy;
}

/* The cache's counters are @hits and @misses */
static void check_cache_at(const char *file, int line,
			   const struct rkd_softdev_cache *c,
			   unsigned long hits, unsigned long misses)
{
	unsigned long h, m;

	rkd_softdev_cache_stats(c, &h, &m);
	check_at(h == hits && m == misses, file, line,
		 "cache hits %lu misses %lu, expected %lu %lu", h, m, hits,
		 misses);
}
#define CHECK_CACHE(c, hits, misses) \
	check_cache_at(__FILE__, __LINE__, c, hits, misses)

/* One WORK_CERT of certificate @der (no list) to a fresh session of @d */
static int work_cert_alone(struct rkd_softdev *d, const uint8_t *der,
			   size_t n)
{
	uint8_t mem[1024], type;
	struct rkd_buf out;
	size_t bn;
	uint8_t *body = wc_body(der, n, &bn);
	int r;

	rkd_buf_fixed(&out, mem, sizeof(mem));
	CHECK_ERR(rkd_softdev_step(d, 0, NULL, 0, &type, &out), RKD_OK);
	rkd_buf_reset(&out);
	r = rkd_softdev_step(d, RKD_MSG_WORK_CERT, body, bn, &type, &out);
	if (r != RKD_OK) {
		CHECK_INT(rkd_buf_len(&out), 0);
		CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);
	}
	free(body);
	return r;
}

/*
 * The WORK_CERT cache (rkd_softdev_cache_new()): byte-identical
 * certificate and list take the cached verdict; whatever the full checks
 * refuse, the cached path refuses too: another certificate, a changed or
 * missing list, a list older than the device has seen, a certificate
 * that expired between two sessions.
 */
static void test_cache_certs(struct rks *rks, X509 *root,
			     struct rkd_softdev_cache *c)
{
	static const char *const bad_certs[] = {
		"workrogue.der", "worknoaki.der", "work1024.der",
		"workexpired.der", "worknotyet.der", "worknoeku.der",
		"work2048.pem",
	};
	struct rkd_softdev *d = new_dev_cached(root, 0, c);
	struct rkd_softdev *e = new_dev_cached(root, 0, c);
	unsigned long hits = 0, misses = 0;
	uint8_t *raw, *flipped;
	size_t i, n;

	/* the first session checks in full and fills the cache; the same
	 * bytes again, on this device or another, take it */
	with_rl(rks, NULL, 0);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_CACHE(c, hits, ++misses);
	CHECK_ERR(authenticate(d, rks), RKD_OK);
	CHECK_CACHE(c, ++hits, misses);
	CHECK_ERR(authenticate(e, rks), RKD_OK);
	CHECK_CACHE(c, ++hits, misses);

	/* other certificates: checked in full and refused, cache or not */
	for (i = 0; i < sizeof(bad_certs) / sizeof(bad_certs[0]); i++) {
		raw = slurp(bad_certs[i], &n);
		check_at(work_cert_alone(d, raw, n) == RKD_ERR_CERT, __FILE__,
			 __LINE__, "%s refused with a cache", bad_certs[i]);
		CHECK_CACHE(c, hits, ++misses);
		free(raw);
	}
	/* the good one with a bit of its signature flipped: same length */
	flipped = malloc(rks->cert_len);
	memcpy(flipped, rks->cert, rks->cert_len);
	flipped[rks->cert_len - 1] ^= 0x01;
	CHECK_ERR(work_cert_alone(e, flipped, rks->cert_len), RKD_ERR_CERT);
	CHECK_CACHE(c, hits, ++misses);
	free(flipped);
	/* ...and the refusals left the last pass in the cache */
	CHECK_ERR(authenticate(e, rks), RKD_OK);
	CHECK_CACHE(c, ++hits, misses);
	rkd_softdev_free(d);
	rkd_softdev_free(e);
}

/*
 * Revocation lists through the cache, step by step: device (d, e or f),
 * the list sent (none, 5 naming another certificate, 6 naming this one),
 * the outcome, and whether the cache gave it.
 */
static void test_cache_rl(struct rks *rks, X509 *root,
			  struct rkd_softdev_cache *c)
{
	enum { D, E, F, N_DEV };
	enum { NONE, RL5, RL6, N_RL };
	static const struct {
		int dev, rl, want;
		bool hit;
	} steps[] = {
		/* list 5: checked in full and cached, then taken by another */
		{ D, RL5, RKD_OK, false },
		{ E, RL5, RKD_OK, true },
		/* no list: refused by a device that has seen one... */
		{ D, NONE, RKD_ERR_CERT, false },
		/* ...even once "no list" is the cache's entry, made by a
		 * device that never saw one */
		{ F, NONE, RKD_OK, false },
		{ F, NONE, RKD_OK, true },
		{ D, NONE, RKD_ERR_CERT, false },
		/* list 6 names this certificate: refused (d has seen 6) */
		{ D, RL6, RKD_ERR_CERT, false },
		/* list 5 again, the cache's entry once e passes with it:
		 * older than d's newest, so refused; e still takes it */
		{ E, RL5, RKD_OK, false },
		{ D, RL5, RKD_ERR_CERT, false },
		{ E, RL5, RKD_OK, true },
	};
	static const uint64_t seen[N_DEV] = { 6, 5, 0 };
	uint8_t rl[N_RL][1024], other[1] = { 0 };
	struct rkd_softdev *dev[N_DEV];
	unsigned long hits, misses;
	size_t rl_len[N_RL] = { 0 }, i;

	for (i = 0; i < N_DEV; i++)
		dev[i] = new_dev_cached(root, 0, c);
	rl_len[RL5] = make_rl("root.key", 5, other, sizeof(other), rl[RL5]);
	rl_len[RL6] = make_rl("root.key", 6, rks->cert, rks->cert_len,
			      rl[RL6]);
	rkd_softdev_cache_stats(c, &hits, &misses);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		with_rl(rks, rl[steps[i].rl], rl_len[steps[i].rl]);
		check_at(authenticate(dev[steps[i].dev], rks) == steps[i].want,
			 __FILE__, __LINE__, "revocation step %zu", i);
		if (steps[i].hit)
			hits++;
		else
			misses++;
		CHECK_CACHE(c, hits, misses);
	}
	for (i = 0; i < N_DEV; i++) {
		check_at(rkd_softdev_rl_seen(dev[i]) == seen[i], __FILE__,
			 __LINE__, "device %zu has seen list %llu", i,
			 (unsigned long long)seen[i]);
		rkd_softdev_free(dev[i]);
	}
	with_rl(rks, NULL, 0);
}

/* A certificate that expires between two sessions: the cache, which
 * passed it a moment ago, refuses it now, as the full checks do */
static void test_cache_expiry(struct rks *rks, X509 *root,
			      struct rkd_softdev_cache *c)
{
	struct rks short_rks = { .sk = rks->sk };
	struct rkd_softdev *d = new_dev_cached(root, 0, c);
	struct rkd_softdev *plain = new_dev(root, 0);
	unsigned long hits, misses;
	time_t not_after;

	rkd_softdev_cache_stats(c, &hits, &misses);
	short_rks.cert = short_lived_cert(root, rks->sk, 2, &not_after,
					  &short_rks.cert_len);
	CHECK_ERR(authenticate(d, &short_rks), RKD_OK);
	CHECK_CACHE(c, hits, ++misses);
	CHECK_ERR(authenticate(d, &short_rks), RKD_OK);
	CHECK_CACHE(c, ++hits, misses);
	/* expired once the clock is past notAfter (the profile's rule) */
	while (time(NULL) <= not_after)
		usleep(100 * 1000);
	CHECK_ERR(authenticate(d, &short_rks), RKD_ERR_CERT);
	CHECK_CACHE(c, hits, ++misses);
	CHECK_ERR(authenticate(plain, &short_rks), RKD_ERR_CERT);
	free(short_rks.cert);
	rkd_softdev_free(d);
	rkd_softdev_free(plain);
}

static void test_cache(struct rks *rks, X509 *root)
{
	struct rkd_softdev_cache *c = NULL;

	CHECK_ERR(rkd_softdev_cache_new(&c), RKD_OK);
	test_cache_certs(rks, root, c);
	test_cache_rl(rks, root, c);
	test_cache_expiry(rks, root, c);
	rkd_softdev_cache_free(c);
	rkd_softdev_cache_free(NULL);
}

static void test_params(X509 *root)
{
	struct rkd_softdev_params p = { .dsn = "X", .root = root };
	uint8_t dik2[24], f[1] = { 1 };
	struct rkd_softdev *d = (void *)1;

	unhex(VA_DIK2, dik2, sizeof(dik2));
	p.dik2 = dik2;
	p.factor = f;
	CHECK_ERR(rkd_softdev_new(&p, &d), RKD_ERR_ARGUMENT);	/* no factor len */
	CHECK(d == NULL);
	p.factor_len = 1;
	p.dsn = "has space";
	CHECK_ERR(rkd_softdev_new(&p, &d), RKD_ERR_ARGUMENT);
	p.dsn = "X";
	memcpy(dik2 + 8, dik2, 8);
	CHECK_ERR(rkd_softdev_new(&p, &d), RKD_ERR_WEAK_KEY);
	unhex(VA_DIK2, dik2, sizeof(dik2));
	CHECK_ERR(rkd_softdev_new(&p, &d), RKD_OK);
	rkd_softdev_free(d);
	rkd_softdev_free(NULL);
}

void test_softdev(void)
{
	X509 *root = load_root();
	struct rks rks = { 0 };

	CHECK(root != NULL);
	rks.sk = load_key("work2048.key");
	rks.cert = slurp("work2048.der", &rks.cert_len);
	test_full_session(&rks, root);
	test_aes_session(&rks, root);
	test_refusals(&rks, root);
	test_revocation(&rks, root);
	test_cache(&rks, root);
	test_params(root);
	EVP_PKEY_free(rks.sk);
	free(rks.cert);

	/* RSA-3072 works the same */
	rks.sk = load_key("work3072.key");
	rks.cert = slurp("work3072.der", &rks.cert_len);
	rks.body_len = 0;
	test_full_session(&rks, root);
	EVP_PKEY_free(rks.sk);
	free(rks.cert);
	X509_free(root);
}
