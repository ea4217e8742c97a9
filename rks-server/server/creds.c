// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * creds.c - loading RKS_WCRT and binding RKS_WCRT_SK in the key store (a
 * PEM file or a token object, keystore.h). A mistake here would only
 * show up as every device failing S303 or S308, so everything the devices
 * and the protocol will require is checked before the server listens.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "creds.h"
#include "keystore.h"
#include "rkd_cert.h"
#include "rkd_crypto.h"
#include "rkd_msg.h"
#include "rkd_proto.h"
#include "rkd_rl.h"

/* PEM if it says so, DER otherwise. */
static X509 *rks_read_cert(const char *path, char *why, size_t why_size)
{
	char head[11] = "";
	X509 *cert = NULL;
	BIO *bio;

	bio = BIO_new_file(path, "rb");
	if (!bio) {
		snprintf(why, why_size, "%s: %s", path, strerror(errno));
		ERR_clear_error();
		return NULL;
	}
	if (BIO_read(bio, head, sizeof(head) - 1) > 0 &&
	    BIO_reset(bio) == 0) {
		if (strncmp(head, "-----BEGIN", 10) == 0)
			cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		else
			cert = d2i_X509_bio(bio, NULL);
	}
	if (!cert)
		snprintf(why, why_size, "%s: not an X.509 certificate (DER or "
			 "PEM): %s", path, rks_ossl_reason());
	BIO_free(bio);
	return cert;
}

static int rks_creds_check(struct rks_creds *c, X509 *cert, X509 *root,
			   const char *cert_path, char *why, size_t why_size)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	size_t k = rkd_rsa_modulus_len(pub);
	const char *bad;
	int len;

	if (k < RKD_RSA_MIN_BYTES || k > RKD_RSA_MAX_BYTES) {
		snprintf(why, why_size, "%s: the work key must be RSA of "
			 "2048-4096 bits", cert_path);
		return -1;
	}
	/* the file's or the token's private key must be the cert's */
	if (rks_ks_work_key(c->ks, pub, why, why_size))
		return -1;
	/* the device finds the root's key by this identifier (S303) */
	if (X509_get_ext_by_NID(cert, NID_authority_key_identifier, -1) < 0) {
		snprintf(why, why_size, "%s: no authorityKeyIdentifier: "
			 "devices will refuse it", cert_path);
		return -1;
	}
	/* exactly what every device checks at S303 (and the module's words) */
	if (root && (bad = rkd_root_profile(root)) != NULL) {
		snprintf(why, why_size, "the root certificate is not one a "
			 "device accepts: %s", bad);
		return -1;
	}
	bad = rkd_work_profile(cert, root, time(NULL));
	if (bad) {
		snprintf(why, why_size, "%s: devices will refuse this work "
			 "certificate: %s", cert_path, bad);
		return -1;
	}
	len = i2d_X509(cert, &c->cert_der);
	if (len <= 0 || len > RKD_BODY_MAX) {
		snprintf(why, why_size, "%s: %d bytes of DER; a WORK_CERT "
			 "holds at most %d", cert_path, len, RKD_BODY_MAX);
		return -1;
	}
	c->cert_len = (size_t)len;
	c->modulus_len = k;
	X509_NAME_oneline(X509_get_subject_name(cert), c->subject,
			  sizeof(c->subject));
	return 0;
}

/* The WORK_CERT body: the certificate and the revocation list, if any */
static int rks_creds_body(struct rks_creds *c, X509 *root,
			  const char *rl_path, char *why, size_t why_size)
{
	uint8_t rl[RKD_BODY_MAX];
	struct rkd_buf b;
	const char *bad;
	size_t rl_len = 0;
	FILE *f;

	if (rl_path) {
		if (!root) {
			snprintf(why, why_size, "a revocation list needs the "
				 "root certificate (root_cert) to be checked");
			return -1;
		}
		f = fopen(rl_path, "rb");
		if (!f) {
			snprintf(why, why_size, "%s: %s", rl_path,
				 strerror(errno));
			return -1;
		}
		rl_len = fread(rl, 1, sizeof(rl), f);
		fclose(f);
		bad = rkd_rl_check(rl, rl_len, root, c->cert_der, c->cert_len,
				   0, &c->rl_number);
		if (bad) {
			snprintf(why, why_size, "%s: devices will refuse the "
				 "work certificate with it: %s", rl_path, bad);
			return -1;
		}
	}
	c->body_len = 2 + c->cert_len + rl_len;
	c->body = OPENSSL_malloc(c->body_len);
	if (!c->body) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	rkd_buf_fixed(&b, c->body, c->body_len);
	if (rkd_work_cert_encode(&b, c->cert_der, c->cert_len, rl,
				 rl_len) != 0) {
		snprintf(why, why_size, "the work certificate and its "
			 "revocation list exceed a WORK_CERT (4096 bytes)");
		return -1;
	}
	return 0;
}

int rks_creds_load(struct rks_creds *c, struct rks_keystore *ks,
		   const char *cert_path, const char *root_path,
		   const char *rl_path, char *why, size_t why_size)
{
	X509 *cert, *root = NULL;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	cert = rks_read_cert(cert_path, why, why_size);
	if (!cert)
		return -1;
	if (root_path && !(root = rks_read_cert(root_path, why, why_size))) {
		X509_free(cert);
		return -1;
	}
	c->ks = ks;
	ret = rks_creds_check(c, cert, root, cert_path, why, why_size);
	if (!ret)
		ret = rks_creds_body(c, root, rl_path, why, why_size);
	X509_free(root);
	X509_free(cert);
	if (ret)
		rks_creds_free(c);
	return ret;
}

void rks_creds_free(struct rks_creds *c)
{
	OPENSSL_free(c->cert_der);
	OPENSSL_free(c->body);
	memset(c, 0, sizeof(*c));
}
