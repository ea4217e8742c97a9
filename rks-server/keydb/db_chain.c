// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_chain.c - the audit trail's SHA-256 hash chain, one definition for the
 * rows in the database and for the archive files (db_archive.c).
 *
 * A record's line is its fields separated by TAB, text escaped as the
 * archive format gives it (db_archive.c: \\ \t \n \r \xHH, \N for no DSN):
 *
 *   ID TIME PEER DSN OUTCOME DETAIL KEYS
 *
 * and CHAIN = SHA-256(CHAIN_BEFORE (32 bytes) || LINE). In the database
 * each row carries its CHAIN (audit.chain), CHAIN_BEFORE being the row
 * before's; the first row's is 32 zero bytes, or, once records were
 * archived, the chain of the last record archived (audit_archives.chain).
 * Ids follow each other without gaps (the next id is the last one + 1),
 * so a deleted row shows as a missing id, an altered or moved one as a
 * hash that no longer follows. Anyone can recompute a chain from the
 * rows: checkpoints (audit_checkpoints) hold a row's chain under a MAC
 * by the master key (through the key store), so a trail rewritten whole
 * from some row on fails the checkpoints after it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "db_internal.h"

int rks_chain_step(const uint8_t prev[32], const char *line, size_t len,
		   uint8_t h[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok;

	ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) &&
	     (!prev || EVP_DigestUpdate(c, prev, 32)) &&
	     EVP_DigestUpdate(c, line, len) &&
	     EVP_DigestFinal_ex(c, h, NULL);
	EVP_MD_CTX_free(c);
	return ok ? 0 : -ENOMEM;
}

/* Appends @len bytes of @s escaped (NULL: "\N") to @buf at *@off. */
static void put_field(char *buf, size_t *off, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = *off, i;

	if (!s) {
		o += (size_t)sprintf(buf + o, "\\N");
		*off = o;
		return;
	}
	for (i = 0; i < len; i++) {
		if (p[i] == '\\')
			o += (size_t)sprintf(buf + o, "\\\\");
		else if (p[i] == '\t')
			o += (size_t)sprintf(buf + o, "\\t");
		else if (p[i] == '\n')
			o += (size_t)sprintf(buf + o, "\\n");
		else if (p[i] == '\r')
			o += (size_t)sprintf(buf + o, "\\r");
		else if (p[i] < 0x20 || p[i] == 0x7f)
			o += (size_t)sprintf(buf + o, "\\x%02x", p[i]);
		else
			buf[o++] = (char)p[i];
	}
	*off = o;
}

int rks_audit_line(const struct rks_audit_row *r, char **buf, size_t *cap,
		   size_t *len)
{
	size_t need = 64, i, off;
	char *p;

	for (i = 0; i < 5; i++)
		need += 4 * r->len[i] + 4;
	if (need > *cap) {
		p = realloc(*buf, need);
		if (!p)
			return -ENOMEM;
		*buf = p;
		*cap = need;
	}
	off = (size_t)sprintf(*buf, "%" PRId64 "\t%" PRId64, r->id, r->time);
	for (i = 0; i < 5; i++) {
		(*buf)[off++] = '\t';
		put_field(*buf, &off, r->text[i], r->len[i]);
	}
	(*buf)[off] = '\0';
	*len = off;
	return 0;
}

void rks_audit_row_from(struct rks_stmt *st, int col, struct rks_audit_row *r)
{
	int i;

	r->id = rks_col_int64(st, col);
	r->time = rks_col_int64(st, col + 1);
	for (i = 0; i < 5; i++) {
		if (rks_col_null(st, col + 2 + i)) {
			r->text[i] = NULL;
			r->len[i] = 0;
			continue;
		}
		r->text[i] = (const char *)rks_col_text(st, col + 2 + i);
		r->len[i] = (size_t)rks_col_bytes(st, col + 2 + i);
		if (!r->text[i])
			r->text[i] = "";
	}
}

/*
 * A checkpoint's associated data: the record's id and chain. Its MAC is
 * the key store's seal of an empty value under it: AES-256-GCM's tag
 * (GMAC, NIST SP 800-38D) under the master key, wherever the master key
 * lives (a file, or a token that never lets it out): 28 bytes, nonce and
 * tag, checked by unsealing.
 */
static void checkpoint_aad(char aad[RKS_AAD_MAX], int64_t audit_id,
			   const uint8_t chain[32])
{
	static const char digits[] = "0123456789abcdef";
	char hex[65];
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[chain[i] >> 4];
		hex[2 * i + 1] = digits[chain[i] & 15];
	}
	hex[64] = '\0';
	snprintf(aad, RKS_AAD_MAX, "rks-db/1 audit_checkpoints audit_id=%"
		 PRId64 " chain=%s", audit_id, hex);
}

int rks_audit_checkpoint_seal(struct rks_db *db, struct rks_keystore *ks,
			      int64_t audit_id, const uint8_t chain[32],
			      uint8_t mac[RKS_SEALED_LEN(0)])
{
	char aad[RKS_AAD_MAX];
	int ret;

	checkpoint_aad(aad, audit_id, chain);
	ret = rks_ks_seal(ks, aad, NULL, 0, mac);
	return ret ? rks_db_fail(db, ret, "sealing an audit checkpoint") : 0;
}

int rks_audit_checkpoint_check(struct rks_db *db, int64_t audit_id,
			       const uint8_t chain[32], const uint8_t *mac,
			       size_t mac_len)
{
	char aad[RKS_AAD_MAX];

	checkpoint_aad(aad, audit_id, chain);
	return rks_ks_unseal(db->ks, aad, mac, mac_len, NULL, 0);
}

/* The chain the next row follows: the last row's, or the anchor. */
static int chain_before(struct rks_db *db, int64_t *last_id,
			uint8_t prev[32])
{
	struct rks_stmt *st;
	int rc, ret;

	ret = rks_db_prepare(db, "SELECT id, chain FROM audit ORDER BY id DESC "
			     "LIMIT 1", &st);
	if (ret)
		return ret;
	rc = rks_step(st);
	memset(prev, 0, 32);
	*last_id = 0;
	if (rc == RKS_ROW) {
		*last_id = rks_col_int64(st, 0);
		if (!rks_column_blob(st, 1, prev, 32))
			ret = rks_db_fail(db, -EUCLEAN, "audit record %" PRId64
					  " has no hash chain: run `rks-admin "
					  "audit verify`", *last_id);
	} else if (rc != RKS_DONE) {
		ret = rks_db_sql_fail(db, "reading the audit chain");
	}
	rks_finalize(st);
	if (ret || *last_id)
		return ret;
	/* an empty table: after the last archive, if any */
	ret = rks_db_prepare(db, "SELECT last_id, chain FROM audit_archives "
			     "ORDER BY last_id DESC LIMIT 1", &st);
	if (ret)
		return ret;
	rc = rks_step(st);
	if (rc == RKS_ROW) {
		*last_id = rks_col_int64(st, 0);
		if (!rks_col_null(st, 1))
			rks_column_blob(st, 1, prev, 32);
	} else if (rc != RKS_DONE) {
		ret = rks_db_sql_fail(db, "reading the audit chain");
	}
	rks_finalize(st);
	return ret;
}

int rks_audit_chain_next(struct rks_db *db, struct rks_audit_row *r,
			 uint8_t chain[32])
{
	char *line = NULL;
	size_t cap = 0, len;
	int64_t last;
	uint8_t prev[32];
	int ret;

	ret = chain_before(db, &last, prev);
	if (ret)
		return ret;
	r->id = last + 1;
	ret = rks_audit_line(r, &line, &cap, &len);
	if (!ret)
		ret = rks_chain_step(prev, line, len, chain);
	free(line);
	return ret ? rks_db_fail(db, ret, "out of memory") : 0;
}

int rks_audit_checkpoint_at(struct rks_db *db, int64_t audit_id,
			    const uint8_t chain[32])
{
	uint8_t mac[RKS_SEALED_LEN(0)];
	struct rks_stmt *st;
	int ret;

	ret = rks_audit_checkpoint_seal(db, db->ks, audit_id, chain, mac);
	if (ret)
		return ret;
	ret = rks_db_prepare(db, "INSERT INTO audit_checkpoints (time, "
			     "audit_id, chain, mac) VALUES (?1, ?2, ?3, ?4)",
			     &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, rks_now());
	rks_bind_int64(st, 2, audit_id);
	rks_bind_blob(st, 3, chain, 32);
	rks_bind_blob(st, 4, mac, sizeof(mac));
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "writing an audit checkpoint");
	rks_finalize(st);
	return ret;
}

/* Each row of the backfill: the chain set once (the trigger allows it). */
struct backfill {
	struct rks_db *db;
	struct rks_stmt *set;
	uint8_t prev[32];
	char *line;
	size_t cap;
};

static int backfill_row(struct rks_stmt *st, void *arg)
{
	struct backfill *b = arg;
	struct rks_audit_row r;
	size_t len;
	int ret;

	rks_audit_row_from(st, 0, &r);
	ret = rks_audit_line(&r, &b->line, &b->cap, &len);
	if (!ret)
		ret = rks_chain_step(b->prev, b->line, len, b->prev);
	if (ret)
		return ret;
	rks_reset(b->set);
	rks_bind_blob(b->set, 1, b->prev, 32);
	rks_bind_int64(b->set, 2, r.id);
	if (rks_step(b->set) != RKS_DONE)
		return rks_db_sql_fail(b->db, "chaining the audit trail");
	return 0;
}

int rks_audit_chain_backfill(struct rks_db *db)
{
	struct backfill b = { .db = db };
	int ret;

	ret = rks_db_prepare(db, "UPDATE audit SET chain = ?1 WHERE id = ?2",
			     &b.set);
	if (ret)
		return ret;
	ret = rks_db_each(db, "SELECT id, time, peer, dsn, outcome, detail, "
			  "delivered_keys FROM audit ORDER BY id", NULL,
			  backfill_row, &b, "chaining the audit trail");
	rks_finalize(b.set);
	free(b.line);
	return ret;
}
