// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_session.c - a DSN's session on one node at a time, among all the
 * nodes on one database (db.h: rks_db_session_claim()). The back end
 * says how (struct rks_backend's session_claim); SQLite has one node.
 */
#include <errno.h>

#include "db_internal.h"

/* Runs @sql on @dsn; its one boolean answer into *@yes. */
static int ask(struct rks_db *db, const char *sql, const char *dsn,
	       bool *yes, const char *what)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	if (rks_step(st) == RKS_ROW)
		*yes = rks_col_int(st, 0) != 0;
	else
		ret = rks_db_sql_fail(db, what);
	rks_finalize(st);
	return ret;
}

int rks_db_session_claim(struct rks_db *db, const char *dsn)
{
	bool got = false;
	int ret;

	if (!db->be->session_claim)
		return 0;
	if (!rks_dsn_valid(dsn))
		return -EINVAL;
	rks_db_lock(db);
	ret = ask(db, db->be->session_claim, dsn, &got, "claiming the DSN");
	if (!ret && !got)
		ret = rks_db_fail(db, -EBUSY, "DSN '%s': another node holds "
				  "its session", dsn);
	rks_db_unlock(db);
	return ret;
}

void rks_db_session_release(struct rks_db *db, const char *dsn)
{
	bool done;

	if (!db->be->session_release)
		return;
	rks_db_lock(db);
	/* a failure leaves it to the connection's end */
	ask(db, db->be->session_release, dsn, &done, "releasing the DSN");
	rks_db_unlock(db);
}
