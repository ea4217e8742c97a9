// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_main.c - the key database's tests (db.h and db_admin.h), and
 * what their suites share.
 */
#include <stdio.h>
#include <stdlib.h>

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

struct rks_db *open_db(const char *name, const char *mk)
{
	struct rks_db *db;
	char msg[512];
	int ret;

	ret = rks_db_open_ex(test_path(name), mk, RKS_DB_CREATE, &db, msg,
			     sizeof(msg));
	if (ret) {
		fprintf(stderr, "open_db(%s): %d %s\n", name, ret, msg);
		exit(2);
	}
	return db;
}

char *db_sql(const char *path, const char *sql)
{
	char cmd[2048];
	char *out;
	int status;

	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", path, sql);
	out = run_shell(cmd, &status);
	CHECK_INT(status, 0);
	return out;
}

char *db_dump(const char *path)
{
	return db_sql(path, ".dump");
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

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_db_schema();
	test_db_binding();
	test_db_devices();
	test_db_keys();
	test_db_delivery();
	test_db_import();
	test_db_batch();
	test_cleanup();
	return test_summary();
}
