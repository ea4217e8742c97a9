/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small bounded DER reader for the fields of an X.509 v3 certificate the
 * kernel's own parser does not expose (RFC 5280 section 4.1), and the
 * certificate profile's facts it yields. Built in the module and, through
 * a shim, on the host for libFuzzer (userspace/proto/fuzz/fuzz_der.c).
 */
#ifndef PINPAD_DER_H
#define PINPAD_DER_H

#include <linux/bits.h>
#include <linux/types.h>

/* keyUsage bits (RFC 5280 4.2.1.3), bit n of the BIT STRING as 1 << n */
#define PINPAD_KU_DIGITAL_SIGNATURE	BIT(0)
#define PINPAD_KU_NON_REPUDIATION	BIT(1)
#define PINPAD_KU_KEY_ENCIPHERMENT	BIT(2)
#define PINPAD_KU_DATA_ENCIPHERMENT	BIT(3)
#define PINPAD_KU_KEY_AGREEMENT		BIT(4)
#define PINPAD_KU_KEY_CERT_SIGN		BIT(5)
#define PINPAD_KU_CRL_SIGN		BIT(6)
#define PINPAD_KU_ENCIPHER_ONLY		BIT(7)
#define PINPAD_KU_DECIPHER_ONLY		BIT(8)

/* What pinpad_cert_parse() found; pointers point into the DER given. */
struct pinpad_cert_info {
	/* inner and outer algorithm sha256WithRSAEncryption, NULL params */
	bool sig_sha256_rsa;
	bool key_rsa;		/* subjectPublicKeyInfo is rsaEncryption */
	s64 not_before, not_after;	/* seconds since the epoch, UTC */
	const u8 *issuer, *subject;	/* Name, whole TLV */
	u32 issuer_len, subject_len;
	bool has_bc, ca;	/* basicConstraints present; its cA */
	bool has_ku;
	u16 ku;			/* PINPAD_KU_* */
	bool has_eku, eku_rks;	/* extKeyUsage present; has the RKS OID */
	bool unknown_critical;	/* a critical extension not known here */
};

/*
 * The extendedKeyUsage OID of an RKS work certificate,
 * 2.25.85263653689768906022751384621377904822 (protocol.md, "Certificate
 * profile"), as DER content bytes (without tag and length).
 */
extern const u8 pinpad_oid_rks_work[];
extern const u32 pinpad_oid_rks_work_len;

int pinpad_cert_parse(const u8 *der, u32 len, struct pinpad_cert_info *ci);

#endif /* PINPAD_DER_H */
