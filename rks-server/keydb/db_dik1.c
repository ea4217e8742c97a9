// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_dik1.c - the DIK1s: per-batch device identity keys. A row's value is
 * the key store's reference to its DIK1, sealed for the row: the clear
 * DIK1 for a file key store, the token object's CKA_ID for PKCS#11
 * (keystore.h), 24 bytes either way.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db_internal.h"

/* The row for @ref, which the key store holds already. */
static int insert_dik1(struct rks_db *db, const struct rks_dik1_ref *ref,
		       struct rks_dik1_info *info)
{
	uint8_t sealed[RKS_SEALED_LEN(RKS_DIK1_LEN)];
	char aad[RKS_AAD_MAX];
	struct rks_stmt *st;
	int ret;

	ret = rks_db_next_id(db, "dik1s", &info->id);
	if (ret)
		return ret;
	rks_aad_dik1(aad, info->id);
	ret = rks_ks_seal(db->ks, aad, ref->b, RKS_DIK1_LEN, sealed);
	if (ret)
		return rks_db_fail(db, ret, "sealing DIK1 %" PRId64, info->id);
	ret = rks_db_prepare(db, "INSERT INTO dik1s (id, label, value, kcv, "
			     "created) VALUES (?1, ?2, ?3, ?4, ?5)", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, info->id);
	rks_bind_text(st, 2, info->label);
	rks_bind_blob(st, 3, sealed, sizeof(sealed));
	rks_bind_blob(st, 4, info->kcv, RKS_KCV_LEN);
	rks_bind_int64(st, 5, info->created);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "storing the DIK1");
	rks_finalize(st);
	return ret;
}

int rks_db_dik1_add(struct rks_db *db, const char *label,
		    const uint8_t dik1[RKS_DIK1_LEN], const char *actor,
		    struct rks_dik1_info *info)
{
	struct rks_dik1_ref ref;
	bool stored = false;
	char detail[160];
	int ret;

	memset(info, 0, sizeof(*info));
	if (!label)
		label = "";
	rks_db_lock(db);
	if (!rks_label_valid(label)) {
		ret = rks_db_fail(db, -EINVAL, "a label is 0-%d printable "
				  "ASCII characters", RKS_LABEL_MAX);
		goto out;
	}
	if (rks_tdes_degenerate(dik1, RKS_DIK1_LEN)) {
		ret = rks_db_fail(db, -EINVAL, "the DIK1 is a degenerate TDES "
				  "key (K1 = K2 or K2 = K3)");
		goto out;
	}
	snprintf(info->label, sizeof(info->label), "%s", label);
	info->created = rks_now();
	ret = rks_tdes_kcv(dik1, RKS_DIK1_LEN, info->kcv);
	if (ret) {
		rks_db_fail(db, ret, "computing the KCV");
		goto out;
	}
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = rks_ks_dik1_store(db->ks, dik1, &ref);
	if (ret)
		rks_db_fail(db, ret, "the key store did not take the DIK1 "
			    "(%s)", rks_ks_describe(db->ks));
	else
		stored = true;
	if (!ret)
		ret = insert_dik1(db, &ref, info);
	if (!ret) {
		snprintf(detail, sizeof(detail), "DIK1 %" PRId64 " KCV "
			 "%02X%02X%02X label \"%s\"", info->id, info->kcv[0],
			 info->kcv[1], info->kcv[2], label);
		ret = rks_db_audit_insert(db, NULL, actor, "admin: dik1 add",
					  detail, NULL);
	}
	ret = rks_db_end(db, ret);
	/* nothing stored changed: not in the token either */
	if (ret && stored)
		rks_ks_dik1_forget(db->ks, &ref);
	OPENSSL_cleanse(&ref, sizeof(ref));
out:
	rks_db_unlock(db);
	return ret;
}

static void row_info(struct rks_stmt *st, struct rks_dik1_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id = rks_col_int64(st, 0);
	rks_column_text(st, 1, info->label, sizeof(info->label));
	rks_column_blob(st, 2, info->kcv, RKS_KCV_LEN);
	info->created = rks_col_int64(st, 3);
}

struct dik1_each {
	int (*fn)(const struct rks_dik1_info *info, void *arg);
	void *arg;
};

static int dik1_row(struct rks_stmt *st, void *arg)
{
	struct dik1_each *e = arg;
	struct rks_dik1_info info;

	row_info(st, &info);
	return e->fn(&info, e->arg);
}

int rks_db_dik1_list(struct rks_db *db,
		     int (*fn)(const struct rks_dik1_info *, void *),
		     void *arg)
{
	struct dik1_each e = { .fn = fn, .arg = arg };
	int ret;

	rks_db_lock(db);
	ret = rks_db_each(db, "SELECT id, label, kcv, created FROM dik1s "
			  "ORDER BY id", NULL, dik1_row, &e, "listing DIK1s");
	rks_db_unlock(db);
	return ret;
}

int rks_db_dik1_read(struct rks_db *db, int64_t id,
		     struct rks_dik1_ref *ref, struct rks_dik1_info *info)
{
	char aad[RKS_AAD_MAX];
	uint8_t kcv[RKS_KCV_LEN];
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT id, label, kcv, created, value "
			     "FROM dik1s WHERE id = ?1", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, id);
	rc = rks_step(st);
	if (rc == RKS_DONE) {
		ret = rks_db_fail(db, -ENOENT, "no DIK1 with id %" PRId64, id);
		goto out;
	} else if (rc != RKS_ROW) {
		ret = rks_db_sql_fail(db, "reading the DIK1");
		goto out;
	}
	row_info(st, info);
	rks_aad_dik1(aad, id);
	ret = rks_ks_unseal(db->ks, aad, rks_col_blob(st, 4),
			    (size_t)rks_col_bytes(st, 4), ref->b,
			    RKS_DIK1_LEN);
	if (ret) {
		ret = rks_db_fail(db, -EBADMSG, "the stored value of DIK1 "
				  "%" PRId64 " does not authenticate for its "
				  "row: altered, or moved from another row",
				  id);
		goto out;
	}
	/* the token's object must be this row's DIK1, too */
	if (rks_ks_dik1_kcv(db->ks, ref, kcv) ||
	    CRYPTO_memcmp(kcv, info->kcv, RKS_KCV_LEN)) {
		OPENSSL_cleanse(ref, sizeof(*ref));
		ret = rks_db_fail(db, -EUCLEAN, "DIK1 %" PRId64 " does not "
				  "match its stored KCV", id);
	}
out:
	rks_finalize(st);
	return ret;
}

int rks_db_dik1_export(struct rks_db *db, int64_t id, const char *actor,
		       const char *detail,
		       int (*sink)(const uint8_t dik1[RKS_DIK1_LEN],
				   const struct rks_dik1_info *, void *),
		       void *arg)
{
	uint8_t dik1[RKS_DIK1_LEN];
	struct rks_dik1_info info;
	struct rks_dik1_ref ref;
	char text[RKS_AUDIT_TEXT_MAX];
	int ret;

	memset(dik1, 0, sizeof(dik1));
	rks_db_lock(db);
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = rks_db_dik1_read(db, id, &ref, &info);
	if (!ret) {
		ret = rks_ks_dik1_export(db->ks, &ref, dik1);
		OPENSSL_cleanse(&ref, sizeof(ref));
		if (ret)
			rks_db_fail(db, ret, "DIK1 %" PRId64 " is in %s, which "
				    "does not let it out", id,
				    rks_ks_describe(db->ks));
	}
	if (ret)
		goto fail;
	snprintf(text, sizeof(text), "DIK1 %" PRId64 " KCV %02X%02X%02X in "
		 "clear to %s", id, info.kcv[0], info.kcv[1], info.kcv[2],
		 detail ? detail : "?");
	ret = rks_db_audit_insert(db, NULL, actor, "admin: dik1 export", text,
				  NULL);
	if (ret)
		goto fail;
	ret = sink(dik1, &info, arg);
	if (ret) {
		rks_db_fail(db, ret, "writing the DIK1 out failed");
		goto fail;
	}
	ret = rks_db_commit(db);
	goto wipe;
fail:
	rks_db_rollback(db);
wipe:
	OPENSSL_cleanse(dik1, sizeof(dik1));
out:
	rks_db_unlock(db);
	return ret;
}
