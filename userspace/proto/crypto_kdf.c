// SPDX-License-Identifier: MIT
/*
 * crypto_kdf.c - the key schedule of protocol version 2
 * (Documentation/protocol.md, "Keys derived in version 2"): the NIST
 * SP 800-108r1 KDF, the transcript hash, and the authenticated CHALLENGE.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "rkd_crypto.h"
#include "rkd_err.h"

/* SP 800-108r1 section 4.1 through OpenSSL's KBKDF; see rkd_crypto.h */
static int rkd_kbkdf(const uint8_t *key, size_t key_len, const void *fixed1,
		     size_t fixed1_len, const uint8_t *fixed2,
		     size_t fixed2_len, int structured, uint8_t *out,
		     size_t out_len)
{
	char mode[] = "counter", mac[] = "HMAC", digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_KDF_PARAM_MODE, mode, 0),
		OSSL_PARAM_utf8_string(OSSL_KDF_PARAM_MAC, mac, 0),
		OSSL_PARAM_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_octet_string(OSSL_KDF_PARAM_KEY, (void *)key,
					key_len),
		OSSL_PARAM_octet_string(OSSL_KDF_PARAM_SALT, (void *)fixed1,
					fixed1_len),
		OSSL_PARAM_octet_string(OSSL_KDF_PARAM_INFO, (void *)fixed2,
					fixed2_len),
		OSSL_PARAM_int(OSSL_KDF_PARAM_KBKDF_USE_L, &structured),
		OSSL_PARAM_int(OSSL_KDF_PARAM_KBKDF_USE_SEPARATOR,
			       &structured),
		OSSL_PARAM_END,
	};
	EVP_KDF_CTX *ctx = NULL;
	EVP_KDF *kdf;
	int r = RKD_ERR_CRYPTO;

	if (!key_len || !out_len)
		return RKD_ERR_ARGUMENT;
	kdf = EVP_KDF_fetch(NULL, "KBKDF", NULL);
	if (kdf && (ctx = EVP_KDF_CTX_new(kdf)) != NULL &&
	    EVP_KDF_derive(ctx, out, out_len, params) == 1)
		r = RKD_OK;
	else
		OPENSSL_cleanse(out, out_len);
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return r;
}

int rkd_kdf(const uint8_t *key, size_t key_len, const char *label,
	    const uint8_t *context, size_t context_len, uint8_t *out,
	    size_t out_len)
{
	return rkd_kbkdf(key, key_len, label, strlen(label), context,
			 context_len, 1, out, out_len);
}

int rkd_kdf_fixed(const uint8_t *key, size_t key_len, const uint8_t *fixed,
		  size_t fixed_len, uint8_t *out, size_t out_len)
{
	return rkd_kbkdf(key, key_len, fixed, fixed_len, NULL, 0, 0, out,
			 out_len);
}

int rkd_transcript_start(struct rkd_transcript *t)
{
	if (!t->md && (t->md = EVP_MD_CTX_new()) == NULL)
		return RKD_ERR_ALLOC;
	return EVP_DigestInit_ex(t->md, EVP_sha256(), NULL) == 1 ?
	       RKD_OK : RKD_ERR_CRYPTO;
}

int rkd_transcript_add(struct rkd_transcript *t, unsigned int type,
		       const void *body, size_t len)
{
	uint8_t hdr[RKD_FRAME_HDR_LEN] = { 0x52, 0x4b, RKD_PROTO_VERSION };

	if (!t->md || len > RKD_BODY_MAX || type > 0xff)
		return RKD_ERR_ARGUMENT;
	hdr[3] = (uint8_t)type;
	hdr[4] = (uint8_t)(len >> 24);
	hdr[5] = (uint8_t)(len >> 16);
	hdr[6] = (uint8_t)(len >> 8);
	hdr[7] = (uint8_t)len;
	if (EVP_DigestUpdate(t->md, hdr, sizeof(hdr)) != 1 ||
	    (len && EVP_DigestUpdate(t->md, body, len) != 1))
		return RKD_ERR_CRYPTO;
	return RKD_OK;
}

int rkd_transcript_hash(struct rkd_transcript *t, uint8_t out[RKD_SHA256_LEN])
{
	unsigned int n = 0;
	int r;

	memset(out, 0, RKD_SHA256_LEN);
	if (!t->md)
		return RKD_ERR_ARGUMENT;
	if (EVP_DigestFinal_ex(t->md, out, &n) != 1 || n != RKD_SHA256_LEN)
		return RKD_ERR_CRYPTO;
	/* the next part of the transcript starts with this hash */
	if ((r = rkd_transcript_start(t)) != 0)
		return r;
	return EVP_DigestUpdate(t->md, out, RKD_SHA256_LEN) == 1 ?
	       RKD_OK : RKD_ERR_CRYPTO;
}

void rkd_transcript_free(struct rkd_transcript *t)
{
	EVP_MD_CTX_free(t->md);
	t->md = NULL;
}

/* K_CE || K_CA = KDF(DIK2, "pinpad-rkd v2 CHALLENGE", H_C, 448 bits) */
static int rkd_challenge_keys(const uint8_t dik2[RKD_TDES_LEN],
			      const uint8_t h_c[RKD_SHA256_LEN],
			      uint8_t keys[RKD_KCE_LEN + RKD_KCA_LEN])
{
	return rkd_kdf(dik2, RKD_TDES_LEN, RKD_LABEL_CHALLENGE, h_c,
		       RKD_SHA256_LEN, keys, RKD_KCE_LEN + RKD_KCA_LEN);
}

int rkd_challenge_seal(const uint8_t dik2[RKD_TDES_LEN],
		       const uint8_t h_c[RKD_SHA256_LEN],
		       const uint8_t at[RKD_AT_LEN],
		       const uint8_t tk1[RKD_TK_LEN],
		       uint8_t body[RKD_CHALLENGE_LEN])
{
	uint8_t keys[RKD_KCE_LEN + RKD_KCA_LEN], plain[RKD_CHALLENGE_CT_LEN];
	int r;

	memcpy(plain, at, RKD_AT_LEN);
	memcpy(plain + RKD_AT_LEN, tk1, RKD_TK_LEN);
	if ((r = rkd_challenge_keys(dik2, h_c, keys)) != 0 ||
	    (r = rkd_tdes_ecb(keys, RKD_KCE_LEN, true, plain, sizeof(plain),
			      body)) != 0 ||
	    (r = rkd_mac16(keys + RKD_KCE_LEN, RKD_MSG_CHALLENGE, body,
			   RKD_CHALLENGE_CT_LEN,
			   body + RKD_CHALLENGE_CT_LEN)) != 0)
		memset(body, 0, RKD_CHALLENGE_LEN);
	OPENSSL_cleanse(keys, sizeof(keys));
	OPENSSL_cleanse(plain, sizeof(plain));
	return r;
}

int rkd_challenge_open(const uint8_t dik2[RKD_TDES_LEN],
		       const uint8_t h_c[RKD_SHA256_LEN],
		       const uint8_t body[RKD_CHALLENGE_LEN],
		       uint8_t at[RKD_AT_LEN], uint8_t tk1[RKD_TK_LEN])
{
	uint8_t keys[RKD_KCE_LEN + RKD_KCA_LEN], plain[RKD_CHALLENGE_CT_LEN];
	int r;

	memset(at, 0, RKD_AT_LEN);
	memset(tk1, 0, RKD_TK_LEN);
	/* verify first: nothing of an unauthenticated CHALLENGE is used */
	if ((r = rkd_challenge_keys(dik2, h_c, keys)) != 0 ||
	    (r = rkd_mac16_verify(keys + RKD_KCE_LEN, RKD_MSG_CHALLENGE, body,
				  RKD_CHALLENGE_CT_LEN,
				  body + RKD_CHALLENGE_CT_LEN)) != 0)
		goto out;
	if (rkd_tdes_key_weak(keys, RKD_KCE_LEN)) {
		r = RKD_ERR_WEAK_KEY;
		goto out;
	}
	if ((r = rkd_tdes_ecb(keys, RKD_KCE_LEN, false, body,
			      RKD_CHALLENGE_CT_LEN, plain)) != 0)
		goto out;
	memcpy(at, plain, RKD_AT_LEN);
	memcpy(tk1, plain + RKD_AT_LEN, RKD_TK_LEN);
out:
	OPENSSL_cleanse(keys, sizeof(keys));
	OPENSSL_cleanse(plain, sizeof(plain));
	return r;
}
