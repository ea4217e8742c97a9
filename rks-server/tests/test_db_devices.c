// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_devices.c - devices: adding them (and every refusal leaving the
 * database as it was), what a session reads of them, lockout after N
 * consecutive failures, and unlocking.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_db.h"

static const char *path;

/* @call must fail with @err and leave the database as it was. */
#define REFUSED(db, call, err, text) do {				\
	char *before_ = db_dump(path), *after_;				\
	CHECK_INT((call), (err));					\
	CHECK_HAS(rks_db_errmsg(db), (text));				\
	after_ = db_dump(path);						\
	CHECK_STR(after_, before_);					\
	free(before_);							\
	free(after_);							\
} while (0)

static void test_add(struct rks_db *db)
{
	struct rks_device_info info;

	CHECK_INT(rks_db_device_add(db, "DEV-1", 1, ACTOR), 0);
	CHECK_INT(rks_db_device_add(db, "~!#$%&()*+,-./:;<=>?@[]^_`{|}012345"
				    + 3, 1, ACTOR), 0);
	REFUSED(db, rks_db_device_add(db, "DEV-1", 1, ACTOR), -EEXIST,
		"DSN 'DEV-1' exists already");
	REFUSED(db, rks_db_device_add(db, "DEV-2", 7, ACTOR), -ENOENT,
		"no DIK1 with id 7");
	REFUSED(db, rks_db_device_add(db, "", 1, ACTOR), -EINVAL,
		"1-32 graphic ASCII");
	REFUSED(db, rks_db_device_add(db, "DEV 2", 1, ACTOR), -EINVAL,
		"graphic ASCII");
	REFUSED(db, rks_db_device_add(db, "DEV\x7f", 1, ACTOR), -EINVAL,
		"graphic ASCII");
	REFUSED(db, rks_db_device_add(db, "DEV-\xc3\xa9", 1, ACTOR), -EINVAL,
		"graphic ASCII");
	REFUSED(db, rks_db_device_add(db, "123456789012345678901234567890123",
				      1, ACTOR), -EINVAL, "1-32");
	CHECK_INT(rks_db_device_add(db, "12345678901234567890123456789012", 1,
				    ACTOR), 0);
	REFUSED(db, rks_db_device_get(db, "DEV-9", &info), -ENOENT,
		"no device with DSN 'DEV-9'");
	CHECK_INT(rks_db_device_get(db, "DEV-1", &info), 0);
	CHECK_STR(info.dsn, "DEV-1");
	CHECK_INT(info.dik1_id, 1);
	CHECK_INT(info.failures, 0);
	CHECK(!info.locked);
}

static void test_auth(struct rks_db *db)
{
	struct rks_device_auth a;
	uint8_t dik1[24];

	memset(&a, 0x55, sizeof(a));
	CHECK_INT(rks_db_device_auth(db, "NOBODY", &a), -ENOENT);
	CHECK(!a.locked && !a.failures && a.dik1[0] == 0 && a.dik1[23] == 0);
	CHECK_INT(rks_db_device_auth(db, "", &a), -EINVAL);
	CHECK_INT(rks_db_device_auth(db, NULL, &a), -EINVAL);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	test_key(dik1, 24, 1);
	CHECK_MEM(a.dik1, dik1, 24);
	CHECK(!a.locked);
	CHECK_INT(a.failures, 0);
}

static unsigned int audit_count(struct rks_db *db, const char *dsn)
{
	char sql[128];
	char *out;
	unsigned int n;

	(void)db;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE dsn %s",
		 dsn ? "= 'DEV-1'" : "IS NULL");
	out = db_sql(path, sql);
	n = (unsigned int)atoi(out);
	free(out);
	return n;
}

static void test_lockout(struct rks_db *db)
{
	struct rks_device_auth a;
	unsigned int before = audit_count(db, "DEV-1");
	bool changed;
	char *out;

	CHECK_INT(rks_db_record_auth_failure(db, "DEV-1", "10.0.2.15:1",
					     "auth-failed: AT mismatch", 3), 0);
	CHECK_INT(rks_db_record_auth_failure(db, "DEV-1", "10.0.2.15:2",
					     "auth-failed: AT mismatch", 3), 0);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	CHECK_INT(a.failures, 2);
	CHECK(!a.locked);
	CHECK_INT(rks_db_record_auth_failure(db, "DEV-1", "10.0.2.15:3",
					     "auth-failed: TK hash", 3), 0);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	CHECK_INT(a.failures, 3);
	CHECK(a.locked);
	/* Locked, it keeps counting and stays locked. */
	CHECK_INT(rks_db_record_auth_failure(db, "DEV-1", "p", "auth-failed: "
					     "locked", 3), 0);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	CHECK_INT(a.failures, 4);
	CHECK(a.locked);
	/* four failures, and the lock's own record ("lockout", #14) */
	CHECK_INT(audit_count(db, "DEV-1"), before + 5);
	out = db_sql(path, "SELECT peer, outcome, detail FROM audit WHERE "
		     "dsn = 'DEV-1' ORDER BY id DESC LIMIT 2");
	CHECK_HAS(out, "10.0.2.15:3|auth-failed: TK hash|3 consecutive "
		  "failures; device locked now\n");
	CHECK_HAS(out, "p|auth-failed: locked|4 consecutive failures; device "
		  "locked\n");
	free(out);

	/* An unknown or missing DSN is audited, and nothing else. */
	before = audit_count(db, NULL);
	CHECK_INT(rks_db_record_auth_failure(db, "NOBODY", "p", "auth-failed: "
					     "unknown", 3), 0);
	CHECK_INT(rks_db_record_auth_failure(db, NULL, "p", "protocol", 3), 0);
	CHECK_INT(audit_count(db, NULL), before + 1);
	out = db_sql(path, "SELECT detail FROM audit WHERE dsn = 'NOBODY'");
	CHECK_STR(out, "unknown DSN\n");
	free(out);

	CHECK_INT(rks_db_device_unlock(db, "DEV-1", ACTOR, &changed), 0);
	CHECK(changed);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	CHECK_INT(a.failures, 0);
	CHECK(!a.locked);
	out = db_sql(path, "SELECT outcome, detail FROM audit ORDER BY id DESC "
		     "LIMIT 1");
	CHECK_STR(out, "admin: device unlock|was locked, 4 consecutive "
		  "failures\n");
	free(out);
	/* Unlocking an unlocked device changes nothing, audit included. */
	REFUSED(db, rks_db_device_unlock(db, "DEV-1", ACTOR, &changed), 0, "");
	CHECK(!changed);
	REFUSED(db, rks_db_device_unlock(db, "DEV-9", ACTOR, &changed),
		-ENOENT, "no device with DSN 'DEV-9'");

	/* lock_after 0: never locks. */
	for (int i = 0; i < 10; i++)
		rks_db_record_auth_failure(db, "DEV-1", "p", "f", 0);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	CHECK_INT(a.failures, 10);
	CHECK(!a.locked);
	/* A delivery resets the count. */
	CHECK_INT(rks_db_record_delivery(db, "DEV-1", "p", NULL, 0), 0);
	CHECK_INT(rks_db_device_auth(db, "DEV-1", &a), 0);
	CHECK_INT(a.failures, 0);
}

/*
 * The lock is temporary and grows (#14): base * 2^(locks - 1), at most
 * 24 h; failures during a lock are counted, not punished again; one after
 * it ran out locks again, for twice as long; a delivery starts the
 * back-off over. Only the administrator's lock is for good.
 */
static void test_backoff(struct rks_db *db)
{
	struct rks_lockout p = { .after = 2, .base_s = 10 };
	struct rks_lock_news n;
	struct rks_device_info info;
	struct rks_device_auth a;
	bool changed;
	char *out;

	CHECK_INT(rks_lock_seconds(&p, 1), 10);
	CHECK_INT(rks_lock_seconds(&p, 2), 20);
	CHECK_INT(rks_lock_seconds(&p, 5), 160);
	CHECK_INT(rks_lock_seconds(&p, 14), 81920);
	CHECK_INT(rks_lock_seconds(&p, 15), RKS_LOCK_MAX_S);
	CHECK_INT(rks_lock_seconds(&p, 4000000000u), RKS_LOCK_MAX_S);

	CHECK_INT(rks_db_device_add(db, "BACK-1", 1, ACTOR), 0);
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:1", "f", &p,
						&n), 0);
	CHECK(!n.locked_now);
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:2", "f", &p,
						&n), 0);
	CHECK(n.locked_now);
	CHECK_INT(n.locks, 1);
	CHECK_INT(n.secs, 10);
	CHECK_INT(rks_db_device_auth(db, "BACK-1", &a), 0);
	CHECK(a.locked);
	CHECK_INT(rks_db_device_get(db, "BACK-1", &info), 0);
	CHECK(info.locked);
	CHECK(!info.for_good);
	CHECK_INT(info.locks, 1);
	CHECK(info.locked_until == n.until);
	out = db_sql(path, "SELECT peer, detail FROM audit WHERE dsn = "
		     "'BACK-1' AND outcome = 'lockout'");
	CHECK_HAS(out, "rks-server|locked for 10 s until ");
	CHECK_HAS(out, "lock 1 since the last delivery, after 2 consecutive "
		  "failures (the last from x:2)");
	free(out);
	/* during the lock: counted, the lock unchanged */
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:3", "f", &p,
						&n), 0);
	CHECK(!n.locked_now);
	CHECK_INT(n.failures, 3);
	CHECK_INT(n.locks, 1);

	/* the lock runs out (its end moved into the past) */
	free(db_sql(path, "UPDATE devices SET locked_until = 1 WHERE dsn = "
		    "'BACK-1'"));
	CHECK_INT(rks_db_device_auth(db, "BACK-1", &a), 0);
	CHECK(!a.locked);
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:4", "f", &p,
						&n), 0);
	CHECK(n.locked_now);
	CHECK_INT(n.locks, 2);
	CHECK_INT(n.secs, 20);
	free(db_sql(path, "UPDATE devices SET locked_until = 1 WHERE dsn = "
		    "'BACK-1'"));

	/* a delivery: the count and the back-off start over */
	CHECK_INT(rks_db_record_delivery(db, "BACK-1", "p", NULL, 0), 0);
	CHECK_INT(rks_db_device_get(db, "BACK-1", &info), 0);
	CHECK_INT(info.failures, 0);
	CHECK_INT(info.locks, 0);
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:5", "f", &p,
						&n), 0);
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:6", "f", &p,
						&n), 0);
	CHECK(n.locked_now);
	CHECK_INT(n.secs, 10);

	/* the administrator's lock: for good, whatever the clock says */
	CHECK_INT(rks_db_device_lock(db, "BACK-1", ACTOR, &changed), 0);
	CHECK(changed);
	REFUSED(db, rks_db_device_lock(db, "BACK-1", ACTOR, &changed), 0, "");
	CHECK(!changed);
	REFUSED(db, rks_db_device_lock(db, "NOPE-1", ACTOR, &changed),
		-ENOENT, "no device with DSN 'NOPE-1'");
	free(db_sql(path, "UPDATE devices SET locked_until = 1 WHERE dsn = "
		    "'BACK-1'"));
	CHECK_INT(rks_db_device_auth(db, "BACK-1", &a), 0);
	CHECK(a.locked);
	CHECK_INT(rks_db_device_get(db, "BACK-1", &info), 0);
	CHECK(info.locked && info.for_good);
	/* failures do not turn it into a temporary one */
	CHECK_INT(rks_db_record_auth_failure_ex(db, "BACK-1", "x:7", "f", &p,
						&n), 0);
	CHECK(!n.locked_now);
	out = db_sql(path, "SELECT outcome, detail FROM audit WHERE dsn = "
		     "'BACK-1' AND outcome LIKE 'admin:%'");
	CHECK_HAS(out, "admin: device lock|locked until an administrator "
		  "unlocks it\n");
	free(out);
	CHECK_INT(rks_db_device_unlock(db, "BACK-1", ACTOR, &changed), 0);
	CHECK(changed);
	CHECK_INT(rks_db_device_get(db, "BACK-1", &info), 0);
	CHECK(!info.locked && !info.for_good && !info.failures &&
	      !info.locks && !info.locked_until);
}

static void test_audit(struct rks_db *db)
{
	char cmd[512];
	char *out;
	int status;

	CHECK_INT(rks_db_audit(db, "DEV-1", "10.0.2.15:4", "protocol-error",
			       "RESPONSE of 3 bytes"), 0);
	CHECK_INT(rks_db_audit(db, NULL, NULL, "timeout", NULL), 0);
	out = db_sql(path, "SELECT coalesce('''' || dsn || '''', 'NULL'), peer, outcome, detail FROM "
		     "audit ORDER BY id DESC LIMIT 2");
	CHECK_STR(out, "NULL||timeout|\n'DEV-1'|10.0.2.15:4|protocol-error|"
		  "RESPONSE of 3 bytes\n");
	free(out);
	/* Append-only. */
	snprintf(cmd, sizeof(cmd), "%s 2>&1",
		 db_sql_cmd(path, "DELETE FROM audit"));
	out = run_shell(cmd, &status);
	CHECK(status != 0);
	CHECK_HAS(out, "append-only");
	free(out);
	snprintf(cmd, sizeof(cmd), "%s 2>&1",
		 db_sql_cmd(path, "UPDATE audit SET outcome = 'x'"));
	out = run_shell(cmd, &status);
	CHECK(status != 0);
	CHECK_HAS(out, "append-only");
	free(out);
}

void test_db_devices(void)
{
	const char *mk = make_master_key("devices.key", 3);
	struct rks_db *db;

	path = db_target("devices.db");
	db = open_db("devices.db", mk);
	add_dik1(db, 1);
	test_add(db);
	test_auth(db);
	test_lockout(db);
	test_backoff(db);
	test_audit(db);
	rks_db_close(db);
	suite_done("devices");
}
