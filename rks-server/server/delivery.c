// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * delivery.c - key delivery, patent steps S310-S324: one KEY per pending
 * key, an X9.143 key block (version D) under KBPK_S with MAC16 (protocol
 * v3), DONE, then the device's RECEIPT, checked against what was sent,
 * recorded in one database transaction, and acknowledged with ACK.
 *
 * A key's clear bytes live in the session only from the database read to
 * its KEY frame; slot, usage, length and KCV stay for the RECEIPT check.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "cli_log.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_msg.h"
#include "session_internal.h"

/*
 * How long a RECEIPT's record may wait for another writer of the database
 * before the session is refused with BUSY (the keys then stay pending).
 */
#define RKS_DELIVERY_WAIT_MS	4000

/*
 * KEY for s->keys[i] (v3): the stored clear key and its attributes as a
 * version D key block under KBPK_S, exportability N, its length hidden
 * (padded to its algorithm's largest key); MAC16 under K_MAC.
 */
static int rks_delivery_key(struct rks_session *s, size_t i,
			    struct rkd_buf *tx)
{
	struct rks_pending_key *k = &s->keys[i];
	uint8_t mem[RKD_KEY_HDR_LEN + RKD_KEY_BLOCK_MAX + RKD_MAC16_LEN];
	struct rkd_kb_attr a = {
		.usage = { k->attr.usage[0], k->attr.usage[1] },
		.algorithm = k->attr.alg, .mode = k->attr.mode,
		.version = { k->attr.version[0], k->attr.version[1] },
		.exportability = PINPAD_KB_EXPORT_NONE,
	};
	struct rkd_key_msg m = { .index = (uint8_t)i, .slot = k->slot };
	struct rkd_buf body;
	size_t n = 0;
	int r;

	rkd_buf_fixed(&body, mem, sizeof(mem));
	r = rkd_kb_wrap(PINPAD_KB_VERSION_D, s->kbpk, sizeof(s->kbpk), &a,
			k->key, k->len, 1, m.block, sizeof(m.block), &n, NULL);
	m.block_len = (uint16_t)n;
	if (r == 0 && (r = rkd_key_encode(&body, &m, s->kmac)) == 0)
		r = rks_session_send(tx, RKD_MSG_KEY, &body);
	/* the key is on its way: its clear bytes are no longer needed */
	OPENSSL_cleanse(k->key, sizeof(k->key));
	OPENSSL_cleanse(&m, sizeof(m));
	OPENSSL_cleanse(mem, sizeof(mem));
	return r;
}

/* S310, S322: every pending key, then DONE */
enum rks_verdict rks_delivery_start(struct rks_session *s,
				    struct rkd_buf *tx)
{
	uint8_t mem[1 + RKD_MAC16_LEN];
	struct rkd_buf body;
	size_t i;
	int r;

	/* the lockout again, in one transaction with the keys' read */
	r = rks_db_pending_keys_unlocked(s->ctx->db, s->dsn, s->keys,
					 RKS_KEYS_PER_SESSION, &s->n_keys);
	if (r == -EACCES)
		return rks_auth_locked_late(s, tx);
	if (r)
		return rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
					  "reading pending keys: error %d", r);
	for (i = 0; i < s->n_keys; i++) {
		if ((r = rks_delivery_key(s, i, tx)) != 0)
			return rks_session_refuse(s, tx, RKD_ERROR_BUSY,
						  "internal", "key %" PRId64
						  " (slot %u): %s",
						  s->keys[i].id,
						  s->keys[i].slot,
						  rkd_errname(r));
	}
	/* KBPK_S's work is done (K_MAC stays, for RECEIPT and ACK) */
	OPENSSL_cleanse(s->kbpk, sizeof(s->kbpk));
	rkd_buf_fixed(&body, mem, sizeof(mem));
	if ((r = rkd_done_encode(&body, (uint8_t)s->n_keys, s->kmac)) != 0 ||
	    (r = rks_session_send(tx, RKD_MSG_DONE, &body)) != 0)
		return rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
					  "DONE: %s", rkd_errname(r));
	log_info("keys-sent", "conn=%llu dsn=%s keys=%zu",
		 (unsigned long long)s->id, cli_log_q(s->dsn), s->n_keys);
	s->phase = RKS_AWAIT_RECEIPT;
	return RKS_CONTINUE;
}

/* Does every RECEIPT entry match the KEY of the same index? */
static bool rks_receipt_matches(const struct rks_session *s,
				const struct rkd_receipt *rc, size_t *bad)
{
	size_t i;

	for (i = 0; i < rc->count; i++) {
		if (rc->e[i].slot != s->keys[i].slot ||
		    CRYPTO_memcmp(rc->e[i].kcv, s->keys[i].kcv,
				  RKD_KCV_LEN) != 0) {
			*bad = i;
			return false;
		}
	}
	return true;
}

/*
 * RECEIPT -> the database transaction -> ACK (S324). @m holds the parsed
 * entries and the MAC as received (msg.h; the network process parsed it,
 * without K_MAC): first whether it fits what this session sent, then the
 * MAC, over the canonical encoding of those entries.
 */
enum rks_verdict rks_delivery_on_receipt(struct rks_session *s,
					 const struct rks_msg *m,
					 struct rkd_buf *tx)
{
	const struct rkd_receipt *rc = &m->u.receipt.items;
	uint8_t mem[1 + RKD_MAC16_LEN];
	struct rkd_buf body;
	size_t bad = 0;
	int r;

	if (rc->count != s->n_keys)
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "protocol-error", "RECEIPT lists %u "
					  "keys; %zu were sent", rc->count,
					  s->n_keys);
	if ((r = rkd_receipt_verify(rc, m->u.receipt.mac, s->kmac)) != 0)
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "protocol-error", "RECEIPT: %s",
					  rkd_errname(r));
	if (!rks_receipt_matches(s, rc, &bad))
		return rks_session_refuse(s, tx, RKD_ERROR_PROTOCOL,
					  "protocol-error", "RECEIPT entry %zu "
					  "(slot %u, KCV %02X%02X%02X) is not "
					  "KEY %zu (slot %u, KCV %02X%02X%02X)",
					  bad, rc->e[bad].slot,
					  rc->e[bad].kcv[0], rc->e[bad].kcv[1],
					  rc->e[bad].kcv[2], bad,
					  s->keys[bad].slot,
					  s->keys[bad].kcv[0],
					  s->keys[bad].kcv[1],
					  s->keys[bad].kcv[2]);
	/*
	 * The keys stay pending if this fails: the next session resends.
	 * With the audit writer, the delivery is committed with others
	 * (group commit) and waited for here, on the worker.
	 */
	r = s->ctx->audit ?
	    rks_audit_delivery(s->ctx->audit, s->dsn, s->peer, s->keys,
			       s->n_keys, RKS_DELIVERY_WAIT_MS) :
	    rks_db_record_delivery(s->ctx->db, s->dsn, s->peer, s->keys,
				   s->n_keys);
	if (r)
		return rks_session_refuse(s, tx, RKD_ERROR_BUSY, "internal",
					  "recording the delivery: error %d",
					  r);
	rkd_buf_fixed(&body, mem, sizeof(mem));
	if ((r = rkd_ack_encode(&body, RKD_ACK_RECORDED, s->kmac)) == 0)
		r = rks_session_send(tx, RKD_MSG_ACK, &body);
	return rks_session_finish(s, CLI_LOG_INFO, true, "delivered",
				  "%zu keys; %s", s->n_keys,
				  r ? "ACK could not be queued" : "ACK sent");
}
