// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_txn.c - what a session writes, each in one transaction with its audit
 * record: a delivery confirmed by the device's RECEIPT, or a failed
 * authentication (with the temporary lock it may cause).
 *
 * A crash at any instant leaves either the whole transaction or none of
 * it: no key is ever marked delivered without the audit record that lists
 * it (WAL, synchronous=FULL).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"

/*
 * Marks one key delivered. A key already delivered (by a concurrent session
 * of the same device) is accepted: the device holds it either way.
 * -ESTALE: no such key of @dsn with this slot and KCV.
 */
static int mark_delivered(struct rks_db *db, struct rks_stmt *upd,
			  struct rks_stmt *chk, const char *dsn,
			  const struct rks_pending_key *k, int64_t now,
			  bool *again)
{
	struct rks_stmt *sts[] = { upd, chk };
	int ret = 0, i;

	for (i = 0; i < 2; i++) {
		rks_reset(sts[i]);
		rks_bind_int64(sts[i], 1, k->id);
		rks_bind_text(sts[i], 2, dsn);
		rks_bind_int64(sts[i], 3, k->slot);
		rks_bind_blob(sts[i], 4, k->kcv, RKS_KCV_LEN);
	}
	rks_bind_int64(upd, 5, now);
	*again = false;
	if (rks_step(upd) != RKS_DONE)
		return rks_db_sql_fail(db, "marking a key delivered");
	if (rks_db_changes(db) == 1)
		return 0;
	/* Not pending: delivered already, or not this device's key at all. */
	switch (rks_step(chk)) {
	case RKS_ROW:
		*again = true;
		break;
	case RKS_DONE:
		ret = rks_db_fail(db, -ESTALE, "key %" PRId64 " is no key of "
				  "DSN '%s' for slot %u with KCV %02X%02X%02X",
				  k->id, dsn, k->slot, k->kcv[0], k->kcv[1],
				  k->kcv[2]);
		break;
	default:
		ret = rks_db_sql_fail(db, "checking a key");
	}
	return ret;
}

/* A delivery: the device is genuine; its back-off starts over. */
static int reset_failures(struct rks_db *db, const char *dsn)
{
	return rks_db_run_dsn(db, "UPDATE devices SET failures = 0, "
			      "locks = 0 WHERE dsn = ?1 AND (failures <> 0 OR "
			      "locks <> 0)", dsn,
			      "resetting the failure count");
}

static int deliver_all(struct rks_db *db, const char *dsn, const char *peer,
		       const struct rks_pending_key *keys, size_t n)
{
	char list[RKS_KEYS_PER_SESSION * 10 + 1] = "", detail[64];
	struct rks_stmt *upd = NULL, *chk = NULL;
	int64_t now = rks_now();
	size_t i, off = 0, again = 0;
	bool was;
	int ret;

	ret = rks_db_prepare(db, "UPDATE keys SET status = 'delivered', "
			     "delivered = ?5 WHERE id = ?1 AND dsn = ?2 AND "
			     "slot = ?3 AND kcv = ?4 AND status = 'pending'",
			     &upd);
	if (!ret)
		ret = rks_db_prepare(db, "SELECT 1 FROM keys WHERE id = ?1 AND "
				     "dsn = ?2 AND slot = ?3 AND kcv = ?4 AND "
				     "status = 'delivered'", &chk);
	for (i = 0; !ret && i < n; i++) {
		ret = mark_delivered(db, upd, chk, dsn, &keys[i], now, &was);
		again += was;
		off += (size_t)snprintf(list + off, sizeof(list) - off,
					"%s%u:%02X%02X%02X", i ? " " : "",
					keys[i].slot, keys[i].kcv[0],
					keys[i].kcv[1], keys[i].kcv[2]);
	}
	rks_finalize(upd);
	rks_finalize(chk);
	if (!ret)
		ret = reset_failures(db, dsn);
	if (ret)
		return ret;
	if (again)
		snprintf(detail, sizeof(detail), "%zu keys (%zu delivered "
			 "before)", n, again);
	else
		snprintf(detail, sizeof(detail), "%zu keys", n);
	return rks_db_audit_insert(db, dsn, peer, "delivered", detail, list);
}

int rks_db_delivery_txn(struct rks_db *db, const char *dsn, const char *peer,
			const struct rks_pending_key *keys, size_t n)
{
	if (n && !keys)
		return -EINVAL;
	if (!rks_dsn_valid(dsn))
		return rks_db_fail(db, -EINVAL, "not a valid DSN");
	if (n > RKS_KEYS_PER_SESSION)
		return rks_db_fail(db, -EINVAL, "%zu keys: at most %d in a "
				   "session", n, RKS_KEYS_PER_SESSION);
	return deliver_all(db, dsn, peer, keys, n);
}

int rks_db_record_delivery(struct rks_db *db, const char *dsn,
			   const char *peer, const struct rks_pending_key *keys,
			   size_t n)
{
	int ret;

	if (!db || (n && !keys))
		return -EINVAL;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (!ret)
		ret = rks_db_end(db, rks_db_delivery_txn(db, dsn, peer, keys,
							 n));
	rks_db_unlock(db);
	return ret;
}

unsigned int rks_lock_seconds(const struct rks_lockout *p,
			      unsigned int locks)
{
	uint64_t secs = p->base_s ? p->base_s : 1;
	unsigned int i;

	for (i = 1; i < locks && secs < RKS_LOCK_MAX_S; i++)
		secs *= 2;
	return secs < RKS_LOCK_MAX_S ? (unsigned int)secs : RKS_LOCK_MAX_S;
}

/* A time as the audit shows it: "2026-11-30T06:47:10Z". */
static void utc_text(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ",
					      &tm))
		snprintf(buf, size, "%" PRId64, t);
}

/*
 * Counts the failure of @dsn, if a device has it; says what came of it.
 * A failure while the DSN is locked is counted, not punished again: the
 * lock holds already. One after a lock has run out locks it again, for
 * longer (rks_lock_seconds()).
 */
static int count_failure(struct rks_db *db, const char *dsn,
			 const struct rks_lockout *p, struct rks_lock_news *n,
			 char *detail, size_t size)
{
	int64_t failures, until, now = rks_now();
	unsigned int locks;
	bool admin_locked, was_locked, locked;
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT failures, locked, locks, "
			     "locked_until FROM devices WHERE dsn = ?1", &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	rc = rks_step(st);
	failures = rc == RKS_ROW ? rks_col_int64(st, 0) + 1 : 0;
	admin_locked = rc == RKS_ROW && rks_col_int(st, 1) != 0;
	locks = rc == RKS_ROW ? (unsigned int)rks_col_int(st, 2) : 0;
	until = rc == RKS_ROW ? rks_col_int64(st, 3) : 0;
	rks_finalize(st);
	if (rc == RKS_DONE) {
		snprintf(detail, size, "unknown DSN");
		return 0;
	}
	if (rc != RKS_ROW)
		return rks_db_sql_fail(db, "reading the device");
	was_locked = admin_locked || until > now;
	locked = was_locked || (p->after && failures >= p->after);
	if (locked && !was_locked) {
		n->locked_now = true;
		locks++;
		n->secs = rks_lock_seconds(p, locks);
		until = now + n->secs;
	}
	n->failures = (unsigned int)failures;
	n->locks = locks;
	n->until = until;
	snprintf(detail, size, "%" PRId64 " consecutive failures%s", failures,
		 !locked ? "" : was_locked ? "; device locked" :
		 "; device locked now");

	ret = rks_db_prepare(db, "UPDATE devices SET failures = ?2, "
			     "locks = ?3, locked_until = ?4 WHERE dsn = ?1",
			     &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	rks_bind_int64(st, 2, failures);
	rks_bind_int64(st, 3, (int)locks);
	rks_bind_int64(st, 4, until);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "counting the failure");
	rks_finalize(st);
	return ret;
}

/* The alert's record: how long, until when, and what set it off. */
static int audit_lock(struct rks_db *db, const char *dsn, const char *peer,
		      const struct rks_lock_news *n)
{
	char detail[200], when[32];

	utc_text(n->until, when, sizeof(when));
	snprintf(detail, sizeof(detail), "locked for %u s until %s: lock %u "
		 "since the last delivery, after %u consecutive failures "
		 "(the last from %s)", n->secs, when, n->locks, n->failures,
		 peer && *peer ? peer : "?");
	return rks_db_audit_insert(db, dsn, "rks-server", "lockout", detail,
				   NULL);
}

int rks_db_auth_failure_txn(struct rks_db *db, const char *dsn,
			    const char *peer, const char *outcome,
			    const struct rks_lockout *policy,
			    struct rks_lock_news *n)
{
	char detail[80] = "";
	int ret = 0;

	memset(n, 0, sizeof(*n));
	if (rks_dsn_valid(dsn))
		ret = count_failure(db, dsn, policy, n, detail,
				    sizeof(detail));
	else
		snprintf(detail, sizeof(detail), "no valid DSN");
	/* the server's decision, then the failure that led to it */
	if (!ret && n->locked_now)
		ret = audit_lock(db, dsn, peer, n);
	if (!ret)
		ret = rks_db_audit_insert(db, dsn, peer, outcome, detail, NULL);
	return ret;
}

int rks_db_record_auth_failure_ex(struct rks_db *db, const char *dsn,
				  const char *peer, const char *outcome,
				  const struct rks_lockout *policy,
				  struct rks_lock_news *news)
{
	struct rks_lock_news n = { 0 };
	int ret;

	if (!db || !policy)
		return -EINVAL;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (!ret)
		ret = rks_db_end(db, rks_db_auth_failure_txn(db, dsn, peer,
							     outcome, policy,
							     &n));
	rks_db_unlock(db);
	if (news)
		*news = ret ? (struct rks_lock_news){ 0 } : n;
	return ret;
}

int rks_db_record_auth_failure(struct rks_db *db, const char *dsn,
			       const char *peer, const char *outcome,
			       unsigned int lock_after)
{
	struct rks_lockout p = { .after = lock_after,
				 .base_s = RKS_LOCK_BASE_S };

	return rks_db_record_auth_failure_ex(db, dsn, peer, outcome, &p,
					     NULL);
}
