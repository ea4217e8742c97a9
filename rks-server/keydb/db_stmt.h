/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db_stmt.h - the key database's statement layer: what the db_*.c files
 * call instead of a database library, so that one set of SQL texts runs on
 * either back end (be_sqlite.c, be_pg.c).
 *
 * SQL is written once, in SQLite's spelling of parameters (?1, ?2, ... or
 * ?); the PostgreSQL back end renumbers them ($1, $2, ...). What the two
 * dialects do differently (the schema, its version, the write lock) lives
 * in the back end's struct rks_backend, one per back end.
 *
 * Every call expects db->lock held (db_internal.h).
 */
#ifndef RKS_DB_STMT_H
#define RKS_DB_STMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rks_db;

/* rks_step()'s answers besides a -errno (reason: rks_db_sql_fail()). */
#define RKS_ROW		100	/* a row is there to read */
#define RKS_DONE	101	/* the statement ran to its end */

/* What a failed statement broke, for callers that word the refusal. */
enum rks_sql_err {
	RKS_SQL_OTHER,
	RKS_SQL_UNIQUE,		/* a primary key or a unique index */
	RKS_SQL_FOREIGN_KEY,
	RKS_SQL_TRIGGER,	/* a trigger refused the row (its message) */
};

/* A prepared statement of one back end; opaque. */
struct rks_stmt {
	struct rks_db *db;
	void *impl;
	int slot;		/* its db->stmts[] slot, or -1 (db_internal.h) */
};

/* The back ends; @target is what the config's `database =` says. */
struct rks_backend {
	const char *name;
	/* 0 if @target is there, or -errno and @msg (NULL: not known
	 * before opening) */
	int (*exists)(const char *target, char *msg, size_t msg_size);
	/* 0, or -errno and @msg; @create: make the database if missing */
	int (*open)(struct rks_db *db, const char *target, bool create,
		    char *msg, size_t msg_size);
	/* the same, read-only: nothing written, no schema made or upgraded
	 * (rks_db_open_ro: the audit trail, a backup on read-only media) */
	int (*open_ro)(struct rks_db *db, const char *target, char *msg,
		       size_t msg_size);
	void (*close)(struct rks_db *db);
	/* one or more statements without parameters */
	int (*exec)(struct rks_db *db, const char *sql);
	int (*prepare)(struct rks_db *db, const char *sql, void **impl);
	/* prepared statements may be kept and reused (rks_db_prepare) */
	bool reuse;
	void (*finalize)(void *impl);
	void (*reset)(void *impl);
	void (*clear_bindings)(void *impl);
	/* @len: bytes of @s, or -1 for all of it */
	void (*bind_text)(void *impl, int i, const char *s, int len);
	void (*bind_int64)(void *impl, int i, int64_t v);
	void (*bind_blob)(void *impl, int i, const void *p, size_t n);
	int (*step)(struct rks_db *db, void *impl);
	bool (*col_null)(void *impl, int col);
	int64_t (*col_int64)(void *impl, int col);
	const unsigned char *(*col_text)(void *impl, int col);
	const void *(*col_blob)(void *impl, int col);
	int (*col_bytes)(void *impl, int col);
	/* rows the last INSERT/UPDATE/DELETE changed */
	int64_t (*changes)(struct rks_db *db);
	bool (*in_txn)(struct rks_db *db);
	/* connections made again after a loss (NULL: never, SQLite) */
	uint64_t (*epoch)(struct rks_db *db);
	/* the last error: its -errno, its message, its kind */
	int (*last_error)(struct rks_db *db, const char **msg,
			  enum rks_sql_err *kind);
	/* a write transaction: one writer at a time on the whole database */
	const char *begin_write;
	/* a read-only transaction on one snapshot (rks_db_begin_read) */
	const char *begin_read;
	int (*cache_limit)(struct rks_db *db, unsigned int kib);
	/* a DSN's session among nodes: ?1 the DSN, one boolean row; NULL:
	 * the back end has one node only (db_session.c) */
	const char *session_claim;
	const char *session_release;
	/* the schema: its version (0 for none), the objects in it */
	int (*schema_version)(struct rks_db *db, int64_t *version);
	int (*schema_objects)(struct rks_db *db, int64_t *n);
	int (*schema_set_version)(struct rks_db *db, int version);
	const char *const *steps;	/* RKS_SCHEMA_VERSION upgrade steps */
	/* lifting the keys_delivered_stays trigger for one write
	 * transaction and putting it back (db_migrate.c) */
	const char *keys_frozen_off;
	const char *keys_frozen_on;
};

extern const struct rks_backend rks_backend_sqlite;
extern const struct rks_backend rks_backend_pg;

/* The back end @target names: a postgresql:// or postgres:// URI, else
 * an SQLite file path. */
const struct rks_backend *rks_backend_for(const char *target);

/*
 * 0, or -errno (reason recorded, *@st NULL). On a back end that allows it
 * the statement is kept after rks_finalize() (reset, its bindings
 * cleared) and handed out again for the same @sql: callers see no
 * difference, except that an error of the SQL text is reported once.
 */
int rks_db_prepare(struct rks_db *db, const char *sql, struct rks_stmt **st);
/* NULL is fine */
void rks_finalize(struct rks_stmt *st);
/* The kept statements finalized; before the connection closes. */
void rks_db_stmts_drop(struct rks_db *db);
/* Ready to step again; bindings stay (rks_clear_bindings drops them). */
void rks_reset(struct rks_stmt *st);
void rks_clear_bindings(struct rks_stmt *st);

/* Parameter @i counts from 1; values are copied or must outlive the
 * step. A NULL @s binds SQL NULL. */
void rks_bind_text(struct rks_stmt *st, int i, const char *s);
/* The first @len bytes of @s. */
void rks_bind_textn(struct rks_stmt *st, int i, const char *s, size_t len);
void rks_bind_int64(struct rks_stmt *st, int i, int64_t v);
void rks_bind_blob(struct rks_stmt *st, int i, const void *p, size_t n);

/* RKS_ROW, RKS_DONE or -errno. */
int rks_step(struct rks_stmt *st);

/* Columns of the current row, from 0; valid until the next step. */
bool rks_col_null(struct rks_stmt *st, int col);
int64_t rks_col_int64(struct rks_stmt *st, int col);
int rks_col_int(struct rks_stmt *st, int col);
const unsigned char *rks_col_text(struct rks_stmt *st, int col);
const void *rks_col_blob(struct rks_stmt *st, int col);
int rks_col_bytes(struct rks_stmt *st, int col);

int64_t rks_db_changes(struct rks_db *db);

#endif /* RKS_DB_STMT_H */
