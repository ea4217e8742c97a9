// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_keys.c - keys waiting for delivery to a device (TMKs and working
 * keys), sealed at rest with their DSN, slot, usage and length.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"
#include "rkd_rules.h"

int rks_db_key_unseal(struct rks_db *db, struct rks_stmt *st, const char *dsn,
		      struct rks_pending_key *k)
{
	const int value_col = 4, kcv_col = 5;
	char aad[RKS_AAD_MAX];
	uint8_t kcv[RKS_KCV_LEN];
	int ret;

	memset(k, 0, sizeof(*k));
	k->id = rks_col_int64(st, 0);
	k->slot = (uint8_t)rks_col_int(st, 1);
	k->usage = (uint8_t)rks_col_int(st, 2);
	k->len = (uint8_t)rks_col_int(st, 3);
	rks_column_key_attr(st, 6, &k->attr);
	if (rks_key_attr_check(k->usage, k->len, &k->attr))
		return rks_db_fail(db, -EBADMSG, "key %" PRId64 " has length "
				   "%u or attributes that do not fit", k->id,
				   k->len);
	rks_column_blob(st, kcv_col, k->kcv, RKS_KCV_LEN);
	rks_aad_key(aad, k->id, dsn, k->slot, k->usage, k->len, &k->attr);
	ret = rks_ks_unseal(db->ks, aad, rks_col_blob(st, value_col),
			    (size_t)rks_col_bytes(st, value_col),
			    k->key, k->len);
	if (ret)
		return rks_db_fail(db, -EBADMSG, "the stored value of key "
				   "%" PRId64 " does not authenticate for its "
				   "row: altered, or moved from another row",
				   k->id);
	if (rks_key_kcv(k->attr.alg, k->key, k->len, kcv) ||
	    CRYPTO_memcmp(kcv, k->kcv, RKS_KCV_LEN)) {
		OPENSSL_cleanse(k->key, sizeof(k->key));
		return rks_db_fail(db, -EUCLEAN, "key %" PRId64 " does not "
				   "match its stored KCV", k->id);
	}
	return 0;
}

struct pending_each {
	struct rks_db *db;
	const char *dsn;
	struct rks_pending_key *keys;
	size_t max, got;
};

static void pending_bind(struct rks_stmt *st, void *arg)
{
	struct pending_each *e = arg;

	rks_bind_text(st, 1, e->dsn);
	rks_bind_int64(st, 2, (int64_t)e->max);
}

static int pending_row(struct rks_stmt *st, void *arg)
{
	struct pending_each *e = arg;
	int ret;

	ret = rks_db_key_unseal(e->db, st, e->dsn, &e->keys[e->got]);
	if (!ret)
		e->got++;
	return ret;
}

/* The pending keys of @dsn; the caller holds the lock. */
static int pending_keys(struct rks_db *db, const char *dsn,
			struct rks_pending_key *keys, size_t max, size_t *n)
{
	struct pending_each e = { .db = db, .dsn = dsn, .keys = keys,
				  .max = max };
	int ret;

	ret = rks_db_each(db, "SELECT " RKS_KEY_SEALED_COLS " "
			  "FROM keys WHERE dsn = ?1 AND status = 'pending' "
			  "ORDER BY slot LIMIT ?2", pending_bind, pending_row,
			  &e, "reading pending keys");
	if (ret)
		OPENSSL_cleanse(keys, max * sizeof(*keys));
	else
		*n = e.got;
	return ret;
}

int rks_db_pending_keys(struct rks_db *db, const char *dsn,
			struct rks_pending_key *keys, size_t max, size_t *n)
{
	int ret;

	if (!db || !n || (max && !keys))
		return -EINVAL;
	*n = 0;
	rks_db_lock(db);
	if (!rks_dsn_valid(dsn))
		ret = rks_db_fail(db, -EINVAL, "not a valid DSN");
	else
		ret = pending_keys(db, dsn, keys, max, n);
	rks_db_unlock(db);
	return ret;
}

/* Is @dsn locked (1), not (0), or -errno; the caller holds the lock. */
static int device_locked(struct rks_db *db, const char *dsn)
{
	struct rks_stmt *st;
	int rc, ret;

	/* by an administrator, or for a while (db_txn.c) */
	ret = rks_db_prepare(db, "SELECT locked <> 0 OR locked_until > ?2 "
			     "FROM devices WHERE dsn = ?1", &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	rks_bind_int64(st, 2, rks_now());
	rc = rks_step(st);
	if (rc == RKS_ROW)
		ret = rks_col_int(st, 0) != 0;
	else if (rc == RKS_DONE)
		ret = rks_db_fail(db, -ENOENT, "unknown DSN '%s'", dsn);
	else
		ret = rks_db_sql_fail(db, "reading the device");
	rks_finalize(st);
	return ret;
}

int rks_db_pending_keys_unlocked(struct rks_db *db, const char *dsn,
				 struct rks_pending_key *keys, size_t max,
				 size_t *n)
{
	int ret;

	if (!db || !n || (max && !keys))
		return -EINVAL;
	*n = 0;
	rks_db_lock(db);
	if (!rks_dsn_valid(dsn)) {
		ret = rks_db_fail(db, -EINVAL, "not a valid DSN");
		goto out;
	}
	/*
	 * One snapshot: no lock can fall between the check and the read.
	 * A read transaction, not the write lock: the audit writer's group
	 * commits hold that, and a session's read would queue behind them.
	 */
	ret = rks_db_begin_read(db);
	if (ret)
		goto out;
	ret = device_locked(db, dsn);
	if (ret == 1)
		ret = rks_db_fail(db, -EACCES, "device '%s' is locked", dsn);
	if (!ret)
		ret = pending_keys(db, dsn, keys, max, n);
	ret = rks_db_end(db, ret);
	if (ret) {
		OPENSSL_cleanse(keys, max * sizeof(*keys));
		*n = 0;
	}
out:
	rks_db_unlock(db);
	return ret;
}

static int check_new_key(struct rks_db *db, const char *dsn,
			 unsigned int slot, unsigned int usage,
			 const uint8_t *key, size_t len,
			 const struct rks_key_attr *attr)
{
	const char *why;

	if (!rks_dsn_valid(dsn))
		return rks_db_fail(db, -EINVAL, "a DSN is 1-%d graphic ASCII "
				   "characters", RKS_DSN_MAX);
	if (slot >= RKS_SLOTS)
		return rks_db_fail(db, -EINVAL, "slot %u: slots are 0-%d",
				   slot, RKS_SLOTS - 1);
	if (!rks_slot_fits_usage(slot, usage))
		return rks_db_fail(db, -EINVAL, "slot %u cannot hold a %s key: "
				   "TMKs go in slots 0-15, PIN, MAC and DATA "
				   "keys in 16-47", slot,
				   usage ? rks_usage_name(usage) : "?");
	if ((why = rks_key_attr_check(usage, len, attr)) != NULL)
		return rks_db_fail(db, -EINVAL, "%s (%c, %s%c%s, %zu bytes)",
				   why, attr->alg ? attr->alg : '?',
				   attr->usage, attr->mode ? attr->mode : '?',
				   attr->version, len);
	if (attr->alg == 'T' && rks_tdes_degenerate(key, len))
		return rks_db_fail(db, -EINVAL, "the key is a degenerate TDES "
				   "key (K1 = K2 or K2 = K3)");
	return 0;
}

/* In the transaction: is the device there, and the slot free of keys
 * waiting? */
static int check_slot_free(struct rks_db *db, const char *dsn,
			   unsigned int slot)
{
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT (SELECT count(*) FROM devices WHERE "
			     "dsn = ?1), (SELECT id FROM keys WHERE dsn = ?1 "
			     "AND slot = ?2 AND status = 'pending')", &st);
	if (ret)
		return ret;
	rks_bind_text(st, 1, dsn);
	rks_bind_int64(st, 2, (int)slot);
	rc = rks_step(st);
	if (rc != RKS_ROW)
		ret = rks_db_sql_fail(db, "reading the device's keys");
	else if (rks_col_int(st, 0) == 0)
		ret = rks_db_fail(db, -ENOENT, "no device with DSN '%s'", dsn);
	else if (!rks_col_null(st, 1))
		ret = rks_db_fail(db, -EEXIST, "slot %u of DSN '%s' has a key "
				  "waiting for delivery already (key %" PRId64
				  ")", slot, dsn,
				  (int64_t)rks_col_int64(st, 1));
	rks_finalize(st);
	return ret;
}

static int insert_key(struct rks_db *db, const uint8_t *key,
		      struct rks_key_info *info)
{
	uint8_t sealed[RKS_SEALED_MAX];
	char aad[RKS_AAD_MAX];
	struct rks_stmt *st;
	int ret;

	ret = rks_db_next_id(db, "keys", &info->id);
	if (ret)
		return ret;
	rks_aad_key(aad, info->id, info->dsn, info->slot, info->usage,
		    info->len, &info->attr);
	ret = rks_ks_seal(db->ks, aad, key, info->len, sealed);
	if (ret)
		return rks_db_fail(db, ret, "sealing the key");
	ret = rks_db_prepare(db, "INSERT INTO keys (id, dsn, slot, usage, len, "
			     "value, kcv, created, alg, kb_usage, kb_mode, "
			     "kb_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			     "?8, ?9, ?10, ?11, ?12)", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, info->id);
	rks_bind_text(st, 2, info->dsn);
	rks_bind_int64(st, 3, info->slot);
	rks_bind_int64(st, 4, info->usage);
	rks_bind_int64(st, 5, info->len);
	rks_bind_blob(st, 6, sealed, (int)RKS_SEALED_LEN(info->len));
	rks_bind_blob(st, 7, info->kcv, RKS_KCV_LEN);
	rks_bind_int64(st, 8, info->created);
	rks_bind_textn(st, 9, &info->attr.alg, 1);
	rks_bind_textn(st, 10, info->attr.usage, 2);
	rks_bind_textn(st, 11, &info->attr.mode, 1);
	rks_bind_textn(st, 12, info->attr.version, 2);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "storing the key");
	rks_finalize(st);
	return ret;
}

/* One key, inside the caller's transaction (the database locked). */
static int key_add_txn(struct rks_db *db, const struct rks_new_key *k,
		       const char *actor, struct rks_key_info *info)
{
	const char *dsn = k->dsn;
	unsigned int slot = k->slot, usage = k->usage;
	size_t len = k->len;
	char detail[160];
	int ret;

	memset(info, 0, sizeof(*info));
	if (k->attr) {
		/* copied field by field: the struct's bytes go into the AAD */
		info->attr.alg = k->attr->alg;
		snprintf(info->attr.usage, sizeof(info->attr.usage), "%s",
			 k->attr->usage);
		info->attr.mode = k->attr->mode;
		snprintf(info->attr.version, sizeof(info->attr.version), "%s",
			 k->attr->version);
	} else {
		rks_key_attr_default(usage, &info->attr);
	}
	ret = check_new_key(db, dsn, slot, usage, k->key, len, &info->attr);
	if (ret)
		return ret;
	snprintf(info->dsn, sizeof(info->dsn), "%s", dsn);
	info->slot = (uint8_t)slot;
	info->usage = (uint8_t)usage;
	info->len = (uint8_t)len;
	info->created = rks_now();
	ret = rks_key_kcv(info->attr.alg, k->key, len, info->kcv);
	if (ret)
		return rks_db_fail(db, ret, "computing the KCV");
	ret = check_slot_free(db, dsn, slot);
	if (!ret)
		ret = insert_key(db, k->key, info);
	if (!ret) {
		snprintf(detail, sizeof(detail), "key %" PRId64 " slot %u %s "
			 "%zu bytes KCV %02X%02X%02X %s %s/%c/%s", info->id,
			 slot, rks_usage_name(usage), len, info->kcv[0],
			 info->kcv[1], info->kcv[2],
			 info->attr.alg == 'A' ? "AES" : "TDES",
			 info->attr.usage, info->attr.mode,
			 info->attr.version);
		ret = rks_db_audit_insert(db, dsn, actor, "admin: key add",
					  detail, NULL);
	}
	return ret;
}

int rks_db_key_add(struct rks_db *db, const char *dsn, unsigned int slot,
		   unsigned int usage, const uint8_t *key, size_t len,
		   const char *actor, struct rks_key_info *info)
{
	struct rks_new_key k = { .dsn = dsn, .slot = slot, .usage = usage,
				 .key = key, .len = len };

	return rks_db_key_add_many(db, &k, 1, actor, info, NULL);
}

int rks_db_key_add_many(struct rks_db *db, const struct rks_new_key *keys,
			size_t n, const char *actor,
			struct rks_key_info *info, size_t *bad)
{
	size_t i;
	int ret;

	if (bad)
		*bad = 0;
	rks_db_lock(db);
	ret = rks_db_begin(db);
	for (i = 0; i < n && !ret; i++) {
		ret = key_add_txn(db, &keys[i], actor, info);
		if (ret && bad)
			*bad = i;
	}
	ret = rks_db_end(db, ret);
	rks_db_unlock(db);
	return ret;
}

struct key_each {
	const char *dsn;
	int (*fn)(const struct rks_key_info *info, void *arg);
	void *arg;
};

static void key_bind(struct rks_stmt *st, void *arg)
{
	struct key_each *e = arg;

	if (e->dsn)
		rks_bind_text(st, 1, e->dsn);
}

static int key_row(struct rks_stmt *st, void *arg)
{
	struct key_each *e = arg;
	struct rks_key_info k;

	memset(&k, 0, sizeof(k));
	k.id = rks_col_int64(st, 0);
	rks_column_text(st, 1, k.dsn, sizeof(k.dsn));
	k.slot = (uint8_t)rks_col_int(st, 2);
	k.usage = (uint8_t)rks_col_int(st, 3);
	k.len = (uint8_t)rks_col_int(st, 4);
	rks_column_blob(st, 5, k.kcv, RKS_KCV_LEN);
	rks_column_key_attr(st, 9, &k.attr);
	k.delivered = rks_col_text(st, 6) &&
		      !strcmp((const char *)rks_col_text(st, 6),
			      "delivered");
	k.created = rks_col_int64(st, 7);
	k.delivered_at = rks_col_int64(st, 8);
	return e->fn(&k, e->arg);
}

int rks_db_key_list(struct rks_db *db, const char *dsn,
		    int (*fn)(const struct rks_key_info *, void *),
		    void *arg)
{
	struct key_each e = { .dsn = dsn, .fn = fn, .arg = arg };
	int ret;

	rks_db_lock(db);
	ret = rks_db_each(db, dsn ?
			  "SELECT id, dsn, slot, usage, len, kcv, status, "
			  "created, delivered, alg, kb_usage, kb_mode, "
			  "kb_version FROM keys WHERE dsn = ?1 "
			  "ORDER BY dsn, slot, id" :
			  "SELECT id, dsn, slot, usage, len, kcv, status, "
			  "created, delivered, alg, kb_usage, kb_mode, "
			  "kb_version FROM keys ORDER BY dsn, slot, id",
			  key_bind, key_row, &e, "listing keys");
	rks_db_unlock(db);
	return ret;
}
