// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_custody.c - #16's key database parts on either back end (#17):
 * the audit hash chain and its checkpoints (verify finds an altered
 * record), the read-only open, the lifecycle triggers (a retired DIK1
 * takes no new device, a retired device stays so), and backup/restore,
 * which are SQLite's (online backup API) and refuse a PostgreSQL database
 * naming pg_dump/pg_restore. test_admin.sh tests the same through
 * rks-admin on SQLite.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"	/* RKS_AUDIT_CHECKPOINT_EVERY */
#include "test_db.h"

/* 70 records: one checkpoint on its own (every 64), one asked for. */
static void check_chain(struct rks_db *db, const char *target)
{
	struct rks_audit_verdict v;
	struct rks_db *ro = NULL;
	char msg[512], detail[32];
	int64_t at = 0;
	char *out;
	int i;

	for (i = 0; i < 70; i++) {
		snprintf(detail, sizeof(detail), "record %d", i);
		CHECK_INT(rks_db_audit(db, NULL, "p", "custody", detail), 0);
	}
	CHECK_INT(rks_db_audit_checkpoint(db, &at), 0);
	CHECK(at >= 70);
	memset(&v, 0, sizeof(v));
	CHECK_INT(rks_db_audit_verify(db, &v), 0);
	CHECK(v.rows >= 70);
	CHECK(v.checkpoints >= 2);
	CHECK(v.macs);
	CHECK_INT(v.bad_id, 0);
	out = db_sql(target, "SELECT count(*) >= 2 FROM audit_checkpoints");
	CHECK_STR(out, on_pg() ? "t\n" : "1\n");
	free(out);

	/* read-only, without the master key: the chain, not the MACs */
	CHECK_INT(rks_db_open_ro(target, NULL, &ro, msg, sizeof(msg)), 0);
	if (ro) {
		memset(&v, 0, sizeof(v));
		CHECK_INT(rks_db_audit_verify(ro, &v), 0);
		CHECK(v.rows >= 70);
		CHECK(!v.macs);
		/* nothing is written through it */
		CHECK(rks_db_audit(ro, NULL, "p", "custody", "ro") != 0);
		rks_db_close(ro);
	}

	/* one record altered behind the trigger's back: named */
	free(db_sql(target, on_pg() ?
		    "ALTER TABLE audit DISABLE TRIGGER audit_no_update; "
		    "UPDATE audit SET detail = 'forged' WHERE detail = "
		    "'record 20'; "
		    "ALTER TABLE audit ENABLE TRIGGER audit_no_update" :
		    "DROP TRIGGER audit_no_update; "
		    "UPDATE audit SET detail = 'forged' WHERE detail = "
		    "'record 20'"));
	out = db_sql(target, "SELECT id FROM audit WHERE detail = 'forged'");
	memset(&v, 0, sizeof(v));
	CHECK_INT(rks_db_audit_verify(db, &v), -EBADMSG);
	CHECK(v.bad_id > 0 && v.bad_id == strtoll(out, NULL, 10));
	free(out);
}

static void check_lifecycle(struct rks_db *db)
{
	int64_t old = add_dik1(db, 21), new = add_dik1(db, 22);
	unsigned int cancelled = 9;
	struct rks_key_info info;
	uint8_t key[16];

	CHECK_INT(rks_db_device_add(db, "CUST-1", old, ACTOR), 0);
	CHECK_INT(rks_db_dik1_retire(db, old, new, ACTOR), 0);
	CHECK_INT(rks_db_dik1_retire(db, old, new, ACTOR), -EALREADY);
	/* the trigger refuses, and the refusal names the DIK1 */
	CHECK_INT(rks_db_device_add(db, "CUST-2", old, ACTOR), -EINVAL);
	CHECK_HAS(rks_db_errmsg(db), "is retired");
	CHECK_INT(rks_db_device_add(db, "CUST-2", new, ACTOR), 0);

	test_key(key, sizeof(key), 23);
	CHECK_INT(rks_db_key_add(db, "CUST-1", 2, RKS_USAGE_TMK, key,
				 sizeof(key), ACTOR, &info), 0);
	CHECK_INT(rks_db_device_retire(db, "CUST-1", ACTOR, &cancelled), 0);
	CHECK_INT(cancelled, 1);
	CHECK_INT(rks_db_device_retire(db, "CUST-1", ACTOR, &cancelled),
		  -EALREADY);
}

static void check_backup(struct rks_db *db, const char *target)
{
	char id[RKS_INSTALLATION_ID_LEN + 1] = "", id2[sizeof(id)] = "";
	char msg[512] = "";
	const char *copy = test_path("custody-backup.db");

	CHECK_INT(rks_db_installation_id(db, id), 0);
	CHECK_INT((int)strlen(id), RKS_INSTALLATION_ID_LEN);
	CHECK_INT((int)strspn(id, "0123456789abcdef"),
		  RKS_INSTALLATION_ID_LEN);
	if (on_pg()) {
		CHECK_INT(rks_db_backup(db, copy, ACTOR, id2), -EMEDIUMTYPE);
		CHECK_HAS(rks_db_errmsg(db), "pg_dump");
		CHECK_INT(rks_db_restore(copy, target, rks_db_keystore(db),
					 ACTOR, id2, msg, sizeof(msg)),
			  -EMEDIUMTYPE);
		CHECK_HAS(msg, "pg_restore");
		return;
	}
	CHECK_INT(rks_db_backup(db, copy, ACTOR, id2), 0);
	CHECK_STR(id2, id);
}

void test_db_custody(void)
{
	const char *mk = make_master_key("custody.key", 11);
	const char *target = db_target("custody.db");
	struct rks_db *db = open_db("custody.db", mk);

	check_lifecycle(db);
	check_backup(db, target);
	check_chain(db, target);
	rks_db_close(db);
}
