// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_import.c - adding many devices at once: one transaction, one prepared
 * statement, all or nothing. A million rows take seconds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "db_internal.h"

struct rks_import {
	struct rks_db *db;
	struct rks_stmt *insert;
	int64_t now;
	size_t count;
};

/* Page cache while importing (KiB, as PRAGMA cache_size takes it). */
#define IMPORT_CACHE_KIB	65536

static void import_free(struct rks_import *imp)
{
	struct rks_db *db = imp->db;

	rks_finalize(imp->insert);
	db->be->cache_limit(db, 2000);
	db->importing = false;
	rks_db_unlock(db);
	free(imp);
}

int rks_db_import_begin(struct rks_db *db, struct rks_import **out)
{
	struct rks_import *imp;
	int ret;

	*out = NULL;
	imp = calloc(1, sizeof(*imp));
	if (!imp)
		return -ENOMEM;
	imp->db = db;
	imp->now = rks_now();
	/* Held until commit or abort. */
	rks_db_lock(db);
	db->importing = true;
	ret = db->be->cache_limit(db, IMPORT_CACHE_KIB);
	if (!ret)
		ret = rks_db_begin(db);
	if (!ret)
		ret = rks_db_prepare(db, "INSERT INTO devices (dsn, dik1_id, "
				     "created) VALUES (?1, ?2, ?3)",
				     &imp->insert);
	if (ret) {
		rks_db_rollback(db);
		import_free(imp);
		return ret;
	}
	*out = imp;
	return 0;
}

int rks_db_import_add(struct rks_import *imp, const char *dsn,
		      int64_t dik1_id)
{
	struct rks_db *db = imp->db;
	int ret = 0;

	db->msg[0] = '\0';
	if (!rks_dsn_valid(dsn))
		return rks_db_fail(db, -EINVAL, "a DSN is 1-%d graphic ASCII "
				   "characters", RKS_DSN_MAX);
	rks_bind_text(imp->insert, 1, dsn);
	rks_bind_int64(imp->insert, 2, dik1_id);
	rks_bind_int64(imp->insert, 3, imp->now);
	if (rks_step(imp->insert) == RKS_DONE)
		imp->count++;
	else
		ret = rks_db_device_refused(db, dsn, dik1_id);
	rks_reset(imp->insert);
	rks_clear_bindings(imp->insert);
	return ret;
}

int rks_db_import_commit(struct rks_import *imp, const char *actor,
			 const char *detail, size_t *count)
{
	struct rks_db *db = imp->db;
	char text[RKS_AUDIT_TEXT_MAX];
	int ret;

	snprintf(text, sizeof(text), "%zu devices from %s", imp->count,
		 detail ? detail : "?");
	ret = rks_db_audit_insert(db, NULL, actor, "admin: device import",
				  text, NULL);
	ret = rks_db_end(db, ret);
	if (count)
		*count = ret ? 0 : imp->count;
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
