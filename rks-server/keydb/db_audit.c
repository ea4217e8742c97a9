// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_audit.c - the audit trail: one row per session outcome and per
 * administrative change, append-only (the schema's triggers refuse UPDATE
 * and DELETE).
 *
 * Strings given to the audit may come from the network (a peer's DSN):
 * they are stored as given, cut to a bounded length, and whoever shows
 * them escapes what is not printable.
 */
#include <errno.h>
#include <string.h>

#include "db_internal.h"

/* @r's field @i: @s (NULL: "" unless @null_ok) cut to @max bytes. */
static void cut(struct rks_audit_row *r, int i, const char *s, size_t max,
		bool null_ok)
{
	if (!s && !null_ok)
		s = "";
	r->text[i] = s;
	r->len[i] = s ? strnlen(s, max) : 0;
}

/*
 * One row at @time (seconds since the epoch): the caller's transaction.
 * Its id is the last one + 1 and it carries its hash chain (db_chain.c);
 * every RKS_AUDIT_CHECKPOINT_EVERY rows, a checkpoint.
 */
static int audit_insert_at(struct rks_db *db, int64_t time, const char *dsn,
			   const char *peer, const char *outcome,
			   const char *detail, const char *keys)
{
	struct rks_audit_row r = { .time = time };
	uint8_t chain[32];
	struct rks_stmt *st;
	int i, ret;

	cut(&r, 0, peer, RKS_AUDIT_PEER_MAX, false);
	cut(&r, 1, dsn, RKS_AUDIT_PEER_MAX, true);
	cut(&r, 2, outcome && *outcome ? outcome : "?", RKS_AUDIT_PEER_MAX,
	    false);
	cut(&r, 3, detail, RKS_AUDIT_TEXT_MAX, false);
	cut(&r, 4, keys, RKS_AUDIT_TEXT_MAX, false);
	ret = rks_audit_chain_next(db, &r, chain);
	if (ret)
		return ret;
	ret = rks_db_prepare(db, "INSERT INTO audit (id, time, peer, dsn, "
			     "outcome, detail, delivered_keys, chain) VALUES "
			     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, r.id);
	rks_bind_int64(st, 2, time);
	for (i = 0; i < 5; i++)
		if (r.text[i])
			rks_bind_textn(st, 3 + i, r.text[i], (int)r.len[i]);
	rks_bind_blob(st, 8, chain, 32);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "writing the audit record");
	rks_finalize(st);
	if (!ret && r.id % RKS_AUDIT_CHECKPOINT_EVERY == 0)
		ret = rks_audit_checkpoint_at(db, r.id, chain);
	return ret;
}

int rks_db_audit_checkpoint(struct rks_db *db, int64_t *audit_id)
{
	uint8_t chain[32];
	struct rks_stmt *st;
	int rc, ret;

	*audit_id = 0;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = rks_db_prepare(db, "SELECT id, chain FROM audit ORDER BY id DESC "
			     "LIMIT 1", &st);
	if (!ret) {
		rc = rks_step(st);
		if (rc == RKS_ROW && rks_column_blob(st, 1, chain, 32))
			*audit_id = rks_col_int64(st, 0);
		else if (rc == RKS_ROW || rc == RKS_DONE)
			ret = rks_db_fail(db, -ENOENT, "no chained audit "
					  "record to checkpoint");
		else
			ret = rks_db_sql_fail(db, "reading the audit trail");
		rks_finalize(st);
	}
	if (!ret)
		ret = rks_audit_checkpoint_at(db, *audit_id, chain);
	ret = rks_db_end(db, ret);
out:
	rks_db_unlock(db);
	return ret;
}

int rks_db_audit_insert(struct rks_db *db, const char *dsn, const char *peer,
			const char *outcome, const char *detail,
			const char *keys)
{
	return audit_insert_at(db, rks_now(), dsn, peer, outcome, detail,
			       keys);
}

/*
 * A delivery inside the batch, under a savepoint: refused for itself
 * (its keys are not the device's), it is undone alone and reported in
 * @r->result; any other error fails the batch.
 */
static int batch_delivery(struct rks_db *db, struct rks_audit_rec *r)
{
	int ret;

	ret = rks_db_exec(db, "SAVEPOINT delivery");
	if (ret)
		return ret;
	r->result = rks_db_delivery_txn(db, r->dsn, r->peer, r->keys,
					r->n_keys);
	if (r->result == -ESTALE || r->result == -EINVAL) {
		ret = rks_db_exec(db, "ROLLBACK TO delivery");
		if (!ret)
			ret = rks_db_exec(db, "RELEASE delivery");
		return ret;
	}
	ret = r->result;
	if (!ret)
		ret = rks_db_exec(db, "RELEASE delivery");
	return ret;
}

static int batch_one(struct rks_db *db, struct rks_audit_rec *r)
{
	r->result = 0;
	memset(&r->news, 0, sizeof(r->news));
	switch (r->kind) {
	case RKS_AUDIT_ROW:
		return audit_insert_at(db, r->time, r->dsn, r->peer,
				       r->outcome, r->detail, NULL);
	case RKS_AUDIT_AUTH_FAILURE:
		if (!r->policy)
			return -EINVAL;
		return rks_db_auth_failure_txn(db, r->dsn, r->peer, r->outcome,
					       r->policy, &r->news);
	case RKS_AUDIT_DELIVERY:
		return batch_delivery(db, r);
	case RKS_AUDIT_NOTHING:
		return 0;
	}
	return -EINVAL;
}

int rks_db_audit_batch(struct rks_db *db, struct rks_audit_rec *recs,
		       size_t n)
{
	size_t i;
	int ret;

	if (!db || (n && !recs))
		return -EINVAL;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	for (i = 0; i < n && !ret; i++)
		ret = batch_one(db, &recs[i]);
	ret = rks_db_end(db, ret);
	rks_db_unlock(db);
	return ret;
}

int rks_db_audit(struct rks_db *db, const char *dsn, const char *peer,
		 const char *outcome, const char *detail)
{
	int ret;

	if (!db)
		return -EINVAL;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (!ret)
		ret = rks_db_audit_insert(db, dsn, peer, outcome, detail, NULL);
	ret = rks_db_end(db, ret);
	rks_db_unlock(db);
	return ret;
}

static const char *col_text(struct rks_stmt *st, int col)
{
	const unsigned char *s = rks_col_text(st, col);

	return s ? (const char *)s : "";
}

/* The row of @st (id, time, peer, dsn, outcome, detail, keys) to @fn. */
static int audit_each(struct rks_db *db, struct rks_stmt *st,
		      int (*fn)(const struct rks_audit_info *, void *),
		      void *arg)
{
	struct rks_audit_info a;
	int rc, ret = 0;

	while ((rc = rks_step(st)) == RKS_ROW) {
		a.id = rks_col_int64(st, 0);
		a.time = rks_col_int64(st, 1);
		a.peer = col_text(st, 2);
		a.dsn = rks_col_null(st, 3) ? NULL :
			col_text(st, 3);
		a.outcome = col_text(st, 4);
		a.detail = col_text(st, 5);
		a.keys = col_text(st, 6);
		ret = fn(&a, arg);
		if (ret)
			return ret;
	}
	return rc == RKS_DONE ? 0 :
	       rks_db_sql_fail(db, "reading the audit trail");
}

int rks_db_audit_query(struct rks_db *db, const struct rks_audit_filter *f,
		       int (*fn)(const struct rks_audit_info *, void *),
		       void *arg)
{
	struct rks_stmt *st;
	int ret;

	rks_db_lock(db);
	ret = rks_db_prepare(db, "SELECT id, time, peer, dsn, outcome, detail,"
			     " delivered_keys FROM audit WHERE (?1 IS NULL OR "
			     "dsn = ?1) AND time >= ?2 AND (?3 = 0 OR time < "
			     "?3) AND (?4 IS NULL OR outcome = ?4) ORDER BY id",
			     &st);
	if (!ret) {
		if (f->dsn)
			rks_bind_text(st, 1, f->dsn);
		rks_bind_int64(st, 2, f->since);
		rks_bind_int64(st, 3, f->until);
		if (f->outcome)
			rks_bind_text(st, 4, f->outcome);
		ret = audit_each(db, st, fn, arg);
		rks_finalize(st);
	}
	rks_db_unlock(db);
	return ret;
}

int rks_db_audit_list(struct rks_db *db, const char *dsn,
		      unsigned int limit,
		      int (*fn)(const struct rks_audit_info *, void *),
		      void *arg)
{
	struct rks_stmt *st;
	int ret;

	rks_db_lock(db);
	/*
	 * The newest @limit rows (INT64_MAX: all, in words both dialects
	 * take), shown oldest first; with a DSN, through the index on
	 * (dsn, id).
	 */
	ret = rks_db_prepare(db, dsn ?
			     "SELECT * FROM (SELECT id, time, peer, dsn, "
			     "outcome, detail, delivered_keys FROM audit "
			     "WHERE dsn = ?1 ORDER BY id DESC LIMIT ?2) AS a "
			     "ORDER BY id" :
			     "SELECT * FROM (SELECT id, time, peer, dsn, "
			     "outcome, detail, delivered_keys FROM audit "
			     "ORDER BY id DESC LIMIT ?2) AS a ORDER BY id",
			     &st);
	if (ret)
		goto out;
	if (dsn)
		rks_bind_text(st, 1, dsn);
	rks_bind_int64(st, 2, limit ? (int64_t)limit : INT64_MAX);
	ret = audit_each(db, st, fn, arg);
	rks_finalize(st);
out:
	rks_db_unlock(db);
	return ret;
}
