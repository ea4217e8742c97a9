// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_lifecycle.c - a device retired, a pending key cancelled, a DIK1
 * retired for new devices (#16); each in one transaction with its audit
 * record. (Lock and unlock: db_device.c.)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db_internal.h"

/*
 * The one-row UPDATE/DELETE @sql on ?1 = @key (a DSN if @dsn, else the id
 * @id), with ?2 = now (Unix s) if @now: the time is the code's, not SQL's
 * (the two back ends spell it differently); *@changes: rows changed.
 */
static int run_one(struct rks_db *db, const char *sql, const char *dsn,
		   int64_t id, bool now, const char *what, int *changes)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	if (dsn)
		rks_bind_text(st, 1, dsn);
	else
		rks_bind_int64(st, 1, id);
	if (now)
		rks_bind_int64(st, 2, rks_now());
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, what);
	*changes = rks_db_changes(db);
	rks_finalize(st);
	return ret;
}

int rks_db_device_retire(struct rks_db *db, const char *dsn,
			 const char *actor, unsigned int *cancelled)
{
	struct rks_device_info d;
	char detail[128];
	int ret, n;

	*cancelled = 0;
	ret = rks_db_device_get(db, dsn, &d);
	if (ret)
		return ret;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	if (d.retired) {
		ret = rks_db_fail(db, -EALREADY, "device '%s' was retired "
				  "already", dsn);
		goto end;
	}
	ret = rks_db_run_dsn(db, "DELETE FROM keys WHERE dsn = ?1 AND "
			     "status = 'pending'", dsn, "cancelling its keys");
	if (ret)
		goto end;
	*cancelled = (unsigned int)rks_db_changes(db);
	ret = run_one(db, "UPDATE devices SET retired = ?2, locked = 1 "
		      "WHERE dsn = ?1", dsn, 0, true, "retiring the device",
		      &n);
	if (ret)
		goto end;
	snprintf(detail, sizeof(detail), "no more sessions; %u pending keys "
		 "cancelled", *cancelled);
	ret = rks_db_audit_insert(db, dsn, actor, "admin: device retire",
				  detail, NULL);
end:
	ret = rks_db_end(db, ret);
	if (ret)
		*cancelled = 0;
out:
	rks_db_unlock(db);
	return ret;
}

int rks_db_key_cancel(struct rks_db *db, int64_t id, const char *actor,
		      struct rks_key_info *info)
{
	char detail[128];
	struct rks_stmt *st;
	int rc, ret, n = 0;

	memset(info, 0, sizeof(*info));
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = rks_db_prepare(db, "SELECT dsn, slot, usage, len, kcv, status "
			     "FROM keys WHERE id = ?1", &st);
	if (ret)
		goto end;
	rks_bind_int64(st, 1, id);
	rc = rks_step(st);
	if (rc == RKS_ROW) {
		info->id = id;
		rks_column_text(st, 0, info->dsn, sizeof(info->dsn));
		info->slot = (uint8_t)rks_col_int(st, 1);
		info->usage = (uint8_t)rks_col_int(st, 2);
		info->len = (uint8_t)rks_col_int(st, 3);
		rks_column_blob(st, 4, info->kcv, RKS_KCV_LEN);
		info->delivered = !strcmp((const char *)
					  rks_col_text(st, 5),
					  "delivered");
	} else {
		ret = rc == RKS_DONE ?
		      rks_db_fail(db, -ENOENT, "no key with id %" PRId64, id) :
		      rks_db_sql_fail(db, "reading the key");
	}
	rks_finalize(st);
	if (!ret && info->delivered)
		ret = rks_db_fail(db, -EINVAL, "key %" PRId64 " was delivered "
				  "already: it cannot be cancelled", id);
	if (!ret)
		ret = run_one(db, "DELETE FROM keys WHERE id = ?1 AND status = "
			      "'pending'", NULL, id, false,
			      "cancelling the key", &n);
	if (!ret && n != 1)
		ret = rks_db_fail(db, -EIO, "key %" PRId64 " changed under us",
				  id);
	if (!ret) {
		snprintf(detail, sizeof(detail), "key %" PRId64 " slot %u %s, "
			 "%u bytes, KCV %02X%02X%02X: will not be delivered",
			 id, info->slot, rks_usage_name(info->usage),
			 info->len, info->kcv[0], info->kcv[1], info->kcv[2]);
		ret = rks_db_audit_insert(db, info->dsn, actor,
					  "admin: key cancel", detail, NULL);
	}
end:
	ret = rks_db_end(db, ret);
out:
	rks_db_unlock(db);
	return ret;
}

/* Does DIK1 @id exist (and, with @current, is it not retired)? */
static bool dik1_exists(struct rks_db *db, int64_t id, bool current)
{
	struct rks_stmt *st;
	bool yes;

	if (rks_db_prepare(db, "SELECT retired FROM dik1s WHERE id = ?1", &st))
		return false;
	rks_bind_int64(st, 1, id);
	yes = rks_step(st) == RKS_ROW &&
	      (!current || !rks_col_int64(st, 0));
	rks_finalize(st);
	return yes;
}

int rks_db_dik1_retire(struct rks_db *db, int64_t id, int64_t replacement,
		       const char *actor)
{
	char detail[128];
	int ret, n = 0;

	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	if (replacement == id || !dik1_exists(db, replacement, true)) {
		ret = rks_db_fail(db, -EINVAL, "DIK1 %" PRId64 " cannot replace "
				  "DIK1 %" PRId64 ": another DIK1 that exists "
				  "and is not retired does", replacement, id);
		goto end;
	}
	ret = run_one(db, "UPDATE dik1s SET retired = ?2 WHERE id = ?1 AND "
		      "retired = 0", NULL, id, true, "retiring the DIK1", &n);
	if (!ret && !n)
		ret = dik1_exists(db, id, false) ?
		      rks_db_fail(db, -EALREADY, "DIK1 %" PRId64 " was retired "
				  "already", id) :
		      rks_db_fail(db, -ENOENT, "no DIK1 with id %" PRId64, id);
	if (!ret) {
		snprintf(detail, sizeof(detail), "DIK1 %" PRId64 " takes no new "
			 "device; its replacement is DIK1 %" PRId64, id,
			 replacement);
		ret = rks_db_audit_insert(db, NULL, actor,
					  "admin: dik1 retire", detail, NULL);
	}
end:
	ret = rks_db_end(db, ret);
out:
	rks_db_unlock(db);
	return ret;
}
