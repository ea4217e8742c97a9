// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_schema.c - creating and opening the database: file modes, the
 * schema and its version, WAL, and every refusal of a master key file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "db_internal.h"	/* RKS_SCHEMA_VERSION */
#include "test_db.h"

static void test_create(void)
{
	const char *mk = make_master_key("schema.key", 1);
	const char *path = db_target("schema.db");
	struct rks_db *db = open_db("schema.db", mk);
	struct stat sb;
	char want[32];
	char *out;

	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	rks_db_close(db);

	out = db_sql(path, "PRAGMA user_version; PRAGMA journal_mode;");
	snprintf(want, sizeof(want), "%d\nwal\n", RKS_SCHEMA_VERSION);
	CHECK_STR(out, want);
	free(out);
	out = db_sql(path, "SELECT group_concat(name, ' ') FROM (SELECT name "
		     "FROM sqlite_schema WHERE type = 'table' ORDER BY name)");
	CHECK_STR(out, "audit audit_archives audit_checkpoints audit_watermark "
		  "devices dik1s keys meta\n");
	free(out);
	out = db_sql(path, "SELECT name, length(value) FROM meta");
	CHECK_STR(out, "installation_id|32\nmk_check|28\n");
	free(out);

	/* Opened again: the same schema, nothing added. */
	db = open_db("schema.db", mk);
	rks_db_close(db);
	out = db_sql(path, "SELECT count(*) FROM meta; PRAGMA user_version");
	snprintf(want, sizeof(want), "2\n%d\n", RKS_SCHEMA_VERSION);
	CHECK_STR(out, want);
	free(out);
}

static void test_master_key_refusals(void)
{
	const char *path = db_target("schema.db");
	const char *mk = test_path("bad.key");
	uint8_t bytes[40] = { 0 };
	static const int modes[] = { 0644, 0640, 0604, 0660, 0700, 0666 };
	char msg[512], want[64];
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		make_master_key("bad.key", 1);
		chmod(mk, (mode_t)modes[i]);
		CHECK_INT(try_open(path, mk, 0, msg, sizeof(msg)), -EPERM);
		CHECK_HAS(msg, mk);
		snprintf(want, sizeof(want), "has mode %04o", modes[i]);
		CHECK_HAS(msg, want);
		CHECK_HAS(msg, "must be 0600");
	}
	/* Owner read-only is as good. */
	make_master_key("bad.key", 1);
	chmod(mk, 0400);
	CHECK_INT(try_open(path, mk, 0, msg, sizeof(msg)), 0);
	CHECK_STR(msg, "");

	write_file(mk, bytes, 31, 0600);
	CHECK_INT(try_open(path, mk, 0, msg, sizeof(msg)), -EINVAL);
	CHECK_HAS(msg, "holds 31 bytes; it must hold exactly 32");
	write_file(mk, bytes, 33, 0600);
	CHECK_INT(try_open(path, mk, 0, msg, sizeof(msg)), -EINVAL);
	CHECK_HAS(msg, "holds more than 32 bytes");
	write_file(mk, bytes, 0, 0600);
	CHECK_INT(try_open(path, mk, 0, msg, sizeof(msg)), -EINVAL);

	CHECK_INT(try_open(path, test_path("none.key"), 0, msg, sizeof(msg)),
		  -ENOENT);
	CHECK_HAS(msg, "none.key");
	CHECK_INT(try_open(path, test_dir(), 0, msg, sizeof(msg)) < 0, 1);

	/* Another key (well-formed, 0600): not this database's. */
	make_master_key("other.key", 2);
	CHECK_INT(try_open(path, test_path("other.key"), 0, msg, sizeof(msg)),
		  -EKEYREJECTED);
	CHECK_HAS(msg, "not the one of this database");
}

static void test_open_refusals(void)
{
	const char *mk = make_master_key("schema.key", 1);
	const char *path = db_target("new.db");
	char msg[512], sql[48];
	char *out;
	struct stat sb;

	/* Without RKS_DB_CREATE a missing database stays missing. */
	CHECK_INT(try_open(path, mk, 0, msg, sizeof(msg)), -ENOENT);
	CHECK_HAS(msg, "does not exist");
	CHECK(stat(path, &sb) != 0);

	/* A schema newer than ours. */
	free(db_sql(db_target("schema.db"), "PRAGMA user_version = 99"));
	CHECK_INT(try_open(db_target("schema.db"), mk, 0, msg, sizeof(msg)),
		  -EPROTONOSUPPORT);
	CHECK_HAS(msg, "schema version 99 is newer");
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 RKS_SCHEMA_VERSION);
	free(db_sql(db_target("schema.db"), sql));
	CHECK_INT(try_open(db_target("schema.db"), mk, 0, msg, sizeof(msg)),
		  0);

	/* Somebody else's SQLite database is left alone. */
	free(db_sql(db_target("other.db"), "CREATE TABLE t (x)"));
	CHECK_INT(try_open(db_target("other.db"), mk, RKS_DB_CREATE, msg,
			   sizeof(msg)), -ENOTSUP);
	CHECK_HAS(msg, "not an RKS one");
	out = db_sql(db_target("other.db"), "PRAGMA user_version; SELECT "
		     "count(*) FROM sqlite_schema");
	CHECK_STR(out, "0\n1\n");
	free(out);

	/* Not a database at all. */
	write_file(test_path("junk.db"), "this is not sqlite, no sir, not at "
		   "all, not even close!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
		   "!!!!!!!!!!!!!!", 100, 0600);
	CHECK(try_open(test_path("junk.db"), mk, 0, msg, sizeof(msg)) < 0);
}

static void test_master_key_create(void)
{
	const char *path = test_path("created.key");
	uint8_t buf[64];
	struct stat sb;
	char msg[256];
	FILE *f;

	CHECK_INT(rks_master_key_create(path, msg, sizeof(msg)), 0);
	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT(sb.st_mode & 07777, 0600);
	CHECK_INT(sb.st_size, 32);
	f = fopen(path, "rb");
	CHECK(f && fread(buf, 1, sizeof(buf), f) == 32);
	if (f)
		fclose(f);
	/* Never overwritten. */
	CHECK_INT(rks_master_key_create(path, msg, sizeof(msg)), -EEXIST);
	CHECK_HAS(msg, path);
	f = fopen(path, "rb");
	CHECK(f && fread(buf + 32, 1, 32, f) == 32 && !memcmp(buf, buf + 32,
							       32));
	if (f)
		fclose(f);
	/* And it opens a database. */
	rks_db_close(open_db("created.db", path));
}

/*
 * SQL that undoes the steps from the audit chain on (#16: the chain, the
 * installation id, the lifecycle's columns and triggers), for tests that
 * take a database back to a version at or before the chain step.
 */
#define UNDO_CHAIN_AND_LATER \
	"DROP TRIGGER audit_no_update; DROP TRIGGER audit_chained;" \
	"DROP TABLE audit_checkpoints;" \
	"ALTER TABLE audit DROP COLUMN chain;" \
	"ALTER TABLE audit_archives DROP COLUMN chain;" \
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN" \
	"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;" \
	"DELETE FROM meta WHERE name = 'installation_id';" \
	"DROP TRIGGER devices_retired_stays;" \
	"DROP TRIGGER devices_current_dik1;" \
	"ALTER TABLE devices DROP COLUMN retired;" \
	"ALTER TABLE dik1s DROP COLUMN retired;"

/*
 * The key-block step (#11) on a database of the schema before it: the
 * keys table made again as it was (no alg, no X9.143 attributes, lengths
 * 16 and 24 only), one key of each class in it, the version set back; on
 * opening, the step rebuilds the table, each key gets its class's
 * defaults, stays readable (its sealed value opens and matches its KCV),
 * and the indexes and the trigger are there again. The steps after it
 * (#16's) are undone too, so that they run again after it.
 */
static void test_keyblocks_step(void)
{
	static const unsigned int slots[] = { 1, 17, 18, 19 };
	const char *mk = make_master_key("step.key", 7);
	const char *path = test_path("step.db");
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	struct rks_db *db = open_db("step.db", mk);
	uint8_t key[24];
	char want[160], sql[1536];
	size_t n = 0, i;
	char *out;

	CHECK_INT(rks_db_device_add(db, "STEP-1", add_dik1(db, 7), "t"), 0);
	for (i = 0; i < 4; i++) {
		struct rks_key_info info;

		test_key(key, 16, (uint8_t)(40 + i));
		CHECK_INT(rks_db_key_add(db, "STEP-1", slots[i],
					 (unsigned int)i + 1, key, 16, "t",
					 &info), 0);
	}
	rks_db_close(db);
	snprintf(sql, sizeof(sql), UNDO_CHAIN_AND_LATER
		 "CREATE TABLE k1 (id INTEGER PRIMARY KEY, "
		 "dsn TEXT NOT NULL REFERENCES devices(dsn), slot INTEGER NOT "
		 "NULL, usage INTEGER NOT NULL, len INTEGER NOT NULL CHECK "
		 "(len IN (16, 24)), value BLOB NOT NULL, kcv BLOB NOT NULL, "
		 "status TEXT NOT NULL DEFAULT 'pending', created INTEGER "
		 "NOT NULL, delivered INTEGER); INSERT INTO k1 SELECT id, "
		 "dsn, slot, usage, len, value, kcv, status, created, "
		 "delivered FROM keys; DROP TABLE keys; ALTER TABLE k1 "
		 "RENAME TO keys; PRAGMA user_version = %d",
		 rks_schema_keyblocks_step());
	free(db_sql(path, sql));

	db = open_db("step.db", mk);
	out = db_sql(path, "PRAGMA user_version; SELECT group_concat(usage "
		     "|| alg || kb_usage || kb_mode || kb_version, ' ') FROM "
		     "(SELECT * FROM keys ORDER BY slot); SELECT group_concat("
		     "name, ' ') FROM (SELECT name FROM sqlite_schema WHERE "
		     "tbl_name = 'keys' AND type != 'table' ORDER BY name)");
	snprintf(want, sizeof(want), "%d\n1TK0D00 2TP0E00 "
		 "3TM3C00 4TD0B00\nkeys_by_dsn keys_delivered_stays "
		 "keys_pending\n", RKS_SCHEMA_VERSION);
	CHECK_STR(out, want);
	free(out);
	CHECK_INT(rks_db_pending_keys(db, "STEP-1", keys, RKS_KEYS_PER_SESSION,
				      &n), 0);
	CHECK_INT(n, 4);
	test_key(key, 16, 41);
	CHECK_MEM(keys[1].key, key, 16);
	CHECK(!strcmp(keys[1].attr.usage, "P0") && keys[1].attr.mode == 'E');
	OPENSSL_cleanse(keys, sizeof(keys));
	/* the rebuilt table keeps its rules: 32 bytes is for AES only */
	out = db_sql(path, "SELECT count(*) FROM keys WHERE len = 32");
	CHECK_STR(out, "0\n");
	free(out);
	rks_db_close(db);
}

/*
 * The step that chains the audit trail (#16) chains the records already
 * there, in the upgrade's transaction: a database taken back to the
 * version before it (its chains gone, the column dropped, and what the
 * steps after it add: the installation id, the lifecycle's columns; the
 * key-block step of #11 comes before it and stays) comes out of the
 * upgrade with a trail that verifies, and new records follow on.
 */
static void test_chain_upgrade(void)
{
	const char *mk = make_master_key("chain.key", 3);
	const char *path = test_path("chain.db");
	struct rks_audit_verdict v;
	struct rks_db *db = open_db("chain.db", mk);
	char sql[1536], msg[256], *out;
	int i;

	for (i = 0; i < 5; i++)
		CHECK_INT(rks_db_audit(db, NULL, "test", "older", "x"), 0);
	rks_db_close(db);
	snprintf(sql, sizeof(sql),
		 UNDO_CHAIN_AND_LATER
		 "PRAGMA user_version = %d;", rks_schema_audit_chain_step());
	free(db_sql(path, sql));
	free(db_sql(path, "SELECT 1"));

	db = open_db("chain.db", mk);	/* upgrades */
	CHECK_INT(rks_db_audit(db, NULL, "test", "newer", "y"), 0);
	CHECK_INT(rks_db_audit_verify(db, &v), 0);
	CHECK_INT(v.rows, 6);		/* 5 before the upgrade, 1 after */
	CHECK_INT(v.bad_id, 0);
	rks_db_close(db);

	/* read-only, without the master key: the chain alone */
	CHECK_INT(rks_db_open_ro(path, NULL, &db, msg, sizeof(msg)), 0);
	CHECK_INT(rks_db_audit_verify(db, &v), 0);
	CHECK(!v.macs);
	CHECK_INT(v.rows, 6);
	rks_db_close(db);

	/* a checkpoint every RKS_AUDIT_CHECKPOINT_EVERY records, MACed */
	db = open_db("chain.db", mk);
	for (i = 6; i < 2 * RKS_AUDIT_CHECKPOINT_EVERY + 1; i++)
		CHECK_INT(rks_db_audit(db, NULL, "test", "more", "z"), 0);
	CHECK_INT(rks_db_audit_verify(db, &v), 0);
	CHECK(v.macs);
	CHECK_INT(v.rows, 2 * RKS_AUDIT_CHECKPOINT_EVERY + 1);
	CHECK_INT(v.checkpoints, 2);
	rks_db_close(db);
	out = db_sql(path, "SELECT group_concat(audit_id) FROM "
		     "audit_checkpoints");
	CHECK_STR(out, "64,128\n");
	free(out);
}

void test_db_schema(void)
{
	test_create();
	test_keyblocks_step();
	test_master_key_refusals();
	test_open_refusals();
	test_master_key_create();
	test_chain_upgrade();
	suite_done("schema");
}
