// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_factory.c - the DIK2 function F, the KCV and the degenerate-key rule
 * rks-factory uses (librkdproto's rkd_dik2(), rkd_kcv(), rkd_tdes_key_weak():
 * the one copy rks-server and the software device use too) against vectors
 * computed with the openssl CLI (OpenSSL 3.0), independently of this code:
 *
 *   KEY1=$(printf %s "$DSN" | openssl dgst -sha256 -binary | head -c 24 |
 *          openssl enc -des-ede3 -nopad -K $DIK1 | xxd -p -c 64)
 *   DIK2=$(printf %s "$FACTOR" | xxd -r -p | openssl dgst -sha256 -binary |
 *          head -c 24 | openssl enc -d -des-ede3 -nopad -K $KEY1 |
 *          xxd -p -c 64)
 *   KCV=$(printf '\0\0\0\0\0\0\0\0' | openssl enc -des-ede3 -nopad \
 *          -K $DIK2 | xxd -p | head -c 6)
 *
 * (-des-ede3 is three-key TDES in ECB mode; -nopad: exactly 3 blocks.)
 * tests/test_factory.sh recomputes such vectors live and checks the
 * rks-factory binary against them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "test.h"

struct vector {
	const char *dsn, *dik1, *factor;
	const char *key1, *dik2, *kcv;
};

static const struct vector vectors[] = {
	{	/* the worked example of Documentation/rks-admin.md */
		"PP-0001", "0123456789ABCDEFFEDCBA987654321089ABCDEF01234567",
		"00112233445566778899AABBCCDDEEFF",
		"754DB59E65B1F96585F27DE0B3B8F237FF7D58DC9C9B00BB",
		"AF0F502054688D4C4B8CD4A447F3B32C8DD100809EFB6ADF", "1C4647",
	}, {	/* the longest DSN, a 1-byte factor */
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
		"0123456789ABCDEFFEDCBA987654321089ABCDEF01234567", "5A",
		"519C542F29C32843CAC928BF410A1CA6AA3C1257E70E11E8",
		"B732F8C1F4318C8F300AEAB651E885FF6B936D73324DD707", "40B551",
	}, {	/* the shortest DSN, the longest factor (bytes 00..3F) */
		"X", "1F2E3D4C5B6A79880F1E2D3C4B5A6978C1D2E3F405162738",
		"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D"
		"1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B"
		"3C3D3E3F",
		"CCAE95A97534E1650DB6816AD8E8ED99D1185D4B72E790FD",
		"1E5A89DDB9B2209C3AD75C5FBF7DA70A465E2EA04CA4779C", "58A9CE",
	}, {	/* the first DSN and factor under another DIK1 */
		"PP-0001", "1F2E3D4C5B6A79880F1E2D3C4B5A6978C1D2E3F405162738",
		"00112233445566778899AABBCCDDEEFF",
		"F8FBDFA09B606FDDFCA7E0564689EB0F2316B2B5938C532C",
		"CA2D6F9401976852B458B3C56EDDFF91F41E4490789CAEDF", "83BF87",
	},
};

static void test_vectors(void)
{
	uint8_t dik1[24], dik2[24], factor[64], kcv[3];
	size_t i, factor_len;
	bool degenerate;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];

		unhex(v->dik1, dik1, 24);
		factor_len = strlen(v->factor) / 2;
		unhex(v->factor, factor, factor_len);
		degenerate = true;
		CHECK_INT(rkd_dik2(v->dsn, strlen(v->dsn), factor,
				   factor_len, dik1, dik2, &degenerate), 0);
		CHECK_STR(hex(dik2, 24), v->dik2);
		CHECK(!degenerate);
		CHECK_INT(rkd_kcv(dik2, 24, kcv), 0);
		CHECK_STR(hex(kcv, 3), v->kcv);
		CHECK(!rkd_tdes_key_weak(dik2, 24));
	}
	/* NULL @degenerate is allowed; empty inputs are not. */
	CHECK_INT(rkd_dik2("A", 1, factor, 1, dik1, dik2, NULL), 0);
	CHECK_INT(rkd_dik2("", 0, factor, 1, dik1, dik2, NULL),
		  RKD_ERR_ARGUMENT);
	CHECK_INT(rkd_dik2("A", 1, factor, 0, dik1, dik2, NULL),
		  RKD_ERR_ARGUMENT);
}

static void test_degenerate(void)
{
	uint8_t k[24];

	unhex("0123456789ABCDEFFEDCBA987654321089ABCDEF01234567", k, 24);
	CHECK(!rkd_tdes_key_weak(k, 24));
	memcpy(k + 8, k, 8);				/* K1 = K2 */
	CHECK(rkd_tdes_key_weak(k, 24));
	unhex("0123456789ABCDEFFEDCBA9876543210FEDCBA9876543210", k, 24);
	CHECK(rkd_tdes_key_weak(k, 24));			/* K2 = K3 */
	unhex("0123456789ABCDEFFEDCBA9876543210FFDCBA9876543211", k, 24);
	CHECK(rkd_tdes_key_weak(k, 24));			/* ... but parity */
	unhex("0123456789ABCDEFFEDCBA9876543210FCDCBA9876543210", k, 24);
	CHECK(!rkd_tdes_key_weak(k, 24));
	unhex("0123456789ABCDEF89ABCDEF012345670123456789ABCDEF", k, 24);
	CHECK(!rkd_tdes_key_weak(k, 24));			/* K1 = K3: 2-key */
}

int main(void)
{
	test_vectors();
	suite_done("dik2");
	test_degenerate();
	suite_done("degenerate");
	return test_summary();
}
