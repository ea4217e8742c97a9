/* SPDX-License-Identifier: MIT */
/*
 * rkd_crypto.h - the protocol's cryptography over OpenSSL 3 EVP
 * (Documentation/protocol.md, "Notation" and "Keys and values").
 *
 * Every function returns RKD_OK or a negative rkd_err and wipes its own
 * temporaries (OPENSSL_cleanse); the caller wipes what it passes in and
 * gets out. Outputs are zeroed on error.
 *
 * TDES keys are 16 bytes (K1K2, used as K1K2K1) or 24 bytes (K1K2K3);
 * TDES-ECB works on whole 8-byte blocks without padding.
 */
#ifndef RKD_CRYPTO_H
#define RKD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "rkd_proto.h"
#include "rkd_rules.h"	/* rkd_tdes_key_weak() */

#define RKD_TDES_BLOCK	8
#define RKD_AES_BLOCK	16

/* SHA256(@p) */
int rkd_sha256(const void *p, size_t n, uint8_t out[RKD_SHA256_LEN]);

/* Cryptographically strong random bytes for secrets (RAND_priv_bytes). */
int rkd_random(uint8_t *out, size_t n);

/*
 * rkd_tdes_ecb() - TDES-ECB-E or -D of @len bytes (a multiple of 8)
 * @out may equal @in. RKD_ERR_ARGUMENT for a bad key or data length.
 */
int rkd_tdes_ecb(const uint8_t *key, size_t key_len, bool encrypt,
		 const uint8_t *in, size_t len, uint8_t *out);

/* KCV: the first 3 bytes of TDES-ECB-E(key, 8 zero bytes). */
int rkd_kcv(const uint8_t *key, size_t key_len, uint8_t kcv[RKD_KCV_LEN]);

/*
 * TDES and AES by their X9.143 algorithm letter @alg: 'T' (TDES, keys of
 * 16 or 24 bytes, 8-byte blocks) or 'A' (AES, 16/24/32, 16-byte blocks).
 * RKD_ERR_ARGUMENT for another letter or key length.
 *
 * rkd_blk_len() - the block size of @alg in bytes, 0 if unknown.
 * rkd_kcv_alg() - the KCV of X9.24-1:2017: TDES A.2 (as rkd_kcv()), AES
 *   A.3 (the first 3 bytes of AES-CMAC over one 16-byte zero block).
 * rkd_cmac() - NIST SP 800-38B CMAC over @a || @b (@b_len may be 0); the
 *   whole tag, rkd_blk_len(@alg) bytes, to @mac.
 * rkd_block_cipher() - @alg-CBC with @iv (one block), or ECB if @iv is
 *   NULL, without padding: @len a multiple of the block size. @out may
 *   equal @in.
 */
size_t rkd_blk_len(char alg);
int rkd_kcv_alg(char alg, const uint8_t *key, size_t key_len,
		uint8_t kcv[RKD_KCV_LEN]);
int rkd_cmac(char alg, const uint8_t *key, size_t key_len,
	     const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
	     uint8_t *mac);
int rkd_block_cipher(char alg, const uint8_t *key, size_t key_len,
		     bool encrypt, const uint8_t *iv, const uint8_t *in,
		     size_t len, uint8_t *out);

/*
 * rkd_dik2() - the patent's DIK2 function F(DSN, factor, DIK1), the one
 * copy for rks-server, rks-factory and the software device
 * (Documentation/protocol.md, "The DIK2 function F"):
 *   KEY1 = TDES-ECB-E(DIK1, SHA256(DSN)[0..24))
 *   DIK2 = TDES-ECB-D(KEY1, SHA256(factor)[0..24))
 * @dsn_len, @factor_len: at least 1 byte each
 * @degenerate: if not NULL, set when KEY1 or DIK2 is a degenerate TDES key
 *              (rkd_tdes_key_weak()): the module refuses such a DIK2, so
 *              the factory draws another factor
 * Return: RKD_OK; RKD_ERR_ARGUMENT for an empty DSN or factor;
 * RKD_ERR_CRYPTO. Intermediate values are wiped; @dik2 is the caller's.
 */
int rkd_dik2(const void *dsn, size_t dsn_len, const uint8_t *factor,
	     size_t factor_len, const uint8_t dik1[RKD_TDES_LEN],
	     uint8_t dik2[RKD_TDES_LEN], bool *degenerate);

/*
 * rkd_kdf() - NIST SP 800-108r1 section 4.1, KDF in counter mode, PRF
 * HMAC-SHA-256, 32-bit counter before the fixed data:
 *   K(i) = HMAC(key, [i]_32 || Label || 00 || Context || [L]_32), i = 1..
 *   out  = the first @out_len bytes of K(1) || K(2) || ...
 * with L = 8 * @out_len (bits) and Label the ASCII bytes of @label.
 * rkd_kdf_fixed() takes the fixed data (Label || 00 || Context || [L]_32)
 * whole, as NIST's CAVP vectors give it. Return: RKD_OK, RKD_ERR_ARGUMENT
 * (empty key or output), RKD_ERR_CRYPTO.
 */
int rkd_kdf(const uint8_t *key, size_t key_len, const char *label,
	    const uint8_t *context, size_t context_len, uint8_t *out,
	    size_t out_len);
int rkd_kdf_fixed(const uint8_t *key, size_t key_len, const uint8_t *fixed,
		  size_t fixed_len, uint8_t *out, size_t out_len);

/*
 * The transcript hash of version 2: SHA-256 over whole frames (8-byte
 * header, version 2, and body) in the order sent. rkd_transcript_hash()
 * returns the hash so far (H_C after FACTOR, H_R after RESPONSE) and
 * starts the transcript again with that hash as its first 32 bytes, so
 * that H_R = SHA256(H_C || CHALLENGE frame || RESPONSE frame). Zero the
 * struct before the first start; rkd_transcript_free() at the end.
 */
struct rkd_transcript {
	EVP_MD_CTX *md;
};
int rkd_transcript_start(struct rkd_transcript *t);
int rkd_transcript_add(struct rkd_transcript *t, unsigned int type,
		       const void *body, size_t len);
int rkd_transcript_hash(struct rkd_transcript *t,
			uint8_t out[RKD_SHA256_LEN]);
void rkd_transcript_free(struct rkd_transcript *t);

/*
 * The CHALLENGE body of version 2 (S306), encrypt-then-MAC:
 *   K_CE || K_CA = KDF(DIK2, "pinpad-rkd v2 CHALLENGE", H_C), 56 bytes
 *   C = TDES-ECB-E(K_CE, AT || TK1), T = MAC16(K_CA, 04 || C)
 *   body = C || T
 * rkd_challenge_open() checks T first (constant time) and decrypts only
 * then. Return: RKD_OK; RKD_ERR_BAD_MAC (T does not verify: the sender
 * does not hold DIK2, or the transcript differs); RKD_ERR_WEAK_KEY (a
 * degenerate K_CE, odds 2^-55: the session fails as a bad MAC would);
 * RKD_ERR_CRYPTO. Outputs are zero on error.
 */
int rkd_challenge_seal(const uint8_t dik2[RKD_TDES_LEN],
		       const uint8_t h_c[RKD_SHA256_LEN],
		       const uint8_t at[RKD_AT_LEN],
		       const uint8_t tk1[RKD_TK_LEN],
		       uint8_t body[RKD_CHALLENGE_LEN]);
int rkd_challenge_open(const uint8_t dik2[RKD_TDES_LEN],
		       const uint8_t h_c[RKD_SHA256_LEN],
		       const uint8_t body[RKD_CHALLENGE_LEN],
		       uint8_t at[RKD_AT_LEN], uint8_t tk1[RKD_TK_LEN]);

/* K_MAC = KDF(TK, "pinpad-rkd v3 K_MAC", H_R), 32 bytes */
int rkd_kmac_derive(const uint8_t tk[RKD_TK_LEN],
		    const uint8_t h_r[RKD_SHA256_LEN],
		    uint8_t kmac[RKD_KMAC_LEN]);

/* KBPK_S = KDF(TK, "pinpad-rkd v3 KBPK", H_R), 32 bytes: the AES-256
 * KBPK of every KEY's key block (X9.143 version D) */
int rkd_kbpk_derive(const uint8_t tk[RKD_TK_LEN],
		    const uint8_t h_r[RKD_SHA256_LEN],
		    uint8_t kbpk[RKD_KBPK_LEN]);

/* MAC16(K_MAC, type || data): the first 16 bytes of HMAC-SHA-256 */
int rkd_mac16(const uint8_t kmac[RKD_KMAC_LEN], uint8_t type,
	      const uint8_t *data, size_t len, uint8_t mac[RKD_MAC16_LEN]);
/* RKD_OK if @mac is MAC16(K_MAC, type || data) (constant time), else
 * RKD_ERR_BAD_MAC. */
int rkd_mac16_verify(const uint8_t kmac[RKD_KMAC_LEN], uint8_t type,
		     const uint8_t *data, size_t len,
		     const uint8_t mac[RKD_MAC16_LEN]);

/* The modulus size in bytes of an RSA key, or 0 for any other key. */
size_t rkd_rsa_modulus_len(const EVP_PKEY *pk);

/*
 * rkd_oaep_decrypt() - RSAES-OAEP decryption, SHA-256, MGF1-SHA-256,
 * empty label, with the private key @sk
 * @in_len:  must equal the modulus size
 * @out_cap: room at @out; the plaintext's length goes to *@out_len
 * Return: RKD_OK; RKD_ERR_DECRYPT for any ciphertext that does not decode
 * (one answer for every reason: no padding oracle); RKD_ERR_ARGUMENT.
 */
int rkd_oaep_decrypt(EVP_PKEY *sk, const uint8_t *in, size_t in_len,
		     uint8_t *out, size_t out_cap, size_t *out_len);

#endif /* RKD_CRYPTO_H */
