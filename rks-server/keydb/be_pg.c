// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * be_pg.c - the key database on PostgreSQL through libpq, for several RKS
 * nodes on one database (Documentation/rks-server.md, "Back ends").
 *
 * What PostgreSQL's dialect says differently from SQLite's, in one place:
 * - parameters: the shared SQL writes ?N (or ?); prepare() renumbers them
 *   $N; every parameter is sent typed (int8, text, bytea in binary), so a
 *   statement may leave one unused (LIMIT ?2 without ?1);
 * - a write transaction: BEGIN, then a transaction-scoped advisory lock
 *   (RKS_PG_WRITE_LOCK) that every writer of every node takes: one writer
 *   at a time, as SQLite's BEGIN IMMEDIATE; it waits lock_timeout (5 s,
 *   SQLite's busy timeout) and then fails -EBUSY;
 * - a DSN's session among nodes: a session-level advisory lock
 *   (RKS_PG_SESSION_LOCK, hashtext(dsn)), db_session.c;
 * - the schema (db_schema_pg.c): BYTEA, BIGINT, identity ids, PL/pgSQL
 *   triggers, and its version in a one-row table schema_version.
 * Results come as text; a BYTEA column is decoded from its hex form.
 * - a connection the server ended (its restart, a fail-over) is made
 *   again before the next transaction (pg_revive()): see there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db_internal.h"

#define PG_MAX_PARAMS	16
#define PG_INT8OID	20
#define PG_TEXTOID	25
#define PG_BYTEAOID	17

/* The advisory lock every write transaction holds ("RKSW" in ASCII). */
#define RKS_PG_WRITE_LOCK	"1380668247"
/* The class of the session locks ("RKSS"), the DSN's hash the other key. */
#define RKS_PG_SESSION_LOCK	"1380668243"

struct pg_conn {
	PGconn *pg;
	char err[256];
	char state[6];		/* SQLSTATE of the last error */
	int64_t changes;
	bool read_only;		/* pg_open_ro(): SET again on a new one */
	bool unset;		/* made again, its settings not applied yet */
	bool in_txn;		/* a transaction was open when last seen */
	uint64_t epoch;		/* connections made again (db.h) */
};

struct pg_param {
	unsigned int type;	/* 0: NULL */
	char *val;
	int len;
};

struct pg_stmt {
	struct pg_conn *c;
	char *sql;		/* with $N */
	int nparams;
	struct pg_param p[PG_MAX_PARAMS];
	PGresult *res;
	int row;		/* the current row; -1 before the first */
	unsigned char **blobs;	/* decoded BYTEA columns of the row */
	int *blob_len;
};

#define CONN(db) ((struct pg_conn *)(db)->conn)

static void pg_set_error(struct pg_conn *c, const PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
		: NULL;
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	snprintf(c->err, sizeof(c->err), "%s", m ? m : PQerrorMessage(c->pg));
	c->err[strcspn(c->err, "\n")] = '\0';
	snprintf(c->state, sizeof(c->state), "%s", s ? s : "08000");
}

/* The errno for an SQLSTATE (PostgreSQL's Appendix A). */
static int pg_errno(const char *state)
{
	static const struct { const char *pfx; int err; } map[] = {
		{ "23", -EINVAL },	/* integrity constraint */
		{ "P0001", -EINVAL },	/* a trigger's RAISE */
		{ "40", -EBUSY },	/* serialization, deadlock */
		{ "55P03", -EBUSY },	/* lock_timeout */
		{ "57014", -EBUSY },	/* statement_timeout */
		{ "53100", -ENOSPC },
		{ "53200", -ENOMEM },
		{ "25006", -EROFS },	/* a hot standby, read only */
		{ "42501", -EACCES },
		{ "28", -EACCES },
		{ "3D000", -ENOENT },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(state, map[i].pfx, strlen(map[i].pfx)))
			return map[i].err;
	return -EIO;
}

static void pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;	/* "relation exists, skipping" and the like */
}

/*
 * A connection to @uri that gives up after 10 s (connect_timeout, unless
 * @uri says otherwise: a parameter later in the arrays wins), so that
 * making one again (pg_revive(), under the handle's lock) never waits the
 * system's TCP timeout for a primary that has gone; TCP keepalives after
 * 30 s idle, so that a half-open connection is found dead.
 */
static PGconn *pg_connect(const char *uri)
{
	static const char *const keys[] = {
		"connect_timeout", "keepalives", "keepalives_idle", "dbname",
		NULL
	};
	const char *vals[] = { "10", "1", "30", uri, NULL };

	return PQconnectdbParams(keys, vals, 1);
}

/* The session's settings, on a new connection and on one made again. */
static int pg_configure(struct pg_conn *c)
{
	/* SQLite's busy timeout; a commit waits for its WAL flush. */
	PGresult *res = PQexec(c->pg, c->read_only ?
			       "SET lock_timeout = '5s'; "
			       "SET synchronous_commit = on; "
			       "SET client_min_messages = warning; "
			       "SET default_transaction_read_only = on" :
			       "SET lock_timeout = '5s'; "
			       "SET synchronous_commit = on; "
			       "SET client_min_messages = warning");
	int ret = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -EIO;

	PQclear(res);
	return ret;
}

/*
 * A connection the server has ended (PostgreSQL restarted, or failed over
 * to its standby) is made again here, before the next statement, if no
 * transaction was open on it: PQreset() connects with the same URI, so a
 * URI naming both hosts with target_session_attrs=read-write finds the new
 * primary. An open transaction is lost with the connection: its
 * statements fail (-EIO), and its ROLLBACK ends it here without a round
 * trip, so that the transaction after it reconnects. Session locks
 * (session_claim) are gone with the old connection: the epoch counts new
 * connections, so that their holders can tell (rks_db_epoch()).
 * 0; -EIO with the reason recorded (SQLSTATE 08006) if it cannot.
 */
static int pg_revive(struct pg_conn *c, const char *sql)
{
	if (PQstatus(c->pg) == CONNECTION_OK && !c->unset)
		return 0;
	if (c->in_txn && !strcmp(sql, "ROLLBACK")) {
		c->in_txn = false;
		return 0;
	}
	if (!c->in_txn) {
		if (PQstatus(c->pg) != CONNECTION_OK) {
			PQreset(c->pg);
			/* whatever follows: the old session's locks are gone */
			__atomic_add_fetch(&c->epoch, 1, __ATOMIC_RELEASE);
		}
		/* no statement runs without the settings (read-only, the
		 * lock timeout, synchronous commit): until they apply, each
		 * call tries them again */
		c->unset = PQstatus(c->pg) != CONNECTION_OK ||
			   pg_configure(c) != 0;
		if (!c->unset)
			return 0;
	}
	snprintf(c->err, sizeof(c->err), "the connection to the database "
		 "was lost%s: %s", c->in_txn ? " in a transaction" : "",
		 PQerrorMessage(c->pg));
	c->err[strcspn(c->err, "\n")] = '\0';
	snprintf(c->state, sizeof(c->state), "08006");
	return -EIO;
}

/* After a statement: is a transaction open now (when the server says)? */
static void pg_note_txn(struct pg_conn *c)
{
	PGTransactionStatusType t = PQtransactionStatus(c->pg);

	if (t != PQTRANS_UNKNOWN)
		c->in_txn = t != PQTRANS_IDLE;
}

/*
 * A statement that failed because the connection had already gone (the
 * server's restart is seen only when a statement is sent) is sent once
 * more on a new one, if nothing of a transaction was lost: a BEGIN (every
 * transaction's first statement), or a SELECT outside a transaction.
 */
static bool pg_retry(struct pg_conn *c, const char *sql)
{
	return PQstatus(c->pg) == CONNECTION_BAD && !c->in_txn &&
	       (!strncmp(sql, "BEGIN", 5) || !strncmp(sql, "SELECT", 6)) &&
	       pg_revive(c, sql) == 0;
}

static int pg_open(struct rks_db *db, const char *uri, bool create,
		   char *msg, size_t msg_size)
{
	struct pg_conn *c;

	(void)create;	/* the database is made by its administrator */
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(msg, msg_size, "out of memory");
		return -ENOMEM;
	}
	db->conn = c;
	c->pg = pg_connect(uri);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		snprintf(msg, msg_size, "cannot connect to the database: %s",
			 c->pg ? PQerrorMessage(c->pg) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		return -ECONNREFUSED;
	}
	PQsetNoticeReceiver(c->pg, NULL, NULL);
	PQsetNoticeProcessor(c->pg, pg_notice, NULL);
	if (pg_configure(c)) {
		snprintf(msg, msg_size, "configuring the connection: %s",
			 PQerrorMessage(c->pg));
		msg[strcspn(msg, "\n")] = '\0';
		return -EIO;
	}
	return 0;
}

/* Every transaction of this connection read-only: the server refuses a
 * write (SQLSTATE 25006), whatever the caller runs. */
static int pg_open_ro(struct rks_db *db, const char *uri, char *msg,
		      size_t msg_size)
{
	int ret;

	ret = pg_open(db, uri, false, msg, msg_size);
	if (!ret) {
		CONN(db)->read_only = true;
		if (pg_configure(CONN(db))) {
			snprintf(msg, msg_size, "configuring the connection: "
				 "%s", PQerrorMessage(CONN(db)->pg));
			msg[strcspn(msg, "\n")] = '\0';
			ret = -EIO;
		}
	}
	return ret;
}

static void pg_close(struct rks_db *db)
{
	struct pg_conn *c = CONN(db);

	PQfinish(c->pg);
	free(c);
	db->conn = NULL;
}

/* Counts the rows a command changed (PQcmdTuples: "" if none). */
static void pg_count(struct pg_conn *c, PGresult *res)
{
	c->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

static int pg_exec(struct rks_db *db, const char *sql)
{
	struct pg_conn *c = CONN(db);
	PGresult *res;
	ExecStatusType s;
	int ret = pg_revive(c, sql), tries = 0;

	if (ret || PQstatus(c->pg) != CONNECTION_OK)
		return ret;
	do {
		res = PQexec(c->pg, sql);
		s = PQresultStatus(res);
		ret = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : -EIO;
		if (ret)
			pg_set_error(c, res);
		PQclear(res);
	} while (ret && !tries++ && pg_retry(c, sql));
	pg_note_txn(c);
	return ret;
}

/* ?N -> $N, ? -> $k (the next), outside quotes; the highest into *@n. */
static char *renumber(const char *sql, int *n)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 3 + 1), *o = out;
	bool quoted = false;
	int next = 0, v;

	if (!out)
		return NULL;
	*n = 0;
	for (; *sql; sql++) {
		if (*sql == '\'')
			quoted = !quoted;
		if (quoted || *sql != '?') {
			*o++ = *sql;
			continue;
		}
		if (sql[1] >= '0' && sql[1] <= '9') {
			v = (int)strtol(sql + 1, (char **)&sql, 10);
			sql--;
		} else {
			v = ++next;
		}
		o += sprintf(o, "$%d", v);
		if (v > *n)
			*n = v;
	}
	*o = '\0';
	return out;
}

static int pg_prepare(struct rks_db *db, const char *sql, void **impl)
{
	struct pg_stmt *st = calloc(1, sizeof(*st));

	if (!st) {
		snprintf(CONN(db)->err, sizeof(CONN(db)->err), "out of memory");
		return -ENOMEM;
	}
	st->c = CONN(db);
	st->sql = renumber(sql, &st->nparams);
	st->row = -1;
	if (!st->sql || st->nparams > PG_MAX_PARAMS) {
		snprintf(st->c->err, sizeof(st->c->err), "%s",
			 st->sql ? "too many parameters" : "out of memory");
		free(st->sql);
		free(st);
		return -EINVAL;
	}
	*impl = st;
	return 0;
}

static void drop_result(struct pg_stmt *st)
{
	int i, n = st->res ? PQnfields(st->res) : 0;

	if (st->blobs) {
		for (i = 0; i < n; i++)
			PQfreemem(st->blobs[i]);
		free(st->blobs);
		free(st->blob_len);
	}
	st->blobs = NULL;
	st->blob_len = NULL;
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
}

static void pg_clear_bindings(void *impl)
{
	struct pg_stmt *st = impl;
	int i;

	for (i = 0; i < PG_MAX_PARAMS; i++) {
		free(st->p[i].val);
		st->p[i].val = NULL;
		st->p[i].type = 0;
	}
}

static void pg_finalize(void *impl)
{
	struct pg_stmt *st = impl;

	drop_result(st);
	pg_clear_bindings(st);
	free(st->sql);
	free(st);
}

static void pg_reset(void *impl)
{
	drop_result(impl);
}

static void set_param(struct pg_stmt *st, int i, unsigned int type,
		      const void *p, size_t n)
{
	struct pg_param *pp;

	if (i < 1 || i > PG_MAX_PARAMS)
		return;
	pp = &st->p[i - 1];
	free(pp->val);
	pp->val = NULL;
	pp->type = 0;
	if (!p)
		return;
	pp->val = malloc(n + 1);
	if (!pp->val)
		return;	/* sent as NULL: a NOT NULL column refuses it */
	memcpy(pp->val, p, n);
	pp->val[n] = '\0';
	pp->len = (int)n;
	pp->type = type;
}

static void pg_bind_text(void *impl, int i, const char *s, int len)
{
	set_param(impl, i, PG_TEXTOID, s,
		  s ? (len < 0 ? strlen(s) : (size_t)len) : 0);
}

static void pg_bind_int64(void *impl, int i, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	set_param(impl, i, PG_INT8OID, buf, strlen(buf));
}

static void pg_bind_blob(void *impl, int i, const void *p, size_t n)
{
	/* a zero-length blob is not NULL */
	set_param(impl, i, PG_BYTEAOID, p ? p : "", n);
}

static int run(struct rks_db *db, struct pg_stmt *st)
{
	const char *vals[PG_MAX_PARAMS];
	unsigned int types[PG_MAX_PARAMS];
	int lens[PG_MAX_PARAMS], fmts[PG_MAX_PARAMS], i;
	ExecStatusType s;
	int ret = pg_revive(st->c, st->sql), tries = 0;

	if (ret)
		return ret;
	for (i = 0; i < st->nparams; i++) {
		vals[i] = st->p[i].val;
		lens[i] = st->p[i].len;
		fmts[i] = st->p[i].type == PG_BYTEAOID;
		types[i] = st->p[i].type ? st->p[i].type : PG_TEXTOID;
	}
	do {
		st->res = PQexecParams(st->c->pg, st->sql, st->nparams, types,
				       vals, lens, fmts, 0);
		s = PQresultStatus(st->res);
		ret = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 :
		      -EIO;
		if (ret) {
			pg_set_error(st->c, st->res);
			PQclear(st->res);
			st->res = NULL;
		}
	} while (ret && !tries++ && pg_retry(st->c, st->sql));
	pg_note_txn(st->c);
	if (ret)
		return pg_errno(st->c->state);
	pg_count(st->c, st->res);
	(void)db;
	return 0;
}

static int pg_step(struct rks_db *db, void *impl)
{
	struct pg_stmt *st = impl;
	int ret, i;

	if (!st->res) {
		ret = run(db, st);
		if (ret)
			return ret;
	}
	if (st->blobs)
		for (i = 0; i < PQnfields(st->res); i++) {
			PQfreemem(st->blobs[i]);
			st->blobs[i] = NULL;
		}
	if (st->row + 1 >= PQntuples(st->res)) {
		st->row = PQntuples(st->res);
		return RKS_DONE;
	}
	st->row++;
	return RKS_ROW;
}

static bool pg_col_null(void *impl, int col)
{
	struct pg_stmt *st = impl;

	return PQgetisnull(st->res, st->row, col);
}

static int64_t pg_col_int64(void *impl, int col)
{
	struct pg_stmt *st = impl;
	const char *v = PQgetvalue(st->res, st->row, col);

	/* a boolean reads as SQLite's 0 or 1 */
	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

static const unsigned char *pg_col_text(void *impl, int col)
{
	struct pg_stmt *st = impl;

	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	return (const unsigned char *)PQgetvalue(st->res, st->row, col);
}

/* The BYTEA column @col of the row, decoded once. */
static unsigned char *blob(struct pg_stmt *st, int col)
{
	int n = PQnfields(st->res);
	size_t len;

	if (col < 0 || col >= n || PQgetisnull(st->res, st->row, col))
		return NULL;
	if (!st->blobs) {
		st->blobs = calloc((size_t)n, sizeof(*st->blobs));
		st->blob_len = calloc((size_t)n, sizeof(*st->blob_len));
		if (!st->blobs || !st->blob_len)
			return NULL;
	}
	if (!st->blobs[col]) {
		st->blobs[col] = PQunescapeBytea((const unsigned char *)
			PQgetvalue(st->res, st->row, col), &len);
		st->blob_len[col] = (int)len;
	}
	return st->blobs[col];
}

static const void *pg_col_blob(void *impl, int col)
{
	return blob(impl, col);
}

static int pg_col_bytes(void *impl, int col)
{
	struct pg_stmt *st = impl;

	if (PQftype(st->res, col) != PG_BYTEAOID)
		return PQgetlength(st->res, st->row, col);
	return blob(st, col) ? st->blob_len[col] : 0;
}

static int64_t pg_changes(struct rks_db *db)
{
	return CONN(db)->changes;
}

static bool pg_in_txn(struct rks_db *db)
{
	struct pg_conn *c = CONN(db);

	/* a lost connection: as last seen, so that ROLLBACK clears it */
	if (PQstatus(c->pg) != CONNECTION_OK)
		return c->in_txn;
	return PQtransactionStatus(c->pg) != PQTRANS_IDLE;
}

static uint64_t pg_epoch(struct rks_db *db)
{
	return __atomic_load_n(&CONN(db)->epoch, __ATOMIC_ACQUIRE);
}

static int pg_last_error(struct rks_db *db, const char **msg,
			 enum rks_sql_err *kind)
{
	struct pg_conn *c = CONN(db);

	*msg = c->err;
	if (!strcmp(c->state, "23505"))
		*kind = RKS_SQL_UNIQUE;
	else if (!strcmp(c->state, "23503"))
		*kind = RKS_SQL_FOREIGN_KEY;
	else if (!strcmp(c->state, "P0001"))	/* RAISE EXCEPTION: rks_refuse */
		*kind = RKS_SQL_TRIGGER;
	else
		*kind = RKS_SQL_OTHER;
	return pg_errno(c->state);
}

static int pg_cache_limit(struct rks_db *db, unsigned int kib)
{
	(void)db;	/* the server's shared_buffers, not a client's */
	(void)kib;
	return 0;
}

static int pg_schema_version(struct rks_db *db, int64_t *version)
{
	int64_t there = 0;
	int ret;

	ret = rks_db_int(db, "SELECT count(*) FROM pg_tables WHERE "
			 "schemaname = current_schema() AND tablename = "
			 "'schema_version'", NULL, &there,
			 "reading the schema version");
	*version = 0;
	if (!ret && there)
		ret = rks_db_int(db, "SELECT version FROM schema_version",
				 NULL, version, "reading the schema version");
	return ret;
}

static int pg_schema_objects(struct rks_db *db, int64_t *n)
{
	return rks_db_int(db, "SELECT count(*) FROM pg_class c JOIN "
			  "pg_namespace s ON s.oid = c.relnamespace WHERE "
			  "s.nspname = current_schema()", NULL, n,
			  "reading the schema");
}

static int pg_schema_set_version(struct rks_db *db, int version)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "CREATE TABLE IF NOT EXISTS schema_version"
		 " (one INT PRIMARY KEY CHECK (one = 1), version INT NOT NULL);"
		 "INSERT INTO schema_version VALUES (1, %d) ON CONFLICT (one) "
		 "DO UPDATE SET version = EXCLUDED.version", version);
	return rks_db_exec(db, sql);
}

const struct rks_backend rks_backend_pg = {
	.name = "PostgreSQL",
	.open = pg_open,
	.open_ro = pg_open_ro,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.col_null = pg_col_null,
	.col_int64 = pg_col_int64,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_bytes = pg_col_bytes,
	.changes = pg_changes,
	.in_txn = pg_in_txn,
	.epoch = pg_epoch,
	.last_error = pg_last_error,
	.begin_write = "BEGIN; SELECT pg_advisory_xact_lock("
		RKS_PG_WRITE_LOCK ")",
	.begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	.cache_limit = pg_cache_limit,
	.session_claim = "SELECT pg_try_advisory_lock(" RKS_PG_SESSION_LOCK
		", hashtext(?1))",
	.session_release = "SELECT pg_advisory_unlock(" RKS_PG_SESSION_LOCK
		", hashtext(?1))",
	.schema_version = pg_schema_version,
	.schema_objects = pg_schema_objects,
	.schema_set_version = pg_schema_set_version,
	.steps = rks_pg_steps,
	/* (in the transaction: ALTER TABLE is transactional here) */
	.keys_frozen_off = "ALTER TABLE keys DISABLE TRIGGER "
		"keys_delivered_stays",
	.keys_frozen_on = "ALTER TABLE keys ENABLE TRIGGER "
		"keys_delivered_stays",
};
