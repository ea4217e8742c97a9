// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_binding.c - keys at rest: sealed under the master key and bound
 * to their row. A ciphertext swapped with another row's (with sqlite3, as
 * an attacker with write access to the file would), or a row whose DSN,
 * slot, usage or KCV was edited, is refused, never decrypted to a key for
 * the wrong place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_db.h"

static const char *path;

/* The hex of one value, e.g. column value of keys row 1. */
static char *value_hex(const char *table, int64_t id)
{
	char sql[128];
	char *out;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = %lld",
		 sql_hex("value"), table, (long long)id);
	out = db_sql(path, sql);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void set_value(const char *table, int64_t id, const char *hexval)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "UPDATE %s SET value = %s WHERE id = "
		 "%lld", table, sql_blob(hexval), (long long)id);
	free(db_sql(path, sql));
}

static void swap_values(const char *table, int64_t a, int64_t b)
{
	char *va = value_hex(table, a), *vb = value_hex(table, b);

	set_value(table, a, vb);
	set_value(table, b, va);
	free(va);
	free(vb);
}

static int pending(const char *mk, const char *dsn, size_t *n,
		   struct rks_pending_key *keys, char *msg, size_t size)
{
	struct rks_db *db = open_db("binding.db", mk);
	int ret = rks_db_pending_keys(db, dsn, keys, RKS_KEYS_PER_SESSION, n);

	snprintf(msg, size, "%s", rks_db_errmsg(db));
	rks_db_close(db);
	return ret;
}

static int auth(const char *mk, const char *dsn, struct rks_device_auth *a,
		char *msg, size_t size)
{
	struct rks_db *db = open_db("binding.db", mk);
	int ret = rks_db_device_auth(db, dsn, a);

	snprintf(msg, size, "%s", rks_db_errmsg(db));
	rks_db_close(db);
	return ret;
}

static const uint8_t zero24[24];

static void test_dik1_swap(const char *mk, const uint8_t *dik1_a)
{
	struct rks_device_auth a;
	char msg[256];

	CHECK_INT(auth(mk, "BIND-A", &a, msg, sizeof(msg)), 0);
	CHECK_MEM(a.dik1, dik1_a, 24);

	swap_values("dik1s", 1, 2);
	memset(&a, 0x55, sizeof(a));
	CHECK_INT(auth(mk, "BIND-A", &a, msg, sizeof(msg)), -EBADMSG);
	CHECK_HAS(msg, "DIK1 1 does not authenticate for its row");
	CHECK_MEM(a.dik1, zero24, 24);
	CHECK_INT(auth(mk, "BIND-B", &a, msg, sizeof(msg)), -EBADMSG);
	CHECK_HAS(msg, "DIK1 2 does not authenticate");
	swap_values("dik1s", 1, 2);
	CHECK_INT(auth(mk, "BIND-A", &a, msg, sizeof(msg)), 0);
	CHECK_MEM(a.dik1, dik1_a, 24);
}

static void test_key_swap(const char *mk, const uint8_t *key1)
{
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	char msg[256];
	size_t n;

	CHECK_INT(pending(mk, "BIND-A", &n, keys, msg, sizeof(msg)), 0);
	CHECK_INT(n, 2);
	CHECK_INT(keys[0].slot, 0);
	CHECK_MEM(keys[0].key, key1, 24);

	/* Keys 1 (BIND-A slot 0) and 3 (BIND-B slot 0): same length. */
	swap_values("keys", 1, 3);
	n = 99;
	CHECK_INT(pending(mk, "BIND-A", &n, keys, msg, sizeof(msg)), -EBADMSG);
	CHECK_INT(n, 0);
	CHECK_HAS(msg, "key 1 does not authenticate for its row");
	CHECK_MEM(keys[0].key, zero24, 24);
	CHECK_INT(pending(mk, "BIND-B", &n, keys, msg, sizeof(msg)), -EBADMSG);
	swap_values("keys", 1, 3);
	CHECK_INT(pending(mk, "BIND-A", &n, keys, msg, sizeof(msg)), 0);
	CHECK_INT(n, 2);
}

/* One edit of a key row by hand must make it fail as @err. */
static void check_edit(const char *mk, const char *edit, const char *undo,
		       const char *dsn, int err)
{
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	char msg[256];
	size_t n;

	free(db_sql(path, edit));
	CHECK_INT(pending(mk, dsn, &n, keys, msg, sizeof(msg)), err);
	check_at(n == 0, __FILE__, __LINE__, "after %s: n = %zu", edit, n);
	free(db_sql(path, undo));
	CHECK_INT(pending(mk, "BIND-A", &n, keys, msg, sizeof(msg)), 0);
}

static void test_row_edits(const char *mk)
{
	char edit[128];

	/* Key 2: BIND-A slot 16, PIN. Made a DATA key: refused. */
	check_edit(mk, "UPDATE keys SET usage = 4, kb_usage = 'D0', "
		   "kb_mode = 'B' WHERE id = 2",
		   "UPDATE keys SET usage = 2, kb_usage = 'P0', "
		   "kb_mode = 'E' WHERE id = 2", "BIND-A", -EBADMSG);
	/* #11: its X9.143 attributes changed: the PIN key made to decrypt
	 * (mode D), or its algorithm said to be AES */
	check_edit(mk, "UPDATE keys SET kb_mode = 'D' WHERE id = 2",
		   "UPDATE keys SET kb_mode = 'E' WHERE id = 2", "BIND-A",
		   -EBADMSG);
	check_edit(mk, "UPDATE keys SET alg = 'A' WHERE id = 2",
		   "UPDATE keys SET alg = 'T' WHERE id = 2", "BIND-A",
		   -EBADMSG);
	/* Moved to another slot. */
	check_edit(mk, "UPDATE keys SET slot = 17 WHERE id = 2",
		   "UPDATE keys SET slot = 16 WHERE id = 2", "BIND-A",
		   -EBADMSG);
	/* Given to another device (whose slot 16 is free). */
	check_edit(mk, "UPDATE keys SET dsn = 'BIND-B' WHERE id = 2",
		   "UPDATE keys SET dsn = 'BIND-A' WHERE id = 2", "BIND-B",
		   -EBADMSG);
	/* The KCV column changed: decrypts, but does not match. */
	snprintf(edit, sizeof(edit), "UPDATE keys SET kcv = %s WHERE id = 2",
		 sql_blob("000000"));
	check_edit(mk, edit,
		   "UPDATE keys SET kcv = (SELECT kcv FROM keys WHERE id = 4)"
		   " WHERE id = 2", "BIND-A", -EUCLEAN);
}

static int count_bad(const char *table, int64_t id, int err, void *arg)
{
	(void)table;
	(void)id;
	(void)err;
	++*(int *)arg;
	return 0;
}

static void test_verify(const char *mk)
{
	struct rks_db *db;
	size_t checked, bad;
	int reported = 0;
	char *v;

	db = open_db("binding.db", mk);
	CHECK_INT(rks_db_verify(db, count_bad, &reported, &checked, &bad), 0);
	CHECK_INT(checked, 6);
	CHECK_INT(bad, 0);
	rks_db_close(db);

	/* One bit of one ciphertext flipped. */
	v = value_hex("keys", 3);
	v[30] = v[30] == '0' ? '1' : '0';
	set_value("keys", 3, v);
	swap_values("dik1s", 1, 2);
	db = open_db("binding.db", mk);
	CHECK_INT(rks_db_verify(db, count_bad, &reported, &checked, &bad), 0);
	CHECK_INT(checked, 6);
	CHECK_INT(bad, 3);
	CHECK_INT(reported, 3);
	rks_db_close(db);
	free(v);
}

void test_db_binding(void)
{
	const char *mk = make_master_key("binding.key", 9);
	uint8_t dik1[24], key[24];
	struct rks_key_info info;
	struct rks_db *db;

	path = db_target("binding.db");
	db = open_db("binding.db", mk);
	CHECK_INT(add_dik1(db, 1), 1);
	CHECK_INT(add_dik1(db, 2), 2);
	CHECK_INT(rks_db_device_add(db, "BIND-A", 1, ACTOR), 0);
	CHECK_INT(rks_db_device_add(db, "BIND-B", 2, ACTOR), 0);
	test_key(key, 24, 10);
	CHECK_INT(rks_db_key_add(db, "BIND-A", 0, RKS_USAGE_TMK, key, 24,
				 ACTOR, &info), 0);
	CHECK_INT(info.id, 1);
	test_key(key, 16, 11);
	CHECK_INT(rks_db_key_add(db, "BIND-A", 16, RKS_USAGE_PIN, key, 16,
				 ACTOR, &info), 0);
	test_key(key, 24, 12);
	CHECK_INT(rks_db_key_add(db, "BIND-B", 0, RKS_USAGE_TMK, key, 24,
				 ACTOR, &info), 0);
	CHECK_INT(info.id, 3);
	test_key(key, 16, 11);
	CHECK_INT(rks_db_key_add(db, "BIND-B", 20, RKS_USAGE_MAC, key, 16,
				 ACTOR, &info), 0);
	rks_db_close(db);

	test_key(dik1, 24, 1);
	test_dik1_swap(mk, dik1);
	test_key(key, 24, 10);
	test_key_swap(mk, key);
	test_row_edits(mk);
	test_verify(mk);
	suite_done("binding");
}
