// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_stmt.c - the statement layer's calls (db_stmt.h), handed to the back
 * end the database was opened on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

const struct rks_backend *rks_backend_for(const char *target)
{
	if (!strncmp(target, "postgresql://", 13) ||
	    !strncmp(target, "postgres://", 11))
		return &rks_backend_pg;
	return &rks_backend_sqlite;
}

bool rks_db_target_is_file(const char *target)
{
	return rks_backend_for(target) == &rks_backend_sqlite;
}

/*
 * A kept statement for @sql, not handed out now: its slot, or -1. Most
 * SQL is a string literal, at the same address every call: that is
 * compared first (the texts share long prefixes, and strcmp() over
 * every slot showed in profiles); the text itself decides.
 */
static int stmt_find(struct rks_db *db, const char *sql)
{
	struct rks_stmt_slot *k;
	int i;

	for (i = 0; i < RKS_STMT_CACHE && db->stmts[i].sql; i++) {
		k = &db->stmts[i];
		if (!k->busy && k->given == sql && !strcmp(k->sql, sql))
			return i;
	}
	for (i = 0; i < RKS_STMT_CACHE && db->stmts[i].sql; i++) {
		k = &db->stmts[i];
		if (!k->busy && !strcmp(k->sql, sql)) {
			k->given = sql;
			return i;
		}
	}
	return -1;
}

/* Keep @s in a free slot, if there is one (a copy of @sql names it). */
static void stmt_keep(struct rks_db *db, const char *sql, struct rks_stmt *s)
{
	int i;

	for (i = 0; i < RKS_STMT_CACHE && db->stmts[i].sql; i++)
		;
	if (i == RKS_STMT_CACHE || !(db->stmts[i].sql = strdup(sql)))
		return;
	db->stmts[i].given = sql;
	db->stmts[i].st = s;
	db->stmts[i].busy = true;
	s->slot = i;
}

int rks_db_prepare(struct rks_db *db, const char *sql, struct rks_stmt **st)
{
	struct rks_stmt *s;
	int i;

	*st = NULL;
	if (db->be->reuse && (i = stmt_find(db, sql)) >= 0) {
		db->stmts[i].busy = true;
		*st = db->stmts[i].st;
		return 0;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return rks_db_fail(db, -ENOMEM, "preparing a statement: out "
				   "of memory");
	s->db = db;
	s->slot = -1;
	if (db->be->prepare(db, sql, &s->impl)) {
		free(s);
		return rks_db_sql_fail(db, "preparing a statement");
	}
	if (db->be->reuse)
		stmt_keep(db, sql, s);
	*st = s;
	return 0;
}

void rks_finalize(struct rks_stmt *st)
{
	if (!st)
		return;
	if (st->slot >= 0) {
		/* kept: ready for the next caller, holding nothing */
		st->db->be->reset(st->impl);
		st->db->be->clear_bindings(st->impl);
		st->db->stmts[st->slot].busy = false;
		return;
	}
	st->db->be->finalize(st->impl);
	free(st);
}

void rks_db_stmts_drop(struct rks_db *db)
{
	struct rks_stmt_slot *k;
	int i;

	for (i = 0; i < RKS_STMT_CACHE; i++) {
		k = &db->stmts[i];
		if (!k->sql)
			continue;
		db->be->finalize(k->st->impl);
		free(k->st);
		free(k->sql);
		memset(k, 0, sizeof(*k));
	}
}

void rks_reset(struct rks_stmt *st)
{
	st->db->be->reset(st->impl);
}

void rks_clear_bindings(struct rks_stmt *st)
{
	st->db->be->clear_bindings(st->impl);
}

void rks_bind_text(struct rks_stmt *st, int i, const char *s)
{
	st->db->be->bind_text(st->impl, i, s, -1);
}

void rks_bind_textn(struct rks_stmt *st, int i, const char *s, size_t len)
{
	st->db->be->bind_text(st->impl, i, s, (int)len);
}

void rks_bind_int64(struct rks_stmt *st, int i, int64_t v)
{
	st->db->be->bind_int64(st->impl, i, v);
}

void rks_bind_blob(struct rks_stmt *st, int i, const void *p, size_t n)
{
	st->db->be->bind_blob(st->impl, i, p, n);
}

int rks_step(struct rks_stmt *st)
{
	return st->db->be->step(st->db, st->impl);
}

bool rks_col_null(struct rks_stmt *st, int col)
{
	return st->db->be->col_null(st->impl, col);
}

int64_t rks_col_int64(struct rks_stmt *st, int col)
{
	return st->db->be->col_int64(st->impl, col);
}

int rks_col_int(struct rks_stmt *st, int col)
{
	return (int)st->db->be->col_int64(st->impl, col);
}

const unsigned char *rks_col_text(struct rks_stmt *st, int col)
{
	return st->db->be->col_text(st->impl, col);
}

const void *rks_col_blob(struct rks_stmt *st, int col)
{
	return st->db->be->col_blob(st->impl, col);
}

int rks_col_bytes(struct rks_stmt *st, int col)
{
	return st->db->be->col_bytes(st->impl, col);
}

int64_t rks_db_changes(struct rks_db *db)
{
	return db->be->changes(db);
}
