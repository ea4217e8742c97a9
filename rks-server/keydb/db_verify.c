// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_verify.c - checking every stored key: it must authenticate for its
 * row under the master key, and decrypt to a key with its stored KCV.
 */
#include <errno.h>

#include <openssl/crypto.h>

#include "db_internal.h"

struct verify {
	int (*fn)(const char *table, int64_t id, int err, void *);
	void *arg;
	size_t checked, bad;
};

/*
 * A row checked: count it; a bad one (@err), report it too; a real error
 * of the walk stops it.
 */
static int verify_one(struct verify *v, const char *table, int64_t id,
		      int err)
{
	v->checked++;
	if (!err)
		return 0;
	if (err != -EBADMSG && err != -EUCLEAN)
		return err;
	v->bad++;
	return v->fn ? v->fn(table, id, err, v->arg) : 0;
}

static int verify_dik1s(struct rks_db *db, struct verify *v)
{
	struct rks_dik1_ref ref;
	struct rks_dik1_info info;
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT id FROM dik1s ORDER BY id", &st);
	if (ret)
		return ret;
	while ((rc = rks_step(st)) == RKS_ROW) {
		int64_t id = rks_col_int64(st, 0);

		ret = rks_db_dik1_read(db, id, &ref, &info);
		OPENSSL_cleanse(&ref, sizeof(ref));
		ret = verify_one(v, "dik1s", id, ret);
		if (ret)
			break;
	}
	if (!ret && rc != RKS_DONE)
		ret = rks_db_sql_fail(db, "reading DIK1s");
	rks_finalize(st);
	return ret;
}

static int verify_key(int64_t id, const char *dsn, int err,
		      const struct rks_pending_key *k, void *arg)
{
	(void)dsn;
	(void)k;
	return verify_one(arg, "keys", id, err);
}

int rks_db_verify(struct rks_db *db,
		  int (*fn)(const char *table, int64_t id, int err, void *),
		  void *arg, size_t *checked, size_t *bad)
{
	struct verify v = { .fn = fn, .arg = arg };
	int ret;

	rks_db_lock(db);
	/* One read transaction: one consistent picture of both tables. */
	ret = rks_db_exec(db, "BEGIN");
	if (!ret)
		ret = verify_dik1s(db, &v);
	if (!ret)
		ret = rks_db_each_key(db, verify_key, &v);
	rks_db_rollback(db);
	rks_db_unlock(db);
	*checked = v.checked;
	*bad = v.bad;
	return ret;
}
