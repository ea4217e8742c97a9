// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_import.c - bulk import of devices: bad input adds nothing; good
 * input goes in by parts that let other writers in between; an import
 * that stopped between parts is resumed; and fast.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Stages "prefix-0000000".."prefix-(n-1)" (DIK1 1) into @imp. */
static int stage(struct rks_import *imp, const char *prefix, int n)
{
	char dsn[40];
	int i, ret = 0;

	for (i = 0; i < n && !ret; i++) {
		snprintf(dsn, sizeof(dsn), "%s-%07d", prefix, i);
		ret = rks_db_import_add(imp, dsn, 1);
	}
	return ret;
}

static long long count_of(const char *sql)
{
	char *out = db_sql(path, sql);
	long long n = out ? atoll(out) : -1;

	free(out);
	return n;
}

struct part_probe {
	struct rks_db *other;	/* a second connection: another writer */
	unsigned int calls;
	int other_ret;		/* its write between two parts */
	const char *steal;	/* a DSN it adds after the first part */
};

/* Between two parts: the other connection writes (and is not held up). */
static void between_parts(size_t done, size_t total, void *arg)
{
	struct part_probe *p = arg;
	char dsn[40];

	(void)total;
	snprintf(dsn, sizeof(dsn), "OTHER-%u", ++p->calls);
	if (p->steal && p->calls == 1)
		p->other_ret = rks_db_device_add(p->other, p->steal, 1, ACTOR);
	else if (done < total)
		p->other_ret |= rks_db_device_add(p->other, dsn, 1, ACTOR);
}

static void test_parts(struct rks_db *db, const char *mk)
{
	struct rks_import_opts o = { .chunk = 1000, .progress = between_parts };
	struct part_probe probe = { 0 };
	struct rks_import *imp;
	size_t count = 0;

	probe.other = open_db("import.db", mk);
	o.arg = &probe;
	/* staging takes no write lock: the other writer goes on meanwhile */
	CHECK_INT(rks_db_import_begin_ex(db, &o, &imp), 0);
	CHECK_INT(stage(imp, "PART", 2500), 0);
	CHECK_INT(rks_db_device_add(probe.other, "DURING-STAGING", 1, ACTOR),
		  0);
	CHECK_INT(count_of("SELECT count(*) FROM devices WHERE dsn LIKE "
			   "'PART-%'"), 0);
	CHECK_INT(rks_db_import_commit(imp, ACTOR, "parts.csv", &count), 0);
	CHECK_INT(count, 2500);
	/* three parts, and the other writer got in between each two */
	CHECK_INT(probe.calls, 3);
	CHECK_INT(probe.other_ret, 0);
	CHECK_INT(count_of("SELECT count(*) FROM devices WHERE dsn LIKE "
			   "'PART-%'"), 2500);
	CHECK_INT(count_of("SELECT count(*) FROM devices WHERE dsn LIKE "
			   "'OTHER-%'"), 2);
	CHECK_INT(count_of("SELECT count(*) FROM audit WHERE detail LIKE "
			   "'% devices from parts.csv (part _ of 3: %'"), 3);
	CHECK_INT(count_of("SELECT count(*) FROM audit WHERE detail = '500 "
			   "devices from parts.csv (part 3 of 3: records "
			   "2001-2500 of 2500 new)'"), 1);

	rks_db_close(probe.other);
	/*
	 * A part that fails (here: a DSN of part 2 added by someone else
	 * after the check) stops the import; part 1 stays, whole.
	 */
	memset(&probe, 0, sizeof(probe));
	probe.other = open_db("import.db", mk);
	probe.steal = "RES-0001500";
	CHECK_INT(rks_db_import_begin_ex(db, &o, &imp), 0);
	CHECK_INT(stage(imp, "RES", 3000), 0);
	CHECK_INT(rks_db_import_commit(imp, ACTOR, "res.csv", &count), -EEXIST);
	CHECK_INT(count, 1000);
	CHECK_INT(count_of("SELECT count(*) FROM devices WHERE dsn LIKE "
			   "'RES-%'"), 1001);
	/* the same import again is refused at the first DSN there ... */
	CHECK_INT(rks_db_import_begin(db, &imp), 0);
	CHECK_INT(stage(imp, "RES", 3000), -EEXIST);
	CHECK_HAS(rks_db_errmsg(db), "DSN 'RES-0000000' exists already");
	rks_db_import_abort(imp);
	/* ... and resumed: the 1001 there are counted, the rest added */
	o.resume = true;
	o.progress = NULL;
	CHECK_INT(rks_db_import_begin_ex(db, &o, &imp), 0);
	CHECK_INT(stage(imp, "RES", 3000), 0);
	CHECK_INT(rks_db_import_present(imp), 1001);
	CHECK_INT(rks_db_import_commit(imp, ACTOR, "res.csv", &count), 0);
	CHECK_INT(count, 1999);
	CHECK_INT(count_of("SELECT count(*) FROM devices WHERE dsn LIKE "
			   "'RES-%'"), 3000);
	/* resumed once more: nothing left to add, nothing changes */
	CHECK_INT(rks_db_import_begin_ex(db, &o, &imp), 0);
	CHECK_INT(stage(imp, "RES", 3000), 0);
	CHECK_INT(rks_db_import_present(imp), 3000);
	CHECK_INT(rks_db_import_commit(imp, ACTOR, "res.csv", &count), 0);
	CHECK_INT(count, 0);
	/* resume does not take a DSN that has another DIK1 */
	add_dik1(db, 2);
	CHECK_INT(rks_db_import_begin_ex(db, &o, &imp), 0);
	CHECK_INT(rks_db_import_add(imp, "RES-0000007", 2), -EEXIST);
	CHECK_HAS(rks_db_errmsg(db), "with DIK1 1 (not 2)");
	rks_db_import_abort(imp);
	rks_db_close(probe.other);
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
	test_parts(db, mk);
	test_speed(db);
	rks_db_close(db);
	suite_done("import");
}
