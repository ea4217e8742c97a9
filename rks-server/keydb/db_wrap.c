// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_wrap.c - the clear TMK a device holds, for `rks-admin key wrap`: the
 * acquirer host's half of LOAD_WK, which wraps working keys under the
 * device's TMK as X9.143 key blocks (Documentation/key-hierarchy.md).
 * Only a TMK the device has acknowledged (status delivered) is given
 * out; rks-admin audits each key block it makes with it.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

struct tmk_each {
	struct rks_db *db;
	const char *dsn;
	unsigned int slot;
	struct rks_pending_key *key;
	bool found;
};

static void tmk_bind(struct rks_stmt *st, void *arg)
{
	struct tmk_each *e = arg;

	rks_bind_text(st, 1, e->dsn);
	rks_bind_int64(st, 2, (int)e->slot);
}

static int tmk_row(struct rks_stmt *st, void *arg)
{
	struct tmk_each *e = arg;
	int ret;

	ret = rks_db_key_unseal(e->db, st, e->dsn, e->key);
	if (!ret)
		e->found = true;
	return ret;
}

/* The last TMK delivered to @e->dsn's slot; the caller holds the lock. */
static int delivered_tmk(struct tmk_each *e)
{
	int ret;

	ret = rks_db_each(e->db, "SELECT " RKS_KEY_SEALED_COLS " "
			  "FROM keys WHERE dsn = ?1 AND slot = ?2 AND "
			  "usage = 1 AND status = 'delivered' "
			  "ORDER BY delivered DESC, id DESC LIMIT 1",
			  tmk_bind, tmk_row, e, "reading the delivered TMK");
	if (!ret && !e->found)
		ret = rks_db_fail(e->db, -ENOENT, "no TMK delivered to slot "
				  "%u of %s", e->slot, e->dsn);
	return ret;
}

int rks_db_tmk_for_wrap(struct rks_db *db, const char *dsn,
			unsigned int slot, struct rks_pending_key *key)
{
	struct tmk_each e = { .db = db, .dsn = dsn, .slot = slot,
			      .key = key };
	int ret;

	if (!db || !key)
		return -EINVAL;
	memset(key, 0, sizeof(*key));
	rks_db_lock(db);
	if (!rks_dsn_valid(dsn))
		ret = rks_db_fail(db, -EINVAL, "not a valid DSN");
	else if (slot >= RKS_TMK_SLOTS)
		ret = rks_db_fail(db, -EINVAL, "slot %u is not a TMK slot "
				  "(0-%u)", slot, RKS_TMK_SLOTS - 1);
	else
		ret = delivered_tmk(&e);
	if (ret)
		OPENSSL_cleanse(key, sizeof(*key));
	rks_db_unlock(db);
	return ret;
}
