// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * softdev_oaep.c - RSAES-OAEP encryption for the software device: the
 * EME-OAEP encoding of RFC 8017 section 7.1.1 (SHA-256, MGF1-SHA-256, empty
 * label), then raw RSA, exactly as kmod/rsa_oaep.c does it. The unit tests
 * decrypt its output with OpenSSL's own OAEP, which cross-checks the
 * module's approach too.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_softdev.h"

#define HLEN	RKD_SHA256_LEN

/*
 * dst ^= MGF1-SHA-256(seed, len) (RFC 8017 B.2.1). SHA-256 is fetched once
 * per call: EVP_sha256() would make OpenSSL 3 look it up again at every
 * EVP_DigestInit_ex(), eight times per 2048-bit OAEP block.
 */
static int rkd_mgf1_xor(uint8_t *dst, size_t len, const uint8_t *seed,
			size_t seed_len)
{
	uint8_t digest[HLEN], counter[4];
	EVP_MD *sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t off, n, i;
	uint32_t c;
	int r = RKD_ERR_CRYPTO;

	if (!md || !sha256) {
		r = md ? RKD_ERR_CRYPTO : RKD_ERR_ALLOC;
		goto out;
	}
	for (c = 0, off = 0; off < len; c++, off += n) {
		counter[0] = c >> 24;
		counter[1] = c >> 16;
		counter[2] = c >> 8;
		counter[3] = c;
		if (EVP_DigestInit_ex(md, sha256, NULL) != 1 ||
		    EVP_DigestUpdate(md, seed, seed_len) != 1 ||
		    EVP_DigestUpdate(md, counter, sizeof(counter)) != 1 ||
		    EVP_DigestFinal_ex(md, digest, NULL) != 1)
			goto out;
		n = len - off < HLEN ? len - off : HLEN;
		for (i = 0; i < n; i++)
			dst[off + i] ^= digest[i];
	}
	r = RKD_OK;
out:
	EVP_MD_CTX_free(md);
	EVP_MD_free(sha256);
	OPENSSL_cleanse(digest, sizeof(digest));
	return r;
}

/* EM = 00 || maskedSeed || maskedDB, DB = lHash || PS || 01 || M */
static int rkd_oaep_encode(uint8_t *em, size_t k, const uint8_t *msg,
			   size_t mlen, const uint8_t seed[HLEN])
{
	uint8_t *masked_seed = em + 1, *db = em + 1 + HLEN;
	size_t db_len = k - HLEN - 1;
	int r;

	if (k < 2 * HLEN + 2 || mlen > k - 2 * HLEN - 2)
		return RKD_ERR_ARGUMENT;
	memset(em, 0, k);
	if ((r = rkd_sha256("", 0, db)) != 0)		/* lHash */
		return r;
	db[db_len - mlen - 1] = 0x01;
	memcpy(db + db_len - mlen, msg, mlen);
	memcpy(masked_seed, seed, HLEN);
	if ((r = rkd_mgf1_xor(db, db_len, masked_seed, HLEN)) != 0)
		return r;
	return rkd_mgf1_xor(masked_seed, HLEN, db, db_len);
}

static int rkd_rsa_raw_encrypt(EVP_PKEY *pk, const uint8_t *em, size_t k,
			       uint8_t *out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pk, NULL);
	size_t n = k;
	int r = RKD_ERR_CRYPTO;

	if (ctx && EVP_PKEY_encrypt_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
	    EVP_PKEY_encrypt(ctx, out, &n, em, k) == 1 && n == k)
		r = RKD_OK;
	else
		ERR_clear_error();
	EVP_PKEY_CTX_free(ctx);
	return r;
}

int rkd_oaep_encrypt(EVP_PKEY *pk, const uint8_t *msg, size_t mlen,
		     rkd_rand_fn rand, void *rand_ctx, uint8_t *out,
		     size_t out_cap, size_t *out_len)
{
	size_t k = rkd_rsa_modulus_len(pk);
	uint8_t seed[HLEN], *em;
	int r;

	*out_len = 0;
	if (!k || out_cap < k)
		return RKD_ERR_ARGUMENT;
	em = OPENSSL_malloc(k);
	if (!em)
		return RKD_ERR_ALLOC;
	if (rand)
		r = rand(rand_ctx, seed, sizeof(seed)) ? RKD_ERR_CRYPTO : 0;
	else
		r = RAND_bytes(seed, sizeof(seed)) == 1 ? 0 : RKD_ERR_CRYPTO;
	if (r == 0 && (r = rkd_oaep_encode(em, k, msg, mlen, seed)) == 0 &&
	    (r = rkd_rsa_raw_encrypt(pk, em, k, out)) == 0)
		*out_len = k;
	OPENSSL_cleanse(seed, sizeof(seed));
	OPENSSL_clear_free(em, k);
	return r;
}
