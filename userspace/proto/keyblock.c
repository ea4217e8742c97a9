// SPDX-License-Identifier: MIT
/*
 * keyblock.c - ANSI X9.143 (TR-31) key blocks, versions B and D, on the
 * host: wrap (rks-server, rks-admin) and unwrap (the software device, the
 * tests). The rules are ioctl/pinpad_kb.h's, shared with kmod/keyblock.c.
 *
 * Order of the checks on unwrap, as the module's: the syntax first, then
 * the MAC, and only a block that authenticates is judged by the policy
 * (so that nothing but "malformed" or "bad MAC" answers an attacker who
 * does not hold the KBPK).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_rules.h"

/* The largest payload: 2 + the block's share of the 512 characters */
#define KB_PAYLOAD_MAX	(RKD_KB_MAX / 2)

/* What the parse of a header found; pointers into the block */
struct kb_hdr {
	char alg;		/* the KBPK's: 'T' (B) or 'A' (D) */
	size_t blk, mac_len;	/* bytes */
	size_t hdr_len;		/* characters, optional blocks included */
	size_t n_opt;
};

static int kb_fail(int r, const char **why, const char *text)
{
	if (why)
		*why = text;
	return r;
}

static void kb_hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
}

/* One upper-case hex digit's value, or -1: X9.143 writes hex upper-case */
static int kb_xdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* @n characters (even) of hex to @n / 2 bytes; -1 on a bad character */
static int kb_unhex(const char *in, size_t n, uint8_t *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n / 2; i++) {
		hi = kb_xdigit(in[2 * i]);
		lo = kb_xdigit(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return n % 2 ? -1 : 0;
}

/* @n characters of digits in @base (10 or 16) to *@v; -1 if not */
static int kb_number(const char *p, size_t n, unsigned int base,
		     size_t *v)
{
	size_t i;
	int d;

	*v = 0;
	for (i = 0; i < n; i++) {
		d = kb_xdigit(p[i]);
		if (d < 0 || (unsigned int)d >= base)
			return -1;
		*v = *v * base + (size_t)d;
	}
	return 0;
}

/*
 * KBEK (@usage PINPAD_KB_DERIVE_ENC) or KBAK (_MAC) from the KBPK: CMAC
 * with the KBPK over the 8 bytes of derivation data, counter 1, 2, ...,
 * until the KBPK's length is reached (X9.143 A.3, TR-31:2018 5.3.2.1).
 */
static int kb_derive(char alg, const uint8_t *kbpk, size_t kbpk_len,
		     unsigned int usage, uint8_t *out)
{
	unsigned int ind, bits = (unsigned int)kbpk_len * 8;
	size_t blk = rkd_blk_len(alg), done, n;
	uint8_t d[PINPAD_KB_DERIVE_LEN], t[RKD_AES_BLOCK];
	int r = RKD_OK;

	if (alg == PINPAD_KB_ALG_TDES)
		ind = kbpk_len == 16 ? PINPAD_KB_DERIVE_2TDEA :
				       PINPAD_KB_DERIVE_3TDEA;
	else
		ind = PINPAD_KB_DERIVE_AES128 + (unsigned int)(kbpk_len - 16) / 8;
	d[1] = (uint8_t)(usage >> 8);
	d[2] = (uint8_t)usage;
	d[3] = 0;
	d[4] = (uint8_t)(ind >> 8);
	d[5] = (uint8_t)ind;
	d[6] = (uint8_t)(bits >> 8);
	d[7] = (uint8_t)bits;
	for (done = 0; r == 0 && done < kbpk_len; done += n) {
		d[0] = (uint8_t)(done / blk + 1);
		r = rkd_cmac(alg, kbpk, kbpk_len, d, sizeof(d), NULL, 0, t);
		n = kbpk_len - done < blk ? kbpk_len - done : blk;
		memcpy(out + done, t, n);
	}
	OPENSSL_cleanse(t, sizeof(t));
	return r;
}

static int kb_keys(char alg, const uint8_t *kbpk, size_t kbpk_len,
		   uint8_t kbek[PINPAD_KB_KEY_MAX],
		   uint8_t kbak[PINPAD_KB_KEY_MAX])
{
	int r;

	if ((r = kb_derive(alg, kbpk, kbpk_len, PINPAD_KB_DERIVE_ENC,
			   kbek)) != 0 ||
	    (r = kb_derive(alg, kbpk, kbpk_len, PINPAD_KB_DERIVE_MAC,
			   kbak)) != 0)
		return r;
	return RKD_OK;
}

/*
 * The rules on an authenticated block's contents, or on what is about to
 * be wrapped: usage and mode, algorithm and length, exportability, key
 * version, strength against the KBPK's (@kbpk_bits), TDES not degenerate.
 */
static int kb_policy(const struct rkd_kb_attr *a, const uint8_t *key,
		     size_t key_len, unsigned int kbpk_bits, unsigned int flags,
		     const char **why)
{
	unsigned int bits = pinpad_kb_strength(a->algorithm,
					       (unsigned int)key_len);

	if (!pinpad_kb_usage_mode_ok(a->usage[0], a->usage[1], 'B') &&
	    !pinpad_kb_usage_mode_ok(a->usage[0], a->usage[1], 'C'))
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "key usage not accepted (only K0 K1 P0 D0 M1 M3 M6; B0 and others are refused)");
	if (!pinpad_kb_usage_mode_ok(a->usage[0], a->usage[1], a->mode))
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "mode of use not allowed for the key usage (K0 K1 P0 D0: B D E; M1 M3 M6: C G V)");
	if (a->algorithm != PINPAD_KB_ALG_TDES &&
	    a->algorithm != PINPAD_KB_ALG_AES)
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "key algorithm is neither T (TDES) nor A (AES)");
	if (!bits)
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "key length does not fit its algorithm (TDES 16 or 24, AES 16, 24 or 32 bytes)");
	if (a->exportability != PINPAD_KB_EXPORT_NONE &&
	    !((flags & RKD_KB_F_EXPORTABLE) &&
	      (a->exportability == 'E' || a->exportability == 'S')))
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "exportability is not N (the device exports no key)");
	if (!pinpad_kb_kvn_ok(a->version[0], a->version[1]))
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "key version number is not two letters or digits");
	if (!pinpad_kb_alg_usage_ok(a->usage[0], a->usage[1], a->algorithm))
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "M3 (ISO 9797-1 MAC algorithm 3) is a TDES MAC: not for an AES key");
	if (bits > kbpk_bits)
		return kb_fail(RKD_ERR_KB_REFUSED, why,
			       "key is stronger than its KBPK (X9.24-1: the KBPK must be of equal or greater strength)");
	if (a->algorithm == PINPAD_KB_ALG_TDES &&
	    rkd_tdes_key_weak(key, key_len))
		return kb_fail(RKD_ERR_WEAK_KEY, why,
			       "degenerate TDES key (K1 = K2 or K2 = K3)");
	return RKD_OK;
}

int rkd_kb_wrap_ex(char kb_version, const uint8_t *kbpk, size_t kbpk_len,
		   const struct rkd_kb_attr *attr, const uint8_t *key,
		   size_t key_len, int obfuscate_len,
		   const struct rkd_kb_wrap_opts *opts, char *out,
		   size_t out_cap, size_t *out_len, const char **why)
{
	static const struct rkd_kb_wrap_opts none;
	uint8_t kbek[PINPAD_KB_KEY_MAX], kbak[PINPAD_KB_KEY_MAX];
	uint8_t pay[KB_PAYLOAD_MAX], mac[RKD_AES_BLOCK];
	char alg = pinpad_kb_kbpk_alg(kb_version);
	size_t blk = rkd_blk_len(alg), opt_len, hdr_len, pay_len, total;
	size_t room;
	char hdr[PINPAD_KB_HDR_LEN + 1];
	int r;

	*out_len = 0;
	if (why)
		*why = NULL;
	if (!opts)
		opts = &none;
	if (!alg)
		return kb_fail(RKD_ERR_ARGUMENT, why,
			       "key block version is neither B nor D");
	if (!pinpad_kb_strength(alg, (unsigned int)kbpk_len))
		return kb_fail(RKD_ERR_ARGUMENT, why,
			       "KBPK does not fit the version (B: TDES of 16 or 24 bytes; D: AES of 16, 24 or 32)");
	if (!opts->no_policy &&
	    (r = kb_policy(attr, key, key_len,
			   pinpad_kb_strength(alg, (unsigned int)kbpk_len),
			   0, why)) != 0)
		return r;
	if (key_len > PINPAD_KB_KEY_MAX || opts->n_opt > PINPAD_KB_OPT_MAX)
		return kb_fail(RKD_ERR_ARGUMENT, why,
			       "key longer than 32 bytes or more than 99 optional blocks");
	/* obfuscation pads to the algorithm's largest key (X9.143 6.3.4) */
	room = key_len;
	if (obfuscate_len)
		room = attr->algorithm == PINPAD_KB_ALG_AES ?
		       PINPAD_KB_AES_MAX : PINPAD_KB_TDES_MAX;
	if (room < key_len)
		room = key_len;
	pay_len = (PINPAD_KB_KEYLEN_FIELD + room + blk - 1) / blk * blk;
	opt_len = opts->opt ? strlen(opts->opt) : 0;
	hdr_len = PINPAD_KB_HDR_LEN + opt_len;
	total = hdr_len + 2 * pay_len + 2 * blk;	/* MAC: one block */
	if (total > RKD_KB_MAX || total > out_cap)
		return kb_fail(RKD_ERR_NO_SPACE, why,
			       "key block longer than the output room or 512 characters");

	/* the fields as given (bytes, not strings: a NUL stays a NUL) */
	snprintf(hdr, sizeof(hdr), "%c%04zu..%c%c..%c%02u00", kb_version,
		 total, attr->algorithm, attr->mode, attr->exportability,
		 opts->n_opt);
	memcpy(hdr + PINPAD_KB_OFF_USAGE, attr->usage, 2);
	memcpy(hdr + PINPAD_KB_OFF_KVN, attr->version, 2);
	memcpy(out, hdr, PINPAD_KB_HDR_LEN);
	if (opt_len)
		memcpy(out + PINPAD_KB_HDR_LEN, opts->opt, opt_len);

	pay[0] = (uint8_t)((key_len * 8) >> 8);
	pay[1] = (uint8_t)(key_len * 8);
	memcpy(pay + PINPAD_KB_KEYLEN_FIELD, key, key_len);
	if (opts->pad)
		memcpy(pay + PINPAD_KB_KEYLEN_FIELD + key_len, opts->pad,
		       pay_len - PINPAD_KB_KEYLEN_FIELD - key_len);
	else if ((r = rkd_random(pay + PINPAD_KB_KEYLEN_FIELD + key_len,
				 pay_len - PINPAD_KB_KEYLEN_FIELD -
				 key_len)) != 0)
		goto out;

	/* MAC over header and clear payload; it is the IV of the CBC */
	if ((r = kb_keys(alg, kbpk, kbpk_len, kbek, kbak)) != 0 ||
	    (r = rkd_cmac(alg, kbak, kbpk_len, (const uint8_t *)out, hdr_len,
			  pay, pay_len, mac)) != 0 ||
	    (r = rkd_block_cipher(alg, kbek, kbpk_len, true, mac, pay,
				  pay_len, pay)) != 0)
		goto out;
	kb_hex(pay, pay_len, out + hdr_len);
	kb_hex(mac, blk, out + hdr_len + 2 * pay_len);
	*out_len = total;
out:
	if (r != 0) {
		OPENSSL_cleanse(out, out_cap < total ? out_cap : total);
		kb_fail(r, why, "cryptographic library error");
	}
	OPENSSL_cleanse(kbek, sizeof(kbek));
	OPENSSL_cleanse(kbak, sizeof(kbak));
	OPENSSL_cleanse(pay, sizeof(pay));
	return r;
}

int rkd_kb_wrap(char kb_version, const uint8_t *kbpk, size_t kbpk_len,
		const struct rkd_kb_attr *attr, const uint8_t *key,
		size_t key_len, int obfuscate_len, char *out,
		size_t out_cap, size_t *out_len, const char **why)
{
	return rkd_kb_wrap_ex(kb_version, kbpk, kbpk_len, attr, key, key_len,
			      obfuscate_len, NULL, out, out_cap, out_len, why);
}

/*
 * The optional blocks' structure, before the MAC (X9.143 6.3): @n of
 * them, each an id of two letters or digits, 2 hex digits of length (the
 * whole block, at least its 4 characters; "00", the extended form, is
 * refused as the module refuses it: no block we take needs it), printable
 * data. What they say is judged after the MAC (kb_check_opt()).
 */
static int kb_parse_opt(const char *block, size_t block_len, size_t n,
			struct kb_hdr *h, const char **why)
{
	size_t pos = PINPAD_KB_HDR_LEN, i, j, len;
	const char *p;

	for (i = 0; i < n; i++) {
		p = block + pos;
		if (block_len - pos < PINPAD_KB_OPT_HDR_LEN ||
		    !pinpad_kb_alnum(p[0]) || !pinpad_kb_alnum(p[1]) ||
		    kb_number(p + 2, 2, 16, &len) != 0)
			return kb_fail(RKD_ERR_KB_FORMAT, why,
				       "optional block header (id, 2 hex digits of length) missing or malformed");
		if (len < PINPAD_KB_OPT_HDR_LEN || len > block_len - pos)
			return kb_fail(RKD_ERR_KB_FORMAT, why,
				       "optional block length is shorter than its header (00, the extended form, is not taken) or runs past the block");
		for (j = PINPAD_KB_OPT_HDR_LEN; j < len; j++)
			if (!pinpad_kb_printable(p[j]))
				return kb_fail(RKD_ERR_KB_FORMAT, why,
					       "optional block data holds a character that is not printable ASCII");
		pos += len;
	}
	h->n_opt = n;
	h->hdr_len = pos;
	return RKD_OK;
}

/* The fixed header's syntax, then the optional blocks */
static int kb_parse(const uint8_t *kbpk, size_t kbpk_len, const char *b,
		    size_t block_len, struct kb_hdr *h, const char **why)
{
	static const unsigned char fields[] = {
		PINPAD_KB_OFF_USAGE, PINPAD_KB_OFF_USAGE + 1, PINPAD_KB_OFF_ALG,
		PINPAD_KB_OFF_MODE, PINPAD_KB_OFF_KVN, PINPAD_KB_OFF_KVN + 1,
		PINPAD_KB_OFF_EXPORT,
	};
	size_t len, n_opt, i;

	(void)kbpk;
	if (block_len < PINPAD_KB_HDR_LEN)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "key block shorter than its 16-character header");
	if (block_len > RKD_KB_MAX)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "key block longer than 512 characters");
	h->alg = pinpad_kb_kbpk_alg(b[PINPAD_KB_OFF_VERSION]);
	if (!h->alg)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "unknown key block version (only B and D are taken)");
	if (kb_number(b + PINPAD_KB_OFF_LENGTH, PINPAD_KB_LENGTH_DIGITS, 10,
		      &len) != 0 || len != block_len)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "key block length field does not equal the block's length");
	if (!pinpad_kb_strength(h->alg, (unsigned int)kbpk_len))
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "version does not fit the KBPK (B: TDES of 16 or 24 bytes; D: AES of 16, 24 or 32)");
	for (i = 0; i < sizeof(fields); i++)
		if (!pinpad_kb_alnum(b[fields[i]]))
			return kb_fail(RKD_ERR_KB_FORMAT, why,
				       "header field (usage, algorithm, mode, version, exportability) is not letters or digits");
	if (kb_number(b + PINPAD_KB_OFF_NOPT, 2, 10, &n_opt) != 0)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "number of optional blocks is not 2 digits");
	if (b[PINPAD_KB_OFF_RESERVED - 1] != '0' ||
	    b[PINPAD_KB_OFF_RESERVED] != '0')
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "header's reserved field (characters 14-15) is not 00");
	h->blk = rkd_blk_len(h->alg);
	h->mac_len = h->blk;
	return kb_parse_opt(b, block_len, n_opt, h, why);
}

/*
 * A KC or KP (@d, @n characters) against @key of algorithm @alg, as the
 * module reads them: "00" and the legacy KCV (X9.24-1 A.2, TDES only, 3
 * bytes), or "01" and the CMAC KCV (A.3: CMAC of a zero block, 5 bytes).
 * 0 if it matches.
 */
static int kb_kcv_match(const char *d, size_t n, char alg,
			const uint8_t *key, size_t key_len)
{
	static const uint8_t zero[RKD_AES_BLOCK];
	uint8_t want[5], got[RKD_AES_BLOCK];
	int r = -1;

	if (n == 2 + 2 * RKD_KCV_LEN && !memcmp(d, "00", 2) &&
	    alg == PINPAD_KB_ALG_TDES && !kb_unhex(d + 2, n - 2, want))
		r = rkd_kcv_alg(alg, key, key_len, got) ||
		    CRYPTO_memcmp(got, want, RKD_KCV_LEN) ? -1 : 0;
	else if (n == 2 + 2 * PINPAD_KB_KCV_CMAC_LEN && !memcmp(d, "01", 2) &&
		 !kb_unhex(d + 2, n - 2, want))
		r = rkd_cmac(alg, key, key_len, zero, rkd_blk_len(alg), NULL,
			     0, got) ||
		    CRYPTO_memcmp(got, want, PINPAD_KB_KCV_CMAC_LEN) ? -1 : 0;
	OPENSSL_cleanse(got, sizeof(got));
	return r;
}

/*
 * The optional blocks, authenticated: KS (a key set identifier, hex), KC
 * (the key's KCV), KP (the KBPK's KCV), PB (padding, the last) at most
 * once each; any other is refused, as none of ours is non-critical.
 */
static int kb_check_opt(const char *b, const struct kb_hdr *h,
			const struct rkd_kb_attr *a, const uint8_t *key,
			size_t key_len, const uint8_t *kbpk, size_t kbpk_len,
			const char **why)
{
	size_t pos = PINPAD_KB_HDR_LEN, i, len, n, j;
	unsigned int seen = 0, bit;
	const char *p, *d;
	int bad;

	for (i = 0; i < h->n_opt; i++, pos += len) {
		p = b + pos;
		d = p + PINPAD_KB_OPT_HDR_LEN;
		kb_number(p + 2, 2, 16, &len);
		n = len - PINPAD_KB_OPT_HDR_LEN;
		if (!memcmp(p, PINPAD_KB_OPT_KS, 2)) {
			bit = 1;
			for (bad = !n, j = 0; j < n; j++)
				bad |= kb_xdigit(d[j]) < 0;
			if (bad)
				return kb_fail(RKD_ERR_KB_REFUSED, why,
					       "KS (key set identifier) is not hex digits");
		} else if (!memcmp(p, PINPAD_KB_OPT_KC, 2)) {
			bit = 2;
			if (kb_kcv_match(d, n, a->algorithm, key, key_len))
				return kb_fail(RKD_ERR_KB_REFUSED, why,
					       "KC does not match the key's check value (00 + 3 bytes, TDES; 01 + 5 bytes of CMAC)");
		} else if (!memcmp(p, PINPAD_KB_OPT_KP, 2)) {
			bit = 4;
			if (kb_kcv_match(d, n, h->alg, kbpk, kbpk_len))
				return kb_fail(RKD_ERR_KB_REFUSED, why,
					       "KP does not match the KBPK's check value (00 + 3 bytes, TDES; 01 + 5 bytes of CMAC)");
		} else if (!memcmp(p, PINPAD_KB_OPT_PB, 2)) {
			bit = 8;
			if (i + 1 != h->n_opt)
				return kb_fail(RKD_ERR_KB_REFUSED, why,
					       "padding block PB is not the last optional block");
		} else {
			return kb_fail(RKD_ERR_KB_REFUSED, why,
				       "unknown optional block (only KS, KC, KP and PB are known; none is non-critical)");
		}
		if (seen & bit)
			return kb_fail(RKD_ERR_KB_REFUSED, why,
				       "an optional block appears twice");
		seen |= bit;
	}
	return RKD_OK;
}

/* The encrypted payload and the MAC: hex, whole blocks, the MAC verified */
static int kb_open(const uint8_t *kbpk, size_t kbpk_len, const char *b,
		   size_t block_len, const struct kb_hdr *h, uint8_t *pay,
		   size_t *pay_len, const char **why)
{
	uint8_t kbek[PINPAD_KB_KEY_MAX], kbak[PINPAD_KB_KEY_MAX];
	uint8_t mac[RKD_AES_BLOCK], want[RKD_AES_BLOCK];
	size_t rest = block_len - h->hdr_len, hex;
	int r;

	if (h->hdr_len % h->blk)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "header with its optional blocks is not a whole number of cipher blocks");
	if (rest < 2 * h->mac_len + 2 * h->blk ||
	    (rest - 2 * h->mac_len) % (2 * h->blk))
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "encrypted key data is not a whole number of cipher blocks followed by the MAC");
	hex = rest - 2 * h->mac_len;
	*pay_len = hex / 2;
	if (kb_unhex(b + h->hdr_len, hex, pay) != 0 ||
	    kb_unhex(b + h->hdr_len + hex, 2 * h->mac_len, mac) != 0)
		return kb_fail(RKD_ERR_KB_FORMAT, why,
			       "encrypted key data or MAC is not upper-case hex");
	if ((r = kb_keys(h->alg, kbpk, kbpk_len, kbek, kbak)) != 0 ||
	    (r = rkd_block_cipher(h->alg, kbek, kbpk_len, false, mac, pay,
				  *pay_len, pay)) != 0 ||
	    (r = rkd_cmac(h->alg, kbak, kbpk_len, (const uint8_t *)b,
			  h->hdr_len, pay, *pay_len, want)) != 0) {
		kb_fail(r, why, "cryptographic library error");
		goto out;
	}
	if (CRYPTO_memcmp(want, mac, h->mac_len) != 0)
		r = kb_fail(RKD_ERR_BAD_MAC, why,
			    "key block MAC does not verify (another KBPK, or the block was changed)");
out:
	OPENSSL_cleanse(kbek, sizeof(kbek));
	OPENSSL_cleanse(kbak, sizeof(kbak));
	OPENSSL_cleanse(want, sizeof(want));
	return r;
}

int rkd_kb_unwrap_ex(const uint8_t *kbpk, size_t kbpk_len,
		     const char *block, size_t block_len,
		     struct rkd_kb_attr *attr, uint8_t *key, size_t key_cap,
		     size_t *key_len, unsigned int flags, const char **why)
{
	struct kb_hdr h = { 0 };
	uint8_t pay[KB_PAYLOAD_MAX];
	size_t pay_len = 0, n;
	int r;

	memset(attr, 0, sizeof(*attr));
	*key_len = 0;
	if (why)
		*why = NULL;
	if ((r = kb_parse(kbpk, kbpk_len, block, block_len, &h, why)) != 0 ||
	    (r = kb_open(kbpk, kbpk_len, block, block_len, &h, pay, &pay_len,
			 why)) != 0)
		goto out;

	/* authenticated: now the policy */
	memcpy(attr->usage, block + PINPAD_KB_OFF_USAGE, 2);
	attr->algorithm = block[PINPAD_KB_OFF_ALG];
	attr->mode = block[PINPAD_KB_OFF_MODE];
	memcpy(attr->version, block + PINPAD_KB_OFF_KVN, 2);
	attr->exportability = block[PINPAD_KB_OFF_EXPORT];
	n = (size_t)pay[0] << 8 | pay[1];
	if (n % 8 || n / 8 > pay_len - PINPAD_KB_KEYLEN_FIELD) {
		r = kb_fail(RKD_ERR_KB_REFUSED, why,
			    "encoded key length is not whole bytes or runs past the key data");
		goto out;
	}
	n /= 8;
	if ((r = kb_policy(attr, pay + PINPAD_KB_KEYLEN_FIELD, n,
			   pinpad_kb_strength(h.alg, (unsigned int)kbpk_len),
			   flags, why)) != 0)
		goto out;
	if ((r = kb_check_opt(block, &h, attr, pay + PINPAD_KB_KEYLEN_FIELD, n,
			      kbpk, kbpk_len, why)) != 0)
		goto out;
	if (n > key_cap) {
		r = kb_fail(RKD_ERR_ARGUMENT, why,
			    "key longer than the room given for it");
		goto out;
	}
	memcpy(key, pay + PINPAD_KB_KEYLEN_FIELD, n);
	*key_len = n;
out:
	if (r != 0)
		memset(attr, 0, sizeof(*attr));
	OPENSSL_cleanse(pay, sizeof(pay));
	return r;
}

int rkd_kb_unwrap(const uint8_t *kbpk, size_t kbpk_len, const char *block,
		  size_t block_len, struct rkd_kb_attr *attr, uint8_t *key,
		  size_t key_cap, size_t *key_len, const char **why)
{
	return rkd_kb_unwrap_ex(kbpk, kbpk_len, block, block_len, attr, key,
				key_cap, key_len, 0, why);
}
