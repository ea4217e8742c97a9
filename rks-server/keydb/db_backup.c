// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_backup.c - backup and restore with SQLite's online backup API
 * (sqlite3_backup_init/step/finish, https://sqlite.org/backup.html).
 *
 * A backup is one read transaction of the source: a snapshot of the
 * database as of one commit, consistent while rks-server writes (WAL lets
 * readers and the writer go on together), unlike a copy of the file,
 * which may catch the WAL half-merged. It is a database itself, sealed
 * under the same master key, checked (integrity_check) and fsync'ed
 * before it is reported. The installation id (meta 'installation_id',
 * random, made once per database) ties it to where it came from: a
 * restore needs the backup to open under this master key and, over a
 * database that exists, to carry that database's installation id.
 *
 * SQLite only: a PostgreSQL database (#17) is backed up by its own tools
 * (pg_dump, pg_restore, a streaming replica; rks-server.md "Several
 * nodes"), and both functions refuse it, saying so.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"

/* The SQLite handle of @db (be_sqlite.c's connection). */
#define SQL(db) ((sqlite3 *)(db)->conn)

/* Why a backup or restore of @target cannot be made here. */
#define NOT_SQLITE "backup and restore work on an SQLite database; a " \
	"PostgreSQL one is backed up with pg_dump and restored with " \
	"pg_restore (rks-server(8), \"Several nodes\")"

/* meta's installation id (32 hex digits) into @id. */
static int installation_id(struct rks_db *db, char id[RKS_INSTALLATION_ID_LEN + 1])
{
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT value FROM meta WHERE name = "
			     "'installation_id'", &st);
	if (ret)
		return ret;
	rc = rks_step(st);
	/* its bytes: SQLite's TEXT, PostgreSQL's BYTEA (meta's type there;
	 * read as text it would be bytea's "\\x..." form) */
	if (rc == RKS_ROW &&
	    rks_column_blob(st, 0, (uint8_t *)id, RKS_INSTALLATION_ID_LEN))
		id[RKS_INSTALLATION_ID_LEN] = '\0';
	else
		ret = rc == RKS_ROW || rc == RKS_DONE ?
		      rks_db_fail(db, -EBADMSG, "no installation id") :
		      rks_db_sql_fail(db, "reading the installation id");
	rks_finalize(st);
	return ret;
}

int rks_db_installation_id(struct rks_db *db,
			   char id[RKS_INSTALLATION_ID_LEN + 1])
{
	int ret;

	rks_db_lock(db);
	ret = installation_id(db, id);
	rks_db_unlock(db);
	return ret;
}

/*
 * Copies @from's main database into @to's, whole, in one go: step(-1)
 * reads it all in one read transaction. Busy and locked are retried (the
 * destination's lock, a checkpoint), for up to the busy timeout.
 */
static int copy_db(sqlite3 *to, sqlite3 *from, char *msg, size_t size)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc, tries = 0;

	if (!b) {
		snprintf(msg, size, "backup: %s", sqlite3_errmsg(to));
		return rks_sqlite_errno(sqlite3_errcode(to));
	}
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			usleep(10000);
	} while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		 ++tries < RKS_BUSY_TIMEOUT_MS / 10);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(msg, size, "backup: %s", sqlite3_errstr(rc));
		return rks_sqlite_errno(rc);
	}
	rc = sqlite3_errcode(to);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		snprintf(msg, size, "backup: %s", sqlite3_errmsg(to));
		return rks_sqlite_errno(rc);
	}
	return 0;
}

/* PRAGMA integrity_check says "ok" on @sql. */
static bool intact(sqlite3 *sql)
{
	sqlite3_stmt *st;
	bool ok = false;

	if (sqlite3_prepare_v2(sql, "PRAGMA integrity_check", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	return ok;
}

int rks_db_backup(struct rks_db *db, const char *path, const char *actor,
		  char id[RKS_INSTALLATION_ID_LEN + 1])
{
	char detail[RKS_AUDIT_TEXT_MAX], msg[256] = "";
	sqlite3 *to = NULL;
	int fd, ret;

	rks_db_lock(db);
	rks_db_fail(db, 0, "%s", "");
	if (db->be != &rks_backend_sqlite) {
		ret = rks_db_fail(db, -EMEDIUMTYPE, NOT_SQLITE);
		goto out;
	}
	ret = installation_id(db, id);
	if (ret)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = rks_db_fail(db, -errno, "%s: %s", path, errno == EEXIST ?
				  "exists already: a backup never overwrites" :
				  strerror(errno));
		goto out;
	}
	close(fd);
	/* the record of the backup, in the backup */
	snprintf(detail, sizeof(detail), "to %s (installation %s)", path, id);
	ret = rks_db_begin(db);
	if (!ret)
		ret = rks_db_audit_insert(db, NULL, actor, "admin: backup",
					  detail, NULL);
	ret = rks_db_end(db, ret);
	if (ret)
		goto fail;
	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		ret = rks_db_fail(db, -EIO, "%s: %s", path, to ?
				  sqlite3_errmsg(to) : "out of memory");
		goto fail;
	}
	ret = copy_db(to, SQL(db), msg, sizeof(msg));
	if (ret) {
		rks_db_fail(db, ret, "%s: %s", path, msg);
		goto fail;
	}
	/* one file, no WAL beside it: what is copied away is whole */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
			 NULL) != SQLITE_OK || !intact(to)) {
		ret = rks_db_fail(db, -EIO, "%s: the backup does not check out: "
				  "%s", path, sqlite3_errmsg(to));
		goto fail;
	}
	sqlite3_close(to);
	to = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd)) {
		ret = rks_db_fail(db, -EIO, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	close(fd);
	goto out;
fail:
	sqlite3_close(to);
	unlink(path);
out:
	rks_db_unlock(db);
	return ret;
}

int rks_db_restore(const char *backup, const char *path,
		   struct rks_keystore *ks, const char *actor,
		   char id[RKS_INSTALLATION_ID_LEN + 1], char *msg, size_t size)
{
	char there[RKS_INSTALLATION_ID_LEN + 1], detail[RKS_AUDIT_TEXT_MAX];
	struct rks_db *from = NULL, *to = NULL;
	int ret;

	if (!rks_db_target_is_file(backup) || !rks_db_target_is_file(path)) {
		snprintf(msg, size, NOT_SQLITE);
		return -EMEDIUMTYPE;
	}
	ret = rks_db_open_ro(backup, ks, &from, msg, size);
	if (ret == -EKEYREJECTED)
		snprintf(msg, size, "%s: a backup of another installation (it "
			 "does not open under this master key)", backup);
	if (ret)
		return ret;
	ret = installation_id(from, id);
	if (ret) {
		snprintf(msg, size, "%s: %s", backup, from->msg);
		goto out;
	}
	if (access(path, F_OK) == 0) {
		ret = rks_db_open_ks(path, ks, 0, &to, msg, size);
		if (!ret)
			ret = installation_id(to, there);
		if (ret) {
			if (to)
				snprintf(msg, size, "%s: %s", path, to->msg);
			goto out;
		}
		if (strcmp(there, id)) {
			snprintf(msg, size, "%s is a backup of installation "
				 "%s; %s is installation %s: refused", backup,
				 id, path, there);
			ret = -EXDEV;
			goto out;
		}
	} else {
		ret = rks_db_open_ks(path, ks, RKS_DB_CREATE, &to, msg, size);
		if (ret)
			goto out;
	}
	rks_db_lock(to);
	ret = copy_db(SQL(to), SQL(from), msg, size);
	rks_db_unlock(to);
	if (ret)
		goto out;
	snprintf(detail, sizeof(detail), "from %s (installation %s)", backup,
		 id);
	ret = rks_db_audit(to, NULL, actor, "admin: restore", detail);
	if (ret)
		snprintf(msg, size, "%s: %s", path, to->msg);
out:
	rks_db_close(from);
	rks_db_close(to);
	return ret;
}
