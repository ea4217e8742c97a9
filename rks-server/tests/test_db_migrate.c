// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_migrate.c - the schema's version on either back end: a new
 * database is made whole, an older one is refused until migrated
 * (RKS_DB_MIGRATE, `rks-admin db migrate`), a newer one and somebody
 * else's are refused, and the master key check is sealed in it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"	/* RKS_SCHEMA_VERSION */
#include "test_db.h"

/* The dialects' spellings of the same questions. */
static const char *sql_version(void)
{
	return on_pg() ? "SELECT version FROM schema_version" :
		"PRAGMA user_version";
}

static const char *sql_set_version(int v)
{
	static char sql[64];

	snprintf(sql, sizeof(sql), on_pg() ? "UPDATE schema_version SET "
		 "version = %d" : "PRAGMA user_version = %d", v);
	return sql;
}

/*
 * Undoes the steps from schema_step_keyblocks on (and their PostgreSQL
 * twins; when a step is added, this undoes it too): #16's lifecycle
 * columns and triggers, installation id and audit chain, then the keys
 * table without the X9.143 attributes, lengths 16 and 24 only. So the
 * migration below runs every step that rebuilds or alters a table with
 * rows in it, on both back ends.
 */
static const char *sql_undo_last(void)
{
	return on_pg() ?
		"DROP TRIGGER devices_retired_stays ON devices; "
		"DROP TRIGGER devices_current_dik1 ON devices; "
		"DROP FUNCTION rks_current_dik1(); "
		"ALTER TABLE devices DROP COLUMN retired; "
		"ALTER TABLE dik1s DROP COLUMN retired; "
		"DELETE FROM meta WHERE name = 'installation_id'; "
		"DROP TRIGGER audit_chained ON audit; "
		"DROP TRIGGER audit_no_update ON audit; "
		"DROP FUNCTION rks_audit_no_update(); "
		"DROP TABLE audit_checkpoints; "
		"ALTER TABLE audit DROP COLUMN chain; "
		"ALTER TABLE audit_archives DROP COLUMN chain; "
		"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
		"FOR EACH ROW EXECUTE FUNCTION "
		"rks_refuse('the audit trail is append-only'); "
		"ALTER TABLE keys DROP COLUMN alg, DROP COLUMN kb_usage, "
		"DROP COLUMN kb_mode, DROP COLUMN kb_version, "
		"DROP CONSTRAINT keys_len_check, ADD CONSTRAINT "
		"keys_len_check CHECK (len IN (16, 24))" :
		"DROP TRIGGER devices_retired_stays; "
		"DROP TRIGGER devices_current_dik1; "
		"ALTER TABLE devices DROP COLUMN retired; "
		"ALTER TABLE dik1s DROP COLUMN retired; "
		"DELETE FROM meta WHERE name = 'installation_id'; "
		"DROP TRIGGER audit_no_update; DROP TRIGGER audit_chained; "
		"DROP TABLE audit_checkpoints; "
		"ALTER TABLE audit DROP COLUMN chain; "
		"ALTER TABLE audit_archives DROP COLUMN chain; "
		"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
		"SELECT RAISE(ABORT, 'the audit trail is append-only'); END; "
		"CREATE TABLE k1 (id INTEGER PRIMARY KEY, dsn TEXT NOT NULL "
		"REFERENCES devices(dsn), slot INTEGER NOT NULL, usage "
		"INTEGER NOT NULL, len INTEGER NOT NULL CHECK (len IN (16, "
		"24)), value BLOB NOT NULL, kcv BLOB NOT NULL, status TEXT "
		"NOT NULL DEFAULT 'pending', created INTEGER NOT NULL, "
		"delivered INTEGER); INSERT INTO k1 SELECT id, dsn, slot, "
		"usage, len, value, kcv, status, created, delivered FROM "
		"keys; DROP TABLE keys; ALTER TABLE k1 RENAME TO keys";
}

static void check_version(const char *target, int v)
{
	char want[16];
	char *out = db_sql(target, sql_version());

	snprintf(want, sizeof(want), "%d\n", v);
	CHECK_STR(out, want);
	free(out);
}

static int collect(const struct rks_audit_info *a, void *arg)
{
	char *s = arg;
	size_t len = strlen(s);

	snprintf(s + len, 256 - len, "%s/%s;", a->dsn ? a->dsn : "-",
		 a->outcome);
	return 0;
}

/* The audit trail read back, newest n of one DSN and of all, in order
 * (its SQL takes a subquery, which each dialect spells its way). */
static void check_audit_list(struct rks_db *db)
{
	char got[256] = "";

	CHECK_INT(rks_db_audit(db, "MIG-1", "p", "one", NULL), 0);
	CHECK_INT(rks_db_audit(db, NULL, "p", "two", NULL), 0);
	CHECK_INT(rks_db_audit(db, "MIG-1", "p", "three", NULL), 0);
	CHECK_INT(rks_db_audit_list(db, "MIG-1", 2, collect, got), 0);
	CHECK_STR(got, "MIG-1/one;MIG-1/three;");
	got[0] = '\0';
	CHECK_INT(rks_db_audit_list(db, NULL, 2, collect, got), 0);
	CHECK_STR(got, "-/two;MIG-1/three;");
}

/* The server's read of a DSN's keys, with its lock check (a boolean the
 * dialects spell differently). */
static void check_pending_unlocked(struct rks_db *db)
{
	struct rks_pending_key keys[2];
	struct rks_key_info info;
	uint8_t key[16];
	bool changed;
	size_t n = 9;

	test_key(key, sizeof(key), 9);
	CHECK_INT(rks_db_device_add(db, "MIG-2", add_dik1(db, 9), ACTOR), 0);
	CHECK_INT(rks_db_key_add(db, "MIG-2", 3, RKS_USAGE_TMK, key,
				 sizeof(key), ACTOR, &info), 0);
	CHECK_INT(rks_db_pending_keys_unlocked(db, "MIG-2", keys, 2, &n), 0);
	CHECK_INT(n, 1);
	CHECK(n == 1 && !memcmp(keys[0].key, key, sizeof(key)));
	CHECK_INT(rks_db_device_lock(db, "MIG-2", ACTOR, &changed), 0);
	CHECK_INT(rks_db_pending_keys_unlocked(db, "MIG-2", keys, 2, &n),
		  -EACCES);
	CHECK_INT(n, 0);
	CHECK_INT(rks_db_pending_keys_unlocked(db, "MIG-3", keys, 2, &n),
		  -ENOENT);

	/* and a delivered key, for the steps that rework the keys table */
	CHECK_INT(rks_db_device_add(db, "MIG-4", add_dik1(db, 10), ACTOR), 0);
	CHECK_INT(rks_db_key_add(db, "MIG-4", 17, RKS_USAGE_PIN, key,
				 sizeof(key), ACTOR, &info), 0);
	CHECK_INT(rks_db_pending_keys_unlocked(db, "MIG-4", keys, 2, &n), 0);
	CHECK_INT(rks_db_record_delivery(db, "MIG-4", "p", keys, n), 0);
}

void test_db_migrate(void)
{
	const char *mk = make_master_key("migrate.key", 5);
	const char *other = make_master_key("migrate-other.key", 6);
	const char *target = db_target("migrate.db");
	struct rks_db *db = open_db("migrate.db", mk);
	char msg[512];
	char *out;

	CHECK_STR(rks_db_backend(db), on_pg() ? "PostgreSQL" : "SQLite");
	check_audit_list(db);
	check_pending_unlocked(db);
	rks_db_close(db);
	check_version(target, RKS_SCHEMA_VERSION);
	/* sealed under the master key: nonce, no plaintext, tag */
	out = db_sql(target, "SELECT name, length(value) FROM meta ORDER BY "
		     "name");
	CHECK_STR(out, "installation_id|32\nmk_check|28\n");
	free(out);
	CHECK_INT(try_open(target, other, 0, msg, sizeof(msg)),
		  -EKEYREJECTED);
	CHECK_HAS(msg, "not the one of this database");

	/* Steps behind: refused, then migrated. */
	free(db_sql(target, sql_undo_last()));
	free(db_sql(target, sql_set_version(rks_schema_keyblocks_step())));
	CHECK_INT(try_open(target, mk, 0, msg, sizeof(msg)),
		  -EPROTONOSUPPORT);
	CHECK_HAS(msg, "older than this program's");
	CHECK_HAS(msg, "rks-admin db migrate");
	check_version(target, rks_schema_keyblocks_step());
	CHECK_INT(try_open(target, mk, RKS_DB_MIGRATE, msg, sizeof(msg)), 0);
	check_version(target, RKS_SCHEMA_VERSION);
	/* the step made again: the key has its class's attributes */
	out = db_sql(target, "SELECT alg, kb_usage, kb_mode, kb_version FROM "
		     "keys WHERE dsn = 'MIG-2'");
	CHECK_STR(out, "T|K0|D|00\n");
	free(out);
	out = db_sql(target, "SELECT status, kb_usage, kb_mode FROM keys "
		     "WHERE dsn = 'MIG-4'");
	CHECK_STR(out, "delivered|P0|E\n");
	free(out);
	/* #16's steps made again: every record chained, an installation
	 * id, devices not retired */
	out = db_sql(target, "SELECT count(*) - count(chain) FROM audit");
	CHECK_STR(out, "0\n");
	free(out);
	out = db_sql(target, "SELECT count(*) FROM meta WHERE name = "
		     "'installation_id'");
	CHECK_STR(out, "1\n");
	free(out);
	out = db_sql(target, "SELECT retired FROM devices WHERE dsn = "
		     "'MIG-2'");
	CHECK_STR(out, "0\n");
	free(out);
	CHECK_INT(try_open(target, mk, 0, msg, sizeof(msg)), 0);

	/* Newer than ours. */
	free(db_sql(target, sql_set_version(99)));
	CHECK_INT(try_open(target, mk, RKS_DB_MIGRATE, msg, sizeof(msg)),
		  -EPROTONOSUPPORT);
	CHECK_HAS(msg, "schema version 99 is newer");
	free(db_sql(target, sql_set_version(RKS_SCHEMA_VERSION)));

	/* Somebody else's database is left alone. */
	target = db_target("migrate-other.db");
	free(db_sql(target, "CREATE TABLE t (x INTEGER)"));
	CHECK_INT(try_open(target, mk, RKS_DB_CREATE, msg, sizeof(msg)),
		  -ENOTSUP);
	CHECK_HAS(msg, "not an RKS one");
	out = db_sql(target, "SELECT count(*) FROM t");
	CHECK_STR(out, "0\n");
	free(out);
	suite_done("migrate");
}
