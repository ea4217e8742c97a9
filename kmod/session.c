// SPDX-License-Identifier: GPL-2.0
/*
 * The device's half of the download (patent steps S301-S323).
 *
 * Everything secret of a session lives in struct pinpad_session and nowhere
 * else: AT, TK1, TK and the CHALLENGE keys exist only on the stack of the
 * CHALLENGE step, K_MAC and KBPK_S until the session ends, staged keys
 * until DONE puts them in their slots. pinpad_session_reset() wipes it all; it
 * runs when a session completes, fails, times out, is ended, at tamper and
 * at file release.
 *
 * Protocol version 2 (Documentation/protocol.md): HELLO carries a fresh
 * nonce N_D; the device hashes every frame (header and body) into the
 * transcript; CHALLENGE must carry a MAC under a key derived from DIK2 and
 * that hash (H_C), checked before anything in it is used; K_MAC is derived
 * from TK and the hash of the whole authentication (H_R).
 *
 * Protocol version 3: TK1, TK2 and TK are 32 bytes, and each KEY carries
 * an X9.143 key block (version D) under KBPK_S, an AES-256 key derived
 * from TK and H_R like K_MAC; the module's parser (keyblock.c) opens it
 * and its attributes are stored with the key.
 */
#include <crypto/algapi.h>
#include <crypto/sha2.h>
#include <linux/jiffies.h>
#include <linux/key.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "hmac_sha256.h"
#include "identity.h"
#include "kdf.h"
#include "keyblock.h"
#include "pinpad_kb.h"
#include "revocation.h"
#include "rsa_oaep.h"
#include "seal.h"
#include "session.h"
#include "slots.h"

#define PINPAD_AT_LEN		24
#define PINPAD_TK_LEN		32	/* v3: TK1, TK2, TK */
#define PINPAD_KBPK_LEN		32	/* KBPK_S: AES-256 */
#define PINPAD_MAC16_LEN	16
#define PINPAD_KEY_HDR_LEN	8
#define PINPAD_NONCE_LEN	32
#define PINPAD_CHALLENGE_CT_LEN	(PINPAD_AT_LEN + PINPAD_TK_LEN)
#define PINPAD_CHALLENGE_LEN	(PINPAD_CHALLENGE_CT_LEN + PINPAD_MAC16_LEN)
#define PINPAD_KCE_LEN		24	/* TDES key of CHALLENGE */
#define PINPAD_KCA_LEN		32	/* HMAC key of CHALLENGE */
#define PINPAD_FRAME_HDR_LEN	8
#define PINPAD_RESPONSE_MSG_LEN	(PINPAD_AT_LEN + PINPAD_TK_LEN + \
				 SHA256_DIGEST_SIZE)
#define PINPAD_DONE_LEN		(1 + PINPAD_MAC16_LEN)
#define PINPAD_ACK_LEN		(1 + PINPAD_MAC16_LEN)

/* SP 800-108 labels, ASCII without NUL (protocol.md) */
static const char pinpad_label_challenge[] = "pinpad-rkd v2 CHALLENGE";
static const char pinpad_label_kmac[] = "pinpad-rkd v3 K_MAC";
static const char pinpad_label_kbpk[] = "pinpad-rkd v3 KBPK";

static unsigned int session_timeout = PINPAD_SESSION_TIMEOUT;
module_param(session_timeout, uint, 0444);
MODULE_PARM_DESC(session_timeout,
		 "Seconds a download session may last before it is wiped");

struct pinpad_staged_key {
	struct pinpad_key key;
	struct pinpad_key_attr attr;
	u8 slot;
	u8 usage;
};

struct pinpad_session {
	struct list_head node;		/* in dev->sessions */
	struct pinpad_device *dev;
	struct delayed_work expire;
	u32 phase;			/* enum pinpad_session_phase */
	bool expired;

	struct key *work_keyring;	/* RKS_WCRT, until RESPONSE is made */
	struct key *work_key;
	u32 modulus_len;
	struct sha256_state th;		/* transcript: frames until RESPONSE */

	struct pinpad_key kbpk;		/* KBPK_S, of the KEYs' key blocks */
	u8 k_mac[SHA256_DIGEST_SIZE];
	u32 n_staged;
	u32 n_stored;
	struct pinpad_staged_key staged[PINPAD_SESSION_KEYS_MAX];
};

/* Wipe every secret of @s and forget the work certificate. */
static void pinpad_session_reset(struct pinpad_session *s)
{
	pinpad_work_cert_release(s->work_keyring, s->work_key);
	s->work_keyring = NULL;
	s->work_key = NULL;
	s->modulus_len = 0;
	memzero_explicit(&s->th, sizeof(s->th));
	pinpad_key_wipe(&s->kbpk);
	memzero_explicit(s->k_mac, sizeof(s->k_mac));
	memzero_explicit(s->staged, sizeof(s->staged));
	s->n_staged = 0;
	s->phase = PINPAD_PHASE_IDLE;
}

static void pinpad_session_expire(struct work_struct *work)
{
	struct pinpad_session *s = container_of(to_delayed_work(work),
						struct pinpad_session, expire);

	mutex_lock(&s->dev->lock);
	if (s->phase != PINPAD_PHASE_IDLE &&
	    s->phase != PINPAD_PHASE_COMPLETE) {
		pinpad_session_reset(s);
		s->expired = true;
		pinpad_warn_rl(s->dev, "session: timed out after %u s; secrets wiped\n",
			       session_timeout);
	}
	mutex_unlock(&s->dev->lock);
}

/* MAC16(key, type || data): the first 16 bytes of HMAC-SHA-256 */
static void pinpad_mac16_key(const u8 key[SHA256_DIGEST_SIZE], u8 type,
			     const u8 *data, size_t len,
			     u8 out[PINPAD_MAC16_LEN])
{
	u8 full[SHA256_DIGEST_SIZE];
	struct pinpad_hmac h;

	pinpad_hmac_init(&h, key, SHA256_DIGEST_SIZE);
	pinpad_hmac_update(&h, &type, 1);
	pinpad_hmac_update(&h, data, len);
	pinpad_hmac_final(&h, full);
	memcpy(out, full, PINPAD_MAC16_LEN);
	memzero_explicit(full, sizeof(full));
}

static void pinpad_mac16(const struct pinpad_session *s, u8 type,
			 const u8 *data, size_t len, u8 out[PINPAD_MAC16_LEN])
{
	pinpad_mac16_key(s->k_mac, type, data, len, out);
}

/* Does the MAC16 at @data + @len match MAC16(key, type || data[0..len))? */
static bool pinpad_mac16_key_ok(const u8 key[SHA256_DIGEST_SIZE], u8 type,
				const u8 *data, size_t len)
{
	u8 mac[PINPAD_MAC16_LEN];
	bool ok;

	pinpad_mac16_key(key, type, data, len, mac);
	ok = !crypto_memneq(mac, data + len, PINPAD_MAC16_LEN);
	memzero_explicit(mac, sizeof(mac));
	return ok;
}

static bool pinpad_mac16_ok(const struct pinpad_session *s, u8 type,
			    const u8 *data, size_t len)
{
	return pinpad_mac16_key_ok(s->k_mac, type, data, len);
}

/* Add one frame, as it is on the wire (header, then body), to the hash. */
static void pinpad_transcript_add(struct pinpad_session *s, u8 type,
				  const u8 *body, u32 len)
{
	u8 hdr[PINPAD_FRAME_HDR_LEN] = { 0x52, 0x4b, PINPAD_PROTO_VERSION,
					 type };

	put_unaligned_be32(len, hdr + 4);
	sha256_update(&s->th, hdr, sizeof(hdr));
	sha256_update(&s->th, body, len);
}

/* The hash so far; the transcript goes on from it (H_C, then H_R). */
static void pinpad_transcript_hash(struct pinpad_session *s,
				   u8 out[SHA256_DIGEST_SIZE])
{
	sha256_final(&s->th, out);
	sha256_init(&s->th);
	sha256_update(&s->th, out, SHA256_DIGEST_SIZE);
}

/* S301: HELLO = dsn_len || DSN || N_D, N_D fresh; the transcript starts */
static int pinpad_session_start(struct pinpad_session *s, u8 *out,
				u32 *out_len)
{
	struct pinpad_device *dev = s->dev;

	pinpad_session_reset(s);
	s->expired = false;
	s->n_stored = 0;
	out[0] = dev->dsn_len;
	memcpy(out + 1, dev->dsn, dev->dsn_len);
	get_random_bytes(out + 1 + dev->dsn_len, PINPAD_NONCE_LEN);
	*out_len = 1 + dev->dsn_len + PINPAD_NONCE_LEN;
	sha256_init(&s->th);
	pinpad_transcript_add(s, PINPAD_MSG_HELLO, out, *out_len);
	s->phase = PINPAD_PHASE_AWAIT_CERT;
	mod_delayed_work(system_wq, &s->expire, session_timeout * HZ);
	pinpad_info_rl(dev, "session: started for DSN %.*s\n", dev->dsn_len,
		       dev->dsn);
	return PINPAD_MSG_HELLO;
}

/*
 * S303-S304: WORK_CERT = cert_len[2] || RKS_WCRT || revocation list (v2);
 * verify RKS_WCRT against the profile, the root and the list; FACTOR =
 * OAEP(factor)
 */
static int pinpad_session_on_work_cert(struct pinpad_session *s,
				       const u8 *in, u32 len, u8 *out,
				       u32 *out_len)
{
	struct pinpad_device *dev = s->dev;
	u32 cert_len;
	int ret;

	if (len < 3)
		return -EPROTO;
	cert_len = get_unaligned_be16(in);
	if (!cert_len || cert_len > len - 2)
		return -EPROTO;
	ret = pinpad_work_cert_verify(dev, in + 2, cert_len, &s->work_keyring,
				      &s->work_key);
	if (ret > 0) {
		int err = pinpad_revocation_check(dev, in + 2, cert_len,
						  in + 2 + cert_len,
						  len - 2 - cert_len);

		if (err) {
			pinpad_work_cert_release(s->work_keyring,
						 s->work_key);
			s->work_keyring = NULL;
			s->work_key = NULL;
			ret = err;
		}
	}
	if (ret < 0) {
		pinpad_warn_rl(dev, "session: work certificate rejected (%d): S315\n",
			       ret);
		return ret == -ENOMEM ? ret : -EKEYREJECTED;
	}
	s->modulus_len = ret;
	if (s->modulus_len > PINPAD_SESSION_OUT_MIN)
		return -EKEYREJECTED;

	ret = pinpad_oaep_encrypt(s->work_key, s->modulus_len, dev->factor,
				  dev->factor_len, out);
	if (ret)
		return ret;
	*out_len = s->modulus_len;
	pinpad_transcript_add(s, PINPAD_MSG_WORK_CERT, in, len);
	pinpad_transcript_add(s, PINPAD_MSG_FACTOR, out, *out_len);
	s->phase = PINPAD_PHASE_AWAIT_CHALLENGE;
	pinpad_info_rl(dev, "session: work certificate verified (RSA-%u); factor sent\n",
		       s->modulus_len * 8);
	return PINPAD_MSG_FACTOR;
}

/*
 * S306 as the device sees it (v2): K_CE || K_CA = KDF(DIK2, label, H_C);
 * the CHALLENGE is C || T, and T = MAC16(K_CA, 04 || C) must match before
 * C is decrypted. A CHALLENGE that fails was not made by a holder of DIK2
 * for this transcript (random, reshuffled, replayed): the session ends
 * here, nothing is sent and every secret is wiped.
 */
static int pinpad_session_open_challenge(struct pinpad_session *s,
					 const u8 *in, u8 *at_tk1)
{
	u8 keys[PINPAD_KCE_LEN + PINPAD_KCA_LEN], h_c[SHA256_DIGEST_SIZE];
	struct pinpad_key kce;
	int ret = -EBADMSG;

	pinpad_transcript_hash(s, h_c);
	pinpad_kdf(s->dev->dik2.key, s->dev->dik2.len, pinpad_label_challenge,
		   h_c, sizeof(h_c), keys, sizeof(keys));
	if (pinpad_mac16_key_ok(keys + PINPAD_KCE_LEN, PINPAD_MSG_CHALLENGE,
				in, PINPAD_CHALLENGE_CT_LEN) &&
	    !pinpad_key_set(&kce, PINPAD_ALG_TDES, keys, PINPAD_KCE_LEN)) {
		pinpad_key_ecb(&kce, false, at_tk1, in,
			       PINPAD_CHALLENGE_CT_LEN);
		ret = 0;
	}
	pinpad_key_wipe(&kce);
	memzero_explicit(keys, sizeof(keys));
	memzero_explicit(h_c, sizeof(h_c));
	return ret;
}

/*
 * K_MAC and KBPK_S from TK and H_R (v3); TK is gone after this. 0, or
 * pinpad_key_set()'s error: -ENOMEM (or -ENOENT, no cmac module) from
 * KBPK_S's KCV; never -EINVAL, for it is 32 bytes of AES.
 */
static int pinpad_session_keys(struct pinpad_session *s, const u8 *tk,
			       const u8 h_r[SHA256_DIGEST_SIZE])
{
	u8 kbpk[PINPAD_KBPK_LEN];
	int err;

	pinpad_kdf(tk, PINPAD_TK_LEN, pinpad_label_kmac, h_r,
		   SHA256_DIGEST_SIZE, s->k_mac, sizeof(s->k_mac));
	pinpad_kdf(tk, PINPAD_TK_LEN, pinpad_label_kbpk, h_r,
		   SHA256_DIGEST_SIZE, kbpk, sizeof(kbpk));
	err = pinpad_key_set(&s->kbpk, PINPAD_ALG_AES, kbpk, sizeof(kbpk));
	memzero_explicit(kbpk, sizeof(kbpk));
	return err;
}

/*
 * S307: RESPONSE = OAEP(AT || TK2 || TK_SHA2), TK2 fresh, TK = TK1 ^ TK2
 * (v3: a KDF key, no TDES key, so there is nothing degenerate to redraw);
 * K_MAC and KBPK_S = KDF(TK, .., H_R)
 */
static int pinpad_session_on_challenge(struct pinpad_session *s,
				       const u8 *in, u32 len, u8 *out,
				       u32 *out_len)
{
	u8 at_tk1[PINPAD_CHALLENGE_CT_LEN], msg[PINPAD_RESPONSE_MSG_LEN];
	u8 h_r[SHA256_DIGEST_SIZE], tk[PINPAD_TK_LEN];
	u8 *tk2 = msg + PINPAD_AT_LEN;
	int ret;

	if (len != PINPAD_CHALLENGE_LEN)
		return -EPROTO;
	ret = pinpad_session_open_challenge(s, in, at_tk1);
	if (ret) {
		pinpad_warn_rl(s->dev, "session: CHALLENGE not authenticated: %s; %s\n",
			       "the server does not hold this device's DIK2 (S315)",
			       "nothing sent, session wiped");
		return ret;
	}

	memcpy(msg, at_tk1, PINPAD_AT_LEN);			/* AT */
	get_random_bytes(tk2, PINPAD_TK_LEN);			/* TK2 */
	crypto_xor_cpy(tk, at_tk1 + PINPAD_AT_LEN, tk2, PINPAD_TK_LEN);
	sha256(tk, PINPAD_TK_LEN, tk2 + PINPAD_TK_LEN);		/* TK_SHA2 */

	ret = pinpad_oaep_encrypt(s->work_key, s->modulus_len, msg,
				  sizeof(msg), out);
	if (ret)
		goto out;
	*out_len = s->modulus_len;
	pinpad_transcript_add(s, PINPAD_MSG_CHALLENGE, in, len);
	pinpad_transcript_add(s, PINPAD_MSG_RESPONSE, out, *out_len);
	pinpad_transcript_hash(s, h_r);
	memzero_explicit(&s->th, sizeof(s->th));
	ret = pinpad_session_keys(s, tk, h_r);
	if (ret)
		goto out;
	/* the work key's job is done (S323) */
	pinpad_work_cert_release(s->work_keyring, s->work_key);
	s->work_keyring = NULL;
	s->work_key = NULL;
	s->phase = PINPAD_PHASE_AWAIT_KEYS;
	ret = PINPAD_MSG_RESPONSE;
out:
	memzero_explicit(at_tk1, sizeof(at_tk1));
	memzero_explicit(msg, sizeof(msg));
	memzero_explicit(tk, sizeof(tk));
	memzero_explicit(h_r, sizeof(h_r));
	return ret;
}

static bool pinpad_session_slot_staged(const struct pinpad_session *s, u8 slot)
{
	u32 i;

	for (i = 0; i < s->n_staged; i++)
		if (s->staged[i].slot == slot)
			return true;
	return false;
}

/*
 * Is @k held under other attributes by a slot (the one it will fill
 * included: pinpad_slot_check_unique()) or by a key staged before it? The
 * same clear key presented under a second usage is refused (#11), in the
 * download as in LOAD_WK.
 */
static int pinpad_session_check_unique(const struct pinpad_session *s,
				       const struct pinpad_staged_key *st)
{
	bool clash = false;
	u32 i;

	for (i = 0; i < s->n_staged; i++)
		clash |= pinpad_key_same(&s->staged[i].key, &st->key) &&
			 memcmp(&s->staged[i].attr, &st->attr,
				sizeof(st->attr));
	if (clash)
		return -EKEYREJECTED;
	return pinpad_slot_check_unique(s->dev, &st->key, &st->attr);
}

/*
 * S311 (v3): KEY = index, slot, B (be16), 4 zero bytes, an X9.143 key
 * block of B bytes, MAC16. Check the fields and the MAC, open the block
 * under KBPK_S (keyblock.c: -EBADMSG if it does not authenticate,
 * -EKEYREJECTED if its contents are refused), check again, on the
 * authenticated attributes, that the slot's class takes the usage, and
 * that the key is not held under another usage (-EKEYREJECTED); stage the
 * key with the block's attributes.
 */
static int pinpad_session_on_key(struct pinpad_session *s, const u8 *in,
				 u32 len)
{
	struct pinpad_staged_key *st;
	u32 index, slot, block_len;
	const u8 *usage;
	int err;

	if (len < PINPAD_KEY_HDR_LEN + PINPAD_KB_HDR_LEN + PINPAD_MAC16_LEN ||
	    len > PINPAD_KEY_HDR_LEN + PINPAD_KEY_BLOCK_MAX + PINPAD_MAC16_LEN)
		return -EPROTO;
	index = in[0];
	slot = in[1];
	block_len = get_unaligned_be16(in + 2);
	/*
	 * the block's usage, read from its header before the MAC as the
	 * host's codec does (rkd_key_decode()), must suit the slot
	 */
	usage = in + PINPAD_KEY_HDR_LEN + PINPAD_KB_OFF_USAGE;
	if (block_len != len - PINPAD_KEY_HDR_LEN - PINPAD_MAC16_LEN ||
	    index != s->n_staged || s->n_staged >= PINPAD_SESSION_KEYS_MAX ||
	    get_unaligned_be32(in + 4) ||
	    !pinpad_slot_accepts(slot, pinpad_kb_usage_class(usage[0],
							     usage[1])) ||
	    pinpad_session_slot_staged(s, slot))
		return -EPROTO;
	if (!pinpad_mac16_ok(s, PINPAD_MSG_KEY, in, PINPAD_KEY_HDR_LEN +
			     block_len)) {
		pinpad_warn_rl(s->dev, "session: KEY %u: MAC mismatch\n", index);
		return -EBADMSG;
	}

	st = &s->staged[s->n_staged];
	err = pinpad_kb_unwrap(&s->kbpk, in + PINPAD_KEY_HDR_LEN, block_len,
			       &st->attr, &st->key);
	if (!err && !pinpad_slot_accepts(slot, pinpad_attr_class(&st->attr)))
		err = -EKEYREJECTED;
	if (!err)
		err = pinpad_session_check_unique(s, st);
	if (err) {
		pinpad_key_wipe(&st->key);
		memzero_explicit(&st->attr, sizeof(st->attr));
		pinpad_warn_rl(s->dev, "session: KEY %u for slot %u refused (%d)\n",
			       index, slot, err);
		return err;
	}
	st->slot = slot;
	st->usage = pinpad_attr_class(&st->attr);
	s->n_staged++;
	return PINPAD_MSG_NONE;
}

/* S322: DONE -> store every staged key, all at once; RECEIPT */
static int pinpad_session_on_done(struct pinpad_session *s, const u8 *in,
				  u32 len, u8 *out, u32 *out_len)
{
	struct pinpad_device *dev = s->dev;
	u8 *entry = out + 1;
	u32 i;

	if (len != PINPAD_DONE_LEN || in[0] != s->n_staged)
		return -EPROTO;
	if (!pinpad_mac16_ok(s, PINPAD_MSG_DONE, in, 1))
		return -EBADMSG;
	/*
	 * a LOAD_WK between KEY and DONE may have stored one of these keys
	 * under other attributes: checked again, all or none
	 */
	for (i = 0; i < s->n_staged; i++)
		if (pinpad_slot_check_unique(dev, &s->staged[i].key,
					     &s->staged[i].attr))
			return -EKEYREJECTED;

	out[0] = s->n_staged;
	for (i = 0; i < s->n_staged; i++, entry += 1 + PINPAD_KCV_LEN) {
		const struct pinpad_staged_key *st = &s->staged[i];

		pinpad_slot_put(dev, st->slot, &st->key, &st->attr);
		entry[0] = st->slot;
		memcpy(entry + 1, st->key.kcv, PINPAD_KCV_LEN);
		pr_info("session: slot %u stored (%s), KCV %3phN\n", st->slot,
			st->usage == PINPAD_USAGE_TMK ? "TMK" : "working key",
			st->key.kcv);
	}
	s->n_stored = s->n_staged;
	pinpad_device_changed(dev);
	memzero_explicit(s->staged, sizeof(s->staged));
	s->n_staged = 0;

	pinpad_mac16(s, PINPAD_MSG_RECEIPT, out, entry - out, entry);
	*out_len = entry + PINPAD_MAC16_LEN - out;
	s->phase = PINPAD_PHASE_AWAIT_ACK;
	return PINPAD_MSG_RECEIPT;
}

/* The server recorded the receipt: the session is over (S323). */
static int pinpad_session_on_ack(struct pinpad_session *s, const u8 *in,
				 u32 len)
{
	if (len != PINPAD_ACK_LEN || in[0] != 0)
		return -EPROTO;
	if (!pinpad_mac16_ok(s, PINPAD_MSG_ACK, in, 1))
		return -EBADMSG;
	pinpad_session_reset(s);
	s->phase = PINPAD_PHASE_COMPLETE;
	cancel_delayed_work(&s->expire);
	pr_info("session: complete, %u keys stored; session secrets wiped\n",
		s->n_stored);
	return PINPAD_MSG_NONE;
}

/* Dispatch one received message by phase; return the type to send. */
static int pinpad_session_dispatch(struct pinpad_session *s, u32 type,
				   const u8 *in, u32 len, u8 *out,
				   u32 *out_len)
{
	switch (s->phase) {
	case PINPAD_PHASE_AWAIT_CERT:
		if (type == PINPAD_MSG_WORK_CERT)
			return pinpad_session_on_work_cert(s, in, len, out,
							   out_len);
		break;
	case PINPAD_PHASE_AWAIT_CHALLENGE:
		if (type == PINPAD_MSG_CHALLENGE)
			return pinpad_session_on_challenge(s, in, len, out,
							   out_len);
		break;
	case PINPAD_PHASE_AWAIT_KEYS:
		if (type == PINPAD_MSG_KEY)
			return pinpad_session_on_key(s, in, len);
		if (type == PINPAD_MSG_DONE)
			return pinpad_session_on_done(s, in, len, out, out_len);
		break;
	case PINPAD_PHASE_AWAIT_ACK:
		if (type == PINPAD_MSG_ACK)
			return pinpad_session_on_ack(s, in, len);
		break;
	}
	return -EPROTO;
}

static struct pinpad_session *pinpad_session_get(struct pinpad_file *pf)
{
	struct pinpad_session *s = pf->session;

	if (s)
		return s;
	s = kvzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->dev = pf->dev;
	INIT_DELAYED_WORK(&s->expire, pinpad_session_expire);
	list_add(&s->node, &pf->dev->sessions);
	pf->session = s;
	return s;
}

/*
 * pinpad_session_step() - feed one received message, get the one to send
 * @in:  step->in_len bytes, already copied from userspace
 * @out: PINPAD_SESSION_OUT_MIN bytes
 *
 * Return: 0, with step->out_type/out_len/phase/keys_* filled; or -errno,
 * and then the session is over and its secrets are wiped.
 */
int pinpad_session_step(struct pinpad_file *pf,
			struct pinpad_session_step *step,
			const u8 *in, u8 *out)
{
	struct pinpad_session *s = pinpad_session_get(pf);
	u32 out_len = 0;
	int ret;

	lockdep_assert_held(&pf->dev->lock);

	if (!s)
		return -ENOMEM;
	if (step->in_type == PINPAD_MSG_NONE) {
		ret = pinpad_session_start(s, out, &out_len);
	} else if (s->expired) {
		s->expired = false;
		ret = -ETIMEDOUT;
	} else {
		ret = pinpad_session_dispatch(s, step->in_type, in,
					      step->in_len, out, &out_len);
	}

	if (ret < 0) {
		if (s->phase != PINPAD_PHASE_IDLE)
			pinpad_info_rl(pf->dev, "session: ended by error %d; secrets wiped\n",
				       ret);
		pinpad_session_reset(s);
		cancel_delayed_work(&s->expire);
		return ret;
	}
	step->out_type = ret;
	step->out_len = out_len;
	step->phase = s->phase;
	step->keys_staged = s->n_staged;
	step->keys_stored = s->n_stored;
	return 0;
}

/* pinpad_session_end() - end this file's session, if any (caller: ioctl) */
void pinpad_session_end(struct pinpad_file *pf)
{
	lockdep_assert_held(&pf->dev->lock);

	if (pf->session) {
		pinpad_session_reset(pf->session);
		cancel_delayed_work(&pf->session->expire);
	}
}

/* pinpad_sessions_wipe_all() - wipe every open file's session (tamper) */
void pinpad_sessions_wipe_all(struct pinpad_device *dev)
{
	struct pinpad_session *s;

	lockdep_assert_held(&dev->lock);

	list_for_each_entry(s, &dev->sessions, node)
		pinpad_session_reset(s);
}

/*
 * pinpad_session_free() - at release; takes dev->lock itself, after making
 * sure the expiry work is not running (it takes the lock too).
 */
void pinpad_session_free(struct pinpad_file *pf)
{
	struct pinpad_session *s = pf->session;

	if (!s)
		return;
	cancel_delayed_work_sync(&s->expire);
	mutex_lock(&pf->dev->lock);
	pinpad_session_reset(s);
	list_del(&s->node);
	mutex_unlock(&pf->dev->lock);
	kvfree_sensitive(s, sizeof(*s));
	pf->session = NULL;
}
