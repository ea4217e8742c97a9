// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_session.c - a DSN's session on one node at a time, among all the
 * nodes on one database (db.h: rks_db_session_claim()). The back end
 * says how (struct rks_backend's session_claim); SQLite has one node.
 */
#include <errno.h>

#include "db_internal.h"

int rks_db_session_claim(struct rks_db *db, const char *dsn,
			 uint64_t *epoch)
{
	int64_t got = 0;
	int ret;

	*epoch = 0;
	if (!db->be->session_claim)
		return 0;
	if (!rks_dsn_valid(dsn))
		return -EINVAL;
	rks_db_lock(db);
	ret = rks_db_int(db, db->be->session_claim, dsn, &got,
			 "claiming the DSN");
	if (!ret && !got)
		ret = rks_db_fail(db, -EBUSY, "DSN '%s': another node holds "
				  "its session", dsn);
	*epoch = rks_db_epoch(db);
	rks_db_unlock(db);
	return ret;
}

uint64_t rks_db_epoch(struct rks_db *db)
{
	return db->be->epoch ? db->be->epoch(db) : 0;
}

int rks_db_session_ping(struct rks_db *db)
{
	int64_t one = 0;
	int ret;

	if (!db->be->session_claim)
		return 0;
	rks_db_lock(db);
	ret = rks_db_int(db, "SELECT 1", NULL, &one, "checking the claims' "
			 "connection");
	rks_db_unlock(db);
	return ret;
}

void rks_db_session_release(struct rks_db *db, const char *dsn)
{
	int64_t done;

	if (!db->be->session_release)
		return;
	rks_db_lock(db);
	/* a failure leaves it to the connection's end */
	rks_db_int(db, db->be->session_release, dsn, &done,
		   "releasing the DSN");
	rks_db_unlock(db);
}
