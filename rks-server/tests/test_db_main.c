// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_main.c - the key database's tests (db.h and db_admin.h), and
 * what their suites share.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_db.h"

const char *make_master_key(const char *name, uint8_t seed)
{
	uint8_t mk[RKS_MASTER_KEY_LEN];
	const char *path = test_path(name);
	size_t i;

	for (i = 0; i < sizeof(mk); i++)
		mk[i] = (uint8_t)(seed + i * 7);
	write_file(path, mk, sizeof(mk), 0600);
	return path;
}

/* A pg-cluster directory, or NULL for SQLite. */
static const char *pg_dir;

bool on_pg(void)
{
	return pg_dir != NULL;
}

/* @name as a database name: "keys.db" -> "keys_db". */
static void pg_name(const char *name, char *out, size_t size)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		out[i] = isalnum((unsigned char)name[i]) ? name[i] : '_';
	out[i] = '\0';
}

static const char *pg_uri(const char *db)
{
	static char ring[16][512];
	static unsigned int next;
	char *p = ring[next++ % 16];

	snprintf(p, sizeof(ring[0]), "postgresql:///%s?host=%s&user=postgres",
		 db, pg_dir);
	return p;
}

const char *db_target(const char *name)
{
	static char made[32][64];
	static unsigned int n;
	char db[64], sql[192];
	unsigned int i;

	if (!pg_dir)
		return test_path(name);
	pg_name(name, db, sizeof(db));
	for (i = 0; i < n; i++)
		if (!strcmp(made[i], db))
			return pg_uri(db);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s; "
		 "CREATE DATABASE %s", db, db);
	free(db_sql(pg_uri("rks"), sql));
	if (n < 32)
		snprintf(made[n++], sizeof(made[0]), "%s", db);
	return pg_uri(db);
}

int try_open(const char *db, const char *mk, unsigned int flags,
	     char *msg, size_t size)
{
	struct rks_db *h;
	int ret;

	ret = rks_db_open_ex(db, mk, flags, &h, msg, size);
	CHECK(ret ? h == NULL : h != NULL);
	rks_db_close(h);
	return ret;
}

struct rks_db *open_db(const char *name, const char *mk)
{
	struct rks_db *db;
	char msg[512];
	int ret;

	ret = rks_db_open_ex(db_target(name), mk, RKS_DB_CREATE, &db, msg,
			     sizeof(msg));
	if (ret) {
		fprintf(stderr, "open_db(%s): %d %s\n", name, ret, msg);
		exit(2);
	}
	return db;
}

static char *sql_ring(void)
{
	static char ring[8][256];
	static unsigned int next;

	return ring[next++ % 8];
}

const char *sql_hex(const char *expr)
{
	char *p = sql_ring();

	snprintf(p, 256, on_pg() ? "upper(encode(%s, 'hex'))" : "hex(%s)",
		 expr);
	return p;
}

const char *sql_blob(const char *hex)
{
	char *p = sql_ring();

	snprintf(p, 256, on_pg() ? "decode('%s', 'hex')" : "X'%s'", hex);
	return p;
}

const char *db_sql_cmd(const char *path, const char *sql)
{
	static char cmd[4096];
	size_t off;
	const char *p;
	bool quoted = false;

	if (strncmp(path, "postgresql:", 11)) {
		snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", path, sql);
		return cmd;
	}
	/* one -c a statement: psql prints each one's rows, as sqlite3 does */
	off = (size_t)snprintf(cmd, sizeof(cmd), "PGOPTIONS='-c "
			       "client_min_messages=warning' psql -X -q -At "
			       "-v ON_ERROR_STOP=1 '%s' -c \"", path);
	for (p = sql; *p && off + 16 < sizeof(cmd); p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (*p == ';' && !quoted) {
			off += (size_t)snprintf(cmd + off, sizeof(cmd) - off,
						"\" -c \"");
			continue;
		}
		cmd[off++] = *p;
	}
	snprintf(cmd + off, sizeof(cmd) - off, "\"");
	return cmd;
}

char *db_sql(const char *path, const char *sql)
{
	char *out;
	int status;

	out = run_shell(db_sql_cmd(path, sql), &status);
	CHECK_INT(status, 0);
	return out;
}

char *db_dump(const char *path)
{
	char cmd[1024];
	char *out;
	int status;

	if (strncmp(path, "postgresql:", 11))
		return db_sql(path, ".dump");
	/* without the random \\restrict key of each run, and without the
	 * identities' counters: a rolled-back insert advances them */
	snprintf(cmd, sizeof(cmd), "pg_dump --no-owner '%s' | grep -v "
		 "-e '^.restrict' -e '^.unrestrict' -e '^SELECT "
		 "pg_catalog.setval'", path);
	out = run_shell(cmd, &status);
	CHECK_INT(status, 0);
	return out;
}

void test_key(uint8_t *key, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		key[i] = (uint8_t)(seed * 31 + i * 17 + 1);
}

int64_t add_dik1(struct rks_db *db, uint8_t seed)
{
	struct rks_dik1_info info;
	uint8_t dik1[RKS_DIK1_LEN];

	test_key(dik1, sizeof(dik1), seed);
	CHECK_INT(rks_db_dik1_add(db, "test", dik1, ACTOR, &info), 0);
	return info.id;
}

/*
 * The one test table: every suite runs on SQLite, and on PostgreSQL when
 * RKS_TEST_PG is set (run-tests starts the cluster). A suite that checks
 * one back end's own files or pragmas says so.
 */
static const struct {
	void (*run)(void);
	bool sqlite_only;
} suites[] = {
	{ test_db_schema, true },	/* files, PRAGMA user_version */
	{ test_db_migrate, false },	/* versions, migration: both */
	{ test_db_binding, false },
	{ test_db_devices, false },
	{ test_db_keys, false },
	{ test_db_delivery, false },
	{ test_db_import, false },
	{ test_db_batch, false },
	{ test_db_custody, false },	/* #16: chain, lifecycle, backup */
};

int main(void)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pg_dir = getenv("RKS_TEST_PG");
	if (pg_dir && !*pg_dir)
		pg_dir = NULL;
	printf("back end: %s\n", pg_dir ? "PostgreSQL" : "SQLite");
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (!pg_dir || !suites[i].sqlite_only)
			suites[i].run();
	test_cleanup();
	return test_summary();
}
