// SPDX-License-Identifier: MIT
/*
 * test_kdf.c - the key schedule of version 2: the SP 800-108 KDF against
 * NIST's vector and the openssl CLI, the transcript hash against SHA-256
 * of the frames written out, and the authenticated CHALLENGE (a holder of
 * DIK2 opens it; any change of a bit, of the transcript or of DIK2 does
 * not).
 */
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "test.h"
#include "vectors.h"

static void test_kdf_vectors(void)
{
	uint8_t key[32], fixed[64], ctx[32], out[56];
	size_t n;

	unhex(CAVP_KI, key, sizeof(key));
	n = unhex(CAVP_FIXED, fixed, sizeof(fixed));
	CHECK_ERR(rkd_kdf_fixed(key, 32, fixed, n, out, 16), RKD_OK);
	CHECK_HEX(out, 16, CAVP_KO);

	unhex(TK, key, 32);
	unhex(H_EX, ctx, sizeof(ctx));
	CHECK_ERR(rkd_kmac_derive(key, ctx, out), RKD_OK);
	CHECK_HEX(out, 32, KMAC_V3);
	CHECK_ERR(rkd_kdf(key, 32, RKD_LABEL_KMAC, ctx, 32, out, 32), RKD_OK);
	CHECK_HEX(out, 32, KMAC_V3);
	CHECK_ERR(rkd_kbpk_derive(key, ctx, out), RKD_OK);
	CHECK_HEX(out, 32, KBPK_V3);

	unhex(VA_DIK2, key, 24);
	CHECK_ERR(rkd_kdf(key, 24, RKD_LABEL_CHALLENGE, ctx, 32, out, 56),
		  RKD_OK);
	CHECK_HEX(out, 24, KCE_EX);
	CHECK_HEX(out + 24, 32, KCA_EX);
	CHECK_ERR(rkd_kdf(key, 0, RKD_LABEL_KMAC, ctx, 32, out, 32),
		  RKD_ERR_ARGUMENT);
}

static void test_transcript(void)
{
	struct rkd_transcript t = { 0 };
	uint8_t frames[64], h[32], h2[32], chained[32 + 8 + 1];

	/* HELLO "04 50502d31" with N_D = 32 x 0xaa, then ERROR 01 */
	memcpy(frames, "\x52\x4b\x03\x01\x00\x00\x00\x25\x04PP-1", 13);
	memset(frames + 13, 0xaa, 32);
	memcpy(frames + 45, "\x52\x4b\x03\x7f\x00\x00\x00\x01\x01", 9);
	CHECK_ERR(rkd_transcript_start(&t), RKD_OK);
	CHECK_ERR(rkd_transcript_add(&t, RKD_MSG_HELLO, frames + 8, 37),
		  RKD_OK);
	CHECK_ERR(rkd_transcript_add(&t, RKD_MSG_ERROR, frames + 53, 1),
		  RKD_OK);
	CHECK_ERR(rkd_transcript_hash(&t, h), RKD_OK);
	rkd_sha256(frames, 54, h2);
	CHECK(memcmp(h, h2, 32) == 0);
	/* what follows is hashed after the first hash */
	CHECK_ERR(rkd_transcript_add(&t, RKD_MSG_ERROR, frames + 53, 1),
		  RKD_OK);
	CHECK_ERR(rkd_transcript_hash(&t, h2), RKD_OK);
	memcpy(chained, h, 32);
	memcpy(chained + 32, frames + 45, 9);
	rkd_sha256(chained, sizeof(chained), h);
	CHECK(memcmp(h, h2, 32) == 0);
	CHECK_ERR(rkd_transcript_add(&t, 0x100, frames, 1), RKD_ERR_ARGUMENT);
	rkd_transcript_free(&t);
	rkd_transcript_free(&t);		/* twice is harmless */
	CHECK_ERR(rkd_transcript_add(&t, 1, frames, 1), RKD_ERR_ARGUMENT);
}

static void test_challenge_seal_open(void)
{
	uint8_t dik2[24], h[32], at[24], tk1[32], body[72], at2[24], tk2[32];
	unsigned int i;

	unhex(VA_DIK2, dik2, sizeof(dik2));
	unhex(H_EX, h, sizeof(h));
	unhex(CHAL_AT, at, sizeof(at));
	unhex(CHAL_TK1, tk1, sizeof(tk1));
	CHECK_ERR(rkd_challenge_seal(dik2, h, at, tk1, body), RKD_OK);
	CHECK_HEX(body, 56, CHAL_C);
	CHECK_HEX(body + 56, 16, CHAL_T);
	CHECK_ERR(rkd_challenge_open(dik2, h, body, at2, tk2), RKD_OK);
	CHECK(memcmp(at, at2, 24) == 0 && memcmp(tk1, tk2, 32) == 0);

	/* every bit of the body counts, and nothing leaks from a failure */
	for (i = 0; i < 72 * 8; i += 7) {
		body[i / 8] ^= 1 << (i % 8);
		CHECK_ERR(rkd_challenge_open(dik2, h, body, at2, tk2),
			  RKD_ERR_BAD_MAC);
		body[i / 8] ^= 1 << (i % 8);
	}
	CHECK(at2[0] == 0 && tk2[31] == 0);
	/* another transcript (a replay) or another DIK2 */
	h[31] ^= 1;
	CHECK_ERR(rkd_challenge_open(dik2, h, body, at2, tk2),
		  RKD_ERR_BAD_MAC);
	h[31] ^= 1;
	dik2[0] ^= 2;
	CHECK_ERR(rkd_challenge_open(dik2, h, body, at2, tk2),
		  RKD_ERR_BAD_MAC);
	/* the blocks of C permuted: the MAC covers their order */
	dik2[0] ^= 2;
	memcpy(at2, body, 8);
	memcpy(body, body + 8, 8);
	memcpy(body + 8, at2, 8);
	CHECK_ERR(rkd_challenge_open(dik2, h, body, at2, tk2),
		  RKD_ERR_BAD_MAC);
}

void test_kdf(void)
{
	test_kdf_vectors();
	test_transcript();
	test_challenge_seal_open();
}
