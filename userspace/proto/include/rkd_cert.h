/* SPDX-License-Identifier: MIT */
/*
 * rkd_cert.h - the certificate profile of the download protocol
 * (Documentation/protocol.md, "Certificate profile"), on the host with
 * OpenSSL: what the module (kmod/certs.c, kmod/der.c) checks at SET_ROOT
 * and at S303, with the same reasons in the same order, for
 * `rks-server --check-config`, `rks-admin work-cert`, the software device
 * and the tests.
 */
#ifndef RKD_CERT_H
#define RKD_CERT_H

#include <time.h>

#include <openssl/x509.h>

/*
 * The extendedKeyUsage KeyPurposeId naming an RKS work certificate: a
 * UUID-derived OID (ITU-T X.667 / ISO/IEC 9834-8 arc 2.25), which needs no
 * registration; the UUID is 40252eb0-83bc-4310-b311-48f5f3c3e0b6.
 */
#define RKD_OID_RKS_WORK	"2.25.85263653689768906022751384621377904822"

/* A clock before 2025-01-01T00:00:00Z is unset: every work cert refused */
#define RKD_CLOCK_MIN		1735689600LL

/*
 * rkd_root_profile() - NULL if @root may be a device's root: a
 * self-signed (and self-verifying) X.509 v3 CA certificate with
 * keyCertSign, sha256WithRSAEncryption, RSA 2048-4096, no unknown
 * critical extension. Otherwise the reason, a static string.
 */
const char *rkd_root_profile(X509 *root);

/*
 * rkd_work_profile() - NULL if @work is an RKS work certificate a device
 * with root @root and clock @now accepts: X.509 v3, sha256WithRSAEncryption,
 * an RSA 2048-4096 key, no unknown critical extension, issued and signed by
 * @root (its authorityKeyIdentifier naming the root's key), not a CA,
 * keyUsage keyEncipherment alone, extendedKeyUsage RKD_OID_RKS_WORK, and
 * valid at @now (RKD_CLOCK_MIN or later). @root may be NULL: then issuer,
 * signature and authorityKeyIdentifier are not checked. Otherwise the
 * reason, a static string.
 */
const char *rkd_work_profile(X509 *work, X509 *root, time_t now);

#endif /* RKD_CERT_H */
