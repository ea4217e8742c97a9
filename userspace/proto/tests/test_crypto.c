// SPDX-License-Identifier: MIT
/*
 * test_crypto.c - the protocol's crypto against openssl CLI vectors: the
 * DIK2 function, KCV, TDES-ECB, K_MAC, MAC16, RSA-OAEP.
 */
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_softdev.h"
#include "test.h"
#include "vectors.h"

static void test_dik2(void)
{
	uint8_t dik1[24], factor[64], dik2[24];
	size_t n;

	unhex(VA_DIK1, dik1, sizeof(dik1));
	n = unhex(VA_FACTOR, factor, sizeof(factor));
	CHECK_ERR(rkd_dik2(VA_DSN, strlen(VA_DSN), factor, n, dik1, dik2,
			   NULL), RKD_OK);
	CHECK_HEX(dik2, 24, VA_DIK2);

	unhex(VB_DIK1, dik1, sizeof(dik1));
	memset(factor, VB_FACTOR_BYTE, VB_FACTOR_LEN);
	CHECK_ERR(rkd_dik2(VB_DSN, strlen(VB_DSN), factor, VB_FACTOR_LEN,
			   dik1, dik2, NULL), RKD_OK);
	CHECK_HEX(dik2, 24, VB_DIK2);

	/* one bit of any input changes everything */
	factor[63] ^= 1;
	CHECK_ERR(rkd_dik2(VB_DSN, strlen(VB_DSN), factor, VB_FACTOR_LEN,
			   dik1, dik2, NULL), RKD_OK);
	CHECK(memcmp(dik2, "\x22\x5a\x11\x40", 4) != 0);
}

static void test_tdes(void)
{
	uint8_t key[24], plain[16], out[16], kcv[3];

	unhex(VA_DIK1, key, sizeof(key));
	CHECK_ERR(rkd_kcv(key, 24, kcv), RKD_OK);
	CHECK_HEX(kcv, 3, KCV_OF_VA_DIK1);
	unhex(K16, key, sizeof(key));
	CHECK_ERR(rkd_kcv(key, 16, kcv), RKD_OK);
	CHECK_HEX(kcv, 3, KCV_OF_K16);

	unhex(ECB_PLAIN, plain, sizeof(plain));
	CHECK_ERR(rkd_tdes_ecb(key, 16, true, plain, 16, out), RKD_OK);
	CHECK_HEX(out, 16, ECB_K16);
	CHECK_ERR(rkd_tdes_ecb(key, 16, false, out, 16, out), RKD_OK);
	CHECK_HEX(out, 16, ECB_PLAIN);			/* in place */

	memset(out, 0xaa, sizeof(out));
	CHECK_ERR(rkd_tdes_ecb(key, 16, true, plain, 15, out),
		  RKD_ERR_ARGUMENT);
	CHECK_ERR(rkd_tdes_ecb(key, 8, true, plain, 16, out),
		  RKD_ERR_ARGUMENT);
	CHECK_ERR(rkd_kcv(key, 20, kcv), RKD_ERR_ARGUMENT);
	CHECK_HEX(kcv, 3, "000000");

	/* degenerate keys: K1 == K2, or K2 == K3 */
	CHECK(!rkd_tdes_key_weak(key, 16));
	memcpy(key + 8, key, 8);
	CHECK(rkd_tdes_key_weak(key, 16));
	unhex(VA_DIK1, key, sizeof(key));
	CHECK(!rkd_tdes_key_weak(key, 24));
	memcpy(key + 16, key + 8, 8);
	CHECK(rkd_tdes_key_weak(key, 24));
	unhex(VA_DIK1, key, sizeof(key));
	memcpy(key + 8, key, 8);
	CHECK(rkd_tdes_key_weak(key, 24));
	key[9] ^= 0x01;			/* a parity bit: still the same DES key */
	CHECK(rkd_tdes_key_weak(key, 24));
	key[9] ^= 0x02;
	CHECK(!rkd_tdes_key_weak(key, 24));
	CHECK(rkd_tdes_key_weak(key, 7));
}

static void test_mac(void)
{
	uint8_t tk[24], kmac[32], mac[16];

	/* K_MAC's derivation: test_kdf.c */
	unhex(TK, tk, sizeof(tk));
	unhex(KMAC, kmac, sizeof(kmac));
	CHECK_ERR(rkd_mac16(kmac, 0x07, (const uint8_t *)"\x03", 1, mac),
		  RKD_OK);
	CHECK_HEX(mac, 16, MAC16_DONE3);
	CHECK_ERR(rkd_mac16_verify(kmac, 0x07, (const uint8_t *)"\x03", 1,
				   mac), RKD_OK);
	CHECK_ERR(rkd_mac16_verify(kmac, 0x09, (const uint8_t *)"\x03", 1,
				   mac), RKD_ERR_BAD_MAC);
	CHECK_ERR(rkd_mac16_verify(kmac, 0x07, (const uint8_t *)"\x02", 1,
				   mac), RKD_ERR_BAD_MAC);
	mac[15] ^= 1;
	CHECK_ERR(rkd_mac16_verify(kmac, 0x07, (const uint8_t *)"\x03", 1,
				   mac), RKD_ERR_BAD_MAC);
	CHECK_ERR(rkd_mac16(kmac, 0x09, (const uint8_t *)"\x00", 1, mac),
		  RKD_OK);
	CHECK_HEX(mac, 16, MAC16_ACK0);
}

static EVP_PKEY *vector_key(void)
{
	BIO *bio = BIO_new_mem_buf(OAEP_KEY_PEM, -1);
	EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);

	BIO_free(bio);
	return pk;
}

/* a deterministic "random" source for the OAEP seed */
static int fixed_rand(void *ctx, uint8_t *out, size_t n)
{
	memset(out, *(const uint8_t *)ctx, n);
	return 0;
}

static void test_oaep(void)
{
	uint8_t ct[512], ct2[512], plain[256];
	EVP_PKEY *pk = vector_key();
	uint8_t seed = 0x11;
	size_t n, m;

	CHECK(pk != NULL);
	CHECK_INT(rkd_rsa_modulus_len(pk), 256);
	CHECK_INT(rkd_rsa_modulus_len(NULL), 0);

	/* the openssl pkeyutl ciphertext */
	n = unhex(OAEP_CT, ct, sizeof(ct));
	CHECK_INT(n, 256);
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, n, plain, sizeof(plain), &m),
		  RKD_OK);
	CHECK_INT(m, strlen(OAEP_PLAIN));
	CHECK(memcmp(plain, OAEP_PLAIN, m) == 0);
	/* too little room for the plaintext */
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, n, plain, 16, &m), RKD_ERR_DECRYPT);
	CHECK_INT(m, 0);
	/* any change: one answer */
	ct[100] ^= 0x04;
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, n, plain, sizeof(plain), &m),
		  RKD_ERR_DECRYPT);
	ct[100] ^= 0x04;
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, n - 1, plain, sizeof(plain), &m),
		  RKD_ERR_ARGUMENT);
	memset(ct, 0xff, 256);				/* >= modulus */
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, 256, plain, sizeof(plain), &m),
		  RKD_ERR_DECRYPT);

	/* the device's encryption (our EME-OAEP + raw RSA) opens with
	 * OpenSSL's own OAEP decryption */
	CHECK_ERR(rkd_oaep_encrypt(pk, (const uint8_t *)"abc", 3, NULL, NULL,
				   ct, sizeof(ct), &n), RKD_OK);
	CHECK_INT(n, 256);
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, n, plain, sizeof(plain), &m),
		  RKD_OK);
	CHECK(m == 3 && memcmp(plain, "abc", 3) == 0);
	/* the longest message RSA-2048 takes: 256 - 2*32 - 2 = 190 */
	memset(plain, 0x3d, 190);
	CHECK_ERR(rkd_oaep_encrypt(pk, plain, 190, NULL, NULL, ct, sizeof(ct),
				   &n), RKD_OK);
	CHECK_ERR(rkd_oaep_decrypt(pk, ct, n, plain, sizeof(plain), &m),
		  RKD_OK);
	CHECK_INT(m, 190);
	CHECK_ERR(rkd_oaep_encrypt(pk, plain, 191, NULL, NULL, ct, sizeof(ct),
				   &n), RKD_ERR_ARGUMENT);
	CHECK_ERR(rkd_oaep_encrypt(pk, plain, 1, NULL, NULL, ct, 255, &n),
		  RKD_ERR_ARGUMENT);
	/* a fixed seed gives a reproducible ciphertext (worked example) */
	CHECK_ERR(rkd_oaep_encrypt(pk, plain, 80, fixed_rand, &seed, ct,
				   sizeof(ct), &n), RKD_OK);
	CHECK_ERR(rkd_oaep_encrypt(pk, plain, 80, fixed_rand, &seed, ct2,
				   sizeof(ct2), &m), RKD_OK);
	CHECK(n == m && memcmp(ct, ct2, n) == 0);
	seed = 0x12;
	CHECK_ERR(rkd_oaep_encrypt(pk, plain, 80, fixed_rand, &seed, ct2,
				   sizeof(ct2), &m), RKD_OK);
	CHECK(memcmp(ct, ct2, n) != 0);
	EVP_PKEY_free(pk);
}

void test_crypto(void)
{
	uint8_t r1[24], r2[24];

	test_dik2();
	test_tdes();
	test_mac();
	test_oaep();
	CHECK_ERR(rkd_random(r1, sizeof(r1)), RKD_OK);
	CHECK_ERR(rkd_random(r2, sizeof(r2)), RKD_OK);
	CHECK(memcmp(r1, r2, sizeof(r1)) != 0);
}
