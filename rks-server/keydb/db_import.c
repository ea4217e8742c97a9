// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_import.c - adding many devices at once (db_admin.h), in two phases so
 * that a million of them neither hold the write lock for seconds nor let
 * bad input in:
 *
 *  1. staging: every record is checked as it comes (DSN, DIK1 known and
 *     not retired, DSN new to the database and to the file) and kept in a
 *     temporary table of this connection. No write lock is taken: a
 *     temporary table is the connection's own, and the database is only
 *     read. A bad record stops the import here and nothing is stored.
 *  2. moving: the staged rows go into `devices` a part at a time (1,000
 *     rows by default), each part one short write transaction with its own
 *     audit record, so that rks-server's writers get the lock between two
 *     parts instead of waiting for the whole file (issue #14).
 *
 * A crash or a failure in phase 2 leaves the parts committed before it,
 * each whole and audited, and nothing of the others. Running the same
 * import again with resume (rks-admin device import --resume) skips the
 * DSNs already there with the same DIK1 and adds the rest: a resumed
 * import ends as one run would have, and running it again adds nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db_internal.h"

struct rks_import {
	struct rks_db *db;
	struct rks_import_opts o;
	struct rks_stmt *stage;		/* a record into import_stage */
	int64_t now;
	int64_t dik1_ok;		/* the last DIK1 id found usable */
	size_t staged;			/* rows in import_stage */
	size_t present;			/* resume: already in the database */
	size_t moved;			/* rows committed to devices */
};

#define IMPORT_GAP_MS		2

/* Page cache while importing (KiB, as PRAGMA cache_size takes it). */
#define IMPORT_CACHE_KIB	65536

/* The staging table: a temporary one, seen by this connection only. */
#define IMPORT_STAGE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS import_stage (" \
	"  seq BIGINT PRIMARY KEY NOT NULL," \
	"  dsn TEXT NOT NULL UNIQUE," \
	"  dik1_id BIGINT NOT NULL)"

static void import_free(struct rks_import *imp)
{
	struct rks_db *db = imp->db;

	rks_finalize(imp->stage);
	/* (a failure here leaves rows that the next import deletes) */
	db->be->exec(db, "DELETE FROM import_stage");
	db->be->cache_limit(db, 2000);
	db->importing = false;
	rks_db_unlock(db);
	free(imp);
}

int rks_db_import_begin_ex(struct rks_db *db, const struct rks_import_opts *o,
			   struct rks_import **out)
{
	struct rks_import *imp;
	int ret;

	*out = NULL;
	imp = calloc(1, sizeof(*imp));
	if (!imp)
		return -ENOMEM;
	imp->db = db;
	if (o)
		imp->o = *o;
	if (!imp->o.chunk)
		imp->o.chunk = RKS_IMPORT_CHUNK;
	imp->now = rks_now();
	/* Held until commit or abort. */
	rks_db_lock(db);
	db->importing = true;
	ret = db->be->cache_limit(db, IMPORT_CACHE_KIB);
	if (!ret)
		ret = rks_db_exec(db, IMPORT_STAGE_SQL);
	if (!ret)
		ret = rks_db_exec(db, "DELETE FROM import_stage");
	/* phase 1 in one transaction: it reads, and writes its own table */
	if (!ret)
		ret = rks_db_begin_read(db);
	/* staged only if the database has no such DSN (else: no change) */
	if (!ret)
		ret = rks_db_prepare(db, "INSERT INTO import_stage (seq, dsn, "
				     "dik1_id) SELECT ?1, ?2, ?3 WHERE NOT "
				     "EXISTS (SELECT 1 FROM devices WHERE "
				     "dsn = ?2)", &imp->stage);
	if (ret) {
		rks_db_rollback(db);
		import_free(imp);
		return ret;
	}
	*out = imp;
	return 0;
}

int rks_db_import_begin(struct rks_db *db, struct rks_import **out)
{
	return rks_db_import_begin_ex(db, NULL, out);
}

/*
 * What the devices_current_dik1 trigger and the foreign key would say of
 * @id, before any row goes in: 0, -EINVAL (retired) or -ENOENT.
 */
static int import_dik1_check(struct rks_import *imp, int64_t id)
{
	struct rks_db *db = imp->db;
	int64_t retired = 0;
	struct rks_stmt *st;
	int rc, ret;

	if (id == imp->dik1_ok)
		return 0;
	ret = rks_db_prepare(db, "SELECT retired FROM dik1s WHERE id = ?1",
			     &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, id);
	rc = rks_step(st);
	if (rc == RKS_ROW)
		retired = rks_col_int64(st, 0);
	rks_finalize(st);
	if (rc == RKS_DONE)
		return rks_db_fail(db, -ENOENT, "no DIK1 with id %" PRId64, id);
	if (rc != RKS_ROW)
		return rks_db_sql_fail(db, "reading the DIK1");
	if (retired)
		return rks_db_fail(db, -EINVAL, "DIK1 %" PRId64 " is retired: "
				   "new devices use its replacement (`rks-admin "
				   "dik1 list`)", id);
	imp->dik1_ok = id;
	return 0;
}

/*
 * @dsn is in the database already: with resume, and the same DIK1, it is
 * one an interrupted run of this import added (0, counted); else -EEXIST.
 */
static int import_present(struct rks_import *imp, const char *dsn,
			  int64_t dik1_id)
{
	struct rks_db *db = imp->db;
	struct rks_stmt *st;
	int64_t had = 0;
	int ret;

	if (!imp->o.resume)
		return rks_db_fail(db, -EEXIST, "DSN '%s' exists already",
				   dsn);
	ret = rks_db_prepare(db, "SELECT dik1_id FROM devices WHERE dsn = ?1",
			     &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	if (rks_step(st) == RKS_ROW)
		had = rks_col_int64(st, 0);
	rks_finalize(st);
	if (had != dik1_id)
		return rks_db_fail(db, -EEXIST, "DSN '%s' exists already, "
				   "with DIK1 %" PRId64 " (not %" PRId64 ")",
				   dsn, had, dik1_id);
	imp->present++;
	return 0;
}

int rks_db_import_add(struct rks_import *imp, const char *dsn,
		      int64_t dik1_id)
{
	struct rks_db *db = imp->db;
	enum rks_sql_err kind;
	const char *msg;
	int rc, ret;

	db->msg[0] = '\0';
	if (!rks_dsn_valid(dsn))
		return rks_db_fail(db, -EINVAL, "a DSN is 1-%d graphic ASCII "
				   "characters", RKS_DSN_MAX);
	ret = import_dik1_check(imp, dik1_id);
	if (ret)
		return ret;
	rks_bind_int64(imp->stage, 1, (int64_t)imp->staged + 1);
	rks_bind_text(imp->stage, 2, dsn);
	rks_bind_int64(imp->stage, 3, dik1_id);
	rc = rks_step(imp->stage);
	if (rc == RKS_DONE && rks_db_changes(db) == 1) {
		imp->staged++;
	} else if (rc == RKS_DONE) {
		ret = import_present(imp, dsn, dik1_id);
	} else {
		db->be->last_error(db, &msg, &kind);
		ret = kind == RKS_SQL_UNIQUE ?
		      /* twice in the input: the message a second add gives */
		      rks_db_fail(db, -EEXIST, "DSN '%s' exists already",
				  dsn) :
		      rks_db_sql_fail(db, "staging the device");
	}
	rks_reset(imp->stage);
	rks_clear_bindings(imp->stage);
	return ret;
}

size_t rks_db_import_present(const struct rks_import *imp)
{
	return imp->present;
}

/*
 * Why part @k could not go in: every row was checked when it was staged,
 * so another writer changed the database since (a device added, a DIK1
 * retired or removed), or the database failed.
 */
static int import_part_refused(struct rks_db *db, unsigned int k,
			       unsigned int parts)
{
	enum rks_sql_err kind;
	const char *msg;
	int err = db->be->last_error(db, &msg, &kind);

	if (kind == RKS_SQL_UNIQUE)
		err = -EEXIST;
	return rks_db_fail(db, err, "adding part %u of %u: %s (changed by "
			   "another writer since the devices were checked)",
			   k, parts, msg);
}

/* Part @k of @parts: staged rows @first..@last, with its audit record. */
static int import_part(struct rks_import *imp, const char *actor,
		       const char *detail, unsigned int k, unsigned int parts,
		       size_t first, size_t last)
{
	struct rks_db *db = imp->db;
	char text[RKS_AUDIT_TEXT_MAX];
	size_t n = last >= first ? last - first + 1 : 0;
	struct rks_stmt *st;
	int ret;

	ret = rks_db_begin(db);
	if (ret)
		return ret;
	ret = rks_db_prepare(db, "INSERT INTO devices (dsn, dik1_id, created) "
			     "SELECT dsn, dik1_id, ?3 FROM import_stage "
			     "WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq", &st);
	if (!ret) {
		rks_bind_int64(st, 1, (int64_t)first);
		rks_bind_int64(st, 2, (int64_t)last);
		rks_bind_int64(st, 3, imp->now);
		if (rks_step(st) != RKS_DONE)
			ret = import_part_refused(db, k, parts);
		rks_finalize(st);
	}
	if (parts == 1 && !imp->present)
		snprintf(text, sizeof(text), "%zu devices from %s", n, detail);
	else if (parts == 1)
		snprintf(text, sizeof(text), "%zu devices from %s (resumed: "
			 "%zu there already)", n, detail, imp->present);
	else
		snprintf(text, sizeof(text), "%zu devices from %s (part %u of "
			 "%u: records %zu-%zu of %zu new%s)", n, detail, k,
			 parts, first, last, imp->staged,
			 imp->present ? ", resumed" : "");
	if (!ret)
		ret = rks_db_audit_insert(db, NULL, actor,
					  "admin: device import", text, NULL);
	ret = rks_db_end(db, ret);
	if (!ret)
		imp->moved += n;
	return ret;
}

/*
 * Between two parts: long enough for a writer waiting for the lock (it
 * tries every millisecond, be_sqlite.c) to take it before the next part
 * does. 1,000 parts of a million devices: 2 s in all.
 */
static void import_gap(void)
{
	struct timespec gap = { 0, IMPORT_GAP_MS * 1000000L };

	nanosleep(&gap, NULL);
}

int rks_db_import_commit(struct rks_import *imp, const char *actor,
			 const char *detail, size_t *count)
{
	struct rks_db *db = imp->db;
	size_t chunk = imp->o.chunk, first;
	unsigned int parts, k;
	int ret;

	if (!detail)
		detail = "?";
	/* phase 1 done: its rows are staged, and its snapshot let go */
	ret = rks_db_commit(db);
	parts = imp->staged ? (unsigned int)((imp->staged + chunk - 1) / chunk)
			    : 1;
	for (k = 1, first = 1; !ret && k <= parts; k++, first += chunk) {
		ret = import_part(imp, actor, detail, k, parts, first,
				  first + chunk - 1 < imp->staged ?
				  first + chunk - 1 : imp->staged);
		if (!ret && imp->o.progress)
			imp->o.progress(imp->moved, imp->staged, imp->o.arg);
		if (!ret && k < parts)
			import_gap();
	}
	if (count)
		*count = imp->moved;
	import_free(imp);
	return ret;
}

void rks_db_import_abort(struct rks_import *imp)
{
	if (!imp)
		return;
	rks_db_rollback(imp->db);
	import_free(imp);
}
