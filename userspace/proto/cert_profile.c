// SPDX-License-Identifier: MIT
/*
 * cert_profile.c - the certificate profile on the host (rkd_cert.h): the
 * module's checks (kmod/certs.c over kmod/der.c), in the same order and
 * with the same reasons, on OpenSSL's parsed certificate.
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "rkd_cert.h"
#include "rkd_crypto.h"
#include "rkd_proto.h"

/* The extensions the module knows; any other one must not be critical. */
static bool rkd_ext_known(int nid)
{
	return nid == NID_basic_constraints || nid == NID_key_usage ||
	       nid == NID_ext_key_usage || nid == NID_subject_key_identifier ||
	       nid == NID_authority_key_identifier;
}

/* Both algorithm identifiers sha256WithRSAEncryption, params NULL/absent */
static bool rkd_sig_sha256_rsa(const X509 *c)
{
	const X509_ALGOR *inner = X509_get0_tbs_sigalg(c), *outer = NULL;
	const ASN1_OBJECT *obj;
	const void *pval;
	int ptype;

	X509_get0_signature(NULL, &outer, c);
	if (!outer || X509_ALGOR_cmp(inner, outer) != 0)
		return false;
	X509_ALGOR_get0(&obj, &ptype, &pval, outer);
	return OBJ_obj2nid(obj) == NID_sha256WithRSAEncryption &&
	       (ptype == V_ASN1_NULL || ptype == V_ASN1_UNDEF);
}

/* The facts both profiles require, as pinpad_profile_common() */
static const char *rkd_profile_common(X509 *c)
{
	int i, n = X509_get_ext_count(c);

	if (X509_get_version(c) != 2 || n <= 0)
		return "not a DER X.509 v3 certificate with extensions";
	/* each known extension at most once, as the module's DER reader */
	for (i = 0; i < n; i++) {
		X509_EXTENSION *e = X509_get_ext(c, i);
		int nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));

		/* the next one of the same kind, after position i */
		if (rkd_ext_known(nid) && X509_get_ext_by_NID(c, nid, i) >= 0)
			return "not a DER X.509 v3 certificate with extensions";
	}
	if (!rkd_sig_sha256_rsa(c))
		return "signature algorithm is not sha256WithRSAEncryption";
	if (EVP_PKEY_get_base_id(X509_get0_pubkey(c)) != EVP_PKEY_RSA)
		return "the key is not RSA";
	for (i = 0; i < n; i++) {
		X509_EXTENSION *e = X509_get_ext(c, i);

		if (X509_EXTENSION_get_critical(e) &&
		    !rkd_ext_known(OBJ_obj2nid(X509_EXTENSION_get_object(e))))
			return "an unknown critical extension";
	}
	return NULL;
}

static bool rkd_rsa_size_ok(X509 *c)
{
	size_t k = rkd_rsa_modulus_len(X509_get0_pubkey(c));

	return k >= RKD_RSA_MIN_BYTES && k <= RKD_RSA_MAX_BYTES;
}

static bool rkd_name_eq(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *pa, *pb;
	size_t la, lb;

	return X509_NAME_get0_der((X509_NAME *)a, &pa, &la) == 1 &&
	       X509_NAME_get0_der((X509_NAME *)b, &pb, &lb) == 1 &&
	       la == lb && memcmp(pa, pb, la) == 0;
}

/* basicConstraints cA; -1 if the extension is absent */
static int rkd_is_ca(X509 *c)
{
	BASIC_CONSTRAINTS *bc;
	int crit, ca;

	bc = X509_get_ext_d2i(c, NID_basic_constraints, &crit, NULL);
	if (!bc)
		return -1;
	ca = bc->ca ? 1 : 0;
	BASIC_CONSTRAINTS_free(bc);
	return ca;
}

static const char *rkd_root_profile_checks(X509 *root)
{
	const char *why = rkd_profile_common(root);
	uint32_t ku;

	if (why)
		return why;
	if (!rkd_name_eq(X509_get_issuer_name(root),
			 X509_get_subject_name(root)))
		return "not self-signed (issuer differs from subject)";
	if (rkd_is_ca(root) != 1)
		return "not a CA (basicConstraints cA is not set)";
	ku = X509_get_key_usage(root);
	if (ku == UINT32_MAX || !(ku & KU_KEY_CERT_SIGN))
		return "keyUsage does not allow keyCertSign";
	if (!rkd_rsa_size_ok(root))
		return "the key is not RSA of 2048-4096 bits";
	if (X509_verify(root, X509_get0_pubkey(root)) != 1)
		return "its self-signature does not verify";
	return NULL;
}

const char *rkd_root_profile(X509 *root)
{
	const char *why = rkd_root_profile_checks(root);

	ERR_clear_error();
	return why;
}

static bool rkd_has_rks_eku(X509 *c)
{
	EXTENDED_KEY_USAGE *eku;
	ASN1_OBJECT *want;
	bool found = false;
	int i, crit;

	eku = X509_get_ext_d2i(c, NID_ext_key_usage, &crit, NULL);
	want = OBJ_txt2obj(RKD_OID_RKS_WORK, 1);
	for (i = 0; eku && want && i < sk_ASN1_OBJECT_num(eku); i++)
		if (OBJ_cmp(sk_ASN1_OBJECT_value(eku, i), want) == 0)
			found = true;
	ASN1_OBJECT_free(want);
	EXTENDED_KEY_USAGE_free(eku);
	return found;
}

/* The root's key is named by the work certificate's authorityKeyId */
static bool rkd_akid_names(X509 *work, X509 *root)
{
	AUTHORITY_KEYID *akid;
	bool ok;
	int crit;

	akid = X509_get_ext_d2i(work, NID_authority_key_identifier, &crit,
				NULL);
	ok = akid && akid->keyid && X509_check_akid(root, akid) == X509_V_OK;
	AUTHORITY_KEYID_free(akid);
	return ok;
}

static const char *rkd_work_profile_checks(X509 *work, X509 *root,
					   time_t now)
{
	const char *why = rkd_profile_common(work);
	uint32_t ku;

	if (why)
		return why;
	if (root && !rkd_name_eq(X509_get_issuer_name(work),
				 X509_get_subject_name(root)))
		return "the issuer is not the root";
	if (rkd_is_ca(work) == 1)
		return "a CA certificate (basicConstraints cA)";
	ku = X509_get_key_usage(work);
	if (ku == UINT32_MAX || ku != KU_KEY_ENCIPHERMENT)
		return "keyUsage is not keyEncipherment alone";
	if (!rkd_has_rks_eku(work))
		return "extendedKeyUsage lacks the RKS work certificate OID";
	if ((long long)now < RKD_CLOCK_MIN)
		return "the device clock is unset (before 2025-01-01)";
	if (X509_cmp_time(X509_get0_notBefore(work), &now) > 0)
		return "not yet valid (notBefore)";
	if (X509_cmp_time(X509_get0_notAfter(work), &now) < 0)
		return "expired (notAfter)";
	/* what the kernel's keyring restriction and key query check */
	if (root && !rkd_akid_names(work, root))
		return "its authorityKeyIdentifier does not name the root's key";
	if (root && X509_verify(work, X509_get0_pubkey(root)) != 1)
		return "not signed by the root";
	if (!rkd_rsa_size_ok(work))
		return "the key is not RSA of 2048-4096 bits";
	if (root && X509_cmp(work, root) == 0)
		return "it is the root itself";
	return NULL;
}

const char *rkd_work_profile(X509 *work, X509 *root, time_t now)
{
	const char *why = rkd_work_profile_checks(work, root, now);

	ERR_clear_error();
	return why;
}
