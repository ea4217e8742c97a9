/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session_internal.h - the state of one session, shared by session.c (the
 * state machine), auth.c (S301-S320) and delivery.c (S310-S324).
 *
 * Every secret of a session lives in this struct and nowhere else for
 * longer than one function call; rks_session_wipe() erases them all.
 */
#ifndef RKS_SESSION_INTERNAL_H
#define RKS_SESSION_INTERNAL_H

#include "db.h"
#include "cli_log.h"
#include "flight.h"
#include "msg.h"
#include "rkd_crypto.h"
#include "rkd_proto.h"
#include "session.h"

enum rks_phase {
	RKS_AWAIT_HELLO,
	RKS_AWAIT_FACTOR,
	RKS_AWAIT_RESPONSE,
	RKS_AWAIT_RECEIPT,
	RKS_ENDED,
};

/*
 * Why authentication will fail, decided at FACTOR (S305) but revealed only
 * after RESPONSE, so that every failure looks the same on the wire.
 */
enum rks_doom {
	RKS_DOOM_NONE,
	RKS_DOOM_UNKNOWN_DSN,
	RKS_DOOM_LOCKED_DSN,
	RKS_DOOM_BAD_FACTOR,
};

struct rks_session {
	const struct rks_server_ctx *ctx;
	uint64_t id;
	char peer[64];
	enum rks_phase phase;
	char dsn[RKD_DSN_MAX + 1];	/* "" until HELLO */
	enum rks_doom doom;
	bool auth_failed;		/* counted as a failed authentication */
	bool net_broke;			/* a record broke the layout */
	struct rkd_transcript th;	/* v2: frames so far (H_C, H_R) */
	struct rks_flight_claim *claim;	/* this DSN, once authenticated */

	/* secrets: each wiped once its work is done (when), all at the end */
	uint8_t dik2[RKD_TDES_LEN];	/* the FACTOR step only */
	uint8_t at[RKD_AT_LEN];		/* FACTOR to the RESPONSE check */
	uint8_t tk1[RKD_TK_LEN];	/* FACTOR to the RESPONSE check */
	uint8_t tk[RKD_TK_LEN];		/* the RESPONSE step only */
	uint8_t kmac[RKD_KMAC_LEN];	/* RESPONSE to the end (RECEIPT, ACK) */
	uint8_t kbpk[RKD_KBPK_LEN];	/* v3: KBPK_S, the RESPONSE step only */
	size_t n_keys;
	/* clear bytes until each one's KEY frame; the rest until RECEIPT */
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
};

/* Erase every secret of @s (S324); the phase and identity stay. */
void rks_session_wipe(struct rks_session *s);

/*
 * Record how the session ended, once: the log line always; the audit
 * record unless @audited (the database wrote it already, e.g. with the
 * delivery); then wipe. Returns RKS_CLOSE.
 */
enum rks_verdict rks_session_finish(struct rks_session *s,
				    enum cli_log_level level, bool audited,
				    const char *outcome, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Queue ERROR @code, then finish with @outcome and the reason. */
enum rks_verdict rks_session_refuse(struct rks_session *s,
				    struct rkd_buf *tx, uint8_t code,
				    const char *outcome, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Queue one frame of @type with the body in @body (then reset). */
int rks_session_send(struct rkd_buf *tx, unsigned int type,
		     struct rkd_buf *body);

/* auth.c; each step takes its decoded message (msg.h), of its type */
enum rks_verdict rks_auth_on_hello(struct rks_session *s,
				   const struct rks_msg *m,
				   struct rkd_buf *tx);
enum rks_verdict rks_auth_on_factor(struct rks_session *s,
				    const struct rks_msg *m,
				    struct rkd_buf *tx);
enum rks_verdict rks_auth_on_response(struct rks_session *s,
				      const struct rks_msg *m,
				      struct rkd_buf *tx);
/*
 * The DSN was locked between FACTOR and RESPONSE (other sessions failed
 * meanwhile, or an administrator): AUTH_FAILED, counted as "locked DSN".
 */
enum rks_verdict rks_auth_locked_late(struct rks_session *s,
				      struct rkd_buf *tx);
/* The peer closed or timed out instead of sending RESPONSE (@how). */
void rks_auth_no_response(struct rks_session *s, const char *how,
			  const char *detail);

/* delivery.c */
enum rks_verdict rks_delivery_start(struct rks_session *s,
				    struct rkd_buf *tx);
enum rks_verdict rks_delivery_on_receipt(struct rks_session *s,
					 const struct rks_msg *m,
					 struct rkd_buf *tx);

#endif /* RKS_SESSION_INTERNAL_H */
