// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * softdev.c - the device's half of the download (patent S301-S323) in
 * software, step for step as kmod/session.c: same checks, same order, same
 * all-or-none store at DONE. Not for terminals: see rkd_softdev.h.
 */
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "rkd_cert.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_msg.h"
#include "rkd_rl.h"
#include "softdev_internal.h"

struct rkd_softdev_key {
	uint8_t usage;			/* class, enum rkd_usage; 0: empty */
	uint8_t len;
	uint8_t key[RKD_KEY_MAX];
	uint8_t kcv[RKD_KCV_LEN];
	struct rkd_kb_attr attr;	/* the key block's header fields */
};

struct rkd_softdev {
	/* factory-provisioned identity */
	char dsn[RKD_DSN_MAX + 1];
	size_t dsn_len;
	uint8_t factor[RKD_FACTOR_MAX];
	size_t factor_len;
	uint8_t dik2[RKD_TDES_LEN];
	X509 *root;
	uint64_t rl_seen;		/* the newest revocation list seen */
	unsigned int flags;
	rkd_rand_fn rand;
	void *rand_ctx;
	rkd_trace_fn trace;
	void *trace_ctx;
	struct rkd_softdev_cache *cache;	/* or NULL; not ours */

	/* the session: wiped by rkd_softdev_reset() */
	enum rkd_softdev_phase phase;
	EVP_PKEY *work_pk;
	size_t modulus_len;
	struct rkd_transcript th;	/* v2: frames so far, for H_C, H_R */
	uint8_t tk[RKD_TK_LEN];
	uint8_t kmac[RKD_KMAC_LEN];
	uint8_t kbpk[RKD_KBPK_LEN];	/* v3: KBPK_S of the key blocks */
	unsigned int n_staged;
	struct rkd_softdev_key staged[RKD_KEYS_MAX];
	uint8_t staged_slot[RKD_KEYS_MAX];

	/* what sessions stored */
	unsigned int n_stored;
	struct rkd_softdev_key slots[RKD_SLOTS];
};

static int rkd_softdev_random(struct rkd_softdev *d, uint8_t *out, size_t n)
{
	if (d->rand)
		return d->rand(d->rand_ctx, out, n) ? RKD_ERR_CRYPTO : RKD_OK;
	return RAND_bytes(out, (int)n) == 1 ? RKD_OK : RKD_ERR_CRYPTO;
}

/* Wipe every secret of the session (S323), keep identity and slots. */
static void rkd_softdev_reset(struct rkd_softdev *d)
{
	EVP_PKEY_free(d->work_pk);
	d->work_pk = NULL;
	d->modulus_len = 0;
	rkd_transcript_free(&d->th);
	OPENSSL_cleanse(d->tk, sizeof(d->tk));
	OPENSSL_cleanse(d->kmac, sizeof(d->kmac));
	OPENSSL_cleanse(d->kbpk, sizeof(d->kbpk));
	OPENSSL_cleanse(d->staged, sizeof(d->staged));
	OPENSSL_cleanse(d->staged_slot, sizeof(d->staged_slot));
	d->n_staged = 0;
	d->phase = RKD_SOFTDEV_IDLE;
}

int rkd_softdev_new(const struct rkd_softdev_params *p,
		    struct rkd_softdev **out)
{
	struct rkd_softdev *d;
	size_t dsn_len;

	*out = NULL;
	dsn_len = p->dsn ? strlen(p->dsn) : 0;
	if (!rkd_dsn_valid(p->dsn, dsn_len) || !p->factor ||
	    p->factor_len < 1 || p->factor_len > RKD_FACTOR_MAX || !p->dik2 ||
	    !p->root)
		return RKD_ERR_ARGUMENT;
	/* the module refuses such a DIK2 at the factory */
	if (rkd_tdes_key_weak(p->dik2, RKD_TDES_LEN))
		return RKD_ERR_WEAK_KEY;
	d = OPENSSL_zalloc(sizeof(*d));
	if (!d)
		return RKD_ERR_ALLOC;
	memcpy(d->dsn, p->dsn, dsn_len);
	d->dsn_len = dsn_len;
	memcpy(d->factor, p->factor, p->factor_len);
	d->factor_len = p->factor_len;
	memcpy(d->dik2, p->dik2, RKD_TDES_LEN);
	X509_up_ref(p->root);
	d->root = p->root;
	d->flags = p->flags;
	d->rand = p->rand;
	d->rand_ctx = p->rand_ctx;
	d->trace = p->trace;
	d->trace_ctx = p->trace_ctx;
	d->cache = p->cache;
	*out = d;
	return RKD_OK;
}

void rkd_softdev_free(struct rkd_softdev *d)
{
	if (!d)
		return;
	rkd_softdev_reset(d);
	X509_free(d->root);
	OPENSSL_clear_free(d, sizeof(*d));
}

void rkd_softdev_end(struct rkd_softdev *d)
{
	rkd_softdev_reset(d);
}

enum rkd_softdev_phase rkd_softdev_phase(const struct rkd_softdev *d)
{
	return d->phase;
}

/* S301: HELLO = dsn_len || DSN || N_D, N_D fresh; the transcript starts */
static int rkd_softdev_start(struct rkd_softdev *d, uint8_t *out_type,
			     struct rkd_buf *out)
{
	uint8_t nonce[RKD_NONCE_LEN];
	size_t at = rkd_buf_len(out);
	int r;

	rkd_softdev_reset(d);
	d->n_stored = 0;
	if ((r = rkd_softdev_random(d, nonce, sizeof(nonce))) != 0 ||
	    (r = rkd_hello_encode(out, d->dsn, d->dsn_len, nonce)) != 0 ||
	    (r = rkd_transcript_start(&d->th)) != 0 ||
	    (r = rkd_transcript_add(&d->th, RKD_MSG_HELLO,
				    rkd_buf_ptr(out) + at,
				    rkd_buf_len(out) - at)) != 0)
		return r;
	*out_type = RKD_MSG_HELLO;
	d->phase = RKD_SOFTDEV_AWAIT_CERT;
	return RKD_OK;
}

/*
 * S303: RKS_WCRT must pass the certificate profile against the root at
 * this host's clock (rkd_cert.h: the module's checks), and be exactly one
 * DER certificate. On success, *@work (the certificate) and *@pk (its
 * key) are references for the caller to free.
 */
static int rkd_softdev_check_cert(struct rkd_softdev *d, const uint8_t *der,
				  size_t len, X509 **work, EVP_PKEY **pk)
{
	const unsigned char *p = der;
	X509 *cert;
	int r = RKD_ERR_CERT;

	*pk = NULL;
	cert = d2i_X509(NULL, &p, (long)len);
	if (cert && p == der + len &&
	    !rkd_work_profile(cert, d->root, time(NULL))) {
		*pk = X509_get_pubkey(cert);
		r = *pk ? RKD_OK : RKD_ERR_CERT;
	}
	ERR_clear_error();
	if (r != RKD_OK) {
		X509_free(cert);
		cert = NULL;
	}
	*work = cert;
	return r;
}

/*
 * S303: the revocation list sent with RKS_WCRT, as kmod/revocation.c: the
 * root's, not older than the newest seen (whose number is kept), not
 * naming this certificate; none at all only if none was ever seen.
 */
static int rkd_softdev_check_rl(struct rkd_softdev *d, const uint8_t *der,
				size_t der_len, const uint8_t *rl,
				size_t rl_len, uint64_t *number_out)
{
	uint64_t number;

	*number_out = 0;
	if (!rl_len)
		return d->rl_seen ? RKD_ERR_CERT : RKD_OK;
	if (rkd_rl_check(rl, rl_len, d->root, der, der_len, d->rl_seen,
			 &number)) {
		/* an authentic newer list counts even if it names this cert */
		if (number > d->rl_seen)
			d->rl_seen = number;
		return RKD_ERR_CERT;
	}
	if (number > d->rl_seen)
		d->rl_seen = number;
	*number_out = number;
	return RKD_OK;
}

/*
 * S303 in full: the certificate, then the list; sets d->work_pk. With a
 * cache, a pass becomes its entry.
 */
static int rkd_softdev_check_wcrt(struct rkd_softdev *d, const uint8_t *der,
				  size_t der_len, const uint8_t *rl,
				  size_t rl_len)
{
	uint64_t number;
	X509 *work;
	int r;

	if (d->cache)
		rkd_softdev_cache_missed(d->cache);
	if ((r = rkd_softdev_check_cert(d, der, der_len, &work,
					&d->work_pk)) != 0)
		return r;
	r = rkd_softdev_check_rl(d, der, der_len, rl, rl_len, &number);
	if (r == RKD_OK && d->cache)
		rkd_softdev_cache_put(d->cache, d->root, der, der_len, rl,
				      rl_len, number, work, d->work_pk);
	X509_free(work);
	return r;
}

/* S303-S304: verify RKS_WCRT; FACTOR = OAEP(RKS_WCRT_PK, factor) */
static int rkd_softdev_on_work_cert(struct rkd_softdev *d, const uint8_t *in,
				    size_t len, uint8_t *out_type,
				    struct rkd_buf *out)
{
	uint8_t ct[RKD_RSA_MAX_BYTES];
	const uint8_t *der, *rl;
	size_t der_len, rl_len, n;
	int r;

	if ((r = rkd_work_cert_decode(in, len, &der, &der_len, &rl,
				      &rl_len)) != 0)
		return r;
	/* the cache's verdict, if it holds these very bytes; else in full */
	if (d->cache)
		d->work_pk = rkd_softdev_cache_get(d->cache, d->root, der,
						   der_len, rl, rl_len,
						   time(NULL), &d->rl_seen);
	if (!d->work_pk &&
	    (r = rkd_softdev_check_wcrt(d, der, der_len, rl, rl_len)) != 0)
		return r;
	d->modulus_len = rkd_rsa_modulus_len(d->work_pk);
	if ((r = rkd_oaep_encrypt(d->work_pk, d->factor, d->factor_len,
				  d->rand, d->rand_ctx, ct, sizeof(ct),
				  &n)) != 0 ||
	    (r = rkd_factor_encode(out, ct, n)) != 0 ||
	    (r = rkd_transcript_add(&d->th, RKD_MSG_WORK_CERT, in,
				    len)) != 0 ||
	    (r = rkd_transcript_add(&d->th, RKD_MSG_FACTOR, ct, n)) != 0)
		return r;
	*out_type = RKD_MSG_FACTOR;
	d->phase = RKD_SOFTDEV_AWAIT_CHALLENGE;
	return RKD_OK;
}

/* TK = TK1 ^ TK2 with a fresh TK2 (v3: a KDF key, no TDES key) */
static int rkd_softdev_make_tk(struct rkd_softdev *d, const uint8_t *tk1,
			       uint8_t *tk2)
{
	int i, r;

	if ((r = rkd_softdev_random(d, tk2, RKD_TK_LEN)) != 0)
		return r;
	for (i = 0; i < RKD_TK_LEN; i++)
		d->tk[i] = tk1[i] ^ tk2[i];
	return RKD_OK;
}

/* The test hook RKD_SOFTDEV_F_IMPOSTOR: C decrypted, T not checked. */
static int rkd_softdev_impostor_open(struct rkd_softdev *d,
				     const uint8_t h_c[RKD_SHA256_LEN],
				     const uint8_t *chal, uint8_t *at,
				     uint8_t *tk1)
{
	uint8_t keys[RKD_KCE_LEN + RKD_KCA_LEN], plain[RKD_CHALLENGE_CT_LEN];
	int r;

	if ((r = rkd_kdf(d->dik2, RKD_TDES_LEN, RKD_LABEL_CHALLENGE, h_c,
			 RKD_SHA256_LEN, keys, sizeof(keys))) == 0 &&
	    (r = rkd_tdes_ecb(keys, RKD_KCE_LEN, false, chal, sizeof(plain),
			      plain)) == 0) {
		memcpy(at, plain, RKD_AT_LEN);
		memcpy(tk1, plain + RKD_AT_LEN, RKD_TK_LEN);
	}
	OPENSSL_cleanse(keys, sizeof(keys));
	OPENSSL_cleanse(plain, sizeof(plain));
	return r;
}

/*
 * S307: check T and open C with keys from DIK2 and H_C (v2); RESPONSE =
 * OAEP(AT || TK2 || TK_SHA2); K_MAC and KBPK_S from TK and H_R (v3). A
 * CHALLENGE that does not authenticate ends the session before anything
 * is drawn or sent.
 */
static int rkd_softdev_on_challenge(struct rkd_softdev *d, const uint8_t *in,
				    size_t len, uint8_t *out_type,
				    struct rkd_buf *out)
{
	uint8_t chal[RKD_CHALLENGE_LEN], h[RKD_SHA256_LEN];
	uint8_t msg[RKD_RESPONSE_MSG_LEN], ct[RKD_RSA_MAX_BYTES];
	uint8_t *at = msg, *tk2 = msg + RKD_AT_LEN;
	uint8_t *tk_sha2 = msg + RKD_AT_LEN + RKD_TK_LEN;
	uint8_t tk1[RKD_TK_LEN];
	size_t n;
	int r;

	if ((r = rkd_challenge_decode(in, len, chal)) != 0 ||
	    (r = rkd_transcript_hash(&d->th, h)) != 0)		/* H_C */
		goto out;
	if (d->flags & RKD_SOFTDEV_F_IMPOSTOR)
		r = rkd_softdev_impostor_open(d, h, chal, at, tk1);
	else
		r = rkd_challenge_open(d->dik2, h, chal, at, tk1);
	if (r != 0)
		goto out;
	if ((r = rkd_softdev_make_tk(d, tk1, tk2)) != 0 ||
	    (r = rkd_sha256(d->tk, RKD_TK_LEN, tk_sha2)) != 0)
		goto out;
	if (d->flags & RKD_SOFTDEV_F_BAD_TK_SHA2)
		tk_sha2[0] ^= 0x01;
	if (d->flags & RKD_SOFTDEV_F_BAD_AT)
		at[0] ^= 0x01;
	if ((r = rkd_oaep_encrypt(d->work_pk, msg, sizeof(msg), d->rand,
				  d->rand_ctx, ct, sizeof(ct), &n)) != 0 ||
	    (r = rkd_response_encode(out, ct, n)) != 0)
		goto out;
	/* H_R = SHA256(H_C || CHALLENGE frame || RESPONSE frame) */
	if ((r = rkd_transcript_add(&d->th, RKD_MSG_CHALLENGE, chal,
				    sizeof(chal))) != 0 ||
	    (r = rkd_transcript_add(&d->th, RKD_MSG_RESPONSE, ct, n)) != 0 ||
	    (r = rkd_transcript_hash(&d->th, h)) != 0 ||
	    (r = rkd_kmac_derive(d->tk, h, d->kmac)) != 0 ||
	    (r = rkd_kbpk_derive(d->tk, h, d->kbpk)) != 0)
		goto out;
	rkd_transcript_free(&d->th);
	/* the work key's job is done (S323) */
	EVP_PKEY_free(d->work_pk);
	d->work_pk = NULL;
	*out_type = RKD_MSG_RESPONSE;
	d->phase = RKD_SOFTDEV_AWAIT_KEYS;
out:
	OPENSSL_cleanse(tk1, sizeof(tk1));
	OPENSSL_cleanse(msg, sizeof(msg));
	OPENSSL_cleanse(h, sizeof(h));
	return r;
}

/*
 * S311 (v3): check one KEY, open its key block under KBPK_S (the rules of
 * ioctl/pinpad_kb.h, as the module's parser), check that the slot's class
 * takes the block's usage, compute the KCV (X9.24-1 A.2 or A.3), stage it
 * with its attributes.
 */
static int rkd_softdev_on_key(struct rkd_softdev *d, const uint8_t *in,
			      size_t len)
{
	struct rkd_softdev_key *st = &d->staged[d->n_staged];
	struct rkd_key_msg m;
	unsigned int i;
	size_t key_len;
	int r;

	if (d->n_staged >= RKD_KEYS_MAX)
		return RKD_ERR_UNEXPECTED;
	if ((r = rkd_key_decode(in, len, d->kmac, &m)) != 0)
		goto out;
	r = RKD_ERR_BAD_FIELD;
	if (m.index != d->n_staged)
		goto out;
	for (i = 0; i < d->n_staged; i++)
		if (d->staged_slot[i] == m.slot)
			goto out;
	if ((r = rkd_kb_unwrap(d->kbpk, sizeof(d->kbpk), m.block,
			       m.block_len, &st->attr, st->key,
			       sizeof(st->key), &key_len, NULL)) != 0)
		goto out;
	st->usage = (uint8_t)pinpad_kb_usage_class(st->attr.usage[0],
						   st->attr.usage[1]);
	if (!rkd_slot_accepts(m.slot, st->usage)) {
		r = RKD_ERR_KB_REFUSED;
		goto out;
	}
	if ((r = rkd_kcv_alg(st->attr.algorithm, st->key, key_len,
			     st->kcv)) != 0)
		goto out;
	st->len = (uint8_t)key_len;
	d->staged_slot[d->n_staged++] = m.slot;
out:
	if (r != 0)
		OPENSSL_cleanse(st, sizeof(*st));
	OPENSSL_cleanse(&m, sizeof(m));
	return r;
}

/* S322: DONE -> store every staged key at once; RECEIPT */
static int rkd_softdev_on_done(struct rkd_softdev *d, const uint8_t *in,
			       size_t len, uint8_t *out_type,
			       struct rkd_buf *out)
{
	uint8_t count, kmac[RKD_KMAC_LEN];
	struct rkd_receipt rc;
	unsigned int i;
	int r;

	if ((r = rkd_done_decode(in, len, d->kmac, &count)) != 0)
		return r;
	if (count != d->n_staged)
		return RKD_ERR_BAD_FIELD;

	memset(&rc, 0, sizeof(rc));
	rc.count = count;
	for (i = 0; i < d->n_staged; i++) {
		d->slots[d->staged_slot[i]] = d->staged[i];
		rc.e[i].slot = d->staged_slot[i];
		memcpy(rc.e[i].kcv, d->staged[i].kcv, RKD_KCV_LEN);
	}
	d->n_stored = d->n_staged;
	OPENSSL_cleanse(d->staged, sizeof(d->staged));
	d->n_staged = 0;

	if (count && (d->flags & RKD_SOFTDEV_F_BAD_RECEIPT_KCV))
		rc.e[0].kcv[0] ^= 0x01;
	/* a MAC under the wrong key is as wrong as a flipped bit */
	memcpy(kmac, d->kmac, sizeof(kmac));
	if (d->flags & RKD_SOFTDEV_F_BAD_RECEIPT_MAC)
		kmac[0] ^= 0x01;
	r = rkd_receipt_encode(out, &rc, kmac);
	OPENSSL_cleanse(kmac, sizeof(kmac));
	if (r != 0)
		return r;
	*out_type = RKD_MSG_RECEIPT;
	d->phase = RKD_SOFTDEV_AWAIT_ACK;
	return RKD_OK;
}

/* S323: the server recorded the receipt; wipe the session */
static int rkd_softdev_on_ack(struct rkd_softdev *d, const uint8_t *in,
			      size_t len)
{
	uint8_t status;
	int r;

	if ((r = rkd_ack_decode(in, len, d->kmac, &status)) != 0)
		return r;
	rkd_softdev_reset(d);
	d->phase = RKD_SOFTDEV_COMPLETE;
	return RKD_OK;
}

static int rkd_softdev_dispatch(struct rkd_softdev *d, unsigned int type,
				const uint8_t *in, size_t len,
				uint8_t *out_type, struct rkd_buf *out)
{
	switch (d->phase) {
	case RKD_SOFTDEV_AWAIT_CERT:
		if (type == RKD_MSG_WORK_CERT)
			return rkd_softdev_on_work_cert(d, in, len, out_type,
							out);
		break;
	case RKD_SOFTDEV_AWAIT_CHALLENGE:
		if (type == RKD_MSG_CHALLENGE)
			return rkd_softdev_on_challenge(d, in, len, out_type,
							out);
		break;
	case RKD_SOFTDEV_AWAIT_KEYS:
		if (type == RKD_MSG_KEY)
			return rkd_softdev_on_key(d, in, len);
		if (type == RKD_MSG_DONE)
			return rkd_softdev_on_done(d, in, len, out_type, out);
		break;
	case RKD_SOFTDEV_AWAIT_ACK:
		if (type == RKD_MSG_ACK)
			return rkd_softdev_on_ack(d, in, len);
		break;
	default:
		break;
	}
	return RKD_ERR_UNEXPECTED;
}

int rkd_softdev_step(struct rkd_softdev *d, unsigned int in_type,
		     const uint8_t *in, size_t in_len, uint8_t *out_type,
		     struct rkd_buf *out)
{
	int r;

	*out_type = 0;
	if (in_type == 0)
		r = rkd_softdev_start(d, out_type, out);
	else
		r = rkd_softdev_dispatch(d, in_type, in, in_len, out_type,
					 out);
	if (r != 0) {
		/* any error ends the session and wipes it, as the module */
		rkd_softdev_reset(d);
		*out_type = 0;
	}
	return r;
}

int rkd_softdev_slot(const struct rkd_softdev *d, unsigned int slot,
		     uint8_t *usage, uint8_t *key_len,
		     uint8_t kcv[RKD_KCV_LEN])
{
	*usage = 0;
	*key_len = 0;
	memset(kcv, 0, RKD_KCV_LEN);
	if (slot >= RKD_SLOTS || !d->slots[slot].usage)
		return RKD_ERR_ARGUMENT;
	*usage = d->slots[slot].usage;
	*key_len = d->slots[slot].len;
	memcpy(kcv, d->slots[slot].kcv, RKD_KCV_LEN);
	return RKD_OK;
}

int rkd_softdev_slot_attr(const struct rkd_softdev *d, unsigned int slot,
			  struct rkd_kb_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	if (slot >= RKD_SLOTS || !d->slots[slot].usage)
		return RKD_ERR_ARGUMENT;
	*attr = d->slots[slot].attr;
	return RKD_OK;
}

unsigned int rkd_softdev_keys_stored(const struct rkd_softdev *d)
{
	return d->n_stored;
}

void rkd_softdev_trace(const struct rkd_softdev *d, char dir,
		       unsigned int type, const uint8_t *body, size_t len)
{
	if (d->trace)
		d->trace(d->trace_ctx, dir, type, body, len);
}

uint64_t rkd_softdev_rl_seen(const struct rkd_softdev *d)
{
	return d->rl_seen;
}
