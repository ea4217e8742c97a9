/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_db.h - what the key database suites share.
 */
#ifndef RKS_TEST_DB_H
#define RKS_TEST_DB_H

#include "db_admin.h"
#include "test.h"

#define ACTOR "test"

/* A 0600 master key file @name in the scratch directory, from @seed. */
const char *make_master_key(const char *name, uint8_t seed);

/*
 * The back end the suites run on: SQLite (files in the scratch directory),
 * or PostgreSQL when RKS_TEST_PG names a running tests/pg/pg-cluster
 * directory (a database per name there).
 */
bool on_pg(void);

/* Where database @name lives: a file, or a postgresql:// URI (the
 * database made on first use). */
const char *db_target(const char *name);

/* rks_db_open_ex() of @db, closed again: its result and @msg. */
int try_open(const char *db, const char *mk, unsigned int flags,
	     char *msg, size_t size);

/* Opens (creating) database @name with master key file @mk; must work. */
struct rks_db *open_db(const char *name, const char *mk);

/* `sqlite3 @path .dump` (on PostgreSQL: every table's rows in order),
 * malloc'd: to compare before and after. */
char *db_dump(const char *path);

/* `sqlite3 @path "@sql"` or `psql -At` (its stdout, malloc'd; columns
 * split by |, one line a row); the status must be 0. */
char *db_sql(const char *path, const char *sql);

/* The dialect's upper-case hex of BLOB expression @expr, and the BLOB
 * literal of @hex (static ring of buffers). */
const char *sql_hex(const char *expr);
const char *sql_blob(const char *hex);

/* The same as a shell command, for the checks of a refusal. */
const char *db_sql_cmd(const char *path, const char *sql);

/* A valid TDES key of @len bytes made from @seed (not degenerate). */
void test_key(uint8_t *key, size_t len, uint8_t seed);

/* Adds DIK1 from @seed and returns its id. */
int64_t add_dik1(struct rks_db *db, uint8_t seed);

#endif /* RKS_TEST_DB_H */
