// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * session.c - the RKS state machine: which message is expected when, and
 * how a session ends. The steps themselves are in auth.c and delivery.c.
 *
 * Every session ends exactly once, through rks_session_finish(): one log
 * line and one audit record (written by the database together with a
 * delivery or a failed authentication, or here for anything else), and
 * then its secrets are wiped.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "flight.h"
#include "cli_log.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "creds.h"
#include "msgrec.h"
#include "session_internal.h"

#define RKS_DETAIL_MAX	200

static const char *const rks_expected[] = {
	[RKS_AWAIT_HELLO] = "HELLO",
	[RKS_AWAIT_FACTOR] = "FACTOR",
	[RKS_AWAIT_RESPONSE] = "RESPONSE",
	[RKS_AWAIT_RECEIPT] = "RECEIPT",
	[RKS_ENDED] = "nothing",
};

struct rks_session *rks_session_new(const struct rks_server_ctx *ctx,
				    uint64_t id, const char *peer)
{
	/* zeroed, and wiped on free: it will hold secrets */
	struct rks_session *s = OPENSSL_zalloc(sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->id = id;
	snprintf(s->peer, sizeof(s->peer), "%s", peer);
	s->phase = RKS_AWAIT_HELLO;
	return s;
}

void rks_session_wipe(struct rks_session *s)
{
	OPENSSL_cleanse(s->dik2, sizeof(s->dik2));
	OPENSSL_cleanse(s->at, sizeof(s->at));
	OPENSSL_cleanse(s->tk1, sizeof(s->tk1));
	OPENSSL_cleanse(s->tk, sizeof(s->tk));
	OPENSSL_cleanse(s->kmac, sizeof(s->kmac));
	OPENSSL_cleanse(s->kbpk, sizeof(s->kbpk));
	OPENSSL_cleanse(s->keys, sizeof(s->keys));
	s->n_keys = 0;
	rkd_transcript_free(&s->th);
}

void rks_session_free(struct rks_session *s, const char *detail)
{
	if (!s)
		return;
	if (s->phase != RKS_ENDED)
		rks_session_finish(s, CLI_LOG_WARN, false, "aborted", "%s",
				   detail ? detail : "connection closed");
	rkd_transcript_free(&s->th);
	OPENSSL_clear_free(s, sizeof(*s));
}

bool rks_session_ended(const struct rks_session *s)
{
	return s->phase == RKS_ENDED;
}

const char *rks_session_waiting_for(const struct rks_session *s)
{
	return rks_expected[s->phase];
}

static enum rks_verdict rks_session_vfinish(struct rks_session *s,
					    enum cli_log_level level,
					    bool audited, const char *outcome,
					    const char *fmt, va_list ap)
{
	char detail[RKS_DETAIL_MAX];
	int r;

	if (s->phase == RKS_ENDED)
		return RKS_CLOSE;
	vsnprintf(detail, sizeof(detail), fmt, ap);
	cli_log(level, "session-end", "conn=%llu peer=%s dsn=%s outcome=%s "
		"detail=%s", (unsigned long long)s->id, s->peer,
		s->dsn[0] ? cli_log_q(s->dsn) : "-", cli_log_q(outcome),
		cli_log_q(detail));
	if (!audited && s->ctx->audit) {
		/* queued: the writer commits it with others (audit.h) */
		rks_audit_submit(s->ctx->audit, s->dsn[0] ? s->dsn : NULL,
				 s->peer, outcome, detail);
	} else if (!audited) {
		r = rks_db_audit(s->ctx->db, s->dsn[0] ? s->dsn : NULL,
				 s->peer, outcome, detail);
		if (r)
			log_error("audit-failed", "conn=%llu error=%d",
				  (unsigned long long)s->id, r);
	}
	s->phase = RKS_ENDED;
	rks_session_wipe(s);
	/* the DSN may have another session now */
	rks_flight_release(s->ctx->flight, s->claim);
	s->claim = NULL;
	return RKS_CLOSE;
}

enum rks_verdict rks_session_finish(struct rks_session *s,
				    enum cli_log_level level, bool audited,
				    const char *outcome, const char *fmt, ...)
{
	enum rks_verdict v;
	va_list ap;

	va_start(ap, fmt);
	v = rks_session_vfinish(s, level, audited, outcome, fmt, ap);
	va_end(ap);
	return v;
}

void rks_session_end(struct rks_session *s, const char *outcome,
		     const char *detail)
{
	/*
	 * v2: a device that cannot authenticate the CHALLENGE closes instead
	 * of answering; the peer's silence there is a failed authentication
	 * (auth.c). A server shutdown is not the device's doing.
	 */
	if (s->phase == RKS_AWAIT_RESPONSE &&
	    (!strcmp(outcome, "closed") || !strcmp(outcome, "timeout"))) {
		rks_auth_no_response(s, outcome, detail);
		return;
	}
	rks_session_finish(s, CLI_LOG_WARN, false, outcome, "%s", detail);
}

const struct rks_server_ctx *rks_session_set_ctx(struct rks_session *s,
						 const struct rks_server_ctx *c)
{
	const struct rks_server_ctx *old = s->ctx;

	s->ctx = c;
	return old;
}

bool rks_session_net_broke(const struct rks_session *s)
{
	return s->net_broke;
}

bool rks_session_auth_failed(const struct rks_session *s)
{
	return s->auth_failed;
}

const char *rks_session_dsn(const struct rks_session *s)
{
	return s->dsn[0] ? s->dsn : NULL;
}

enum rks_verdict rks_session_refuse_busy(struct rks_session *s,
					 struct rkd_buf *tx,
					 const char *outcome,
					 const char *detail)
{
	return rks_session_refuse(s, tx, RKD_ERROR_BUSY, outcome, "%s",
				  detail);
}

int rks_session_send(struct rkd_buf *tx, unsigned int type,
		     struct rkd_buf *body)
{
	int r = rkd_frame_encode(tx, type, rkd_buf_ptr(body),
				 rkd_buf_len(body));

	rkd_buf_reset(body);
	return r;
}

enum rks_verdict rks_session_refuse(struct rks_session *s,
				    struct rkd_buf *tx, uint8_t code,
				    const char *outcome, const char *fmt, ...)
{
	uint8_t mem[1];
	struct rkd_buf body;
	enum rks_verdict v;
	va_list ap;

	rkd_buf_fixed(&body, mem, sizeof(mem));
	/* best effort: the outcome is recorded whether ERROR fits or not */
	if (rkd_error_encode(&body, code) == 0)
		rks_session_send(tx, RKD_MSG_ERROR, &body);
	va_start(ap, fmt);
	v = rks_session_vfinish(s, CLI_LOG_WARN, false, outcome, fmt, ap);
	va_end(ap);
	return v;
}

enum rks_verdict rks_session_on_bad_frame(struct rks_session *s, int err,
					  struct rkd_buf *tx)
{
	if (err == RKD_ERR_BAD_VERSION)
		return rks_session_refuse(s, tx, RKD_ERROR_VERSION,
					  "version-error", "frame header: %s "
					  "(waiting for %s)", rkd_errname(err),
					  rks_session_waiting_for(s));
	return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL, "protocol-error",
				  "frame header: %s (waiting for %s)",
				  rkd_errname(err),
				  rks_session_waiting_for(s));
}

/*
 * The one path of every message, decoded here (rks_session_on_frame()) or
 * by the network process (rks_session_on_record()): is it the one the
 * session waits for now, did it decode, then its step.
 */
static enum rks_verdict rks_session_on_msg(struct rks_session *s,
					   const struct rks_msg *m,
					   struct rkd_buf *tx)
{
	static const uint8_t expected_type[] = {
		[RKS_AWAIT_HELLO] = RKD_MSG_HELLO,
		[RKS_AWAIT_FACTOR] = RKD_MSG_FACTOR,
		[RKS_AWAIT_RESPONSE] = RKD_MSG_RESPONSE,
		[RKS_AWAIT_RECEIPT] = RKD_MSG_RECEIPT,
		[RKS_ENDED] = 0,
	};
	const char *name = rkd_msg_name(m->type);

	if (s->phase == RKS_ENDED)
		return RKS_CLOSE;
	if (m->type == 0)
		return rks_session_on_bad_frame(s, m->err, tx);
	if (m->type != expected_type[s->phase])
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "protocol-error",
					  "%s out of order (waiting for %s)",
					  name, rks_session_waiting_for(s));
	if (m->err != RKD_OK && (m->type == RKD_MSG_FACTOR ||
				 m->type == RKD_MSG_RESPONSE))
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "protocol-error", "%s: %s (%u "
					  "bytes; the modulus has %zu)", name,
					  rkd_errname(m->err), m->len,
					  s->ctx->creds->modulus_len);
	if (m->err != RKD_OK)
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "protocol-error", "%s: %s", name,
					  rkd_errname(m->err));
	log_debug("message", "conn=%llu type=%s len=%u",
		  (unsigned long long)s->id, name, m->len);
	/* the DSN's claim among the nodes went with a lost database
	 * connection: another node may be serving it now (flight.h); before
	 * RECEIPT commits the delivery, that connection is asked */
	if (s->claim && !(s->phase == RKS_AWAIT_RECEIPT ?
			  rks_flight_confirm(s->ctx->flight, s->claim) :
			  rks_flight_held(s->ctx->flight, s->claim)))
		return rks_session_refuse_busy(s, tx, "refused", "the "
			"database connection holding the DSN's claim was lost "
			"and made again");
	switch (s->phase) {
	case RKS_AWAIT_HELLO:
		return rks_auth_on_hello(s, m, tx);
	case RKS_AWAIT_FACTOR:
		return rks_auth_on_factor(s, m, tx);
	case RKS_AWAIT_RESPONSE:
		return rks_auth_on_response(s, m, tx);
	case RKS_AWAIT_RECEIPT:
		return rks_delivery_on_receipt(s, m, tx);
	default:
		return RKS_CLOSE;
	}
}

enum rks_verdict rks_session_on_frame(struct rks_session *s,
				      const struct rkd_frame *f,
				      struct rkd_buf *tx)
{
	struct rks_msg m;
	enum rks_verdict v;

	if (s->phase == RKS_ENDED)
		return RKS_CLOSE;
	rks_msg_decode(f->type, f->body, f->len, s->ctx->creds->modulus_len,
		       &m);
	v = rks_session_on_msg(s, &m, tx);
	rks_msg_wipe(&m);
	return v;
}

enum rks_verdict rks_session_on_record(struct rks_session *s,
				       const uint8_t *rec, size_t len,
				       struct rkd_buf *tx)
{
	char why[RKS_DETAIL_MAX - 40];
	struct rks_msg m;
	enum rks_verdict v;

	if (s->phase == RKS_ENDED)
		return RKS_CLOSE;
	if (rks_msgrec_decode(rec, len, s->ctx->creds->modulus_len, &m, why,
			      sizeof(why)) != 0) {
		/* the network process is not the device: it broke the
		 * layout only if it is broken, or taken over */
		log_error("net-bad-record", "conn=%llu reason=%s",
			  (unsigned long long)s->id, cli_log_q(why));
		s->net_broke = true;
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "bad-record", "network process: %s "
					  "(waiting for %s)", why,
					  rks_session_waiting_for(s));
	}
	v = rks_session_on_msg(s, &m, tx);
	rks_msg_wipe(&m);
	return v;
}
