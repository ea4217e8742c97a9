// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_device.c - devices: a DSN, the DIK1 of its batch, and its lockout
 * state.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

int rks_db_device_refused(struct rks_db *db, const char *dsn,
			  int64_t dik1_id)
{
	const char *msg;
	enum rks_sql_err kind;

	db->be->last_error(db, &msg, &kind);
	switch (kind) {
	case RKS_SQL_TRIGGER:	/* devices_current_dik1, the only one */
		return rks_db_fail(db, -EINVAL, "DIK1 %" PRId64 " is retired: "
				   "new devices use its replacement (`rks-admin "
				   "dik1 list`)", dik1_id);
	case RKS_SQL_UNIQUE:
		return rks_db_fail(db, -EEXIST, "DSN '%s' exists already",
				   dsn);
	case RKS_SQL_FOREIGN_KEY:
		return rks_db_fail(db, -ENOENT, "no DIK1 with id %" PRId64,
				   dik1_id);
	case RKS_SQL_OTHER:
		break;
	}
	return rks_db_sql_fail(db, "adding the device");
}

int rks_db_device_auth(struct rks_db *db, const char *dsn,
		       struct rks_device_auth *out)
{
	struct rks_dik1_info info;
	struct rks_dik1_ref ref = { { 0 } };
	struct rks_stmt *st;
	int64_t dik1_id = 0;
	int rc, ret;

	if (!db || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	rks_db_lock(db);
	if (!rks_dsn_valid(dsn)) {
		ret = rks_db_fail(db, -EINVAL, "not a valid DSN");
		goto out;
	}
	/* the device and its DIK1 from one snapshot, with one set of locks */
	ret = rks_db_begin_read(db);
	if (ret)
		goto out;
	ret = rks_db_prepare(db, "SELECT dik1_id, failures, locked, "
			     "locked_until FROM devices WHERE dsn = ?1", &st);
	if (ret)
		goto end;
	rks_bind_text(st, 1, dsn);
	rc = rks_step(st);
	if (rc == RKS_ROW) {
		dik1_id = rks_col_int64(st, 0);
		out->failures = (unsigned int)rks_col_int64(st, 1);
		out->locked_until = rks_col_int64(st, 3);
		/* by an administrator, or for a while (db.h, rks_lockout) */
		out->locked = rks_col_int(st, 2) != 0 ||
			      out->locked_until > rks_now();
	} else if (rc == RKS_DONE) {
		ret = -ENOENT;
	} else {
		ret = rks_db_sql_fail(db, "reading the device");
	}
	rks_finalize(st);
	if (ret == -ENOENT) {
		/*
		 * An unknown DSN costs what a known one does: read and unseal
		 * a decoy DIK1 (the first one), and forget it. Its result is
		 * not used; the answer stays -ENOENT.
		 */
		ret = rks_db_prepare(db, "SELECT min(id) FROM dik1s", &st);
		if (!ret) {
			if (rks_step(st) == RKS_ROW &&
			    !rks_col_null(st, 0))
				dik1_id = rks_col_int64(st, 0);
			rks_finalize(st);
			if (dik1_id)
				rks_db_dik1_read(db, dik1_id, &ref, &info);
		}
		ret = rks_db_fail(db, -ENOENT, "unknown DSN '%s'", dsn);
	} else if (!ret) {
		ret = rks_db_dik1_read(db, dik1_id, &ref, &info);
		memcpy(out->dik1, ref.b, sizeof(out->dik1));
	}
	OPENSSL_cleanse(&ref, sizeof(ref));
end:
	ret = rks_db_end(db, ret);
	if (ret)
		OPENSSL_cleanse(out, sizeof(*out));
out:
	rks_db_unlock(db);
	return ret;
}

static int insert_device(struct rks_db *db, const char *dsn,
			 int64_t dik1_id)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, "INSERT INTO devices (dsn, dik1_id, created) "
			     "VALUES (?1, ?2, ?3)", &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	rks_bind_int64(st, 2, dik1_id);
	rks_bind_int64(st, 3, rks_now());
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_device_refused(db, dsn, dik1_id);
	rks_finalize(st);
	return ret;
}

int rks_db_device_add(struct rks_db *db, const char *dsn, int64_t dik1_id,
		      const char *actor)
{
	char detail[64];
	int ret;

	rks_db_lock(db);
	if (!rks_dsn_valid(dsn)) {
		ret = rks_db_fail(db, -EINVAL, "a DSN is 1-%d graphic ASCII "
				  "characters", RKS_DSN_MAX);
		goto out;
	}
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = insert_device(db, dsn, dik1_id);
	if (!ret) {
		snprintf(detail, sizeof(detail), "DIK1 %" PRId64, dik1_id);
		ret = rks_db_audit_insert(db, dsn, actor, "admin: device add",
					  detail, NULL);
	}
	ret = rks_db_end(db, ret);
out:
	rks_db_unlock(db);
	return ret;
}

static void row_info(struct rks_stmt *st, struct rks_device_info *info)
{
	memset(info, 0, sizeof(*info));
	rks_column_text(st, 0, info->dsn, sizeof(info->dsn));
	info->dik1_id = rks_col_int64(st, 1);
	info->failures = (unsigned int)rks_col_int64(st, 2);
	info->for_good = rks_col_int(st, 3) != 0;
	info->created = rks_col_int64(st, 4);
	info->locks = (unsigned int)rks_col_int(st, 5);
	info->locked_until = rks_col_int64(st, 6);
	info->locked = info->for_good || info->locked_until > rks_now();
	info->retired = rks_col_int64(st, 7);
}

int rks_db_device_get(struct rks_db *db, const char *dsn,
		      struct rks_device_info *info)
{
	struct rks_stmt *st;
	int rc, ret;

	rks_db_lock(db);
	ret = rks_db_prepare(db, "SELECT dsn, dik1_id, failures, locked, "
			     "created, locks, locked_until, retired, (SELECT "
			     "count(*) "
			     "FROM keys k WHERE k.dsn = d.dsn AND "
			     "status = 'pending'), (SELECT count(*) FROM keys k WHERE k.dsn = d.dsn "
			     "AND status = 'delivered') FROM devices d "
			     "WHERE dsn = ?1", &st);
	if (ret)
		goto out;
	rks_bind_text(st, 1, dsn);
	rc = rks_step(st);
	if (rc == RKS_ROW) {
		row_info(st, info);
		info->pending = (unsigned int)rks_col_int(st, 8);
		info->delivered = (unsigned int)rks_col_int(st, 9);
	} else if (rc == RKS_DONE) {
		ret = rks_db_fail(db, -ENOENT, "no device with DSN '%s'", dsn);
	} else {
		ret = rks_db_sql_fail(db, "reading the device");
	}
	rks_finalize(st);
out:
	rks_db_unlock(db);
	return ret;
}

struct device_each {
	int (*fn)(const struct rks_device_info *info, void *arg);
	void *arg;
};

static int device_row(struct rks_stmt *st, void *arg)
{
	struct device_each *e = arg;
	struct rks_device_info info;

	row_info(st, &info);
	return e->fn(&info, e->arg);
}

int rks_db_device_list(struct rks_db *db,
		       int (*fn)(const struct rks_device_info *, void *),
		       void *arg)
{
	struct device_each e = { .fn = fn, .arg = arg };
	int ret;

	rks_db_lock(db);
	ret = rks_db_each(db, "SELECT dsn, dik1_id, failures, locked, "
			  "created, locks, locked_until, retired FROM devices "
			  "ORDER BY dsn", NULL,
			  device_row, &e, "listing devices");
	rks_db_unlock(db);
	return ret;
}

/* In a transaction: @dsn's row; -ENOENT if there is none. */
static int read_device(struct rks_db *db, const char *dsn,
		       struct rks_device_info *was)
{
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT dsn, dik1_id, failures, locked, "
			     "created, locks, locked_until, retired FROM devices "
			     "WHERE dsn = ?1", &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	rc = rks_step(st);
	if (rc == RKS_ROW)
		row_info(st, was);
	else if (rc == RKS_DONE)
		ret = rks_db_fail(db, -ENOENT, "no device with DSN '%s'", dsn);
	else
		ret = rks_db_sql_fail(db, "reading the device");
	rks_finalize(st);
	return ret;
}

/* In a transaction: clears the lockout of @dsn; *@was: its state before. */
static int clear_lockout(struct rks_db *db, const char *dsn,
			 struct rks_device_info *was, bool *changed)
{
	int ret = read_device(db, dsn, was);

	if (ret)
		return ret;
	if (was->retired)
		return rks_db_fail(db, -EINVAL, "device '%s' is retired: it "
				   "never authenticates again", dsn);
	*changed = was->for_good || was->failures || was->locks ||
		   was->locked_until;
	if (!*changed)
		return 0;
	return rks_db_run_dsn(db, "UPDATE devices SET locked = 0, failures = 0, "
			      "locks = 0, locked_until = 0 WHERE dsn = ?1",
			      dsn, "unlocking the device");
}

int rks_db_device_unlock(struct rks_db *db, const char *dsn,
			 const char *actor, bool *changed)
{
	struct rks_device_info was;
	char detail[80];
	int ret;

	*changed = false;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = clear_lockout(db, dsn, &was, changed);
	if (!ret && *changed) {
		snprintf(detail, sizeof(detail), "was %s, %u consecutive "
			 "failures", was.locked ? "locked" : "not locked",
			 was.failures);
		ret = rks_db_audit_insert(db, dsn, actor,
					  "admin: device unlock", detail, NULL);
	}
	ret = rks_db_end(db, ret);
	if (ret)
		*changed = false;
out:
	rks_db_unlock(db);
	return ret;
}

int rks_db_device_lock(struct rks_db *db, const char *dsn, const char *actor,
		       bool *changed)
{
	struct rks_device_info was;
	int ret;

	*changed = false;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = read_device(db, dsn, &was);
	if (!ret && !was.for_good) {
		*changed = true;
		ret = rks_db_run_dsn(db, "UPDATE devices SET locked = 1 "
				     "WHERE dsn = ?1", dsn, "locking the "
				     "device");
		if (!ret)
			ret = rks_db_audit_insert(db, dsn, actor,
						  "admin: device lock",
						  "locked until an "
						  "administrator unlocks it",
						  NULL);
	}
	ret = rks_db_end(db, ret);
	if (ret)
		*changed = false;
out:
	rks_db_unlock(db);
	return ret;
}
