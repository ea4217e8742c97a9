// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_open.c - opening the key database: the key store (keystore.h), the
 * SQLite file (created 0600, refused if others may read it or another user
 * owns it), its settings (WAL, foreign keys, full sync), its schema.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "db_internal.h"

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

static int file_exists(const char *path, char *msg, size_t msg_size)
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

/* One "PRAGMA x = v" whose answer must read back as @want. */
static int set_pragma(struct rks_db *db, const char *sql, const char *want)
{
	const unsigned char *got;
	sqlite3_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	ret = sqlite3_step(st);
	if (ret == SQLITE_ROW) {
		got = sqlite3_column_text(st, 0);
		ret = got && !strcmp((const char *)got, want) ? 0 :
			rks_db_fail(db, -ENOTSUP, "%s: got '%s'", sql,
				    got ? (const char *)got : "");
	} else if (ret == SQLITE_DONE && !want) {
		ret = 0;
	} else {
		ret = rks_db_sql_fail(db, sql);
	}
	sqlite3_finalize(st);
	return ret;
}

/*
 * The database is as secret as a key file: it holds every sealed key and
 * the audit trail. Checked once the file is known to be an RKS database,
 * so that somebody else's SQLite file is still reported as that.
 */
static int check_file(const char *path, char *msg, size_t msg_size)
{
	struct stat sb;

	/* stat, not open: closing a descriptor would drop SQLite's locks */
	if (stat(path, &sb)) {
		snprintf(msg, msg_size, "database '%s': %s", path,
			 strerror(errno));
		return -errno;
	}
	return rks_secret_stat_check(&sb, path, "database", msg, msg_size);
}

static int configure(struct rks_db *db)
{
	int ret;

	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, RKS_BUSY_TIMEOUT_MS);
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

/* A new handle, nothing open yet; *@out NULL and @msg empty till done. */
static struct rks_db *db_new(struct rks_db **out, char *msg, size_t msg_size)
{
	struct rks_db *db;

	*out = NULL;
	msg[0] = '\0';
	db = calloc(1, sizeof(*db));
	if (!db) {
		snprintf(msg, msg_size, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&db->lock, NULL);
	return db;
}

static int db_open(const char *path, struct rks_keystore *ks,
		   const struct rks_ks_config *ks_cfg, unsigned int flags,
		   struct rks_db **out, char *msg, size_t msg_size)
{
	struct rks_db *db;
	int ret;

	db = db_new(out, msg, msg_size);
	if (!db)
		return -ENOMEM;
	db->ks = ks;
	/* A missing database is the first thing to say: init makes both. */
	if (!(flags & RKS_DB_CREATE)) {
		ret = file_exists(path, msg, msg_size);
		if (ret)
			goto fail;
	}
	if (!ks) {
		ret = rks_ks_open(ks_cfg, false, &db->ks, msg, msg_size);
		if (ret)
			goto fail;
		db->own_ks = true;
	}
	if (flags & RKS_DB_CREATE) {
		ret = create_file(path, msg, msg_size);
		if (ret)
			goto fail;
	}
	if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE,
			    NULL) != SQLITE_OK) {
		ret = db->sql ? rks_sqlite_errno(sqlite3_errcode(db->sql))
			      : -ENOMEM;
		snprintf(msg, msg_size, "cannot open database '%s': %s", path,
			 db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		goto fail;
	}
	ret = configure(db);
	if (!ret)
		ret = rks_db_schema_init(db);
	if (ret) {
		snprintf(msg, msg_size, "database '%s': %s", path, db->msg);
		goto fail;
	}
	ret = check_file(path, msg, msg_size);
	if (ret)
		goto fail;
	*out = db;
	return 0;
fail:
	rks_db_close(db);
	return ret < 0 ? ret : -EIO;
}

int rks_db_open_ex(const char *path, const char *master_key_file,
		   unsigned int flags, struct rks_db **out, char *msg,
		   size_t msg_size)
{
	struct rks_ks_config cfg = {
		.kind = RKS_KS_FILE, .master_key = master_key_file,
	};

	if (!path || !*path || !master_key_file || !*master_key_file) {
		*out = NULL;
		snprintf(msg, msg_size, "no database or master key file given");
		return -EINVAL;
	}
	return db_open(path, NULL, &cfg, flags, out, msg, msg_size);
}

int rks_db_open_ks(const char *path, struct rks_keystore *ks,
		   unsigned int flags, struct rks_db **out, char *msg,
		   size_t msg_size)
{
	if (!path || !*path || !ks) {
		*out = NULL;
		snprintf(msg, msg_size, "no database or key store given");
		return -EINVAL;
	}
	return db_open(path, ks, NULL, flags, out, msg, msg_size);
}

struct rks_keystore *rks_db_keystore(struct rks_db *db)
{
	return db->ks;
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

/* Can @db be read (a WAL database needs its shared memory, or immutable)? */
static bool readable(sqlite3 *sql)
{
	return sqlite3_exec(sql, "SELECT count(*) FROM sqlite_schema", NULL,
			    NULL, NULL) == SQLITE_OK;
}

int rks_db_open_ro(const char *path, struct rks_keystore *ks,
		   struct rks_db **out, char *msg, size_t msg_size)
{
	struct rks_db *db;
	char *uri;
	int ret;

	db = db_new(out, msg, msg_size);
	if (!db)
		return -ENOMEM;
	ret = file_exists(path, msg, msg_size);
	if (ret)
		goto fail;
	db->ks = ks;		/* the caller's: never closed here */
	db->no_mk = !ks;
	ret = -EIO;
	if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || !readable(db->sql)) {
		/* a copy on read-only media: no -shm can be made */
		sqlite3_close(db->sql);
		db->sql = NULL;
		uri = immutable_uri(path);
		if (uri && sqlite3_open_v2(uri, &db->sql, SQLITE_OPEN_READONLY |
					   SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
		    readable(db->sql))
			ret = 0;
		free(uri);
		if (ret) {
			snprintf(msg, msg_size, "cannot open database '%s' "
				 "read-only: %s", path, db->sql ?
				 sqlite3_errmsg(db->sql) : "out of memory");
			goto fail;
		}
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, RKS_BUSY_TIMEOUT_MS);
	ret = rks_db_schema_check(db);
	if (ret) {
		snprintf(msg, msg_size, "database '%s': %s", path, db->msg);
		goto fail;
	}
	*out = db;
	return 0;
fail:
	rks_db_close(db);
	return ret < 0 ? ret : -EIO;
}

int rks_db_open(const char *path, const char *master_key_file,
		struct rks_db **out)
{
	char msg[512];
	int ret;

	ret = rks_db_open_ex(path, master_key_file, RKS_DB_CREATE, out, msg,
			     sizeof(msg));
	if (ret)
		fprintf(stderr, "rks-db: %s\n", msg);
	return ret;
}

void rks_db_close(struct rks_db *db)
{
	if (!db)
		return;
	/* Statements are all finalized by now: close cannot be refused. */
	sqlite3_close(db->sql);
	if (db->own_ks)
		rks_ks_close(db->ks);
	pthread_mutex_destroy(&db->lock);
	free(db);
}

int rks_db_cache_limit(struct rks_db *db, unsigned int kib)
{
	char sql[64];
	int ret;

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%u", kib);
	rks_db_lock(db);
	ret = rks_db_exec(db, sql);
	rks_db_unlock(db);
	return ret;
}
