/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session.h - the RKS's half of the download protocol for one connection
 * (Documentation/protocol.md, "The session, step by step"), without any
 * socket: frames in, frames out (appended to a buffer), and one outcome
 * per session, written to the log and to the audit trail.
 */
#ifndef RKS_SESSION_H
#define RKS_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "rkd_buf.h"
#include "rkd_frame.h"

struct rks_db;
struct rks_creds;
struct rks_config;
struct rks_audit;
struct rks_flight;

/*
 * What every session shares: owned by main(). Each worker thread has a
 * copy with its own @db (pool.h); @audit is the audit writer (audit.h),
 * through which every outcome not written with a transaction of its own
 * goes (NULL: straight into @db).
 */
struct rks_server_ctx {
	struct rks_db *db;
	const struct rks_creds *creds;
	const struct rks_config *cfg;
	struct rks_audit *audit;
	struct rks_flight *flight;	/* DSNs with a session delivering */
};

enum rks_verdict {
	RKS_CONTINUE,		/* keep reading */
	RKS_CLOSE,		/* send what is queued, then close */
};

struct rks_session;

/* A session for a new connection from @peer ("addr:port"); NULL: ENOMEM. */
struct rks_session *rks_session_new(const struct rks_server_ctx *ctx,
				    uint64_t id, const char *peer);
/*
 * Free @s, wiping every secret (S324). A session that has not ended yet
 * ends now as "aborted" with @detail (NULL: "connection closed").
 */
void rks_session_free(struct rks_session *s, const char *detail);

/*
 * A whole frame arrived: decode it (msg.h), act on it, queue the answer
 * in @tx. Without privilege separation.
 */
enum rks_verdict rks_session_on_frame(struct rks_session *s,
				      const struct rkd_frame *f,
				      struct rkd_buf *tx);

/*
 * A record from the network process arrived (@rec, @len bytes, header
 * included; msgrec.h): check it, act on its message as on a frame's,
 * queue the answer in @tx. A record that breaks the layout ends the
 * session with ERROR PROTOCOL, outcome "bad-record".
 */
enum rks_verdict rks_session_on_record(struct rks_session *s,
				       const uint8_t *rec, size_t len,
				       struct rkd_buf *tx);

/*
 * The frame reader refused a header (@err: RKD_ERR_BAD_MAGIC...): queue
 * ERROR VERSION or PROTOCOL and end the session. Always RKS_CLOSE.
 */
enum rks_verdict rks_session_on_bad_frame(struct rks_session *s, int err,
					  struct rkd_buf *tx);

/*
 * The connection ends for a reason of its own (timeout, peer closed, I/O
 * error, shutdown): record @outcome/@detail unless the session has ended.
 */
void rks_session_end(struct rks_session *s, const char *outcome,
		     const char *detail);

/* Has the session its outcome (so that the connection can go)? */
bool rks_session_ended(const struct rks_session *s);

/* The message the session waits for: "HELLO"...; "nothing" once ended. */
const char *rks_session_waiting_for(const struct rks_session *s);

/*
 * The context @s's next steps use: a worker sets its own for the step it
 * runs (its database connection). Returns the one before.
 */
const struct rks_server_ctx *rks_session_set_ctx(struct rks_session *s,
						 const struct rks_server_ctx *c);

/*
 * Did a record break the layout (rks_session_on_record())? Then the
 * network process that sent it is broken or taken over: the loop retires
 * it (rks_net_retire()).
 */
bool rks_session_net_broke(const struct rks_session *s);

/* Did the session end as a failed authentication (admit.h counts it)? */
bool rks_session_auth_failed(const struct rks_session *s);

/* The DSN of HELLO, or NULL before HELLO. */
const char *rks_session_dsn(const struct rks_session *s);

/*
 * Refuse the session from outside the protocol (the audit trail cannot be
 * written): queue ERROR BUSY, end it with @outcome/@detail. RKS_CLOSE.
 */
enum rks_verdict rks_session_refuse_busy(struct rks_session *s,
					 struct rkd_buf *tx,
					 const char *outcome,
					 const char *detail);

#endif /* RKS_SESSION_H */
