// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_delivery.c - recording a delivery: all the keys of a RECEIPT and
 * the audit record in one transaction, or nothing; and the same when the
 * process dies at any instant (SIGKILL at random times, then the invariant
 * "a key is delivered if and only if a delivery audit record lists it").
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_db.h"

static const char *path;

#define REFUSED(db, call, err, text) do {				\
	char *before_ = db_dump(path), *after_;				\
	CHECK_INT((call), (err));					\
	CHECK_HAS(rks_db_errmsg(db), (text));				\
	after_ = db_dump(path);						\
	CHECK_STR(after_, before_);					\
	free(before_);							\
	free(after_);							\
} while (0)

static void add_keys(struct rks_db *db, const char *dsn, uint8_t seed)
{
	static const unsigned int slots[] = { 0, 16, 17 };
	static const unsigned int usages[] = { RKS_USAGE_TMK, RKS_USAGE_PIN,
					       RKS_USAGE_MAC };
	struct rks_key_info info;
	uint8_t k[24];
	int i;

	for (i = 0; i < 3; i++) {
		test_key(k, 24, (uint8_t)(seed + i));
		rks_db_key_add(db, dsn, slots[i], usages[i], k, i ? 16 : 24,
			       ACTOR, &info);
	}
}

static void test_delivery(struct rks_db *db)
{
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION], bad;
	char want[128], cmd[512];
	char *out;
	int status;
	size_t n;

	CHECK_INT(rks_db_device_add(db, "DLV-1", 1, ACTOR), 0);
	CHECK_INT(rks_db_device_add(db, "DLV-2", 1, ACTOR), 0);
	add_keys(db, "DLV-1", 1);
	add_keys(db, "DLV-2", 7);
	CHECK_INT(rks_db_pending_keys(db, "DLV-1", keys, RKS_KEYS_PER_SESSION,
				      &n), 0);
	CHECK_INT(n, 3);

	/* One key that is not what was sent spoils all of them. */
	bad = keys[2];
	bad.kcv[0] ^= 1;
	keys[2] = bad;
	REFUSED(db, rks_db_record_delivery(db, "DLV-1", "p", keys, 3), -ESTALE,
		"is no key of DSN 'DLV-1' for slot 17 with KCV");
	keys[2].kcv[0] ^= 1;
	keys[2].slot = 18;
	REFUSED(db, rks_db_record_delivery(db, "DLV-1", "p", keys, 3), -ESTALE,
		"for slot 18");
	keys[2].slot = 17;
	keys[2].id = 4;		/* DLV-2's key */
	REFUSED(db, rks_db_record_delivery(db, "DLV-1", "p", keys, 3), -ESTALE,
		"key 4 is no key of DSN 'DLV-1'");
	keys[2].id = 3;
	REFUSED(db, rks_db_record_delivery(db, "DLV 1", "p", keys, 3), -EINVAL,
		"DSN");
	REFUSED(db, rks_db_record_delivery(db, "DLV-1", "p", keys, 49),
		-EINVAL, "at most 48");

	CHECK_INT(rks_db_record_delivery(db, "DLV-1", "10.0.2.15:5", keys, 3),
		  0);
	out = db_sql(path, "SELECT status, CAST(delivered IS NOT NULL AS "
		     "INTEGER) FROM keys WHERE dsn = 'DLV-1' ORDER BY slot");
	CHECK_STR(out, "delivered|1\ndelivered|1\ndelivered|1\n");
	free(out);
	out = db_sql(path, "SELECT peer, outcome, detail, delivered_keys FROM "
		     "audit ORDER BY id DESC LIMIT 1");
	snprintf(want, sizeof(want), "10.0.2.15:5|delivered|3 keys|0:%s 16:%s "
		 "17:%s\n", hex(keys[0].kcv, 3), hex(keys[1].kcv, 3),
		 hex(keys[2].kcv, 3));
	CHECK_STR(out, want);
	free(out);
	CHECK_INT(rks_db_pending_keys(db, "DLV-1", keys, RKS_KEYS_PER_SESSION,
				      &n), 0);
	CHECK_INT(n, 0);
	out = db_sql(path, "SELECT count(*) FROM keys WHERE dsn = 'DLV-2' AND "
		     "status = 'pending'");
	CHECK_STR(out, "3\n");
	free(out);

	/* A RECEIPT for keys delivered already (a concurrent session). */
	CHECK_INT(rks_db_pending_keys(db, "DLV-2", keys, RKS_KEYS_PER_SESSION,
				      &n), 0);
	CHECK_INT(rks_db_record_delivery(db, "DLV-2", "a", keys, 2), 0);
	CHECK_INT(rks_db_record_delivery(db, "DLV-2", "b", keys, 3), 0);
	out = db_sql(path, "SELECT detail FROM audit ORDER BY id DESC LIMIT 1");
	CHECK_STR(out, "3 keys (2 delivered before)\n");
	free(out);
	/* Delivered keys do not change, even by hand. */
	snprintf(cmd, sizeof(cmd), "%s 2>&1", db_sql_cmd(path, "UPDATE keys "
		 "SET status = 'pending', delivered = NULL"));
	out = run_shell(cmd, &status);
	CHECK(status != 0);
	CHECK_HAS(out, "a delivered key does not change");
	free(out);
}

/* The crash child: deliver keys to new devices until killed. */
static void __attribute__((noreturn)) crash_child(const char *mk)
{
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	struct rks_db *db;
	char dsn[32];
	size_t n;
	int i;

	db = open_db("delivery.db", mk);
	for (i = 0;; i++) {
		snprintf(dsn, sizeof(dsn), "C%d-%d", (int)getpid(), i);
		rks_db_device_add(db, dsn, 1, ACTOR);
		add_keys(db, dsn, (uint8_t)i);
		if (rks_db_pending_keys(db, dsn, keys, RKS_KEYS_PER_SESSION,
					&n) == 0)
			rks_db_record_delivery(db, dsn, "crash", keys, n);
	}
}

static long long sql_number(const char *sql)
{
	char *out = db_sql(path, sql);
	long long v = atoll(out);

	free(out);
	return v;
}

static void test_crash(const char *mk)
{
	long long delivered, listed, unlisted, sessions;
	int round, status;
	char sql[512];
	char *out;
	pid_t pid;

	srand((unsigned int)time(NULL));
	for (round = 0; round < 12; round++) {
		pid = fork();
		if (pid == 0)
			crash_child(mk);
		usleep(20000 + (useconds_t)(rand() % 80000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		CHECK(WIFSIGNALED(status));
	}
	/* (PostgreSQL checks its pages itself, at every read) */
	if (!on_pg()) {
		out = db_sql(path, "PRAGMA integrity_check");
		CHECK_STR(out, "ok\n");
		free(out);
	}
	delivered = sql_number("SELECT count(*) FROM keys WHERE status = "
			       "'delivered' AND dsn LIKE 'C%'");
	listed = sql_number("SELECT coalesce(sum(length(delivered_keys) - "
			    "length(replace(delivered_keys, ':', ''))), 0) "
			    "FROM audit WHERE peer = 'crash'");
	sessions = sql_number("SELECT count(*) FROM audit WHERE peer = "
			      "'crash'");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM keys k WHERE status "
		 "= 'delivered' AND dsn LIKE 'C%%' AND NOT EXISTS (SELECT 1 "
		 "FROM audit a WHERE a.peer = 'crash' AND a.dsn = k.dsn AND "
		 "' ' || a.delivered_keys || ' ' LIKE '%% ' || k.slot || ':' "
		 "|| %s || ' %%')", sql_hex("k.kcv"));
	unlisted = sql_number(sql);
	CHECK(sessions > 0);
	CHECK_INT(listed, delivered);
	CHECK_INT(unlisted, 0);
	printf("  crash test: %lld deliveries of %lld keys survived 12 "
	       "SIGKILLs intact\n", sessions, delivered);
}

void test_db_delivery(void)
{
	const char *mk = make_master_key("delivery.key", 5);
	struct rks_db *db;

	path = db_target("delivery.db");
	db = open_db("delivery.db", mk);
	add_dik1(db, 1);
	test_delivery(db);
	rks_db_close(db);
	test_crash(mk);
	suite_done("delivery");
}
