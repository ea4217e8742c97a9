/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db_internal.h - what the db*.c files share and callers do not see.
 *
 * Locking: every public function takes db->lock for its whole run, so a
 * handle may be shared by threads; the helpers below expect it held.
 */
#ifndef RKS_DB_INTERNAL_H
#define RKS_DB_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_admin.h"
#include "db_stmt.h"
#include "keystore.h"

#define RKS_SCHEMA_VERSION	7	/* see struct rks_backend's schema_* */
#define RKS_BUSY_TIMEOUT_MS	5000

/* A value at rest: nonce || AES-256-GCM ciphertext || tag (keystore.h). */
#define RKS_SEALED_LEN(n)	RKS_KS_SEALED_LEN(n)
#define RKS_SEALED_MAX		RKS_SEALED_LEN(32)

/* Associated data naming a row; see rks_aad_*(). */
#define RKS_AAD_MAX		160

/* Lengths the audit keeps of strings it is given (longer ones are cut). */
#define RKS_AUDIT_PEER_MAX	128
#define RKS_AUDIT_TEXT_MAX	1024

/*
 * Prepared statements kept for the next call with the same SQL text
 * (db_stmt.c): a server runs the same few statements for every session,
 * and parsing them again each time was a tenth of SQLite's share of its
 * CPU. Enough slots for all the server's statements; admin tools, which
 * run more distinct ones, prepare the rest each time as before.
 */
#define RKS_STMT_CACHE		48

struct rks_stmt_slot {
	char *sql;		/* its text (a copy); NULL: slot free */
	const char *given;	/* the caller's pointer to it, last time */
	struct rks_stmt *st;
	bool busy;		/* handed out, not yet given back */
};

struct rks_db {
	const struct rks_backend *be;
	struct rks_stmt_slot stmts[RKS_STMT_CACHE];
	void *conn;		/* the back end's connection */
	pthread_mutex_t lock;
	struct rks_keystore *ks;	/* the master key and the DIK1s */
	bool own_ks;			/* opened by rks_db_open_ex() */
	char msg[256];
	bool importing;		/* an rks_import holds the handle */
	bool no_mk;		/* rks_db_open_ro() without a master key */
	long long busy_since_ms;	/* be_sqlite.c: waiting for a lock */
};

/* db_util.c: locking, errors, statements, transactions */
void rks_db_lock(struct rks_db *db);
void rks_db_unlock(struct rks_db *db);

/* Records the reason (printf-style) for rks_db_errmsg(); returns @err. */
int rks_db_fail(struct rks_db *db, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same for the back end's last error on @db, as an errno; @what:
 * doing what. */
int rks_db_sql_fail(struct rks_db *db, const char *what);

/* be_sqlite.c: the errno for an SQLite result code. */
int rks_sqlite_errno(int rc);

/* One or more statements without parameters. */
int rks_db_exec(struct rks_db *db, const char *sql);

/*
 * Steps @sql: @bind (may be NULL) binds its parameters, then @row sees each
 * row until it returns non-zero; both get @arg. Returns the first non-zero
 * of @row, or 0 when the rows ran out, or -errno of an SQL error (reason:
 * "@what: <the back end's message>"). The caller holds the lock.
 */
int rks_db_each(struct rks_db *db, const char *sql,
		void (*bind)(struct rks_stmt *st, void *arg),
		int (*row)(struct rks_stmt *st, void *arg), void *arg,
		const char *what);

/*
 * Runs the one-row-changing statement @sql with @dsn as ?1; -errno of an
 * SQL error (reason: "@what: <the back end's message>").
 */
int rks_db_run_dsn(struct rks_db *db, const char *sql, const char *dsn,
		   const char *what);

/*
 * The one value (an integer; a boolean as 0 or 1) of the one row of @sql,
 * with @dsn as ?1 unless NULL; -errno of an SQL error or of no row
 * (reason: "@what: <the back end's message>").
 */
int rks_db_int(struct rks_db *db, const char *sql, const char *dsn,
	       int64_t *out, const char *what);

/* A write transaction (the back end's begin_write) / COMMIT / ROLLBACK. */
int rks_db_begin(struct rks_db *db);
/*
 * A read-only transaction: every statement in it sees one snapshot of the
 * database, without the write lock (so a reader never waits for the
 * writers, nor they for it); end it with rks_db_end() as the others.
 */
int rks_db_begin_read(struct rks_db *db);
int rks_db_commit(struct rks_db *db);
void rks_db_rollback(struct rks_db *db);

/* Ends a transaction: commits when @ret is 0, else rolls back; returns
 * @ret, or the commit's -errno. */
int rks_db_end(struct rks_db *db, int ret);

/* 0 and *@id = MAX(id) + 1 of @table (in a write transaction). */
int rks_db_next_id(struct rks_db *db, const char *table, int64_t *id);

int64_t rks_now(void);

/* Copies a TEXT column into @buf (@size bytes), cut to fit. */
void rks_column_text(struct rks_stmt *st, int col, char *buf, size_t size);

/* Copies a BLOB column of exactly @len bytes into @buf, or fails. */
bool rks_column_blob(struct rks_stmt *st, int col, uint8_t *buf, size_t len);

/* db_crypt.c: values at rest are sealed by the key store (keystore.h:
 * rks_ks_seal(), rks_ks_unseal()) with these associated data. */

void rks_aad_dik1(char aad[RKS_AAD_MAX], int64_t id);
/* A key's row; its attributes only when they are not the class's
 * defaults, so that rows sealed before key blocks still open */
void rks_aad_key(char aad[RKS_AAD_MAX], int64_t id, const char *dsn,
		 unsigned int slot, unsigned int usage, unsigned int len,
		 const struct rks_key_attr *attr);
void rks_aad_meta(char aad[RKS_AAD_MAX], const char *name);

/* A delivered key does not change: the trigger, as the schema makes it
 * (a migration to another master key lifts it for its transaction). */
#define RKS_SQL_KEYS_DELIVERED_STAYS \
	"CREATE TRIGGER keys_delivered_stays BEFORE UPDATE ON keys" \
	"  WHEN OLD.status = 'delivered' BEGIN" \
	"  SELECT RAISE(ABORT, 'a delivered key does not change'); END;"

/* The name of the meta row only the master key opens. */
#define RKS_MK_CHECK "mk_check"

/*
 * db_schema.c: create the schema, or upgrade it if @migrate (else refuse
 * an older one); check the master key. The upgrade steps of each back end:
 * db_schema.c (SQLite) and db_schema_pg.c (PostgreSQL).
 */
int rks_db_schema_init(struct rks_db *db, bool migrate);
extern const char *const rks_sqlite_steps[RKS_SCHEMA_VERSION];
extern const char *const rks_pg_steps[RKS_SCHEMA_VERSION];

/*
 * db_chain.c: the audit trail's hash chain (one definition, for the rows
 * and the archive files). A record: id, time, then peer, dsn (NULL: none),
 * outcome, detail, delivered keys, each @len bytes.
 */
struct rks_audit_row {
	int64_t id, time;
	const char *text[5];
	size_t len[5];
};

/* @h = SHA-256(@prev (32 bytes; NULL: none) || @line[0..@len)). */
int rks_chain_step(const uint8_t prev[32], const char *line, size_t len,
		   uint8_t h[32]);

/* The record's line (TAB-separated, escaped) into *@buf, grown as needed. */
int rks_audit_line(const struct rks_audit_row *r, char **buf, size_t *cap,
		   size_t *len);

/* @r from the columns id, time, peer, dsn, outcome, detail, delivered_keys
 * of @st from @col on (pointers valid until the next step). */
void rks_audit_row_from(struct rks_stmt *st, int col, struct rks_audit_row *r);

/* The id (r->id set) and chain of a row about to be appended. */
int rks_audit_chain_next(struct rks_db *db, struct rks_audit_row *r,
			 uint8_t chain[32]);

/* A checkpoint of row @audit_id, MACed by the key store's master key. */
int rks_audit_checkpoint_at(struct rks_db *db, int64_t audit_id,
			    const uint8_t chain[32]);
/* That checkpoint's MAC under @ks's master key, into @mac. */
int rks_audit_checkpoint_seal(struct rks_db *db, struct rks_keystore *ks,
			      int64_t audit_id, const uint8_t chain[32],
			      uint8_t mac[RKS_SEALED_LEN(0)]);
/* 0 if @mac is that checkpoint's MAC; -EBADMSG if not. */
int rks_audit_checkpoint_check(struct rks_db *db, int64_t audit_id,
			       const uint8_t chain[32], const uint8_t *mac,
			       size_t mac_len);

/* Every row's chain, in id order (the schema step that adds it). */
int rks_audit_chain_backfill(struct rks_db *db);

/* A checkpoint every this many records (and at `rks-admin audit
 * checkpoint`). */
#define RKS_AUDIT_CHECKPOINT_EVERY	64

/* db_schema.c: the versions schema_step_audit_chain and
 * schema_step_keyblocks upgrade from (tests take a database back to them). */
int rks_schema_audit_chain_step(void);
int rks_schema_keyblocks_step(void);

/* db_schema.c: a database opened read-only: its version and master key. */
int rks_db_schema_check(struct rks_db *db);

/* db_audit.c: one audit row, in the caller's transaction. */
int rks_db_audit_insert(struct rks_db *db, const char *dsn, const char *peer,
			const char *outcome, const char *detail,
			const char *keys);

/*
 * db_txn.c: a delivery and a failed authentication, as
 * rks_db_record_delivery() and rks_db_record_auth_failure_ex() do them,
 * inside the caller's transaction (the audit writer's group commit).
 */
int rks_db_delivery_txn(struct rks_db *db, const char *dsn, const char *peer,
			const struct rks_pending_key *keys, size_t n);
int rks_db_auth_failure_txn(struct rks_db *db, const char *dsn,
			    const char *peer, const char *outcome,
			    const struct rks_lockout *policy,
			    struct rks_lock_news *news);

/* db_device.c: the reason a device row was refused (the back end's). */
int rks_db_device_refused(struct rks_db *db, const char *dsn,
			  int64_t dik1_id);

/*
 * db_keys.c: opens the sealed value of the current row of a SELECT on keys
 * whose first columns are RKS_KEY_SEALED_COLS; checks it against its KCV.
 * -EBADMSG: does not authenticate; -EUCLEAN: KCV mismatch.
 */
#define RKS_KEY_SEALED_COLS \
	"id, slot, usage, len, value, kcv, alg, kb_usage, kb_mode, kb_version"
#define RKS_KEY_SEALED_NCOLS	10
int rks_db_key_unseal(struct rks_db *db, struct rks_stmt *st,
		      const char *dsn, struct rks_pending_key *k);

/*
 * db_each_key.c: every row of keys in id order, unsealed: @fn gets its id,
 * its DSN, rks_db_key_unseal()'s result (0, -EBADMSG, -EUCLEAN, ...) and,
 * when that is 0, the clear key (wiped when @fn returns; NULL otherwise).
 * Returns @fn's first non-zero, or -errno of an SQL error ("reading
 * keys"), or 0. The caller holds the lock.
 */
int rks_db_each_key(struct rks_db *db,
		    int (*fn)(int64_t id, const char *dsn, int err,
			      const struct rks_pending_key *k, void *arg),
		    void *arg);

/* Reads columns @col.. (alg, kb_usage, kb_mode, kb_version) into @a */
void rks_column_key_attr(struct rks_stmt *st, int col,
			 struct rks_key_attr *a);

/*
 * db_dik1.c: the key store's reference to the DIK1 of row @id (the clear
 * DIK1 for a file key store; caller wipes), checked against the row's KCV.
 */
int rks_db_dik1_read(struct rks_db *db, int64_t id,
		     struct rks_dik1_ref *ref, struct rks_dik1_info *info);

#endif /* RKS_DB_INTERNAL_H */
