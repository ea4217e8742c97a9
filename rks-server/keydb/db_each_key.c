// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_each_key.c - every stored key, unsealed in turn: the one walk over
 * the keys table for the checks that read them all (db_verify.c) and for
 * sealing them again under another master key (db_migrate.c).
 */
#include <openssl/crypto.h>

#include "db_internal.h"

struct each_key {
	struct rks_db *db;
	int (*fn)(int64_t id, const char *dsn, int err,
		  const struct rks_pending_key *k, void *arg);
	void *arg;
};

static int each_key_row(struct rks_stmt *st, void *arg)
{
	const unsigned char *dsn = rks_col_text(st, RKS_KEY_SEALED_NCOLS);
	const char *d = dsn ? (const char *)dsn : "";
	struct each_key *e = arg;
	struct rks_pending_key k;
	int ret;

	ret = rks_db_key_unseal(e->db, st, d, &k);
	ret = e->fn(rks_col_int64(st, 0), d, ret, ret ? NULL : &k, e->arg);
	OPENSSL_cleanse(&k, sizeof(k));
	return ret;
}

int rks_db_each_key(struct rks_db *db,
		    int (*fn)(int64_t id, const char *dsn, int err,
			      const struct rks_pending_key *k, void *arg),
		    void *arg)
{
	struct each_key e = { .db = db, .fn = fn, .arg = arg };

	return rks_db_each(db, "SELECT " RKS_KEY_SEALED_COLS ", dsn FROM keys "
			   "ORDER BY id", NULL, each_key_row, &e,
			   "reading keys");
}
