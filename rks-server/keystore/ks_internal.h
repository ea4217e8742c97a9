/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ks_internal.h - what the key store's back ends share: the table of
 * operations each fills in (keystore.c dispatches through it), and the
 * checks on secret files.
 */
#ifndef RKS_KS_INTERNAL_H
#define RKS_KS_INTERNAL_H

#include <sys/types.h>

#include "keystore.h"

struct rks_ks_ops {
	void (*close)(struct rks_keystore *ks);
	int (*seal)(struct rks_keystore *ks, const char *aad,
		    const uint8_t *pt, size_t len, uint8_t *out);
	int (*unseal)(struct rks_keystore *ks, const char *aad,
		      const uint8_t *in, size_t in_len, uint8_t *pt,
		      size_t pt_len);
	int (*dik1_store)(struct rks_keystore *ks, const uint8_t *dik1,
			  struct rks_dik1_ref *ref);
	void (*dik1_forget)(struct rks_keystore *ks,
			    const struct rks_dik1_ref *ref);
	int (*dik1_kcv)(struct rks_keystore *ks,
			const struct rks_dik1_ref *ref, uint8_t *kcv);
	int (*dik1_export)(struct rks_keystore *ks,
			   const struct rks_dik1_ref *ref, uint8_t *dik1);
	int (*dik2)(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		    const char *dsn, size_t dsn_len, const uint8_t *factor,
		    size_t factor_len, uint8_t *dik2);
	int (*work_key)(struct rks_keystore *ks, EVP_PKEY *pub, char *why,
			size_t why_size);
	int (*oaep_decrypt)(struct rks_keystore *ks, const uint8_t *in,
			    size_t in_len, uint8_t *out, size_t out_cap,
			    size_t *out_len);
	int (*work_key_import)(struct rks_keystore *ks, EVP_PKEY *key);
	int (*work_key_generate)(struct rks_keystore *ks, unsigned int bits,
				 EVP_PKEY **pub, char *msg, size_t msg_size);
	void (*forget_made)(struct rks_keystore *ks);
};

/* The head of every back end's handle. */
struct rks_keystore {
	const struct rks_ks_ops *ops;
	enum rks_ks_kind kind;
	char desc[512];
};

int rks_ks_file_open(const struct rks_ks_config *cfg, bool create,
		     struct rks_keystore **out, char *msg, size_t msg_size);
int rks_ks_pkcs11_open(const struct rks_ks_config *cfg, bool create,
		       struct rks_keystore **out, char *msg, size_t msg_size);

/*
 * rks_oaep_decode() - EME-OAEP decoding (RFC 8017 7.1.2 steps 3a-3g),
 * SHA-256, MGF1-SHA-256, empty label, of @em (@k bytes, the raw RSA
 * output I2OSP(m, k)), in constant time through OpenSSL's
 * RSA_padding_check_PKCS1_OAEP_mgf1(). -EBADMSG for any bad encoding.
 */
int rks_oaep_decode(const uint8_t *em, size_t k, uint8_t *out,
		    size_t out_cap, size_t *out_len);

/*
 * rks_oaep_realign() - a raw RSA output of @n bytes (at the start of @em)
 * as I2OSP(m, k): moved to the end of @em's @k bytes, zeros before it, in
 * time that depends on @k only. A module that strips m's leading zero
 * bytes (PKCS#11 says k bytes; not every module does) gives n < k just
 * when EM's first byte, which OAEP wants zero, is zero: a move by k - n
 * that took longer or shorter would tell that (Manger's oracle). @n <= @k.
 */
void rks_oaep_realign(uint8_t *em, size_t n, size_t k);

#endif /* RKS_KS_INTERNAL_H */
