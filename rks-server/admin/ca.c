// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ca.c - making, writing and loading the RKS certificates with the OpenSSL
 * C API. The kernel checks RKS_WCRT against RKS_RCRT by the work
 * certificate's authorityKeyIdentifier, which must equal the root's
 * subjectKeyIdentifier: both are set here, from the root's key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "ca.h"
#include "cli_common.h"
#include "rkd_cert.h"

static int ossl_fail(const char *what)
{
	char buf[256];
	unsigned long e = ERR_get_error();

	ERR_error_string_n(e, buf, sizeof(buf));
	cli_err("%s: %s", what, e ? buf : "failed");
	ERR_clear_error();
	return -1;
}

static int add_ext(X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	int ok;

	if (!ext)
		return ossl_fail(value);
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : ossl_fail(value);
}

/* A positive random serial of 127 bits. */
static int set_serial(X509 *cert)
{
	unsigned char bytes[16];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(bytes, sizeof(bytes)) != 1)
		return ossl_fail("serial number");
	bytes[0] &= 0x7f;
	bytes[0] |= 0x40;	/* no leading zero byte: always 16 bytes */
	bn = BN_bin2bn(bytes, sizeof(bytes), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
	BN_free(bn);
	return ok ? 0 : ossl_fail("serial number");
}

static int set_names(X509 *cert, const char *cn, X509 *issuer)
{
	X509_NAME *name = X509_NAME_new();
	int ok;

	ok = name &&
	     X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
					(const unsigned char *)"pinpad-rkd",
					-1, -1, 0) &&
	     X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)cn, -1, -1,
					0) &&
	     X509_set_subject_name(cert, name) &&
	     X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer)
					       : name);
	X509_NAME_free(name);
	return ok ? 0 : ossl_fail("certificate names");
}

static int set_extensions(X509 *cert, X509 *issuer)
{
	X509V3_CTX ctx;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, NULL, NULL, 0);
	if (!issuer)
		return add_ext(cert, &ctx, NID_basic_constraints,
			       "critical,CA:TRUE") ||
		       add_ext(cert, &ctx, NID_key_usage,
			       "critical,keyCertSign,cRLSign") ||
		       add_ext(cert, &ctx, NID_subject_key_identifier,
			       "hash") ? -1 : 0;
	/* the work certificate profile (protocol.md): rkd_cert.h */
	return add_ext(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE")
	       || add_ext(cert, &ctx, NID_key_usage,
			  "critical,keyEncipherment") ||
	       add_ext(cert, &ctx, NID_ext_key_usage, RKD_OID_RKS_WORK) ||
	       add_ext(cert, &ctx, NID_subject_key_identifier, "hash") ||
	       add_ext(cert, &ctx, NID_authority_key_identifier, "keyid") ?
	       -1 : 0;
}

int ca_certify(EVP_PKEY *key, int days, const char *cn, X509 *issuer,
	       EVP_PKEY *signer, X509 **cert)
{
	X509 *c = X509_new();

	*cert = NULL;
	if (!c || !X509_set_version(c, X509_VERSION_3) || set_serial(c) ||
	    !X509_gmtime_adj(X509_getm_notBefore(c), 0) ||
	    !X509_time_adj_ex(X509_getm_notAfter(c), days, 0, NULL) ||
	    set_names(c, cn, issuer) || !X509_set_pubkey(c, key) ||
	    set_extensions(c, issuer) ||
	    !X509_sign(c, signer, EVP_sha256())) {
		ossl_fail("making the certificate");
		X509_free(c);
		return -1;
	}
	*cert = c;
	return 0;
}

int ca_issue(int bits, int days, const char *cn, X509 *issuer,
	     EVP_PKEY *issuer_key, EVP_PKEY **key, X509 **cert)
{
	EVP_PKEY *k;

	*key = NULL;
	k = EVP_RSA_gen((unsigned int)bits);
	if (!k)
		return ossl_fail("generating an RSA key");
	if (ca_certify(k, days, cn, issuer, issuer_key ? issuer_key : k,
		       cert)) {
		EVP_PKEY_free(k);
		return -1;
	}
	*key = k;
	return 0;
}

/*
 * A new file @path of @mode; with @replace, written beside it and renamed
 * over it once complete.
 */
static FILE *open_new(const char *path, int mode, bool replace, char *tmp,
		      size_t size)
{
	int fd;
	FILE *f;

	snprintf(tmp, size, "%s%s", path, replace ? ".new" : "");
	if (replace)
		unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  mode);
	if (fd < 0) {
		cli_err("cannot create %s: %s", tmp, strerror(errno));
		return NULL;
	}
	if (fchmod(fd, (mode_t)mode) || !(f = fdopen(fd, "wb"))) {
		cli_err("%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return NULL;
	}
	return f;
}

static int close_new(FILE *f, bool ok, const char *path, const char *tmp)
{
	if (ok && (fflush(f) || fsync(fileno(f)))) {
		cli_err("writing %s: %s", tmp, strerror(errno));
		ok = false;
	}
	if (fclose(f) && ok) {
		cli_err("writing %s: %s", tmp, strerror(errno));
		ok = false;
	}
	if (ok && strcmp(path, tmp) && rename(tmp, path)) {
		cli_err("renaming %s to %s: %s", tmp, path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	return ok ? 0 : -1;
}

int ca_write_key(const char *path, EVP_PKEY *key, bool replace)
{
	char tmp[4096];
	FILE *f = open_new(path, 0600, replace, tmp, sizeof(tmp));
	bool ok;

	if (!f)
		return -1;
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
	if (!ok)
		ossl_fail(path);
	return close_new(f, ok, path, tmp);
}

int ca_write_cert(const char *path, X509 *cert, bool replace)
{
	char tmp[4096];
	FILE *f = open_new(path, 0644, replace, tmp, sizeof(tmp));
	bool ok;

	if (!f)
		return -1;
	ok = i2d_X509_fp(f, cert) == 1;
	if (!ok)
		ossl_fail(path);
	return close_new(f, ok, path, tmp);
}

int ca_load_root(const char *dir, EVP_PKEY **key, X509 **cert)
{
	char path[4096];
	FILE *f;

	*key = NULL;
	*cert = NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, CA_ROOT_CERT);
	f = fopen(path, "rb");
	if (!f) {
		cli_err("%s: %s", path, strerror(errno));
		return -1;
	}
	*cert = d2i_X509_fp(f, NULL);
	fclose(f);
	if (!*cert)
		return ossl_fail(path);
	snprintf(path, sizeof(path), "%s/%s", dir, CA_ROOT_KEY);
	f = fopen(path, "rb");
	if (!f) {
		cli_err("%s: %s", path, strerror(errno));
		goto fail;
	}
	*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!*key) {
		ossl_fail(path);
		goto fail;
	}
	if (X509_check_private_key(*cert, *key) != 1) {
		ERR_clear_error();
		cli_err("%s does not match %s/%s", path, dir, CA_ROOT_CERT);
		goto fail;
	}
	return 0;
fail:
	EVP_PKEY_free(*key);
	X509_free(*cert);
	*key = NULL;
	*cert = NULL;
	return -1;
}

void ca_fingerprint(X509 *cert, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (X509_digest(cert, EVP_sha256(), md, &len) != 1 || len != 32) {
		snprintf(hex, 65, "?");
		return;
	}
	cli_hex(md, 32, hex);
}

void ca_not_after(X509 *cert, char *buf, size_t size)
{
	struct tm tm;

	if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) {
		snprintf(buf, size, "?");
		return;
	}
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
