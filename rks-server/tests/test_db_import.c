// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_import.c - bulk import of devices: all or nothing, and fast.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "test_db.h"

static const char *path;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Imports @n devices "prefix-i"; one of them (@bad_at) is @bad_dsn. */
static int import(struct rks_db *db, const char *prefix, int n, int bad_at,
		  const char *bad_dsn, int64_t dik1, char *msg, size_t size)
{
	struct rks_import *imp;
	char dsn[40];
	size_t count;
	int i, ret;

	ret = rks_db_import_begin(db, &imp);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		snprintf(dsn, sizeof(dsn), "%s-%07d", prefix, i);
		ret = rks_db_import_add(imp, i == bad_at ? bad_dsn : dsn,
					i == bad_at && !bad_dsn[0] ? 99 : dik1);
		if (ret) {
			snprintf(msg, size, "%d: %s", i, rks_db_errmsg(db));
			rks_db_import_abort(imp);
			return ret;
		}
	}
	ret = rks_db_import_commit(imp, ACTOR, "test", &count);
	if (!ret)
		CHECK_INT(count, n);
	return ret;
}

static void test_all_or_nothing(struct rks_db *db)
{
	char msg[256];
	char *before, *after, *out;

	CHECK_INT(import(db, "IMP", 1000, -1, "", 1, msg, sizeof(msg)), 0);
	out = db_sql(path, "SELECT count(*) FROM devices; SELECT detail FROM "
		     "audit ORDER BY id DESC LIMIT 1");
	CHECK_STR(out, "1000\n1000 devices from test\n");
	free(out);

	before = db_dump(path);
	/* A DSN twice in one file. */
	CHECK_INT(import(db, "NEW", 500, 400, "NEW-0000010", 1, msg,
			 sizeof(msg)), -EEXIST);
	CHECK_HAS(msg, "400: DSN 'NEW-0000010' exists already");
	/* A DSN the database has. */
	CHECK_INT(import(db, "NEW", 500, 499, "IMP-0000999", 1, msg,
			 sizeof(msg)), -EEXIST);
	/* An unknown DIK1. */
	CHECK_INT(import(db, "NEW", 500, 250, "", 1, msg, sizeof(msg)),
		  -EINVAL);
	CHECK_INT(import(db, "NEW", 500, 3, "NEW-X", 2, msg, sizeof(msg)),
		  -ENOENT);
	CHECK_HAS(msg, "0: no DIK1 with id 2");
	CHECK_INT(import(db, "NEW", 500, 3, "BAD DSN", 1, msg, sizeof(msg)),
		  -EINVAL);
	CHECK_HAS(msg, "3: a DSN is 1-32 graphic ASCII characters");
	after = db_dump(path);
	CHECK_STR(after, before);
	free(before);
	free(after);

	/* The handle works as before afterwards. */
	CHECK_INT(rks_db_device_add(db, "AFTER", 1, ACTOR), 0);
}

static void test_speed(struct rks_db *db)
{
	const int n = 200000;
	char msg[256];
	double t;

	t = now();
	CHECK_INT(import(db, "FAST", n, -1, "", 1, msg, sizeof(msg)), 0);
	t = now() - t;
	printf("  bulk import: %d devices in %.2f s (%.0f/s)\n", n, t, n / t);
	/* Generous, for sanitizers and slow disks: about 10x the usual; on
	 * PostgreSQL a row is a round trip (about 10000/s here), so 3x. */
	check_at(t < (on_pg() ? 60.0 : 20.0), __FILE__, __LINE__,
		 "%d devices took %.1f s", n, t);
}

void test_db_import(void)
{
	const char *mk = make_master_key("import.key", 6);
	struct rks_db *db;

	path = db_target("import.db");
	db = open_db("import.db", mk);
	add_dik1(db, 1);
	test_all_or_nothing(db);
	test_speed(db);
	rks_db_close(db);
	suite_done("import");
}
