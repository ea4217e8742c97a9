/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * audit.h - the server's audit writer: one thread with its own database
 * connection that commits the audit rows queued by the event loop and the
 * workers, as many as have queued up, in one transaction (group commit:
 * one fsync for many session outcomes instead of one each).
 *
 * Fail closed: while a commit fails (full disk, I/O error, a lock held
 * past the busy timeout), the rows stay queued and are retried, and
 * rks_audit_failing() is true; the server then refuses new
 * authentications (ERROR BUSY) rather than go on unrecorded. When a commit
 * succeeds again everything queued is on disk and the refusals stop.
 */
#ifndef RKS_AUDIT_H
#define RKS_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct rks_audit;
struct rks_config;
struct rks_keystore;

/* Open the writer's own connection (to the database @cfg names, sealed by
 * @ks) and start it; NULL after logging. */
struct rks_audit *rks_audit_start(const struct rks_config *cfg,
				  struct rks_keystore *ks);
/* Commit what is queued (one last try), stop, free. NULL: nothing. */
void rks_audit_stop(struct rks_audit *a);

/*
 * Queue a row (copied; strings cut to the audit's bounds). Never blocks
 * on the database. Returns its sequence number for rks_audit_wait(); 0 if
 * the queue is full (the row is counted, and a row "audit-overflow" with
 * the count is written once the queue drains). Thread-safe.
 */
uint64_t rks_audit_submit(struct rks_audit *a, const char *dsn,
			  const char *peer, const char *outcome,
			  const char *detail);

/*
 * Queue a failed authentication of @dsn (rks_db_record_auth_failure_ex():
 * the count, the lock it may set, the audit rows), to be committed with
 * the others; never refused for a full queue. The writer logs the alert
 * ("dsn-locked") of a lock. Returns its sequence number for
 * rks_audit_wait() (0: out of memory, counted as an overflow).
 */
uint64_t rks_audit_auth_failure(struct rks_audit *a, const char *dsn,
				const char *peer, const char *outcome,
				const struct rks_lockout *policy);

/*
 * A delivery confirmed by a valid RECEIPT (rks_db_record_delivery(): the
 * keys marked delivered and the audit row, in one transaction), committed
 * with the others, and waited for: 0 once on disk; -ESTALE or -EINVAL if
 * the database refused it (nothing of it written); -EIO if the trail is
 * failing, -EBUSY if another writer held the database past @timeout_ms
 * (then it is withdrawn: nothing of it is written, its keys stay
 * pending). Only the keys' ids, slots and KCVs are copied. Blocks: call
 * it from a worker, never from the event loop.
 */
int rks_audit_delivery(struct rks_audit *a, const char *dsn,
		       const char *peer, const struct rks_pending_key *keys,
		       size_t n, int timeout_ms);

/*
 * Wait up to @timeout_ms for row @seq to be on disk: 0 if it is, -EIO if
 * the writer is failing (or @seq is 0), -ETIMEDOUT otherwise.
 */
int rks_audit_wait(struct rks_audit *a, uint64_t seq, int timeout_ms);

/* Is the last commit attempt a failure (authentications refused)? */
bool rks_audit_failing(struct rks_audit *a);

#endif /* RKS_AUDIT_H */
