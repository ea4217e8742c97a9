// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_open.c - opening the key database: the key store (keystore.h), the
 * back end the target names (db_stmt.h: an SQLite file, created 0600 and
 * refused if others may read it or another user owns it, or a PostgreSQL
 * URI), its schema.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_internal.h"

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
	bool create = flags & RKS_DB_CREATE;
	struct rks_db *db;
	int ret;

	db = db_new(out, msg, msg_size);
	if (!db)
		return -ENOMEM;
	db->ks = ks;
	db->be = rks_backend_for(path);
	/* A missing database is the first thing to say: init makes both. */
	if (!create && db->be->exists) {
		ret = db->be->exists(path, msg, msg_size);
		if (ret)
			goto fail;
	}
	if (!ks) {
		ret = rks_ks_open(ks_cfg, false, &db->ks, msg, msg_size);
		if (ret)
			goto fail;
		db->own_ks = true;
	}
	ret = db->be->open(db, path, create, msg, msg_size);
	if (ret)
		goto fail;
	/* Creating one is migrating it from nothing. */
	ret = rks_db_schema_init(db, flags & (RKS_DB_CREATE | RKS_DB_MIGRATE));
	if (ret) {
		snprintf(msg, msg_size, "database '%s': %s", path, db->msg);
		goto fail;
	}
	if (rks_db_target_is_file(path)) {
		ret = check_file(path, msg, msg_size);
		if (ret)
			goto fail;
	}
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

int rks_db_open_ro(const char *path, struct rks_keystore *ks,
		   struct rks_db **out, char *msg, size_t msg_size)
{
	struct rks_db *db;
	int ret;

	db = db_new(out, msg, msg_size);
	if (!db)
		return -ENOMEM;
	db->be = rks_backend_for(path);
	if (db->be->exists) {
		ret = db->be->exists(path, msg, msg_size);
		if (ret)
			goto fail;
	}
	db->ks = ks;		/* the caller's: never closed here */
	db->no_mk = !ks;
	ret = db->be->open_ro(db, path, msg, msg_size);
	if (ret)
		goto fail;
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
	if (db->conn) {
		rks_db_stmts_drop(db);
		db->be->close(db);
	}
	if (db->own_ks)
		rks_ks_close(db->ks);
	pthread_mutex_destroy(&db->lock);
	free(db);
}

int rks_db_cache_limit(struct rks_db *db, unsigned int kib)
{
	int ret;

	rks_db_lock(db);
	ret = db->be->cache_limit(db, kib);
	rks_db_unlock(db);
	return ret;
}

const char *rks_db_backend(const struct rks_db *db)
{
	return db->be->name;
}

int rks_db_schema_version(void)
{
	return RKS_SCHEMA_VERSION;
}
