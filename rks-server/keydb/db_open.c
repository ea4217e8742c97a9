// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_open.c - opening the key database: the master key, the back end the
 * target names (db_stmt.h: an SQLite file or a PostgreSQL URI), its schema.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

int rks_db_open_ex(const char *path, const char *master_key_file,
		   unsigned int flags, struct rks_db **out, char *msg,
		   size_t msg_size)
{
	bool create = flags & RKS_DB_CREATE;
	struct rks_db *db;
	int ret;

	*out = NULL;
	msg[0] = '\0';
	if (!path || !*path || !master_key_file || !*master_key_file) {
		snprintf(msg, msg_size, "no database or master key file given");
		return -EINVAL;
	}
	db = calloc(1, sizeof(*db));
	if (!db) {
		snprintf(msg, msg_size, "out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&db->lock, NULL);
	db->be = rks_backend_for(path);
	/* A missing database is the first thing to say: init makes both. */
	if (!create && db->be->exists) {
		ret = db->be->exists(path, msg, msg_size);
		if (ret)
			goto fail;
	}
	ret = rks_master_key_load(master_key_file, db->mk, msg, msg_size);
	if (ret)
		goto fail;
	ret = db->be->open(db, path, create, msg, msg_size);
	if (ret)
		goto fail;
	/* Creating one is migrating it from nothing. */
	ret = rks_db_schema_init(db, flags & (RKS_DB_CREATE | RKS_DB_MIGRATE));
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
	if (db->conn)
		db->be->close(db);
	OPENSSL_cleanse(db->mk, sizeof(db->mk));
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
