// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_batch.c - the audit writer's group commit (rks_db_audit_batch(),
 * #14): rows, failed authentications and deliveries in one transaction;
 * a delivery refused for itself is undone alone, the rest committed; a
 * batch that fails leaves nothing of any of them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_db.h"

void test_db_batch(void)
{
	const char *mk = make_master_key("batch.key", 5);
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION], bad;
	struct rks_lockout policy = { .after = 2, .base_s = 30 };
	struct rks_audit_rec recs[5];
	struct rks_key_info info;
	const char *path = db_target("batch.db");
	struct rks_db *db = open_db("batch.db", mk);
	uint8_t k[24];
	char *out;
	size_t n;

	add_dik1(db, 1);
	CHECK_INT(rks_db_device_add(db, "BAT-1", 1, ACTOR), 0);
	CHECK_INT(rks_db_device_add(db, "BAT-2", 1, ACTOR), 0);
	test_key(k, 24, 3);
	CHECK_INT(rks_db_key_add(db, "BAT-1", 0, RKS_USAGE_TMK, k, 24, ACTOR,
				 &info), 0);
	CHECK_INT(rks_db_pending_keys(db, "BAT-1", keys, RKS_KEYS_PER_SESSION,
				      &n), 0);
	CHECK_INT(n, 1);
	bad = keys[0];
	bad.kcv[0] ^= 1;		/* a RECEIPT for no key of this DSN */

	memset(recs, 0, sizeof(recs));
	recs[0] = (struct rks_audit_rec){ .kind = RKS_AUDIT_ROW, .time = 1,
		.peer = "p0", .outcome = "started", .detail = "HELLO" };
	recs[1] = (struct rks_audit_rec){ .kind = RKS_AUDIT_AUTH_FAILURE,
		.dsn = "BAT-2", .peer = "p1", .outcome = "auth-failed: x",
		.policy = &policy };
	recs[2] = recs[1];
	recs[2].peer = "p2";
	recs[3] = (struct rks_audit_rec){ .kind = RKS_AUDIT_DELIVERY,
		.dsn = "BAT-1", .peer = "p3", .keys = &bad, .n_keys = 1 };
	recs[4] = (struct rks_audit_rec){ .kind = RKS_AUDIT_DELIVERY,
		.dsn = "BAT-1", .peer = "p4", .keys = keys, .n_keys = 1 };
	CHECK_INT(rks_db_audit_batch(db, recs, 5), 0);
	CHECK_INT(recs[3].result, -ESTALE);
	CHECK_INT(recs[4].result, 0);
	CHECK(!recs[1].news.locked_now);
	CHECK(recs[2].news.locked_now);
	CHECK_INT(recs[2].news.secs, 30);
	out = db_sql(path, "SELECT peer, outcome FROM audit WHERE peer LIKE "
		     "'p_' OR outcome = 'lockout' ORDER BY id");
	CHECK_STR(out, "p0|started\np1|auth-failed: x\nrks-server|lockout\n"
		  "p2|auth-failed: x\np4|delivered\n");
	free(out);
	out = db_sql(path, "SELECT status FROM keys WHERE dsn = 'BAT-1'");
	CHECK_STR(out, "delivered\n");
	free(out);

	/* a batch that fails (a bad entry) leaves nothing */
	recs[0].kind = RKS_AUDIT_AUTH_FAILURE;
	recs[0].policy = NULL;
	recs[1].peer = "q1";
	CHECK_INT(rks_db_audit_batch(db, recs, 2), -EINVAL);
	out = db_sql(path, "SELECT count(*) FROM audit WHERE peer = 'q1'");
	CHECK_STR(out, "0\n");
	free(out);
	/* withdrawn entries write nothing */
	recs[0].kind = RKS_AUDIT_NOTHING;
	CHECK_INT(rks_db_audit_batch(db, recs, 2), 0);
	out = db_sql(path, "SELECT count(*) FROM audit WHERE peer IN ('p0', "
		     "'q1')");
	CHECK_STR(out, "2\n");
	free(out);
	rks_db_close(db);
	suite_done("batch");
}
