/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ca.h - the RKS certificates, made with the OpenSSL C API: the root
 * RKS_RCRT (self-signed, offline) and the work certificate RKS_WCRT that
 * the root signs and rks-server presents (Documentation/protocol.md).
 */
#ifndef RKS_ADMIN_CA_H
#define RKS_ADMIN_CA_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* File names in the CA directory and the work directory. */
#define CA_ROOT_KEY	"root-key.pem"
#define CA_ROOT_CERT	"root-cert.der"
#define CA_WORK_KEY	"work-key.pem"
#define CA_WORK_CERT	"work-cert.der"

#define CA_ROOT_CN	"pinpad-rkd root RKS_RCRT"
#define CA_WORK_CN	"pinpad-rkd work RKS_WCRT"

/*
 * ca_issue() - a new RSA key of @bits and its certificate, valid @days
 * @issuer, @issuer_key: the root, or both NULL for the self-signed root
 *
 * The root: basicConstraints critical CA:TRUE, keyUsage critical
 * keyCertSign and cRLSign, subjectKeyIdentifier hash. The work
 * certificate: basicConstraints critical CA:FALSE, keyUsage critical
 * keyEncipherment, subjectKeyIdentifier hash, authorityKeyIdentifier
 * keyid. Both X.509 v3, sha256WithRSAEncryption, random 127-bit serial.
 *
 * Return: 0, or -1 after printing OpenSSL's reason.
 */
int ca_issue(int bits, int days, const char *cn, X509 *issuer,
	     EVP_PKEY *issuer_key, EVP_PKEY **key, X509 **cert);

/*
 * ca_certify() - the certificate of @key (a public key suffices), as
 * ca_issue() makes it, signed by @signer: the root's key for the work
 * certificate (@issuer the root), @key itself for the self-signed root
 * (@issuer NULL). The work key made in a token (rks_ks_work_key_generate())
 * needs no signature of its own: only its public key is certified.
 *
 * Return: 0, or -1 after printing OpenSSL's reason.
 */
int ca_certify(EVP_PKEY *key, int days, const char *cn, X509 *issuer,
	       EVP_PKEY *signer, X509 **cert);

/* New files (never replacing one): a PKCS#8 PEM key 0600, a DER cert 0644. */
int ca_write_key(const char *path, EVP_PKEY *key, bool replace);
int ca_write_cert(const char *path, X509 *cert, bool replace);

/* The root from @dir: its key must match its certificate. */
int ca_load_root(const char *dir, EVP_PKEY **key, X509 **cert);

/* SHA-256 of the certificate's DER, 64 hex digits. */
void ca_fingerprint(X509 *cert, char hex[65]);

/* notAfter, as 2045-11-26T15:20:01Z. */
void ca_not_after(X509 *cert, char *buf, size_t size);

#endif /* RKS_ADMIN_CA_H */
