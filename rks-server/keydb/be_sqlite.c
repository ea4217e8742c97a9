// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * be_sqlite.c - the key database on an SQLite file (the default back end):
 * the file (created 0600), its settings (WAL, foreign keys, full sync), and
 * what SQLite's dialect says differently from PostgreSQL's: the schema
 * version is PRAGMA user_version, a write transaction is BEGIN IMMEDIATE.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"

#define SQL(db) ((sqlite3 *)(db)->conn)

int rks_sqlite_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_CANTOPEN:
		return -ENOENT;
	case SQLITE_CONSTRAINT:
		return -EINVAL;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return -ENOTSUP;
	}
	return -EIO;
}

/* A new database file is made here, not by SQLite, to set its mode. */
static int create_file(const char *path, char *msg, size_t msg_size)
{
	int fd, err;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		return close(fd) ? -errno : 0;
	err = errno;
	if (err == EEXIST)
		return 0;
	snprintf(msg, msg_size, "cannot create database '%s': %s", path,
		 strerror(err));
	return -err;
}

static int sq_exists(const char *path, char *msg, size_t msg_size)
{
	struct stat sb;

	if (stat(path, &sb)) {
		int err = errno;

		if (err == ENOENT)
			snprintf(msg, msg_size, "database '%s' does not exist "
				 "(`rks-admin init` creates it)", path);
		else
			snprintf(msg, msg_size, "database '%s': %s", path,
				 strerror(err));
		return -err;
	}
	return 0;
}

/*
 * Waiting for another connection's lock: try again every millisecond, up
 * to RKS_BUSY_TIMEOUT_MS in all. SQLite's own busy_timeout backs off to
 * 100 ms between tries, so a waiter could sleep through every gap between
 * two short transactions of a steady writer (rks-admin device import's
 * parts) and wait for the whole import; polling finds the first gap.
 */
static int sq_busy(void *arg, int tries)
{
	struct rks_db *db = arg;
	struct timespec now, ms = { 0, 1000000 };
	long long t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = now.tv_sec * 1000LL + now.tv_nsec / 1000000;
	if (tries == 0)
		db->busy_since_ms = t;
	if (t - db->busy_since_ms >= RKS_BUSY_TIMEOUT_MS)
		return 0;
	nanosleep(&ms, NULL);
	return 1;
}

static void set_busy(struct rks_db *db, sqlite3 *sql)
{
	sqlite3_busy_handler(sql, sq_busy, db);
}

/* One "PRAGMA x = v" whose answer must read back as @want. */
static int set_pragma(struct rks_db *db, const char *sql, const char *want)
{
	const unsigned char *got;
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	ret = rks_step(st);
	if (ret == RKS_ROW) {
		got = rks_col_text(st, 0);
		ret = got && !strcmp((const char *)got, want) ? 0 :
			rks_db_fail(db, -ENOTSUP, "%s: got '%s'", sql,
				    got ? (const char *)got : "");
	} else if (ret == RKS_DONE && !want) {
		ret = 0;
	} else {
		ret = rks_db_sql_fail(db, sql);
	}
	rks_finalize(st);
	return ret;
}

static int configure(struct rks_db *db)
{
	int ret;

	sqlite3_extended_result_codes(SQL(db), 1);
	set_busy(db, SQL(db));
	ret = set_pragma(db, "PRAGMA journal_mode = WAL", "wal");
	if (!ret)
		ret = set_pragma(db, "PRAGMA foreign_keys = ON", NULL);
	if (!ret)
		ret = set_pragma(db, "PRAGMA foreign_keys", "1");
	/* A commit is on disk when COMMIT returns, WAL or not. */
	if (!ret)
		ret = set_pragma(db, "PRAGMA synchronous = FULL", NULL);
	return ret;
}

static int sq_open(struct rks_db *db, const char *path, bool create,
		   char *msg, size_t msg_size)
{
	sqlite3 *sql = NULL;
	int ret;

	if (create) {
		ret = create_file(path, msg, msg_size);
		if (ret)
			return ret;
	}
	if (sqlite3_open_v2(path, &sql, SQLITE_OPEN_READWRITE,
			    NULL) != SQLITE_OK) {
		ret = sql ? rks_sqlite_errno(sqlite3_errcode(sql)) : -ENOMEM;
		snprintf(msg, msg_size, "cannot open database '%s': %s", path,
			 sql ? sqlite3_errmsg(sql) : "out of memory");
		sqlite3_close(sql);
		return ret < 0 ? ret : -EIO;
	}
	db->conn = sql;
	ret = configure(db);
	if (ret)
		snprintf(msg, msg_size, "database '%s': %s", path, db->msg);
	return ret;
}

/* "file:" + @path percent-encoded + "?immutable=1", for sqlite3_open_v2. */
static char *immutable_uri(const char *path)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
				    "OPQRSTUVWXYZ0123456789/._-";
	char *uri = malloc(3 * strlen(path) + 32), *p;

	if (!uri)
		return NULL;
	p = uri + sprintf(uri, "file:");
	for (; *path; path++)
		p += *path && strchr(plain, *path) ?
		     sprintf(p, "%c", *path) :
		     sprintf(p, "%%%02X", (unsigned char)*path);
	strcpy(p, "?immutable=1");
	return uri;
}

/* Can @sql be read (a WAL database needs its shared memory, or immutable)? */
static bool readable(sqlite3 *sql)
{
	return sqlite3_exec(sql, "SELECT count(*) FROM sqlite_schema", NULL,
			    NULL, NULL) == SQLITE_OK;
}

static int sq_open_ro(struct rks_db *db, const char *path, char *msg,
		      size_t msg_size)
{
	sqlite3 *sql = NULL;
	char *uri;
	int ret = -EIO;

	if (sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || !readable(sql)) {
		/* a copy on read-only media: no -shm can be made */
		sqlite3_close(sql);
		sql = NULL;
		uri = immutable_uri(path);
		if (uri && sqlite3_open_v2(uri, &sql, SQLITE_OPEN_READONLY |
					   SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
		    readable(sql))
			ret = 0;
		free(uri);
		if (ret) {
			snprintf(msg, msg_size, "cannot open database '%s' "
				 "read-only: %s", path, sql ?
				 sqlite3_errmsg(sql) : "out of memory");
			sqlite3_close(sql);
			return ret;
		}
	}
	db->conn = sql;
	sqlite3_extended_result_codes(sql, 1);
	set_busy(db, sql);
	return 0;
}

static void sq_close(struct rks_db *db)
{
	/* Statements are all finalized by now: close cannot be refused. */
	sqlite3_close(SQL(db));
	db->conn = NULL;
}

static int sq_exec(struct rks_db *db, const char *sql)
{
	return sqlite3_exec(SQL(db), sql, NULL, NULL, NULL) == SQLITE_OK ?
		0 : -EIO;
}

static int sq_prepare(struct rks_db *db, const char *sql, void **impl)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(SQL(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	*impl = st;
	return 0;
}

static void sq_finalize(void *impl)
{
	sqlite3_finalize(impl);
}

static void sq_reset(void *impl)
{
	sqlite3_reset(impl);
}

static void sq_clear_bindings(void *impl)
{
	sqlite3_clear_bindings(impl);
}

static void sq_bind_text(void *impl, int i, const char *s, int len)
{
	sqlite3_bind_text(impl, i, s, len, SQLITE_STATIC);
}

static void sq_bind_int64(void *impl, int i, int64_t v)
{
	sqlite3_bind_int64(impl, i, v);
}

static void sq_bind_blob(void *impl, int i, const void *p, size_t n)
{
	sqlite3_bind_blob(impl, i, p, (int)n, SQLITE_STATIC);
}

static int sq_step(struct rks_db *db, void *impl)
{
	int rc = sqlite3_step(impl);

	if (rc == SQLITE_ROW)
		return RKS_ROW;
	if (rc == SQLITE_DONE)
		return RKS_DONE;
	rc = rks_sqlite_errno(sqlite3_extended_errcode(SQL(db)));
	return rc ? rc : -EIO;
}

static bool sq_col_null(void *impl, int col)
{
	return sqlite3_column_type(impl, col) == SQLITE_NULL;
}

static int64_t sq_col_int64(void *impl, int col)
{
	return sqlite3_column_int64(impl, col);
}

static const unsigned char *sq_col_text(void *impl, int col)
{
	return sqlite3_column_text(impl, col);
}

static const void *sq_col_blob(void *impl, int col)
{
	return sqlite3_column_blob(impl, col);
}

static int sq_col_bytes(void *impl, int col)
{
	return sqlite3_column_bytes(impl, col);
}

static int64_t sq_changes(struct rks_db *db)
{
	return sqlite3_changes(SQL(db));
}

static bool sq_in_txn(struct rks_db *db)
{
	return !sqlite3_get_autocommit(SQL(db));
}

static int sq_last_error(struct rks_db *db, const char **msg,
			 enum rks_sql_err *kind)
{
	int rc = sqlite3_extended_errcode(SQL(db));

	*msg = sqlite3_errmsg(SQL(db));
	switch (rc) {
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_UNIQUE:
		*kind = RKS_SQL_UNIQUE;
		break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		*kind = RKS_SQL_FOREIGN_KEY;
		break;
	case SQLITE_CONSTRAINT_TRIGGER:
		*kind = RKS_SQL_TRIGGER;
		break;
	default:
		*kind = RKS_SQL_OTHER;
	}
	return rks_sqlite_errno(rc) ? rks_sqlite_errno(rc) : -EIO;
}

static int sq_cache_limit(struct rks_db *db, unsigned int kib)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%u", kib);
	return rks_db_exec(db, sql);
}

static int sq_schema_version(struct rks_db *db, int64_t *version)
{
	return rks_db_int(db, "PRAGMA user_version", NULL, version,
			  "reading the schema version");
}

static int sq_schema_objects(struct rks_db *db, int64_t *n)
{
	return rks_db_int(db, "SELECT count(*) FROM sqlite_schema", NULL, n,
			  "reading the schema");
}

static int sq_schema_set_version(struct rks_db *db, int version)
{
	char sql[48];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	return rks_db_exec(db, sql);
}

const struct rks_backend rks_backend_sqlite = {
	.name = "SQLite",
	.exists = sq_exists,
	.open = sq_open,
	.open_ro = sq_open_ro,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.reuse = true,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.bind_text = sq_bind_text,
	.bind_int64 = sq_bind_int64,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.col_null = sq_col_null,
	.col_int64 = sq_col_int64,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_bytes = sq_col_bytes,
	.changes = sq_changes,
	.in_txn = sq_in_txn,
	.last_error = sq_last_error,
	.begin_write = "BEGIN IMMEDIATE",
	/* WAL: the snapshot is taken at the first read and kept */
	.begin_read = "BEGIN DEFERRED",
	.cache_limit = sq_cache_limit,
	.schema_version = sq_schema_version,
	.schema_objects = sq_schema_objects,
	.schema_set_version = sq_schema_set_version,
	.steps = rks_sqlite_steps,
	.keys_frozen_off = "DROP TRIGGER keys_delivered_stays",
	.keys_frozen_on = RKS_SQL_KEYS_DELIVERED_STAYS,
};
