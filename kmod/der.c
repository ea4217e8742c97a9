// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded DER reader over an X.509 v3 certificate (RFC 5280 4.1, X.690
 * DER), for the facts of the certificate profile that the kernel's X.509
 * parser does not expose: the signature algorithm of both the TBS and the
 * outer certificate, validity, issuer and subject, and the extensions
 * basicConstraints, keyUsage and extendedKeyUsage, and whether a critical
 * extension is one this reader does not know.
 *
 * Everything is checked against the bytes left: every length is definite,
 * in the minimal form, and inside its parent; nothing follows the last
 * field of a structure. Anything it cannot parse is -EBADMSG: the profile
 * refuses what it does not understand. No allocation, no recursion deeper
 * than the certificate's fixed shape.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "der.h"

#define DER_BOOLEAN	0x01
#define DER_INTEGER	0x02
#define DER_BIT_STRING	0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL	0x05
#define DER_OID		0x06
#define DER_UTC_TIME	0x17
#define DER_GEN_TIME	0x18
#define DER_SEQUENCE	0x30
#define DER_CTX0	0xa0	/* [0] constructed: version */
#define DER_CTX1	0x81	/* [1] IMPLICIT primitive: issuerUniqueID */
#define DER_CTX2	0x82	/* [2] IMPLICIT primitive: subjectUniqueID */
#define DER_CTX3	0xa3	/* [3] constructed: extensions */

/* 2.25.85263653689768906022751384621377904822: see der.h */
const u8 pinpad_oid_rks_work[] = {
	0x69, 0x81, 0x80, 0xa5, 0x97, 0xac, 0x90, 0xbb, 0xe2, 0x8c,
	0xa1, 0xb3, 0x88, 0xd2, 0x9e, 0xdf, 0x9e, 0x8f, 0xc1, 0x36,
};

const u32 pinpad_oid_rks_work_len = sizeof(pinpad_oid_rks_work);

/* 1.2.840.113549.1.1.11 sha256WithRSAEncryption, .1.1.1 rsaEncryption */
static const u8 der_oid_sha256_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const u8 der_oid_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
/* id-ce 2.5.29.x */
#define DER_ID_CE_SKI	14
#define DER_ID_CE_KU	15
#define DER_ID_CE_BC	19
#define DER_ID_CE_AKI	35
#define DER_ID_CE_EKU	37

/* A window on DER bytes not read yet. */
struct der {
	const u8 *p;
	u32 len;
};

/*
 * Take one TLV from @d: tag in *@tag (single-byte tags only), value in @v,
 * the whole TLV from *@start. -EBADMSG for anything malformed.
 */
static int der_next(struct der *d, u8 *tag, struct der *v, const u8 **start)
{
	u32 n, len, i;

	if (d->len < 2)
		return -EBADMSG;
	*tag = d->p[0];
	if ((*tag & 0x1f) == 0x1f)		/* multi-byte tag */
		return -EBADMSG;
	if (start)
		*start = d->p;
	len = d->p[1];
	n = 2;
	if (len & 0x80) {
		u32 k = len & 0x7f;

		/* 1..3 length bytes are plenty (4096-byte bodies); minimal */
		if (k == 0 || k > 3 || d->len < 2 + k || d->p[2] == 0)
			return -EBADMSG;
		for (len = 0, i = 0; i < k; i++)
			len = len << 8 | d->p[2 + i];
		if (len < 0x80)
			return -EBADMSG;
		n += k;
	}
	if (len > d->len - n)
		return -EBADMSG;
	v->p = d->p + n;
	v->len = len;
	d->p += n + len;
	d->len -= n + len;
	return 0;
}

/* Take one TLV that must have tag @want. */
static int der_expect(struct der *d, u8 want, struct der *v)
{
	u8 tag;
	int err = der_next(d, &tag, v, NULL);

	if (!err && tag != want)
		err = -EBADMSG;
	return err;
}

static bool der_eq(const struct der *v, const u8 *bytes, u32 len)
{
	return v->len == len && !memcmp(v->p, bytes, len);
}

/*
 * AlgorithmIdentifier: is it sha256WithRSAEncryption with NULL or absent
 * parameters? -EBADMSG only if it is not an AlgorithmIdentifier at all.
 */
static int der_sig_alg(struct der *d, bool *sha256_rsa)
{
	struct der alg, oid, par;
	u8 tag;
	int err;

	err = der_expect(d, DER_SEQUENCE, &alg);
	if (!err)
		err = der_expect(&alg, DER_OID, &oid);
	if (err)
		return err;
	*sha256_rsa = der_eq(&oid, der_oid_sha256_rsa,
			     sizeof(der_oid_sha256_rsa));
	if (alg.len) {
		err = der_next(&alg, &tag, &par, NULL);
		if (err || alg.len)
			return -EBADMSG;
		if (tag != DER_NULL || par.len)
			*sha256_rsa = false;
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static s64 der_days(s64 y, u32 m, u32 d)
{
	s64 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int der_digits(const u8 *p, u32 n, u32 *out)
{
	u32 i;

	for (*out = 0, i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -EBADMSG;
		*out = *out * 10 + (p[i] - '0');
	}
	return 0;
}

/*
 * Time ::= UTCTime "YYMMDDHHMMSSZ" (YY < 50: 20YY, RFC 5280 4.1.2.5.1) or
 * GeneralizedTime "YYYYMMDDHHMMSSZ"; nothing else is DER for a
 * certificate. Seconds since the epoch in *@t.
 */
static int der_time(struct der *d, s64 *t)
{
	static const u8 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	u32 y, mo, dd, h, mi, s, yl;
	struct der v;
	u8 tag;
	int err;

	err = der_next(d, &tag, &v, NULL);
	if (err)
		return err;
	if (tag == DER_UTC_TIME && v.len == 13)
		yl = 2;
	else if (tag == DER_GEN_TIME && v.len == 15)
		yl = 4;
	else
		return -EBADMSG;
	if (v.p[v.len - 1] != 'Z' || der_digits(v.p, yl, &y) ||
	    der_digits(v.p + yl, 2, &mo) || der_digits(v.p + yl + 2, 2, &dd) ||
	    der_digits(v.p + yl + 4, 2, &h) ||
	    der_digits(v.p + yl + 6, 2, &mi) ||
	    der_digits(v.p + yl + 8, 2, &s))
		return -EBADMSG;
	if (yl == 2)
		y += y < 50 ? 2000 : 1900;
	if (mo < 1 || mo > 12 || dd < 1 || dd > mdays[mo - 1] || h > 23 ||
	    mi > 59 || s > 59)
		return -EBADMSG;
	*t = (der_days(y, mo, dd) * 24 + h) * 3600 + mi * 60 + s;
	return 0;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen } */
static int der_basic_constraints(struct der v, struct pinpad_cert_info *ci)
{
	struct der seq, f;
	u8 tag;
	int err;

	err = der_expect(&v, DER_SEQUENCE, &seq);
	if (err || v.len)
		return -EBADMSG;
	ci->has_bc = true;
	ci->ca = false;
	if (!seq.len)
		return 0;
	err = der_next(&seq, &tag, &f, NULL);
	if (err)
		return err;
	if (tag == DER_BOOLEAN) {
		/* DER: TRUE is ff, and a DEFAULT FALSE is left out */
		if (f.len != 1 || f.p[0] != 0xff)
			return -EBADMSG;
		ci->ca = true;
		if (!seq.len)
			return 0;
		err = der_next(&seq, &tag, &f, NULL);
		if (err)
			return err;
	}
	/* pathLenConstraint INTEGER, the last field */
	if (tag != DER_INTEGER || !f.len || seq.len)
		return -EBADMSG;
	return 0;
}

/* KeyUsage ::= BIT STRING; bit n in 1 << n */
static int der_key_usage(struct der v, struct pinpad_cert_info *ci)
{
	struct der bits;
	u32 i;
	int err;

	err = der_expect(&v, DER_BIT_STRING, &bits);
	if (err || v.len || bits.len < 1 || bits.len > 3 || bits.p[0] > 7)
		return -EBADMSG;
	ci->has_ku = true;
	ci->ku = 0;
	for (i = 0; i < (bits.len - 1) * 8 && i < 16; i++)
		if (bits.p[1 + i / 8] & (0x80 >> (i % 8)))
			ci->ku |= 1 << i;
	return 0;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (OID) */
static int der_ext_key_usage(struct der v, struct pinpad_cert_info *ci)
{
	struct der seq, oid;
	int err;

	err = der_expect(&v, DER_SEQUENCE, &seq);
	if (err || v.len || !seq.len)
		return -EBADMSG;
	ci->has_eku = true;
	while (seq.len) {
		err = der_expect(&seq, DER_OID, &oid);
		if (err)
			return err;
		if (der_eq(&oid, pinpad_oid_rks_work, pinpad_oid_rks_work_len))
			ci->eku_rks = true;
	}
	return 0;
}

/* The id-ce number of @oid (2.5.29.n, n < 128), or 0 for another OID. */
static u8 der_id_ce(const struct der *oid)
{
	if (oid->len == 3 && oid->p[0] == 0x55 && oid->p[1] == 0x1d &&
	    oid->p[2] && oid->p[2] < 0x80)
		return oid->p[2];
	return 0;
}

/*
 * Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING }. Each known extension at most once (RFC 5280
 * 4.2); a critical one not known here is noted for the profile to refuse.
 */
static int der_extensions(struct der exts, struct pinpad_cert_info *ci)
{
	struct der seq, ext, oid, f, val;
	u32 seen = 0;
	bool critical;
	u8 tag, ce;
	int err;

	err = der_expect(&exts, DER_SEQUENCE, &seq);
	if (err || exts.len || !seq.len)
		return -EBADMSG;
	while (seq.len) {
		err = der_expect(&seq, DER_SEQUENCE, &ext);
		if (!err)
			err = der_expect(&ext, DER_OID, &oid);
		if (!err)
			err = der_next(&ext, &tag, &f, NULL);
		if (err)
			return err;
		critical = false;
		if (tag == DER_BOOLEAN) {
			if (f.len != 1 || f.p[0] != 0xff)
				return -EBADMSG;
			critical = true;
			err = der_next(&ext, &tag, &f, NULL);
			if (err)
				return err;
		}
		if (tag != DER_OCTET_STRING || ext.len)
			return -EBADMSG;
		val = f;
		ce = der_id_ce(&oid);
		switch (ce) {
		case DER_ID_CE_BC:
			err = der_basic_constraints(val, ci);
			break;
		case DER_ID_CE_KU:
			err = der_key_usage(val, ci);
			break;
		case DER_ID_CE_EKU:
			err = der_ext_key_usage(val, ci);
			break;
		case DER_ID_CE_SKI:
		case DER_ID_CE_AKI:
			break;		/* the kernel's parser reads these */
		default:
			ce = 0;
			if (critical)
				ci->unknown_critical = true;
		}
		if (err)
			return err;
		if (ce) {
			if (seen & (1u << (ce & 31)))
				return -EBADMSG;	/* twice */
			seen |= 1u << (ce & 31);
		}
	}
	return 0;
}

/*
 * pinpad_cert_parse() - read the profile's facts from one certificate
 * @der: @len bytes, exactly one Certificate (RFC 5280 4.1) and nothing more
 * @ci:  out; zeroed first
 *
 * Return: 0; -EBADMSG for anything that is not a DER X.509 v3 certificate
 * of the expected shape (also a v1 or v2 certificate).
 */
int pinpad_cert_parse(const u8 *der, u32 len, struct pinpad_cert_info *ci)
{
	struct der all = { der, len }, cert, tbs, f, spki, alg;
	bool outer_ok = false, inner_ok = false;
	const u8 *start;
	u8 tag;
	int err;

	memset(ci, 0, sizeof(*ci));
	err = der_expect(&all, DER_SEQUENCE, &cert);
	if (err || all.len)
		return -EBADMSG;
	err = der_expect(&cert, DER_SEQUENCE, &tbs);
	if (!err)
		err = der_sig_alg(&cert, &outer_ok);
	if (!err)
		err = der_expect(&cert, DER_BIT_STRING, &f);
	if (err || cert.len)
		return -EBADMSG;

	/* version [0] EXPLICIT INTEGER: v3 (2) only */
	err = der_expect(&tbs, DER_CTX0, &f);
	if (err || f.len != 3 || f.p[0] != DER_INTEGER || f.p[1] != 1 ||
	    f.p[2] != 2)
		return -EBADMSG;
	err = der_expect(&tbs, DER_INTEGER, &f);		/* serial */
	if (!err)
		err = der_sig_alg(&tbs, &inner_ok);
	if (!err)
		err = der_next(&tbs, &tag, &f, &start);		/* issuer */
	if (err || tag != DER_SEQUENCE)
		return -EBADMSG;
	ci->issuer = start;
	ci->issuer_len = f.p + f.len - start;
	err = der_expect(&tbs, DER_SEQUENCE, &f);		/* validity */
	if (!err)
		err = der_time(&f, &ci->not_before);
	if (!err)
		err = der_time(&f, &ci->not_after);
	if (err || f.len)
		return -EBADMSG;
	err = der_next(&tbs, &tag, &f, &start);			/* subject */
	if (err || tag != DER_SEQUENCE)
		return -EBADMSG;
	ci->subject = start;
	ci->subject_len = f.p + f.len - start;
	err = der_expect(&tbs, DER_SEQUENCE, &spki);
	if (!err)
		err = der_expect(&spki, DER_SEQUENCE, &alg);
	if (!err)
		err = der_expect(&alg, DER_OID, &f);
	if (err)
		return -EBADMSG;
	ci->key_rsa = der_eq(&f, der_oid_rsa, sizeof(der_oid_rsa));
	ci->sig_sha256_rsa = outer_ok && inner_ok;

	/* issuerUniqueID, subjectUniqueID, then extensions, in that order */
	while (tbs.len) {
		err = der_next(&tbs, &tag, &f, NULL);
		if (err)
			return err;
		if (tag == DER_CTX3)
			break;
		if (tag != DER_CTX1 && tag != DER_CTX2)
			return -EBADMSG;
	}
	/* v3 with extensions, which come last: nothing else is this profile */
	if (tag != DER_CTX3 || tbs.len)
		return -EBADMSG;
	return der_extensions(f, ci);
}
