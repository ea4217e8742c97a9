// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_chain_verify.c - `rks-admin audit verify`: the audit rows against
 * their hash chain (db_chain.c) and the checkpoints against the rows and,
 * with the master key, their MACs. Reads only: it works on a read-only
 * copy (rks_db_open_ro()), without the master key for the chain.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

#define BAD(v, id, ...) do {						\
	(v)->bad_id = (id);						\
	snprintf((v)->why, sizeof((v)->why), __VA_ARGS__);		\
} while (0)

struct walk {
	struct rks_db *db;
	struct rks_audit_verdict *v;
	int64_t next_id;	/* the id the next row must have */
	uint8_t prev[32];
	char *line;
	size_t cap;
};

/* Where the rows start: after the last archive (its chain), or at 1. */
static int anchor(struct rks_db *db, struct walk *w)
{
	struct rks_stmt *st;
	int rc, ret;

	memset(w->prev, 0, sizeof(w->prev));
	w->next_id = 1;
	ret = rks_db_prepare(db, "SELECT last_id, chain FROM audit_archives "
			     "ORDER BY last_id DESC LIMIT 1", &st);
	if (ret)
		return ret;
	rc = rks_step(st);
	if (rc == RKS_ROW) {
		w->next_id = rks_col_int64(st, 0) + 1;
		if (!rks_col_null(st, 1) &&
		    !rks_column_blob(st, 1, w->prev, 32))
			ret = rks_db_fail(db, -EBADMSG, "the last archive's "
					  "chain is not 32 bytes");
	} else if (rc != RKS_DONE) {
		ret = rks_db_sql_fail(db, "reading the archives");
	}
	rks_finalize(st);
	return ret;
}

static int walk_row(struct rks_stmt *st, void *arg)
{
	struct walk *w = arg;
	struct rks_audit_row r;
	uint8_t h[32], stored[32];
	size_t len;
	int ret;

	rks_audit_row_from(st, 0, &r);
	if (r.id != w->next_id) {
		if (r.id > w->next_id)
			BAD(w->v, w->next_id, "record %" PRId64 " is missing "
			    "(deleted)%s; the next one there is %" PRId64,
			    w->next_id, r.id > w->next_id + 1 ? ", and more "
			    "after it" : "", r.id);
		else
			BAD(w->v, r.id, "record %" PRId64 " is out of "
			    "order", r.id);
		return 1;
	}
	ret = rks_audit_line(&r, &w->line, &w->cap, &len);
	if (!ret)
		ret = rks_chain_step(w->prev, w->line, len, h);
	if (ret)
		return rks_db_fail(w->db, ret, "out of memory");
	if (!rks_column_blob(st, 7, stored, 32)) {
		BAD(w->v, r.id, "record %" PRId64 " has no hash chain", r.id);
		return 1;
	}
	if (CRYPTO_memcmp(h, stored, 32)) {
		BAD(w->v, r.id, "record %" PRId64 " does not follow the hash "
		    "chain: it was altered, or the one before it deleted or "
		    "moved", r.id);
		return 1;
	}
	memcpy(w->prev, h, 32);
	w->next_id++;
	w->v->rows++;
	return 0;
}

struct cp_walk {
	struct rks_db *db;
	struct rks_audit_verdict *v;
	int64_t first, last;	/* the rows there */
};

/* c.id, c.audit_id, c.chain, c.mac, a.chain (NULL: no such row) */
static int walk_checkpoint(struct rks_stmt *st, void *arg)
{
	struct cp_walk *c = arg;
	int64_t id = rks_col_int64(st, 0);
	int64_t at = rks_col_int64(st, 1);
	uint8_t chain[32], mac[RKS_SEALED_LEN(0)], row[32];
	bool have_row;
	int ret;

	if (!rks_column_blob(st, 2, chain, 32) ||
	    !rks_column_blob(st, 3, mac, sizeof(mac))) {
		BAD(c->v, at, "checkpoint %" PRId64 " is malformed", id);
		return 1;
	}
	have_row = rks_column_blob(st, 4, row, 32);
	if (!have_row && at >= c->first) {
		BAD(c->v, at, "record %" PRId64 " is missing (deleted): "
		    "checkpoint %" PRId64 " was made there; the trail now "
		    "ends at %" PRId64, at, id, c->last);
		return 1;
	}
	if (have_row && CRYPTO_memcmp(chain, row, 32)) {
		BAD(c->v, at, "record %" PRId64 " is not the one checkpoint "
		    "%" PRId64 " saw: the trail was rewritten up to it", at,
		    id);
		return 1;
	}
	if (c->v->macs) {
		ret = rks_audit_checkpoint_check(c->db, at, chain, mac,
						 sizeof(mac));
		if (ret && ret != -EBADMSG)
			return rks_db_fail(c->db, ret, "checking a checkpoint");
		if (ret) {
			BAD(c->v, at, "checkpoint %" PRId64 " (record %" PRId64
			    ") does not authenticate under this master key: "
			    "forged or altered", id, at);
			return 1;
		}
	}
	c->v->checkpoints++;
	return 0;
}

int rks_db_audit_verify(struct rks_db *db, struct rks_audit_verdict *v)
{
	struct walk w = { .db = db, .v = v };
	struct cp_walk c = { .db = db, .v = v };
	int ret;

	memset(v, 0, sizeof(*v));
	v->macs = !db->no_mk;
	rks_db_lock(db);
	ret = rks_db_exec(db, "BEGIN");	/* one snapshot for both walks */
	if (ret)
		goto out;
	ret = anchor(db, &w);
	c.first = w.next_id;
	if (!ret)
		ret = rks_db_each(db, "SELECT id, time, peer, dsn, outcome, "
				  "detail, delivered_keys, chain FROM audit "
				  "ORDER BY id", NULL, walk_row, &w,
				  "reading the audit trail");
	c.last = w.next_id - 1;
	if (!ret)
		ret = rks_db_each(db, "SELECT c.id, c.audit_id, c.chain, c.mac,"
				  " a.chain FROM audit_checkpoints c LEFT JOIN "
				  "audit a ON a.id = c.audit_id ORDER BY "
				  "c.audit_id, c.id", NULL, walk_checkpoint,
				  &c, "reading the audit checkpoints");
	rks_db_exec(db, "COMMIT");
out:
	free(w.line);
	rks_db_unlock(db);
	if (ret == 1)
		return -EBADMSG;
	return ret;
}
