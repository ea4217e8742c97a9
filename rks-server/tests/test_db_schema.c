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
	CHECK_STR(out, "audit audit_archives audit_watermark devices dik1s keys "
		  "meta\n");
	free(out);
	out = db_sql(path, "SELECT name, length(value) FROM meta");
	CHECK_STR(out, "mk_check|28\n");
	free(out);

	/* Opened again: the same schema, nothing added. */
	db = open_db("schema.db", mk);
	rks_db_close(db);
	out = db_sql(path, "SELECT count(*) FROM meta; PRAGMA user_version");
	snprintf(want, sizeof(want), "1\n%d\n", RKS_SCHEMA_VERSION);
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
 * The key-block step (#11) on a database of the schema before it: the
 * keys table made again as it was (no alg, no X9.143 attributes, lengths
 * 16 and 24 only), one key of each class in it, the version set back; on
 * opening, the step rebuilds the table, each key gets its class's
 * defaults, stays readable (its sealed value opens and matches its KCV),
 * and the indexes and the trigger are there again.
 */
static void test_keyblocks_step(void)
{
	static const unsigned int slots[] = { 1, 17, 18, 19 };
	const char *mk = make_master_key("step.key", 7);
	const char *path = test_path("step.db");
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	struct rks_db *db = open_db("step.db", mk);
	uint8_t key[24];
	char want[160], sql[640];
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
	/* (the step before it is the last but one) */
	snprintf(sql, sizeof(sql), "CREATE TABLE k1 (id INTEGER PRIMARY KEY, "
		 "dsn TEXT NOT NULL REFERENCES devices(dsn), slot INTEGER NOT "
		 "NULL, usage INTEGER NOT NULL, len INTEGER NOT NULL CHECK "
		 "(len IN (16, 24)), value BLOB NOT NULL, kcv BLOB NOT NULL, "
		 "status TEXT NOT NULL DEFAULT 'pending', created INTEGER "
		 "NOT NULL, delivered INTEGER); INSERT INTO k1 SELECT id, "
		 "dsn, slot, usage, len, value, kcv, status, created, "
		 "delivered FROM keys; DROP TABLE keys; ALTER TABLE k1 "
		 "RENAME TO keys; PRAGMA user_version = %d",
		 RKS_SCHEMA_VERSION - 1);
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

void test_db_schema(void)
{
	test_create();
	test_keyblocks_step();
	test_master_key_refusals();
	test_open_refusals();
	test_master_key_create();
	suite_done("schema");
}
