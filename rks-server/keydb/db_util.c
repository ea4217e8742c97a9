// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_util.c - the key database's locking, error reporting, statements and
 * transactions, and the checks of plain values (DSN, label, usage, slot).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db_internal.h"
#include "rkd_rules.h"

void rks_db_lock(struct rks_db *db)
{
	pthread_mutex_lock(&db->lock);
	db->msg[0] = '\0';
}

void rks_db_unlock(struct rks_db *db)
{
	pthread_mutex_unlock(&db->lock);
}

const char *rks_db_errmsg(const struct rks_db *db)
{
	return db ? db->msg : "";
}

int rks_db_fail(struct rks_db *db, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->msg, sizeof(db->msg), fmt, ap);
	va_end(ap);
	return err;
}

int rks_db_sql_fail(struct rks_db *db, const char *what)
{
	enum rks_sql_err kind;
	const char *msg;
	int err = db->be->last_error(db, &msg, &kind);

	return rks_db_fail(db, err, "%s: %s", what, msg);
}

int rks_db_each(struct rks_db *db, const char *sql,
		void (*bind)(struct rks_stmt *st, void *arg),
		int (*row)(struct rks_stmt *st, void *arg), void *arg,
		const char *what)
{
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	if (bind)
		bind(st, arg);
	while ((rc = rks_step(st)) == RKS_ROW) {
		ret = row(st, arg);
		if (ret)
			break;
	}
	if (!ret && rc != RKS_DONE)
		ret = rks_db_sql_fail(db, what);
	rks_finalize(st);
	return ret;
}

int rks_db_run_dsn(struct rks_db *db, const char *sql, const char *dsn,
		   const char *what)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, what);
	rks_finalize(st);
	return ret;
}

int rks_db_int(struct rks_db *db, const char *sql, const char *dsn,
	       int64_t *out, const char *what)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	if (dsn)
		rks_bind_text(st, 1, dsn);
	if (rks_step(st) == RKS_ROW)
		*out = rks_col_int64(st, 0);
	else
		ret = rks_db_sql_fail(db, what);
	rks_finalize(st);
	return ret;
}

int rks_db_exec(struct rks_db *db, const char *sql)
{
	if (db->be->exec(db, sql))
		return rks_db_sql_fail(db, sql);
	return 0;
}

int rks_db_begin(struct rks_db *db)
{
	return rks_db_exec(db, db->be->begin_write);
}

int rks_db_begin_read(struct rks_db *db)
{
	return rks_db_exec(db, db->be->begin_read);
}

int rks_db_commit(struct rks_db *db)
{
	int ret = rks_db_exec(db, "COMMIT");

	if (ret)
		rks_db_rollback(db);
	return ret;
}

void rks_db_rollback(struct rks_db *db)
{
	/* Keeps the reason already recorded; a failed ROLLBACK adds none. */
	if (db->be->in_txn(db))
		db->be->exec(db, "ROLLBACK");
}

int rks_db_end(struct rks_db *db, int ret)
{
	ret = ret ? ret : rks_db_commit(db);
	if (ret)
		rks_db_rollback(db);
	return ret;
}

int rks_db_next_id(struct rks_db *db, const char *table, int64_t *id)
{
	char sql[64];
	struct rks_stmt *st;
	int ret;

	snprintf(sql, sizeof(sql), "SELECT COALESCE(MAX(id), 0) + 1 FROM %s",
		 table);
	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	if (rks_step(st) == RKS_ROW) {
		*id = rks_col_int64(st, 0);
		ret = 0;
	} else {
		ret = rks_db_sql_fail(db, "choosing an id");
	}
	rks_finalize(st);
	return ret;
}

int64_t rks_now(void)
{
	return (int64_t)time(NULL);
}

void rks_column_text(struct rks_stmt *st, int col, char *buf, size_t size)
{
	const unsigned char *s = rks_col_text(st, col);

	snprintf(buf, size, "%s", s ? (const char *)s : "");
}

bool rks_column_blob(struct rks_stmt *st, int col, uint8_t *buf, size_t len)
{
	const void *p = rks_col_blob(st, col);

	if (!p || (size_t)rks_col_bytes(st, col) != len)
		return false;
	memcpy(buf, p, len);
	return true;
}

bool rks_dsn_valid(const char *dsn)
{
	/* strnlen: one past the longest DSN is enough to refuse a long one */
	return dsn && rkd_dsn_valid(dsn, strnlen(dsn, RKS_DSN_MAX + 1));
}

bool rks_label_valid(const char *label)
{
	size_t i;

	if (!label)
		return false;
	for (i = 0; label[i]; i++)
		if (i >= RKS_LABEL_MAX || label[i] < 0x20 || label[i] > 0x7e)
			return false;
	return true;
}

static const char *const usage_names[] = {
	[RKS_USAGE_TMK] = "tmk",
	[RKS_USAGE_PIN] = "pin",
	[RKS_USAGE_MAC] = "mac",
	[RKS_USAGE_DATA] = "data",
};

const char *rks_usage_name(unsigned int usage)
{
	if (usage >= RKS_USAGE_TMK && usage <= RKS_USAGE_DATA)
		return usage_names[usage];
	return "?";
}

unsigned int rks_usage_parse(const char *name)
{
	unsigned int u;

	for (u = RKS_USAGE_TMK; name && u <= RKS_USAGE_DATA; u++)
		if (!strcasecmp(name, usage_names[u]))
			return u;
	return 0;
}

bool rks_slot_fits_usage(unsigned int slot, unsigned int usage)
{
	return rkd_slot_accepts(slot, usage);
}
