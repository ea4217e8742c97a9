// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_migrate.c - moving a database to another key store (a file master key
 * to a PKCS#11 token): in one transaction, every DIK1 goes into the new
 * store (a non-extractable token object) and its row gets the new
 * reference, every key value and the master key check are sealed again
 * under the new master key, and so is every audit checkpoint's MAC (#16).
 * All or nothing: on any failure, or killed half-way, the database is
 * unchanged (and the DIK1 objects made so far are destroyed): running it
 * again does it all. The same code rotates a file master key to a new
 * file (`rks-admin rotate-master-key`).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

/*
 * A test hook, not for production: with $RKS_TEST_MIGRATE_KILL=N the
 * process kills itself (SIGKILL) after sealing N keys again, half-way
 * through the transaction, as a crash or an operator's kill -9 would
 * (test_admin.sh: the rotation killed and run again).
 */
static void test_kill_point(size_t n)
{
	const char *at = getenv("RKS_TEST_MIGRATE_KILL");

	if (at && strtoull(at, NULL, 10) == n)
		raise(SIGKILL);
}

struct migrate {
	struct rks_db *db;
	struct rks_keystore *to;
	struct rks_dik1_ref *made;	/* DIK1s stored in @to so far */
	size_t n_made, n_dik1s, n_keys;
};

static int update_value(struct rks_db *db, const char *sql, int64_t id,
			const uint8_t *sealed, size_t len, const char *what)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, sql, &st);
	if (ret)
		return ret;
	rks_bind_blob(st, 1, sealed, len);
	rks_bind_int64(st, 2, id);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, what);
	else if (rks_db_changes(db) != 1)
		ret = rks_db_fail(db, -EIO, "%s: row %" PRId64 " did not "
				  "change", what, id);
	rks_finalize(st);
	return ret;
}

/* One DIK1: out of the old store (it must let it out), into the new. */
static int migrate_dik1(struct rks_db *db, struct migrate *m, int64_t id)
{
	uint8_t dik1[RKS_DIK1_LEN], kcv[RKS_KCV_LEN];
	uint8_t sealed[RKS_SEALED_LEN(RKS_DIK1_LEN)];
	struct rks_dik1_ref old, *new = &m->made[m->n_made];
	struct rks_dik1_info info;
	char aad[RKS_AAD_MAX];
	int ret;

	ret = rks_db_dik1_read(db, id, &old, &info);
	if (ret)
		return ret;
	ret = rks_ks_dik1_export(db->ks, &old, dik1);
	if (ret) {
		rks_db_fail(db, ret, "DIK1 %" PRId64 " cannot leave %s", id,
			    rks_ks_describe(db->ks));
		goto out;
	}
	ret = rks_ks_dik1_store(m->to, dik1, new);
	if (ret) {
		rks_db_fail(db, ret, "%s did not take DIK1 %" PRId64,
			    rks_ks_describe(m->to), id);
		goto out;
	}
	m->n_made++;
	/* the new store's copy must be the row's DIK1 */
	if (rks_ks_dik1_kcv(m->to, new, kcv) ||
	    CRYPTO_memcmp(kcv, info.kcv, RKS_KCV_LEN)) {
		ret = rks_db_fail(db, -EUCLEAN, "DIK1 %" PRId64 " in %s does "
				  "not match its KCV", id,
				  rks_ks_describe(m->to));
		goto out;
	}
	rks_aad_dik1(aad, id);
	ret = rks_ks_seal(m->to, aad, new->b, RKS_DIK1_LEN, sealed);
	if (!ret)
		ret = update_value(db, "UPDATE dik1s SET value = ?1 WHERE id "
				   "= ?2", id, sealed, sizeof(sealed),
				   "storing the DIK1");
	else
		rks_db_fail(db, ret, "sealing DIK1 %" PRId64, id);
	m->n_dik1s += !ret;
out:
	OPENSSL_cleanse(dik1, sizeof(dik1));
	OPENSSL_cleanse(&old, sizeof(old));
	return ret;
}

static int migrate_dik1s(struct rks_db *db, struct migrate *m)
{
	struct rks_stmt *st;
	int64_t n = 0;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT count(*) FROM dik1s", &st);
	if (ret)
		return ret;
	if (rks_step(st) == RKS_ROW)
		n = rks_col_int64(st, 0);
	rks_finalize(st);
	m->made = calloc((size_t)n + 1, sizeof(*m->made));
	if (!m->made)
		return rks_db_fail(db, -ENOMEM, "out of memory");
	ret = rks_db_prepare(db, "SELECT id FROM dik1s ORDER BY id", &st);
	if (ret)
		return ret;
	while ((rc = rks_step(st)) == RKS_ROW && m->n_made < (size_t)n) {
		ret = migrate_dik1(db, m, rks_col_int64(st, 0));
		if (ret)
			break;
	}
	if (!ret && rc != RKS_DONE && rc != RKS_ROW)
		ret = rks_db_sql_fail(db, "reading DIK1s");
	rks_finalize(st);
	return ret;
}

/* One key (rks_db_each_key()), sealed again under the new master key */
static int migrate_key(int64_t id, const char *dsn, int err,
		       const struct rks_pending_key *k, void *arg)
{
	uint8_t sealed[RKS_SEALED_MAX];
	struct migrate *m = arg;
	char aad[RKS_AAD_MAX];
	int ret = err;

	/* the key's X9.143 attributes are in its AAD: read, and bound again */
	if (!ret) {
		rks_aad_key(aad, k->id, dsn, k->slot, k->usage, k->len,
			    &k->attr);
		ret = rks_ks_seal(m->to, aad, k->key, k->len, sealed);
	}
	if (!ret)
		ret = update_value(m->db, "UPDATE keys SET value = ?1 "
				   "WHERE id = ?2", id, sealed,
				   RKS_SEALED_LEN(k->len), "storing a key");
	if (ret)
		return ret;
	m->n_keys++;
	test_kill_point(m->n_keys);
	return 0;
}

/* Each checkpoint's MAC: checked under the old key, sealed under the new. */
static int migrate_checkpoints(struct rks_db *db, struct migrate *m)
{
	uint8_t chain[32], mac[RKS_SEALED_LEN(0)];
	struct rks_stmt *st;
	int64_t id, at;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT id, audit_id, chain, mac FROM "
			     "audit_checkpoints ORDER BY id", &st);
	if (ret)
		return ret;
	while ((rc = rks_step(st)) == RKS_ROW) {
		id = rks_col_int64(st, 0);
		at = rks_col_int64(st, 1);
		if (!rks_column_blob(st, 2, chain, 32) ||
		    !rks_column_blob(st, 3, mac, sizeof(mac)) ||
		    rks_audit_checkpoint_check(db, at, chain, mac,
					       sizeof(mac))) {
			ret = rks_db_fail(db, -EBADMSG, "audit checkpoint %"
					  PRId64 " does not authenticate: see "
					  "`rks-admin audit verify`", id);
			break;
		}
		ret = rks_audit_checkpoint_seal(db, m->to, at, chain, mac);
		if (!ret)
			ret = update_value(db, "UPDATE audit_checkpoints SET "
					   "mac = ?1 WHERE id = ?2", id, mac,
					   sizeof(mac), "storing a checkpoint");
		if (ret)
			break;
	}
	if (!ret && rc != RKS_DONE)
		ret = rks_db_sql_fail(db, "reading the audit checkpoints");
	rks_finalize(st);
	return ret;
}

static int migrate_mk_check(struct rks_db *db, struct migrate *m)
{
	uint8_t sealed[RKS_SEALED_LEN(0)];
	char aad[RKS_AAD_MAX];
	struct rks_stmt *st;
	int ret;

	rks_aad_meta(aad, RKS_MK_CHECK);
	ret = rks_ks_seal(m->to, aad, NULL, 0, sealed);
	if (ret)
		return rks_db_fail(db, ret, "sealing the master key check");
	ret = rks_db_prepare(db, "UPDATE meta SET value = ?1 WHERE name = ?2",
			     &st);
	if (ret)
		return ret;
	rks_bind_blob(st, 1, sealed, sizeof(sealed));
	rks_bind_text(st, 2, RKS_MK_CHECK);
	if (rks_step(st) != RKS_DONE || rks_db_changes(db) != 1)
		ret = rks_db_sql_fail(db, "storing the master key check");
	rks_finalize(st);
	return ret;
}

int rks_db_migrate(struct rks_db *db, struct rks_keystore *to,
		   const char *actor, size_t *n_dik1s, size_t *n_keys)
{
	struct migrate m = { .db = db, .to = to };
	char detail[RKS_AUDIT_TEXT_MAX];
	size_t i;
	int ret;

	*n_dik1s = *n_keys = 0;
	rks_db_lock(db);
	if (to == db->ks) {
		ret = rks_db_fail(db, -EINVAL, "the database is in %s already",
				  rks_ks_describe(to));
		goto out;
	}
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	/* delivered keys are sealed again too: the old key goes away */
	ret = rks_db_exec(db, db->be->keys_frozen_off);
	if (!ret)
		ret = migrate_dik1s(db, &m);
	if (!ret)
		ret = rks_db_each_key(db, migrate_key, &m);
	if (!ret)
		ret = migrate_checkpoints(db, &m);
	if (!ret)
		ret = migrate_mk_check(db, &m);
	if (!ret)
		ret = rks_db_exec(db, db->be->keys_frozen_on);
	if (!ret) {
		snprintf(detail, sizeof(detail), "from %s to %s: %zu DIK1s, "
			 "%zu keys", rks_ks_describe(db->ks),
			 rks_ks_describe(to), m.n_dik1s, m.n_keys);
		ret = rks_db_audit_insert(db, NULL, actor, "admin: migrate",
					  detail, NULL);
	}
	ret = rks_db_end(db, ret);
	if (ret) {
		for (i = 0; i < m.n_made; i++)
			rks_ks_dik1_forget(to, &m.made[i]);
		goto out;
	}
	/* from now on this handle seals with the new store */
	if (db->own_ks)
		rks_ks_close(db->ks);
	db->ks = to;
	db->own_ks = false;
	*n_dik1s = m.n_dik1s;
	*n_keys = m.n_keys;
out:
	if (m.made)
		OPENSSL_cleanse(m.made, m.n_made * sizeof(*m.made));
	free(m.made);
	rks_db_unlock(db);
	return ret;
}
