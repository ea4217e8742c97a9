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

/* Opens (creating) database @name with master key file @mk; must work. */
struct rks_db *open_db(const char *name, const char *mk);

/* `sqlite3 @path .dump`, malloc'd: to compare before and after. */
char *db_dump(const char *path);

/* `sqlite3 @path "@sql"` (its stdout, malloc'd); the status must be 0. */
char *db_sql(const char *path, const char *sql);

/* A valid TDES key of @len bytes made from @seed (not degenerate). */
void test_key(uint8_t *key, size_t len, uint8_t seed);

/* Adds DIK1 from @seed and returns its id. */
int64_t add_dik1(struct rks_db *db, uint8_t seed);

#endif /* RKS_TEST_DB_H */
