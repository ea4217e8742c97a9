/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * creds.h - the work certificate RKS_WCRT and its private key, loaded and
 * checked once at start: RSA of 2048-4096 bits, the key store's work key
 * (a PEM file readable by its owner only, or a token object) matching the
 * certificate, the certificate small enough for one WORK_CERT frame.
 */
#ifndef RKS_CREDS_H
#define RKS_CREDS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

struct rks_creds {
	uint8_t *cert_der;		/* RKS_WCRT, DER */
	size_t cert_len;
	uint8_t *body;			/* the WORK_CERT body: cert_len[2] ||
					 * cert || revocation list */
	size_t body_len;
	uint64_t rl_number;		/* 0: no revocation list sent */
	struct rks_keystore *ks;	/* holds RKS_WCRT_SK: decrypts */
	size_t modulus_len;		/* FACTOR and RESPONSE length */
	char subject[256];		/* for the log */
};

struct rks_keystore;

/*
 * rks_creds_load() - load @cert_path (DER or PEM), bind the matching work
 * private key in @ks (rks_ks_work_key(); @ks must outlive @c), and
 * check the certificate against the devices' profile (rkd_cert.h) at this
 * host's clock; against @root_path (DER or PEM, RKS_RCRT) too if not NULL.
 * @rl_path (NULL: none) is the revocation list to send with it (rkd_rl.h):
 * it needs @root_path, must be the root's, and must not name the
 * certificate
 * Return: 0, or -1 with the reason (naming the file) in @why.
 */
int rks_creds_load(struct rks_creds *c, struct rks_keystore *ks,
		   const char *cert_path, const char *root_path,
		   const char *rl_path, char *why, size_t why_size);
void rks_creds_free(struct rks_creds *c);

#endif /* RKS_CREDS_H */
