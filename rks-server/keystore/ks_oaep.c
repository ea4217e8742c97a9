// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ks_oaep.c - EME-OAEP decoding on the host, for a token that can only do
 * raw RSA (SoftHSM2 2.6 has no CKM_RSA_PKCS_OAEP with SHA-256).
 *
 * The token computes m = c^d mod n (CKM_RSA_X_509) and hands back EM =
 * I2OSP(m, k); the private key stays inside. EM is the OAEP encoding of a
 * FACTOR or RESPONSE plaintext: anyone who sees EM learns that plaintext,
 * which this process holds anyway a moment later. What must not leak is
 * *why* a ciphertext fails to decode (Manger's attack), so the decoding is
 * OpenSSL's RSA_padding_check_PKCS1_OAEP_mgf1(), written to run in
 * constant time whatever EM holds (crypto/rsa/rsa_oaep.c), and every
 * failure is the one answer -EBADMSG.
 */
/* The padding check is deprecated as a public API in OpenSSL 3 but kept,
 * and it is the constant-time one OpenSSL's own decryption uses. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <errno.h>
#include <limits.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "ks_internal.h"

int rks_oaep_decode(const uint8_t *em, size_t k, uint8_t *out,
		    size_t out_cap, size_t *out_len)
{
	int n;

	*out_len = 0;
	if (k < 2 * 32 + 2 || k > INT_MAX || out_cap > INT_MAX)
		return -EINVAL;
	/* EM's leading byte (must be 0) is part of what is checked */
	n = RSA_padding_check_PKCS1_OAEP_mgf1(out, (int)out_cap, em, (int)k,
					      (int)k, NULL, 0, EVP_sha256(),
					      EVP_sha256());
	/* a peer must not fill our error queue */
	ERR_clear_error();
	if (n < 0)
		return -EBADMSG;
	*out_len = (size_t)n;
	return 0;
}

void rks_oaep_realign(uint8_t *em, size_t n, size_t k)
{
	size_t shift = k - n, step, i, bit;
	uint8_t mask, v;

	/* shift right by k - n, one power of two at a time, each pass over
	 * all k bytes whatever its bit: no branch or index on the shift */
	for (bit = 0, step = 1; step <= k; bit++, step <<= 1) {
		mask = (uint8_t)(0u - ((shift >> bit) & 1u));
		for (i = k; i-- > 0;) {
			v = i >= step ? em[i - step] : 0;
			em[i] = (uint8_t)((em[i] & ~mask) | (v & mask));
		}
	}
}
