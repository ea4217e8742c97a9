// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * auth.c - authentication of the device, patent steps S301-S320: HELLO,
 * WORK_CERT, FACTOR -> DIK2, CHALLENGE, RESPONSE -> AT and TK_SHA2.
 *
 * Every way authentication can fail -- unknown DSN, locked DSN,
 * undecryptable FACTOR or RESPONSE, AT mismatch, TK_SHA2 mismatch -- takes
 * the same steps and ends in the same ERROR AUTH_FAILED after RESPONSE:
 * a doomed session carries on with a random DIK1 (or factor, or RESPONSE
 * plaintext), both comparisons are always made in constant time, and the
 * failure is counted in one database transaction whatever its reason.
 * Only the log and the audit record say which it was.
 *
 * Version 2: the CHALLENGE is authenticated under keys derived from DIK2
 * and the transcript, so a real device whose DSN is unknown or locked here
 * finds that this server does not hold its DIK2 and closes without a
 * RESPONSE, which counts as a failed authentication too
 * (rks_auth_no_response()); a peer that answers anyway is treated exactly
 * as above.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "config.h"
#include "creds.h"
#include "db.h"
#include "cli_log.h"
#include "keystore.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "session_internal.h"

/* How long a worker waits for a failure's record before answering. */
#define RKS_AUTH_FAILURE_WAIT_MS	2000

static const char *const rks_doom_reason[] = {
	[RKS_DOOM_NONE] = NULL,
	[RKS_DOOM_UNKNOWN_DSN] = "unknown DSN",
	[RKS_DOOM_LOCKED_DSN] = "locked DSN",
	[RKS_DOOM_BAD_FACTOR] = "FACTOR undecryptable",
};

/*
 * v2: a device message's body into the transcript. The canonical
 * encoding of the decoded message (msg.h): the decoders are strict, so
 * these are the bytes the device sent, and the server needs no copy of
 * them (with privilege separation it never sees them).
 */
static int rks_auth_transcript(struct rks_session *s,
			       const struct rks_msg *m)
{
	uint8_t mem[RKD_RSA_MAX_BYTES];
	struct rkd_buf body;
	int r;

	rkd_buf_fixed(&body, mem, sizeof(mem));
	if ((r = rks_msg_body(m, &body)) == 0)
		r = rkd_transcript_add(&s->th, m->type, rkd_buf_ptr(&body),
				       rkd_buf_len(&body));
	OPENSSL_cleanse(mem, sizeof(mem));
	return r;
}

/* S301-S302: HELLO -> WORK_CERT */
enum rks_verdict rks_auth_on_hello(struct rks_session *s,
				   const struct rks_msg *m,
				   struct rkd_buf *tx)
{
	const struct rks_creds *creds = s->ctx->creds;
	int r;

	memcpy(s->dsn, m->u.hello.dsn, sizeof(s->dsn));
	log_info("session-hello", "conn=%llu peer=%s dsn=%s",
		 (unsigned long long)s->id, s->peer, cli_log_q(s->dsn));
	/* v2: the transcript binds N_D and the work certificate (H_C) */
	if ((r = rkd_transcript_start(&s->th)) != 0 ||
	    (r = rks_auth_transcript(s, m)) != 0 ||
	    (r = rkd_transcript_add(&s->th, RKD_MSG_WORK_CERT, creds->body,
				    creds->body_len)) != 0 ||
	    (r = rkd_frame_encode(tx, RKD_MSG_WORK_CERT, creds->body,
				  creds->body_len)) != 0)
		return rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
					  "queueing WORK_CERT: %s",
					  rkd_errname(r));
	s->phase = RKS_AWAIT_FACTOR;
	return RKS_CONTINUE;
}

/*
 * S305 (first half): the key store's reference to the DSN's DIK1, or a
 * random one (and the reason noted in s->doom) for an unknown or locked
 * DSN: a random clear DIK1 for a file key store, a name no token object
 * has for PKCS#11 (then the token derives with a decoy and returns a
 * random DIK2, see rks_ks_dik2()). -errno only for a database failure,
 * which is not the device's doing.
 */
static int rks_auth_dik1(struct rks_session *s, struct rks_dik1_ref *dik1)
{
	struct rks_device_auth da;
	int r;

	r = rks_db_device_auth(s->ctx->db, s->dsn, &da);
	if (r == 0) {
		memcpy(dik1->b, da.dik1, sizeof(dik1->b));
		if (da.locked)
			s->doom = RKS_DOOM_LOCKED_DSN;
	} else if (r == -ENOENT) {
		s->doom = RKS_DOOM_UNKNOWN_DSN;
	}
	OPENSSL_cleanse(&da, sizeof(da));
	if (r != 0 && r != -ENOENT)
		return r;
	/* carry on as if the DSN were good: see the comment at the top */
	if (s->doom != RKS_DOOM_NONE &&
	    rkd_random(dik1->b, sizeof(dik1->b)) != 0)
		return -EIO;
	return 0;
}

/* S305-S306: FACTOR -> DIK2; AT, TK1 -> CHALLENGE */
enum rks_verdict rks_auth_on_factor(struct rks_session *s,
				    const struct rks_msg *m,
				    struct rkd_buf *tx)
{
	const struct rks_creds *creds = s->ctx->creds;
	uint8_t factor[RKD_FACTOR_MAX];
	struct rks_dik1_ref dik1;
	uint8_t h_c[RKD_SHA256_LEN], chal[RKD_CHALLENGE_LEN];
	enum rks_verdict v = RKS_CONTINUE;
	size_t factor_len = 0;
	const uint8_t *ct = m->u.rsa.ct;
	struct rkd_buf body;
	int r;

	if ((r = rks_auth_dik1(s, &dik1)) != 0) {
		v = rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
				       "reading the device: error %d", r);
		goto out;
	}
	r = rks_ks_oaep_decrypt(creds->ks, ct, creds->modulus_len, factor,
				sizeof(factor), &factor_len);
	if (r != 0 || factor_len == 0) {
		if (s->doom == RKS_DOOM_NONE)
			s->doom = RKS_DOOM_BAD_FACTOR;
		factor_len = 16;
		r = rkd_random(factor, factor_len);
	}
	/* S305: DIK2 = F(DSN, factor, DIK1); S306: AT, TK1; H_C */
	if (r != 0 ||
	    (r = rks_auth_transcript(s, m)) != 0 ||
	    (r = rkd_transcript_hash(&s->th, h_c)) != 0 ||
	    (r = rks_ks_dik2(creds->ks, &dik1, s->dsn, strlen(s->dsn),
			     factor, factor_len, s->dik2)) != 0 ||
	    (r = rkd_random(s->at, sizeof(s->at))) != 0 ||
	    (r = rkd_random(s->tk1, sizeof(s->tk1))) != 0) {
		v = rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
				       "computing the challenge: %s",
				       rkd_errname(r));
		goto out;
	}
	/* v2: encrypted and authenticated under keys from DIK2 and H_C */
	rkd_buf_view(&body, chal, sizeof(chal));
	if ((r = rkd_challenge_seal(s->dik2, h_c, s->at, s->tk1, chal)) != 0 ||
	    (r = rkd_transcript_add(&s->th, RKD_MSG_CHALLENGE, chal,
				    sizeof(chal))) != 0 ||
	    (r = rks_session_send(tx, RKD_MSG_CHALLENGE, &body)) != 0) {
		v = rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
				       "sending CHALLENGE: %s",
				       rkd_errname(r));
		goto out;
	}
	/* DIK2's work is done */
	OPENSSL_cleanse(s->dik2, sizeof(s->dik2));
	s->phase = RKS_AWAIT_RESPONSE;
out:
	OPENSSL_cleanse(factor, sizeof(factor));
	OPENSSL_cleanse(&dik1, sizeof(dik1));
	OPENSSL_cleanse(h_c, sizeof(h_c));
	return v;
}

/*
 * S308-S309, S319: RESPONSE = OAEP(AT || TK2 || TK_SHA2). Returns why it
 * fails, or NULL; leaves TK in s->tk either way (for K_MAC and KBPK_S, or
 * for rks_session_wipe()).
 */
static const char *rks_auth_check(struct rks_session *s, const uint8_t *ct)
{
	const struct rks_creds *creds = s->ctx->creds;
	uint8_t msg[RKD_RESPONSE_MSG_LEN], h[RKD_SHA256_LEN];
	const uint8_t *at = msg, *tk2 = msg + RKD_AT_LEN;
	const uint8_t *tk_sha2 = msg + RKD_AT_LEN + RKD_TK_LEN;
	const char *why = rks_doom_reason[s->doom];
	bool decrypted, at_ok, tk_ok;
	size_t n = 0, i;

	decrypted = rks_ks_oaep_decrypt(creds->ks, ct, creds->modulus_len,
					msg, sizeof(msg), &n) == 0 &&
		    n == sizeof(msg);
	if (!decrypted)
		rkd_random(msg, sizeof(msg));	/* compare anyway */
	at_ok = CRYPTO_memcmp(at, s->at, RKD_AT_LEN) == 0;
	for (i = 0; i < RKD_TK_LEN; i++)
		s->tk[i] = s->tk1[i] ^ tk2[i];
	tk_ok = rkd_sha256(s->tk, RKD_TK_LEN, h) == 0 &&
		CRYPTO_memcmp(h, tk_sha2, RKD_SHA256_LEN) == 0;
	OPENSSL_cleanse(msg, sizeof(msg));
	OPENSSL_cleanse(h, sizeof(h));
	/* AT and TK1 have done their work */
	OPENSSL_cleanse(s->at, sizeof(s->at));
	OPENSSL_cleanse(s->tk1, sizeof(s->tk1));

	if (!why && !decrypted)
		why = "RESPONSE undecryptable";
	if (!why && !at_ok)
		why = "AT mismatch";
	if (!why && !tk_ok)
		why = "TK_SHA2 mismatch";
	return why;
}

/*
 * Count a failed authentication of s->dsn (the lockout: db.h) with its
 * audit record, in one transaction: the audit writer's group commit
 * (audit.h), which also raises the alert of a lock; or, without a writer,
 * a transaction of its own. On a worker (@wait) the failure is on disk
 * before the answer goes out, so that the next session sees the count;
 * on the event loop (a peer that hung up) nothing waits. The session
 * remembers it failed, for the per-source count (admit.h). Returns 0 once
 * the record is the writer's or on disk.
 */
static int rks_auth_count_failure(struct rks_session *s, const char *outcome,
				  bool wait)
{
	const struct rks_config *cfg = s->ctx->cfg;
	struct rks_lockout policy = { .after = cfg->lockout,
				      .base_s = cfg->lockout_base };
	struct rks_lock_news news;
	uint64_t seq;
	int r;

	s->auth_failed = true;
	if (s->ctx->audit) {
		seq = rks_audit_auth_failure(s->ctx->audit, s->dsn, s->peer,
					     outcome, &policy);
		if (!seq)
			return -ENOMEM;
		/* late or failing: it stays queued, and is written later */
		if (wait)
			rks_audit_wait(s->ctx->audit, seq,
				       RKS_AUTH_FAILURE_WAIT_MS);
		return 0;
	}
	r = rks_db_record_auth_failure_ex(s->ctx->db, s->dsn, s->peer,
					  outcome, &policy, &news);
	if (r)
		log_error("audit-failed", "conn=%llu dsn=%s error=%d",
			  (unsigned long long)s->id, cli_log_q(s->dsn), r);
	else if (news.locked_now)
		log_warn("dsn-locked", "dsn=%s peer=%s failures=%u lock=%u "
			 "seconds=%u", cli_log_q(s->dsn), s->peer,
			 news.failures, news.locks, news.secs);
	return r;
}

/* S320: one answer for every reason; the record says which */
static enum rks_verdict rks_auth_fail(struct rks_session *s,
				      struct rkd_buf *tx, const char *why)
{
	uint8_t code = RKD_ERROR_AUTH_FAILED;
	char outcome[64];
	struct rkd_buf body;
	int r;

	snprintf(outcome, sizeof(outcome), "auth-failed: %s", why);
	r = rks_auth_count_failure(s, outcome, true);
	rkd_buf_view(&body, &code, 1);
	rks_session_send(tx, RKD_MSG_ERROR, &body);
	return rks_session_finish(s, CLI_LOG_WARN, r == 0, outcome,
				  "ERROR AUTH_FAILED sent");
}

enum rks_verdict rks_auth_locked_late(struct rks_session *s,
				      struct rkd_buf *tx)
{
	return rks_auth_fail(s, tx, rks_doom_reason[RKS_DOOM_LOCKED_DSN]);
}

/* S308-S320: check RESPONSE; on success go on to the keys (S310) */
enum rks_verdict rks_auth_on_response(struct rks_session *s,
				      const struct rks_msg *m,
				      struct rkd_buf *tx)
{
	const char *why;
	int r;

	why = rks_auth_check(s, m->u.rsa.ct);
	if (!why) {
		uint8_t h_r[RKD_SHA256_LEN];

		/* v2: K_MAC binds the whole transcript, H_R; v3: and
		 * KBPK_S, the key blocks' protection key */
		if ((r = rks_auth_transcript(s, m)) == 0 &&
		    (r = rkd_transcript_hash(&s->th, h_r)) == 0 &&
		    (r = rkd_kmac_derive(s->tk, h_r, s->kmac)) == 0)
			r = rkd_kbpk_derive(s->tk, h_r, s->kbpk);
		rkd_transcript_free(&s->th);
		OPENSSL_cleanse(h_r, sizeof(h_r));
		/* TK's work is done: K_MAC and KBPK_S come from it */
		OPENSSL_cleanse(s->tk, sizeof(s->tk));
		if (r != 0)
			return rks_session_refuse(s, tx, RKD_ERROR_BUSY,
						  "internal", "K_MAC, KBPK_S: %s",
						  rkd_errname(r));
		/* single flight: one authenticated session per DSN */
		s->claim = rks_flight_claim(s->ctx->flight, s->dsn);
		if (!s->claim)
			return rks_session_refuse(s, tx, RKD_ERROR_BUSY,
						  "busy", "another session for "
						  "this DSN is authenticated "
						  "now");
		log_info("session-authenticated", "conn=%llu dsn=%s",
			 (unsigned long long)s->id, cli_log_q(s->dsn));
		return rks_delivery_start(s, tx);
	}

	return rks_auth_fail(s, tx, why);
}

/*
 * v2, S307 seen from the RKS: a device that cannot authenticate the
 * CHALLENGE (this server does not hold its DIK2: a wrong key, or an
 * unknown or locked DSN, for which the CHALLENGE was made with a random
 * DIK2) stops and closes. That is a failed authentication like any other:
 * counted towards the lockout and audited with its reason, in one
 * transaction. A peer that goes quiet counts the same way, so hanging up
 * costs an attacker as much as a wrong RESPONSE.
 */
void rks_auth_no_response(struct rks_session *s, const char *how,
			  const char *detail)
{
	const char *why = rks_doom_reason[s->doom];
	char outcome[64];
	int r;

	snprintf(outcome, sizeof(outcome), "auth-failed: %s",
		 why ? why : "no RESPONSE");
	r = rks_auth_count_failure(s, outcome, false);
	rks_session_finish(s, CLI_LOG_WARN, r == 0, outcome,
			   "%s: %s; the device did not answer the CHALLENGE",
			   how, detail);
}
