/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db.h - the RKS key database (SQLite, one file).
 *
 * Key values at rest (DIK1s, keys to deliver) are encrypted under a local
 * master key read from a 0600 file (AES-256-GCM, the row's identity as
 * associated data); an HSM replaces that file later. Every function returns
 * 0 or a negative errno; on error nothing in the database changed. Clear key
 * bytes handed out by these functions are the caller's to wipe
 * (OPENSSL_cleanse) when done.
 */
#ifndef RKS_DB_H
#define RKS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pinpad.h"

#define RKS_DSN_MAX		PINPAD_DSN_MAX	/* the module's rule */
#define RKS_KEYS_PER_SESSION	48

struct rks_db;

/* Open (and create, with its schema, if missing) the database at @path. */
int rks_db_open(const char *path, const char *master_key_file,
		struct rks_db **out);
void rks_db_close(struct rks_db *db);

/*
 * What a session needs to know about a device. -ENOENT: unknown DSN (the
 * server then carries on with a random DIK1, see protocol.md), after the
 * same work as for a known one: a decoy DIK1 is read and unsealed.
 */
struct rks_device_auth {
	uint8_t dik1[24];	/* the key store's struct rks_dik1_ref:
				 * the clear DIK1 for a file key store
				 * (keystore.h); wipe after use */
	bool locked;		/* now: by an administrator, or for a while */
	unsigned int failures;	/* consecutive failed authentications */
	int64_t locked_until;	/* Unix s of a temporary lock's end; 0 none */
};
int rks_db_device_auth(struct rks_db *db, const char *dsn,
		       struct rks_device_auth *out);

/*
 * The X9.143 attributes a key is delivered with: its key block's header
 * fields (ioctl/pinpad_kb.h has the rules), NUL-terminated strings.
 */
struct rks_key_attr {
	char alg;		/* 'T' (TDES) or 'A' (AES) */
	char usage[3];		/* "K0" "K1" "P0" "D0" "M1" "M3" "M6" */
	char mode;		/* mode of use: 'B' 'C' 'D' 'E' 'G' 'V' */
	char version[3];	/* key version number, "00": none */
};

/* A key waiting for delivery, decrypted. */
struct rks_pending_key {
	int64_t id;
	uint8_t slot;
	uint8_t usage;		/* class: 1 TMK, 2 PIN, 3 MAC, 4 DATA */
	uint8_t len;		/* TDES 16 or 24, AES 16, 24 or 32 */
	uint8_t key[32];	/* clear: wipe after use */
	uint8_t kcv[3];		/* TDES X9.24-1 A.2, AES A.3 */
	struct rks_key_attr attr;
};
int rks_db_pending_keys(struct rks_db *db, const char *dsn,
			struct rks_pending_key *keys, size_t max, size_t *n);

/*
 * rks_db_pending_keys_unlocked() - as rks_db_pending_keys(), in one
 * transaction with a check that @dsn is not locked (the lockout checked
 * again at RESPONSE, atomically with the keys' read). -EACCES if it is
 * locked, -ENOENT if it is unknown; nothing returned then.
 */
int rks_db_pending_keys_unlocked(struct rks_db *db, const char *dsn,
				 struct rks_pending_key *keys, size_t max,
				 size_t *n);

/*
 * One transaction: mark @ids delivered, reset the device's failure count,
 * and write the audit record (outcome "delivered", with slots and KCVs).
 */
int rks_db_record_delivery(struct rks_db *db, const char *dsn,
			   const char *peer, const struct rks_pending_key *keys,
			   size_t n);

/*
 * The lockout policy (Documentation/rks-server.md, "Lockout"): @after
 * consecutive failed authentications lock a DSN for @base_s seconds; each
 * further failure once that lock has run out locks it again for twice as
 * long as the one before, never longer than RKS_LOCK_MAX_S, until a
 * delivery clears the count. Only an administrator locks a DSN for good.
 */
#define RKS_LOCK_MAX_S		86400	/* 24 h */
#define RKS_LOCK_BASE_S		60	/* the server's default base */
struct rks_lockout {
	unsigned int after;	/* failures that lock; 0: never */
	unsigned int base_s;	/* the first lock, seconds (0 taken as 1) */
};

/* What a failure did to the lockout (rks_db_record_auth_failure_ex()). */
struct rks_lock_news {
	bool locked_now;	/* this failure set a temporary lock */
	unsigned int failures;	/* consecutive, this one included */
	unsigned int locks;	/* temporary locks since the last delivery */
	unsigned int secs;	/* the new lock's length */
	int64_t until;		/* Unix s, its end */
};

/* The length of the @locks-th temporary lock: base * 2^(locks-1), capped. */
unsigned int rks_lock_seconds(const struct rks_lockout *p,
			      unsigned int locks);

/*
 * One transaction: count a failed authentication for @dsn (if it is a known
 * device), lock it for a while as @policy says, write the audit record
 * with @outcome (e.g. "auth-failed: AT mismatch"), and when it locked the
 * DSN, a second record "lockout" saying until when. @news (may be NULL)
 * receives what happened, for the server's alert.
 */
int rks_db_record_auth_failure_ex(struct rks_db *db, const char *dsn,
				  const char *peer, const char *outcome,
				  const struct rks_lockout *policy,
				  struct rks_lock_news *news);

/* The same with @lock_after failures and the base RKS_LOCK_BASE_S. */
int rks_db_record_auth_failure(struct rks_db *db, const char *dsn,
			       const char *peer, const char *outcome,
			       unsigned int lock_after);

/* An audit record for any other outcome (protocol error, timeout...). */
int rks_db_audit(struct rks_db *db, const char *dsn, const char *peer,
		 const char *outcome, const char *detail);

/*
 * Cap @db's page cache at @kib KiB (SQLite's default is 2000): for a
 * connection that only appends, such as the server's audit writer.
 */
int rks_db_cache_limit(struct rks_db *db, unsigned int kib);

/* What one rks_audit_rec stands for. */
enum rks_audit_kind {
	RKS_AUDIT_ROW,		/* an audit row (rks_db_audit()) */
	RKS_AUDIT_AUTH_FAILURE,	/* rks_db_record_auth_failure_ex() */
	RKS_AUDIT_DELIVERY,	/* rks_db_record_delivery() */
	RKS_AUDIT_NOTHING,	/* withdrawn: write nothing */
};

/*
 * One entry as rks_db_audit_batch() takes it; NULL dsn: none. A failed
 * authentication and a delivery are each the whole transaction of their
 * own function, done inside the batch's.
 */
struct rks_audit_rec {
	enum rks_audit_kind kind;
	int64_t time;		/* seconds since the epoch, when it happened */
	const char *dsn, *peer, *outcome, *detail;
	const struct rks_lockout *policy;	/* AUTH_FAILURE */
	const struct rks_pending_key *keys;	/* DELIVERY: id, slot, KCV */
	size_t n_keys;
	/* set by rks_db_audit_batch() once it returns 0 */
	int result;		/* DELIVERY: 0, or why it was refused */
	struct rks_lock_news news;	/* AUTH_FAILURE */
};

/*
 * Group commit: the @n entries in one transaction (one fsync), all or
 * none; except that a delivery refused for itself (-ESTALE, -EINVAL: keys
 * that are not the device's) is undone alone (a savepoint) with its
 * @result set, and the others are committed. The server's audit writer
 * calls it with whatever has queued up since its last commit. -EINVAL, or
 * the errors of rks_db_audit().
 */
int rks_db_audit_batch(struct rks_db *db, struct rks_audit_rec *recs,
		       size_t n);

/*
 * rks_db_session_claim() - a DSN's session for this process alone, among
 * every node on the database (several RKS nodes, one PostgreSQL)
 *
 * On PostgreSQL a session-level advisory lock on a hash of @dsn, held by
 * @db's connection until rks_db_session_release() or the connection's end:
 * a node that dies lets go of its DSNs with its connection. Two DSNs of one
 * 32-bit hash share a lock (a rare, harmless BUSY). On SQLite (one node per
 * file) it claims nothing and returns 0: the process's own single flight
 * (server/flight.c) is the whole of it.
 *
 * @epoch: rks_db_epoch() of the connection that made the claim (read
 * under the handle's lock, so that it is that connection's).
 *
 * Return: 0 claimed; -EBUSY another node holds it; -errno of the database.
 */
int rks_db_session_claim(struct rks_db *db, const char *dsn,
			 uint64_t *epoch);

/*
 * rks_db_epoch() - how many times @db's connection was made again after
 * the database server ended it (PostgreSQL's restart or fail-over; the
 * back end reconnects before the next transaction). A claim made at
 * another epoch is gone: its lock ended with the old connection. Always 0
 * on SQLite. Any thread may read it.
 */
uint64_t rks_db_epoch(struct rks_db *db);

/*
 * rks_db_session_ping() - one round trip on @db's connection (the claims'
 * handle), so that a connection the database server has ended is found,
 * and made again (rks_db_epoch() moves), now rather than at the next
 * claim: a quiet node would otherwise not know its claims are gone. Nothing
 * on SQLite. 0; -errno of the database.
 */
int rks_db_session_ping(struct rks_db *db);
/* Lets go of a claim of @dsn that rks_db_session_claim() made. */
void rks_db_session_release(struct rks_db *db, const char *dsn);

#endif /* RKS_DB_H */
