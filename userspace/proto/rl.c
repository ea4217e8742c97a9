// SPDX-License-Identifier: MIT
/*
 * rl.c - the revocation list (rkd_rl.h), made and checked with OpenSSL.
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_rl.h"

static void rkd_put_be(uint8_t *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t rkd_get_be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

int rkd_rl_make(EVP_PKEY *root_key, uint64_t number,
		const uint8_t (*hashes)[32], size_t count, uint8_t *out,
		size_t cap, size_t *out_len)
{
	size_t signed_len = RKD_RL_HDR_LEN + 32 * count, sig_len;
	EVP_MD_CTX *md;
	int r = RKD_ERR_CRYPTO;

	*out_len = 0;
	if (!number || count > RKD_RL_MAX || cap < signed_len ||
	    (size_t)EVP_PKEY_get_size(root_key) > cap - signed_len)
		return RKD_ERR_ARGUMENT;
	memcpy(out, "PPRL\x01", 5);
	rkd_put_be(out + 5, number, 8);
	rkd_put_be(out + 13, count, 2);
	if (count)
		memcpy(out + RKD_RL_HDR_LEN, hashes, 32 * count);
	sig_len = cap - signed_len;
	md = EVP_MD_CTX_new();
	if (md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL,
				     root_key) == 1 &&
	    EVP_DigestSign(md, out + signed_len, &sig_len, out,
			   signed_len) == 1) {
		*out_len = signed_len + sig_len;
		r = RKD_OK;
	}
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return r;
}

const char *rkd_rl_check(const uint8_t *rl, size_t len, X509 *root,
			 const uint8_t *cert, size_t cert_len, uint64_t seen,
			 uint64_t *number)
{
	uint8_t hash[32];
	size_t count, signed_len, i;
	EVP_MD_CTX *md;
	bool ok;

	*number = 0;
	if (len < RKD_RL_HDR_LEN || memcmp(rl, "PPRL\x01", 5))
		return "the revocation list is malformed";
	count = (size_t)rkd_get_be(rl + 13, 2);
	signed_len = RKD_RL_HDR_LEN + 32 * count;
	if (!rkd_get_be(rl + 5, 8) || count > RKD_RL_MAX || len <= signed_len)
		return "the revocation list is malformed";
	md = EVP_MD_CTX_new();
	ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL,
					X509_get0_pubkey(root)) == 1 &&
	     EVP_DigestVerify(md, rl + signed_len, len - signed_len, rl,
			      signed_len) == 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	if (!ok)
		return "the revocation list is not signed by the root";
	*number = rkd_get_be(rl + 5, 8);
	if (*number < seen)
		return "the revocation list is older than one seen";
	if (rkd_sha256(cert, cert_len, hash) != 0)
		return "the revocation list is malformed";
	for (i = 0; i < count; i++)
		if (!memcmp(rl + RKD_RL_HDR_LEN + 32 * i, hash, 32))
			return "revoked (named by the revocation list)";
	return NULL;
}
