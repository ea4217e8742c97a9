// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_schema.c - the tables in SQLite's dialect (db_schema_pg.c has them in
 * PostgreSQL's, step for step), their versioning (the back end's
 * schema_version), and the check that the master key is this database's.
 *
 * Times are Unix seconds (UTC). Key values are sealed (db_crypt.c): 12-byte
 * nonce, ciphertext, 16-byte tag. The CHECK constraints restate the rules
 * the C code enforces, so a row edited by hand cannot break them either.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

/*
 * The keys table's indexes and trigger: version 1 makes them, and the
 * key-block step makes them again on the table it rebuilds.
 */
#define KEYS_INDEXES_AND_TRIGGER \
	"CREATE INDEX keys_by_dsn ON keys(dsn, slot);" \
	/* What a session delivers: at most one pending key per slot. */ \
	"CREATE UNIQUE INDEX keys_pending ON keys(dsn, slot)" \
	"  WHERE status = 'pending';" \
	RKS_SQL_KEYS_DELIVERED_STAYS

/* Version 1. A later version adds an upgrade step below, never edits this. */
static const char schema_v1[] =
	"CREATE TABLE meta ("
	"  name TEXT PRIMARY KEY NOT NULL,"
	"  value BLOB NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE dik1s ("
	"  id INTEGER PRIMARY KEY,"
	"  label TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 64),"
	"  value BLOB NOT NULL CHECK (length(value) = 52),"
	"  kcv BLOB NOT NULL CHECK (length(kcv) = 3),"
	"  created INTEGER NOT NULL"
	");"

	"CREATE TABLE devices ("
	"  dsn TEXT PRIMARY KEY NOT NULL"
	"      CHECK (length(dsn) BETWEEN 1 AND 32),"
	"  dik1_id INTEGER NOT NULL REFERENCES dik1s(id),"
	"  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),"
	"  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),"
	"  created INTEGER NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE keys ("
	"  id INTEGER PRIMARY KEY,"
	"  dsn TEXT NOT NULL REFERENCES devices(dsn),"
	"  slot INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 47),"
	"  usage INTEGER NOT NULL CHECK (usage BETWEEN 1 AND 4),"
	"  len INTEGER NOT NULL CHECK (len IN (16, 24)),"
	"  value BLOB NOT NULL CHECK (length(value) = len + 28),"
	"  kcv BLOB NOT NULL CHECK (length(kcv) = 3),"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"      CHECK (status IN ('pending', 'delivered')),"
	"  created INTEGER NOT NULL,"
	"  delivered INTEGER,"
	"  CHECK ((usage = 1) = (slot < 16)),"
	"  CHECK ((status = 'delivered') = (delivered IS NOT NULL))"
	");"
	KEYS_INDEXES_AND_TRIGGER

	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  time INTEGER NOT NULL,"
	"  peer TEXT NOT NULL DEFAULT '',"
	"  dsn TEXT,"
	"  outcome TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  delivered_keys TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX audit_by_dsn ON audit(dsn, id);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;";

/*
 * The lockout an outsider cannot weaponise (Documentation/rks-server.md,
 * "Lockout"): the failures of a DSN lock it for a while, longer each time
 * (locks: temporary locks since its last delivery; locked_until: Unix
 * seconds, 0 none), and "locked" becomes the administrator's lock, for
 * good until rks-admin unlocks it. A lock the server set before this step
 * stays, as an administrator's: nobody has looked at it yet.
 */
static const char schema_step_lockout[] =
	"ALTER TABLE devices ADD COLUMN locks INTEGER NOT NULL DEFAULT 0"
	"  CHECK (locks >= 0);"
	"ALTER TABLE devices ADD COLUMN locked_until INTEGER NOT NULL"
	"  DEFAULT 0 CHECK (locked_until >= 0);";

/*
 * Retention (db_archive.c): `rks-admin audit archive` moves the oldest
 * records into a file whose hash chain ends in a value kept here, one row
 * per archive. The audit table still refuses every DELETE but of records
 * at or below a watermark, which rises only to the end of a recorded
 * archive, in the archive's own transaction: nothing else can delete a
 * record, and no record goes without the archive that holds it.
 */
static const char schema_step_archive[] =
	"CREATE TABLE audit_archives ("
	"  id INTEGER PRIMARY KEY,"
	"  time INTEGER NOT NULL,"
	"  older_than INTEGER NOT NULL,"
	"  first_id INTEGER NOT NULL CHECK (first_id >= 1),"
	"  last_id INTEGER NOT NULL CHECK (last_id >= first_id),"
	"  count INTEGER NOT NULL"
	"      CHECK (count BETWEEN 1 AND last_id - first_id + 1),"
	"  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
	"  file TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TRIGGER audit_archives_no_update BEFORE UPDATE ON"
	"  audit_archives BEGIN"
	"  SELECT RAISE(ABORT, 'an archive record does not change'); END;"
	"CREATE TRIGGER audit_archives_no_delete BEFORE DELETE ON"
	"  audit_archives BEGIN"
	"  SELECT RAISE(ABORT, 'an archive record does not change'); END;"
	"CREATE TRIGGER audit_archives_in_order BEFORE INSERT ON"
	"  audit_archives WHEN NEW.first_id <= coalesce((SELECT max(last_id)"
	"  FROM audit_archives), 0) BEGIN"
	"  SELECT RAISE(ABORT, 'an archive follows the one before'); END;"

	"CREATE TABLE audit_watermark ("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  id INTEGER NOT NULL CHECK (id >= 0)"
	");"
	"INSERT INTO audit_watermark (one, id) VALUES (1, 0);"
	"CREATE TRIGGER audit_watermark_one BEFORE INSERT ON audit_watermark"
	"  BEGIN SELECT RAISE(ABORT, 'the audit watermark is one row'); END;"
	"CREATE TRIGGER audit_watermark_stays BEFORE DELETE ON audit_watermark"
	"  BEGIN SELECT RAISE(ABORT, 'the audit watermark is one row'); END;"
	"CREATE TRIGGER audit_watermark_rises BEFORE UPDATE ON audit_watermark"
	"  WHEN NEW.one IS NOT 1 OR NEW.id < OLD.id OR NEW.id IS NOT"
	"  coalesce((SELECT max(last_id) FROM audit_archives), 0) BEGIN"
	"  SELECT RAISE(ABORT, 'the audit watermark only rises, to the end"
	" of a recorded archive'); END;"

	"DROP TRIGGER audit_no_delete;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  WHEN OLD.id > (SELECT id FROM audit_watermark) BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only (only rks-admin"
	" audit archive removes records, once archived)'); END;";

/*
 * Key blocks and AES keys (#11): each key keeps the X9.143 attributes its
 * key block carries (algorithm 'T' or 'A', usage, mode of use, key version
 * number), and AES keys are 16, 24 or 32 bytes. SQLite cannot alter a
 * CHECK, so the table is rebuilt, with its indexes and its trigger.
 * Existing rows are TDES and take their class's defaults (as rks_db_key_add()
 * does when told nothing): TMK K0/D, PIN P0/E, MAC M3/C, DATA D0/B, "00".
 */
static const char schema_step_keyblocks[] =
	"CREATE TABLE keys_v2 ("
	"  id INTEGER PRIMARY KEY,"
	"  dsn TEXT NOT NULL REFERENCES devices(dsn),"
	"  slot INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 47),"
	"  usage INTEGER NOT NULL CHECK (usage BETWEEN 1 AND 4),"
	"  alg TEXT NOT NULL DEFAULT 'T' CHECK (alg IN ('T', 'A')),"
	"  len INTEGER NOT NULL CHECK (len IN (16, 24, 32)),"
	"  kb_usage TEXT NOT NULL CHECK (kb_usage IN ('K0', 'K1', 'P0',"
	"      'D0', 'M1', 'M3', 'M6')),"
	"  kb_mode TEXT NOT NULL CHECK (length(kb_mode) = 1),"
	"  kb_version TEXT NOT NULL DEFAULT '00'"
	"      CHECK (length(kb_version) = 2),"
	"  value BLOB NOT NULL CHECK (length(value) = len + 28),"
	"  kcv BLOB NOT NULL CHECK (length(kcv) = 3),"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"      CHECK (status IN ('pending', 'delivered')),"
	"  created INTEGER NOT NULL,"
	"  delivered INTEGER,"
	"  CHECK ((usage = 1) = (slot < 16)),"
	"  CHECK ((status = 'delivered') = (delivered IS NOT NULL)),"
	"  CHECK (alg = 'A' OR len IN (16, 24)),"
	"  CHECK (CASE usage WHEN 1 THEN kb_usage IN ('K0', 'K1')"
	"      WHEN 2 THEN kb_usage = 'P0' WHEN 3 THEN kb_usage IN"
	"      ('M1', 'M3', 'M6') ELSE kb_usage = 'D0' END)"
	");"
	"INSERT INTO keys_v2 (id, dsn, slot, usage, alg, len, kb_usage,"
	"  kb_mode, kb_version, value, kcv, status, created, delivered)"
	"  SELECT id, dsn, slot, usage, 'T', len,"
	"  CASE usage WHEN 1 THEN 'K0' WHEN 2 THEN 'P0' WHEN 3 THEN 'M3'"
	"    ELSE 'D0' END,"
	"  CASE usage WHEN 1 THEN 'D' WHEN 2 THEN 'E' WHEN 3 THEN 'C'"
	"    ELSE 'B' END,"
	"  '00', value, kcv, status, created, delivered FROM keys;"
	"DROP TABLE keys;"
	"ALTER TABLE keys_v2 RENAME TO keys;"
	KEYS_INDEXES_AND_TRIGGER;

/*
 * The audit trail proves itself (db_chain.c): each record carries the
 * SHA-256 chain over itself and the records before it (filled in for the
 * records already there by rks_audit_chain_backfill() in the same
 * transaction, the one UPDATE the trigger allows: a chain set once);
 * checkpoints keep a record's chain under a MAC by the master key (the
 * key store's seal of nothing, bound to the id and chain: 28 bytes); an
 * archive keeps the chain of its last record, where the rows' chain goes
 * on. A new record must carry its chain.
 */
static const char schema_step_audit_chain[] =
	"ALTER TABLE audit ADD COLUMN chain BLOB"
	"  CHECK (chain IS NULL OR length(chain) = 32);"
	"ALTER TABLE audit_archives ADD COLUMN chain BLOB"
	"  CHECK (chain IS NULL OR length(chain) = 32);"
	"DROP TRIGGER audit_no_update;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  WHEN OLD.chain IS NOT NULL OR NEW.chain IS NULL"
	"  OR NEW.id IS NOT OLD.id OR NEW.time IS NOT OLD.time"
	"  OR NEW.peer IS NOT OLD.peer OR NEW.dsn IS NOT OLD.dsn"
	"  OR NEW.outcome IS NOT OLD.outcome OR NEW.detail IS NOT OLD.detail"
	"  OR NEW.delivered_keys IS NOT OLD.delivered_keys BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_chained BEFORE INSERT ON audit"
	"  WHEN NEW.chain IS NULL BEGIN"
	"  SELECT RAISE(ABORT, 'an audit record carries its hash chain'); END;"
	"CREATE TABLE audit_checkpoints ("
	"  id INTEGER PRIMARY KEY,"
	"  time INTEGER NOT NULL,"
	"  audit_id INTEGER NOT NULL CHECK (audit_id >= 1),"
	"  chain BLOB NOT NULL CHECK (length(chain) = 32),"
	"  mac BLOB NOT NULL CHECK (length(mac) = 28)"
	");"
	/* its MAC alone is sealed again by a master key rotation */
	"CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON"
	"  audit_checkpoints WHEN NEW.id IS NOT OLD.id"
	"  OR NEW.time IS NOT OLD.time OR NEW.audit_id IS NOT OLD.audit_id"
	"  OR NEW.chain IS NOT OLD.chain BEGIN"
	"  SELECT RAISE(ABORT, 'a checkpoint does not change'); END;"
	"CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON"
	"  audit_checkpoints BEGIN"
	"  SELECT RAISE(ABORT, 'a checkpoint does not change'); END;";

/*
 * Backups (db_backup.c): each database gets an installation id, random,
 * once; a restore over a database refuses a backup with another.
 */
static const char schema_step_installation[] =
	"INSERT INTO meta (name, value) VALUES ('installation_id',"
	"  lower(hex(randomblob(16))));";

/*
 * Lifecycle (db_lifecycle.c): a retired device (retired: Unix s, 0 not)
 * is locked for good and stays so; a retired DIK1 takes no new device
 * (the ones made with it keep it).
 */
static const char schema_step_lifecycle[] =
	"ALTER TABLE devices ADD COLUMN retired INTEGER NOT NULL DEFAULT 0"
	"  CHECK (retired >= 0);"
	"ALTER TABLE dik1s ADD COLUMN retired INTEGER NOT NULL DEFAULT 0"
	"  CHECK (retired >= 0);"
	"CREATE TRIGGER devices_retired_stays BEFORE UPDATE ON devices"
	"  WHEN OLD.retired != 0 AND (NEW.retired = 0 OR NEW.locked = 0) BEGIN"
	"  SELECT RAISE(ABORT, 'a retired device stays retired'); END;"
	"CREATE TRIGGER devices_current_dik1 BEFORE INSERT ON devices"
	"  WHEN (SELECT retired FROM dik1s WHERE id = NEW.dik1_id) != 0 BEGIN"
	"  SELECT RAISE(ABORT, 'the DIK1 is retired'); END;";

/*
 * Upgrades: steps[v] takes a database from version v to v + 1. Version 0
 * is an empty file.
 */
const char *const rks_sqlite_steps[RKS_SCHEMA_VERSION] = {
	[0] = schema_v1,
	[1] = schema_step_lockout,
	[2] = schema_step_archive,
	[3] = schema_step_keyblocks,
	[4] = schema_step_audit_chain,
	[5] = schema_step_installation,
	[6] = schema_step_lifecycle,
};

#define MK_CHECK RKS_MK_CHECK

/* A new database remembers a value only its master key opens. */
static int store_mk_check(struct rks_db *db)
{
	uint8_t sealed[RKS_SEALED_LEN(0)];
	char aad[RKS_AAD_MAX];
	struct rks_stmt *st;
	int ret;

	rks_aad_meta(aad, MK_CHECK);
	ret = rks_ks_seal(db->ks, aad, NULL, 0, sealed);
	if (ret)
		return rks_db_fail(db, ret, "sealing the master key check");
	ret = rks_db_prepare(db, "INSERT INTO meta (name, value) "
			     "VALUES (?1, ?2)", &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, MK_CHECK);
	rks_bind_blob(st, 2, sealed, sizeof(sealed));
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "storing the master key check");
	rks_finalize(st);
	return ret;
}

static int verify_mk_check(struct rks_db *db)
{
	char aad[RKS_AAD_MAX];
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, "SELECT value FROM meta WHERE name = ?1",
			     &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, MK_CHECK);
	ret = rks_step(st);
	if (ret == RKS_ROW) {
		rks_aad_meta(aad, MK_CHECK);
		ret = rks_ks_unseal(db->ks, aad, rks_col_blob(st, 0),
				    (size_t)rks_col_bytes(st, 0), NULL, 0);
		if (ret)
			ret = rks_db_fail(db, -EKEYREJECTED, "the master key "
					  "is not the one of this database");
	} else if (ret == RKS_DONE) {
		ret = rks_db_fail(db, -ENOTSUP, "the database has no master "
				  "key check: not an RKS database");
	} else {
		ret = rks_db_sql_fail(db, "reading the master key check");
	}
	rks_finalize(st);
	return ret;
}

static int upgrade(struct rks_db *db, int64_t from)
{
	int64_t v;
	int ret;

	for (v = from; v < RKS_SCHEMA_VERSION; v++) {
		ret = rks_db_exec(db, db->be->steps[v]);
		/* the same step in either dialect (db_schema_pg.c) */
		if (!ret && v == rks_schema_audit_chain_step())
			ret = rks_audit_chain_backfill(db);
		if (ret)
			return ret;
	}
	if (from == 0) {
		ret = store_mk_check(db);
		if (ret)
			return ret;
	}
	return db->be->schema_set_version(db, RKS_SCHEMA_VERSION);
}

/*
 * The version a step upgrades from: its index in rks_sqlite_steps[] (its
 * PostgreSQL twin has the same one in rks_pg_steps[]), -1 if none.
 */
static int step_of(const char *step)
{
	int v;

	for (v = 0; v < RKS_SCHEMA_VERSION; v++)
		if (rks_sqlite_steps[v] == step)
			return v;
	return -1;
}

int rks_schema_audit_chain_step(void)
{
	return step_of(schema_step_audit_chain);
}

int rks_schema_keyblocks_step(void)
{
	return step_of(schema_step_keyblocks);
}

int rks_db_schema_check(struct rks_db *db)
{
	int64_t version = 0;
	int ret;

	ret = db->be->schema_version(db, &version);
	if (!ret && version != RKS_SCHEMA_VERSION)
		ret = rks_db_fail(db, -EPROTONOSUPPORT, "schema version %"
				  PRId64 ", not this program's (%d): `rks-admin"
				  " db migrate` upgrades an older one", version,
				  RKS_SCHEMA_VERSION);
	if (!ret && !db->no_mk)
		ret = verify_mk_check(db);
	return ret;
}

int rks_db_schema_init(struct rks_db *db, bool migrate)
{
	int64_t version = 0, tables = 0;
	int ret;

	/* The write lock first, so two processes cannot both create it. */
	ret = rks_db_begin(db);
	if (ret)
		return ret;
	ret = db->be->schema_version(db, &version);
	if (!ret && version == 0)
		ret = db->be->schema_objects(db, &tables);
	if (ret)
		goto fail;
	if (version == 0 && tables != 0) {
		ret = rks_db_fail(db, -ENOTSUP, "an %s database, but not "
				  "an RKS one (schema version 0 and %" PRId64
				  " objects)", db->be->name, tables);
		goto fail;
	}
	if (version > RKS_SCHEMA_VERSION) {
		ret = rks_db_fail(db, -EPROTONOSUPPORT, "schema version %" PRId64
				  " is newer than this program's (%d)", version,
				  RKS_SCHEMA_VERSION);
		goto fail;
	}
	/* An empty database is made whole; an older one only on request. */
	if (version > 0 && version < RKS_SCHEMA_VERSION && !migrate) {
		ret = rks_db_fail(db, -EPROTONOSUPPORT, "schema version %" PRId64
				  " is older than this program's (%d): run "
				  "`rks-admin db migrate`", version,
				  RKS_SCHEMA_VERSION);
		goto fail;
	}
	if (version < RKS_SCHEMA_VERSION) {
		ret = upgrade(db, version);
		if (ret)
			goto fail;
	}
	ret = verify_mk_check(db);
	if (ret)
		goto fail;
	return rks_db_commit(db);
fail:
	rks_db_rollback(db);
	return ret;
}
