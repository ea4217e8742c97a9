// SPDX-License-Identifier: MIT
/*
 * crypto_mac.c - K_MAC and MAC16, which authenticate key delivery, and
 * KBPK_S, which protects the delivered key blocks.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "rkd_crypto.h"
#include "rkd_err.h"

int rkd_kmac_derive(const uint8_t tk[RKD_TK_LEN],
		    const uint8_t h_r[RKD_SHA256_LEN],
		    uint8_t kmac[RKD_KMAC_LEN])
{
	return rkd_kdf(tk, RKD_TK_LEN, RKD_LABEL_KMAC, h_r, RKD_SHA256_LEN,
		       kmac, RKD_KMAC_LEN);
}

int rkd_kbpk_derive(const uint8_t tk[RKD_TK_LEN],
		    const uint8_t h_r[RKD_SHA256_LEN],
		    uint8_t kbpk[RKD_KBPK_LEN])
{
	return rkd_kdf(tk, RKD_TK_LEN, RKD_LABEL_KBPK, h_r, RKD_SHA256_LEN,
		       kbpk, RKD_KBPK_LEN);
}

int rkd_mac16(const uint8_t kmac[RKD_KMAC_LEN], uint8_t type,
	      const uint8_t *data, size_t len, uint8_t mac[RKD_MAC16_LEN])
{
	char digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_END,
	};
	uint8_t full[RKD_SHA256_LEN];
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *hmac;
	size_t n;
	int r = RKD_ERR_CRYPTO;

	memset(mac, 0, RKD_MAC16_LEN);
	hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!hmac || (ctx = EVP_MAC_CTX_new(hmac)) == NULL ||
	    EVP_MAC_init(ctx, kmac, RKD_KMAC_LEN, params) != 1 ||
	    EVP_MAC_update(ctx, &type, 1) != 1 ||
	    (len && EVP_MAC_update(ctx, data, len) != 1) ||
	    EVP_MAC_final(ctx, full, &n, sizeof(full)) != 1 ||
	    n != sizeof(full))
		goto out;
	memcpy(mac, full, RKD_MAC16_LEN);
	r = RKD_OK;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(hmac);
	OPENSSL_cleanse(full, sizeof(full));
	return r;
}

int rkd_mac16_verify(const uint8_t kmac[RKD_KMAC_LEN], uint8_t type,
		     const uint8_t *data, size_t len,
		     const uint8_t mac[RKD_MAC16_LEN])
{
	uint8_t want[RKD_MAC16_LEN];
	int r;

	if ((r = rkd_mac16(kmac, type, data, len, want)) == 0 &&
	    CRYPTO_memcmp(want, mac, RKD_MAC16_LEN) != 0)
		r = RKD_ERR_BAD_MAC;
	OPENSSL_cleanse(want, sizeof(want));
	return r;
}
