/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db_admin.h - what rks-admin needs of the key database beyond db.h:
 * creating DIK1s, devices and keys to deliver, listing them, reading the
 * audit trail, and checking every stored value.
 *
 * The rules of db.h hold: every function returns 0 or a negative errno, and
 * on error nothing in the database changed. After a failure,
 * rks_db_errmsg() says what was wrong in words that name the row or the
 * value (a DSN, an id, a slot), never key bytes. Errors used throughout:
 *   -EINVAL	a bad argument (DSN, slot/usage, length, degenerate key...)
 *   -ENOENT	no such DSN, DIK1 or key
 *   -EEXIST	the DSN exists already, or the slot has a pending key
 *   -EBADMSG	a stored value does not authenticate for its row (it was
 *		altered, or moved from another row)
 *   -EBUSY	another process holds the database longer than the timeout
 *   -EIO, -ENOSPC, -ENOMEM	storage trouble
 *
 * Functions that change the database take an @actor, written to the audit
 * record of the change in the same transaction (e.g. "rks-admin:root").
 * Callbacks run with the database handle's lock held: they must not call
 * back into it. A callback returning non-zero stops the walk, and that
 * value is returned.
 */
#ifndef RKS_DB_ADMIN_H
#define RKS_DB_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"

/* The PIN pad's numbers are the UAPI's (ioctl/pinpad.h) */
#define RKS_DIK1_LEN		PINPAD_KEY_LEN_3KEY
#define RKS_KCV_LEN		PINPAD_KCV_LEN
#define RKS_MASTER_KEY_LEN	32
#define RKS_LABEL_MAX		64
#define RKS_SLOTS		PINPAD_SLOTS
#define RKS_TMK_SLOTS		PINPAD_TMK_SLOTS

enum rks_usage {
	RKS_USAGE_TMK = PINPAD_USAGE_TMK,
	RKS_USAGE_PIN = PINPAD_USAGE_PIN,
	RKS_USAGE_MAC = PINPAD_USAGE_MAC,
	RKS_USAGE_DATA = PINPAD_USAGE_DATA,
};

/* rks_db_open_ex() flags */
#define RKS_DB_CREATE	0x1	/* create the database if it is missing */
#define RKS_DB_MIGRATE	0x2	/* upgrade an older schema to this one's */

/*
 * rks_db_open_ex() - rks_db_open() with a choice and a reason
 * @path:  an SQLite file, or a PostgreSQL URI (postgresql://...)
 * @flags: RKS_DB_CREATE, or 0 to refuse (-ENOENT) a missing database;
 *         RKS_DB_MIGRATE (or RKS_DB_CREATE) to upgrade an older schema,
 *         which is otherwise refused (-EPROTONOSUPPORT)
 * @msg:   receives why opening failed: the file, and what is wrong with it
 *
 * rks_db_open() is rks_db_open_ex(..., RKS_DB_CREATE, ...) that prints the
 * reason for a failure on stderr. Errors besides the common ones:
 * -EPERM the master key file or the database is readable by others than
 * its owner, or is owned by another user;
 * -EKEYREJECTED the master key is not the one of this database;
 * -EPROTONOSUPPORT the schema is newer than this program, or older and
 * no RKS_DB_MIGRATE; -ENOTSUP the file is an SQLite database (or the
 * PostgreSQL schema one) but not an RKS one.
 */
int rks_db_open_ex(const char *path, const char *master_key_file,
		   unsigned int flags, struct rks_db **out, char *msg,
		   size_t msg_size);

struct rks_keystore;

/*
 * rks_db_open_ks() - rks_db_open_ex() with a key store opened already
 * (keystore.h: a file or a PKCS#11 one), which @ks stays the caller's: it
 * must outlive the handle. Several handles (threads) may share one.
 */
int rks_db_open_ks(const char *path, struct rks_keystore *ks,
		   unsigned int flags, struct rks_db **out, char *msg,
		   size_t msg_size);

/* The key store @db seals with (rks-admin's migration and checks). */
struct rks_keystore *rks_db_keystore(struct rks_db *db);

/*
 * rks_db_migrate() - move @db to the key store @to (`rks-admin
 * migrate-to-token`), in one transaction: every DIK1 stored in @to (for a
 * token: a non-extractable object) and its row's reference sealed again,
 * every key value (pending and delivered) and the master key check sealed
 * under @to's master key, an audit record. The handle then uses @to (the
 * caller's; it must outlive @db). *@n_dik1s, *@n_keys: how many moved.
 * Errors: -EINVAL @db is in @to already; -EPERM the old store does not
 * let its DIK1s out; -EBADMSG, -EUCLEAN a stored value does not check
 * (run `rks-admin verify`); SQL and key store errors. Nothing changed on
 * error, in the database or in @to.
 */
int rks_db_migrate(struct rks_db *db, struct rks_keystore *to,
		   const char *actor, size_t *n_dik1s, size_t *n_keys);
/* Is @target an SQLite file (not a postgresql:// URI)? */
bool rks_db_target_is_file(const char *target);

/* The schema version this program writes and needs. */
int rks_db_schema_version(void);

/* "SQLite" or "PostgreSQL": the back end @db is on. */
const char *rks_db_backend(const struct rks_db *db);

/*
 * Why the last failed call on @db failed; "" if none did. With threads
 * sharing @db, another call may have replaced it: read it from the thread
 * that made the call, before any other call is made on @db.
 */
const char *rks_db_errmsg(const struct rks_db *db);

/*
 * rks_master_key_create() - write 32 random bytes to a new 0600 file
 *
 * Return: 0; -EEXIST if @path exists (it is left alone); an error of
 * open(2) or write(2). @msg says which.
 */
int rks_master_key_create(const char *path, char *msg, size_t msg_size);

/* --- values --- */

/* A DSN the module takes (rkd_dsn_valid()), NUL-terminated; NULL is not. */
bool rks_dsn_valid(const char *dsn);

/* 0..RKS_LABEL_MAX characters of printable ASCII (0x20-0x7e). */
bool rks_label_valid(const char *label);

/* "tmk", "pin", "mac", "data"; "?" for anything else. */
const char *rks_usage_name(unsigned int usage);

/* The usage @name names, in any case; 0 if none. */
unsigned int rks_usage_parse(const char *name);

/* The module's slot classes (rkd_slot_accepts()): TMKs in 0-15, PIN, MAC
 * and DATA keys in 16-47. */
bool rks_slot_fits_usage(unsigned int slot, unsigned int usage);

/*
 * rks_key_attr_default() - the attributes of a key of class @usage when
 * none are given (and of every key stored before key blocks): TMK K0/D,
 * PIN P0/E, MAC M3/C, DATA D0/B; TDES, version "00".
 */
void rks_key_attr_default(unsigned int usage, struct rks_key_attr *a);

/*
 * rks_key_attr_check() - may a key of class @usage and @len bytes carry
 * @a? Its X9.143 usage must be of the class, the mode allowed for the
 * usage, the length one of its algorithm's (TDES 16/24, AES 16/24/32),
 * the version two letters or digits. Returns NULL, or why not (static).
 */
const char *rks_key_attr_check(unsigned int usage, size_t len,
			       const struct rks_key_attr *a);

/* KCV of a key of algorithm @alg ('T': X9.24-1 A.2; 'A': A.3). */
int rks_key_kcv(char alg, const uint8_t *key, size_t len,
		uint8_t kcv[RKS_KCV_LEN]);

/* A random key of @alg: TDES as rks_tdes_generate(), AES any 16/24/32. */
int rks_key_generate(char alg, uint8_t *key, size_t len);

/* --- TDES keys (16 bytes: K1K2, used as K1K2K1; 24 bytes: K1K2K3) --- */

/* The KCV: the first 3 bytes of TDES-ECB encryption of a zero block. */
int rks_tdes_kcv(const uint8_t *key, size_t len, uint8_t kcv[RKS_KCV_LEN]);

/* K1 == K2 or K2 == K3, parity bits aside: single DES in disguise; and any
 * length but 16 or 24 (rkd_tdes_key_weak()). */
bool rks_tdes_degenerate(const uint8_t *key, size_t len);

/* Odd parity in every byte of @key (@len bytes): the DES convention. */
void rks_tdes_odd_parity(uint8_t *key, size_t len);

/* A random key (RAND_priv_bytes), odd parity, not degenerate. */
int rks_tdes_generate(uint8_t *key, size_t len);

/* --- DIK1s --- */

struct rks_dik1_info {
	int64_t id;
	char label[RKS_LABEL_MAX + 1];
	uint8_t kcv[RKS_KCV_LEN];
	int64_t created;		/* Unix time, seconds */
};

/* Stores @dik1 (24 bytes, not degenerate); @info receives its row. */
int rks_db_dik1_add(struct rks_db *db, const char *label,
		    const uint8_t dik1[RKS_DIK1_LEN], const char *actor,
		    struct rks_dik1_info *info);

int rks_db_dik1_list(struct rks_db *db,
		     int (*fn)(const struct rks_dik1_info *, void *),
		     void *arg);

/*
 * rks_db_dik1_export() - hand DIK1 @id in clear to @sink, and audit it
 * @detail: for the audit record (where it went)
 * @sink:   writes the key out; its non-zero return aborts the export
 *
 * One transaction: the audit record is committed only if @sink succeeded.
 * If the commit itself fails, the error is returned after @sink ran: the
 * caller then undoes what @sink did. The clear key is wiped afterwards.
 */
int rks_db_dik1_export(struct rks_db *db, int64_t id, const char *actor,
		       const char *detail,
		       int (*sink)(const uint8_t dik1[RKS_DIK1_LEN],
				   const struct rks_dik1_info *, void *),
		       void *arg);

/* --- devices --- */

struct rks_device_info {
	char dsn[RKS_DSN_MAX + 1];
	int64_t dik1_id;
	unsigned int failures;
	bool locked;			/* now: for good, or for a while */
	bool for_good;			/* by an administrator */
	int64_t created;
	unsigned int locks;		/* temporary locks since a delivery */
	int64_t locked_until;		/* Unix s, the last one's end; 0 */
	int64_t retired;		/* Unix s it was retired; 0: not */
	unsigned int pending;		/* rks_db_device_get() only */
	unsigned int delivered;		/* rks_db_device_get() only */
};

int rks_db_device_add(struct rks_db *db, const char *dsn, int64_t dik1_id,
		      const char *actor);
int rks_db_device_get(struct rks_db *db, const char *dsn,
		      struct rks_device_info *info);
int rks_db_device_list(struct rks_db *db,
		       int (*fn)(const struct rks_device_info *, void *),
		       void *arg);

/*
 * Clears both locks (the administrator's and a temporary one), the failure
 * count and the back-off; *@changed: was there any. -ENOENT: no such DSN.
 */
int rks_db_device_unlock(struct rks_db *db, const char *dsn,
			 const char *actor, bool *changed);

/*
 * The administrator's lock: @dsn authenticates no more until
 * rks_db_device_unlock(); *@changed: false if it was locked already.
 * -ENOENT: no such DSN.
 */
int rks_db_device_lock(struct rks_db *db, const char *dsn, const char *actor,
		       bool *changed);

/*
 * Bulk import (db_import.c): every device is checked as it is added and
 * staged; nothing is written to the database until commit, which adds
 * them a part (@chunk devices) per write transaction, each part with its
 * own audit record, so that other writers (rks-server) get the lock
 * between parts. Between begin and commit or abort the handle is taken:
 * no other call may use it (from this thread or another).
 *
 * A crash during commit leaves the parts committed before it. The same
 * import again with @resume adds the rest: a DSN already there with the
 * same DIK1 is counted (rks_db_import_present) instead of refused.
 */
/*
 * A part of 1,000 holds the write lock about 3 ms here; 5,000 held it
 * about 15 ms, which showed in a running server's p99 (bench section 6).
 */
#define RKS_IMPORT_CHUNK	1000	/* devices per part, by default */

struct rks_import_opts {
	size_t chunk;			/* devices per part; 0: the default */
	bool resume;
	/* after each committed part: devices committed, of how many */
	void (*progress)(size_t done, size_t total, void *arg);
	void *arg;
};

struct rks_import;

/* @o may be NULL (the defaults). 0 or -errno (reason: rks_db_errmsg). */
int rks_db_import_begin_ex(struct rks_db *db, const struct rks_import_opts *o,
			   struct rks_import **out);
int rks_db_import_begin(struct rks_db *db, struct rks_import **out);

/*
 * Checks and stages one device: 0, or -EINVAL (bad DSN, retired DIK1),
 * -ENOENT (no such DIK1), -EEXIST (the DSN is in the database, or was
 * added to this import before), another -errno (database). On error the
 * import is still open, nothing of it written; the caller aborts it.
 */
int rks_db_import_add(struct rks_import *imp, const char *dsn,
		      int64_t dik1_id);

/* With resume: devices skipped because they were there already. */
size_t rks_db_import_present(const struct rks_import *imp);

/*
 * Adds the staged devices, a part per transaction with its audit record
 * ("N devices from @detail", and the part); frees @imp. 0, or the -errno
 * of the part that failed: *@count then says how many the parts before it
 * added (they stay).
 */
int rks_db_import_commit(struct rks_import *imp, const char *actor,
			 const char *detail, size_t *count);

/* Before commit: forgets everything staged; frees. NULL is allowed. */
void rks_db_import_abort(struct rks_import *imp);

/* --- keys to deliver --- */

struct rks_key_info {
	int64_t id;
	char dsn[RKS_DSN_MAX + 1];
	uint8_t slot;
	uint8_t usage;			/* enum rks_usage */
	uint8_t len;			/* TDES 16 or 24, AES 16, 24, 32 */
	uint8_t kcv[RKS_KCV_LEN];
	struct rks_key_attr attr;
	bool delivered;
	int64_t created;
	int64_t delivered_at;		/* 0 while pending */
};

/*
 * rks_db_key_add() - a TDES key for @dsn's slot, pending delivery, with
 * its class's default attributes (rks_key_attr_default())
 *
 * -EINVAL: slot/usage mismatch, bad length, degenerate key, attributes
 * that rks_key_attr_check() refuses; -ENOENT: unknown DSN; -EEXIST: the
 * slot has a pending key already.
 */
int rks_db_key_add(struct rks_db *db, const char *dsn, unsigned int slot,
		   unsigned int usage, const uint8_t *key, size_t len,
		   const char *actor, struct rks_key_info *info);

/* One key for rks_db_key_add_many(). */
struct rks_new_key {
	const char *dsn;
	unsigned int slot, usage;
	const uint8_t *key;		/* clear, @len bytes */
	size_t len;
	const struct rks_key_attr *attr;	/* NULL: the defaults */
};

/*
 * rks_db_key_add_many() - rks_db_key_add() for @n keys in one
 * transaction: all stored, or none. @info: the last key stored; @bad
 * (may be NULL): the index of the key that failed. Errors as
 * rks_db_key_add().
 */
int rks_db_key_add_many(struct rks_db *db, const struct rks_new_key *keys,
			size_t n, const char *actor,
			struct rks_key_info *info, size_t *bad);

/* Every key, or @dsn's (NULL: all), by DSN, slot and id. */
int rks_db_key_list(struct rks_db *db, const char *dsn,
		    int (*fn)(const struct rks_key_info *, void *),
		    void *arg);

/*
 * rks_db_tmk_for_wrap() - the clear TMK last delivered to @dsn's @slot
 * (0..RKS_TMK_SLOTS-1), for `rks-admin key wrap`, which wraps a working
 * key under it as an acquirer host would (and audits what it made with
 * rks_db_audit(), outcome "admin: key wrap"). The caller wipes @key->key.
 *
 * -EINVAL bad DSN or slot; -ENOENT no TMK delivered there (a pending one
 * is not on the device yet); -EBADMSG, -EUCLEAN the stored key does not
 * authenticate or does not match its KCV.
 */
int rks_db_tmk_for_wrap(struct rks_db *db, const char *dsn,
			unsigned int slot, struct rks_pending_key *key);

/* --- audit --- */

struct rks_audit_info {
	int64_t id;
	int64_t time;			/* Unix time, seconds */
	const char *peer;		/* "" if none */
	const char *dsn;		/* NULL if none */
	const char *outcome;
	const char *detail;		/* "" if none */
	const char *keys;		/* "slot:KCV ..." delivered; or "" */
};

/* The last @limit records (0: all), of @dsn (NULL: all), oldest first. */
int rks_db_audit_list(struct rks_db *db, const char *dsn,
		      unsigned int limit,
		      int (*fn)(const struct rks_audit_info *, void *),
		      void *arg);

/* --- lifecycle (db_lifecycle.c) --- */

/*
 * rks_db_device_retire() - @dsn never authenticates again (locked, and
 * unlock refuses it); its pending keys are cancelled (*@cancelled: how
 * many). Audited. -ENOENT no such DSN; -EALREADY retired already.
 */
int rks_db_device_retire(struct rks_db *db, const char *dsn,
			 const char *actor, unsigned int *cancelled);

/*
 * rks_db_key_cancel() - removes pending key @id (it will not be
 * delivered); @info: what it was. Audited. -ENOENT no such key; -EINVAL
 * delivered already.
 */
int rks_db_key_cancel(struct rks_db *db, int64_t id, const char *actor,
		      struct rks_key_info *info);

/*
 * rks_db_dik1_retire() - no new device may name DIK1 @id (the devices
 * made with it keep it). Audited. -ENOENT no such DIK1; -EALREADY.
 */
int rks_db_dik1_retire(struct rks_db *db, int64_t id, int64_t replacement,
		       const char *actor);

/* --- backup and restore (db_backup.c) --- */

/* An installation's id: 32 hex digits, made once per database (meta). */
#define RKS_INSTALLATION_ID_LEN	32

int rks_db_installation_id(struct rks_db *db,
			   char id[RKS_INSTALLATION_ID_LEN + 1]);

/*
 * rks_db_backup() - a consistent copy of @db at @path (a new file, mode
 * 0600) by SQLite's online backup API, while others write; audited (the
 * record is in the copy); checked and on disk when it returns
 * @id: the installation id, out
 *
 * Return: 0; -EEXIST (@path exists); -EMEDIUMTYPE @db is not SQLite (a
 * PostgreSQL database: pg_dump); -EIO and others (the file removed).
 */
int rks_db_backup(struct rks_db *db, const char *path, const char *actor,
		  char id[RKS_INSTALLATION_ID_LEN + 1]);

/*
 * rks_db_restore() - @backup into the database at @path (created if it
 * does not exist), audited there
 *
 * Refused: -EMEDIUMTYPE @backup or @path is a PostgreSQL URI (pg_restore);
 * -EKEYREJECTED a backup that does not open under @ks's master
 * key (another installation's); -EXDEV @path exists with another
 * installation id. @msg says why. @id: the backup's installation id.
 */
int rks_db_restore(const char *backup, const char *path,
		   struct rks_keystore *ks, const char *actor,
		   char id[RKS_INSTALLATION_ID_LEN + 1], char *msg, size_t size);

/* --- the audit trail's proof (db_chain.c, db_chain_verify.c) --- */

/*
 * rks_db_open_ro() - open @path read-only, for reading the audit trail:
 * works on a copy on read-only media (SQLite's immutable mode when the
 * WAL's shared memory cannot be made). @ks (the caller's, kept open while
 * the database is) may be NULL: then nothing sealed can be read, and
 * checkpoint MACs are not checked. Errors as rks_db_open_ex(); the schema
 * must be this program's version. The file's owner and mode are not
 * checked: a copy for an auditor need not be the server's.
 */
int rks_db_open_ro(const char *path, struct rks_keystore *ks,
		   struct rks_db **out, char *msg, size_t msg_size);

struct rks_audit_verdict {
	uint64_t rows;			/* records that follow the chain */
	uint64_t checkpoints;		/* checkpoints that agree */
	bool macs;			/* their MACs checked (master key) */
	int64_t bad_id;			/* the first bad record; 0: none */
	char why[256];
};

/*
 * rks_db_audit_verify() - check every record against the hash chain and
 * every checkpoint against its record and (with the master key) its MAC
 *
 * Return: 0 intact; -EBADMSG with @v->bad_id and @v->why naming the first
 * record that is missing, altered or out of place; another -errno.
 */
int rks_db_audit_verify(struct rks_db *db, struct rks_audit_verdict *v);

/* A checkpoint of the last record now; *@audit_id: its id. */
int rks_db_audit_checkpoint(struct rks_db *db, int64_t *audit_id);

/* Which records rks_db_audit_query() gives; zero fields: no filter. */
struct rks_audit_filter {
	const char *dsn;
	int64_t since, until;		/* Unix s: since <= time < until */
	const char *outcome;		/* exact, e.g. "delivered" */
};

/* Every record that passes @f, oldest first. */
int rks_db_audit_query(struct rks_db *db, const struct rks_audit_filter *f,
		       int (*fn)(const struct rks_audit_info *, void *),
		       void *arg);

/* --- retention of the audit trail (db_archive.c: the file format) --- */

struct rks_archive_info {
	int64_t id;			/* its row in audit_archives */
	int64_t time;			/* when it was made (Unix s) */
	int64_t older_than;		/* the date given (Unix s) */
	int64_t first_id, last_id;	/* the records it holds */
	uint64_t count;
	char sha256[65];		/* the hash chain's end, hex */
	uint8_t row_chain[32];		/* the rows' chain at last_id */
	bool has_row_chain;
};

/*
 * rks_db_audit_archive() - move the oldest records into a new file
 * @older_than: records older than this (Unix s) go, from the oldest up to
 *              the first that is not (ids stay one unbroken range)
 * @path:       the file, created (mode 0600); never overwritten
 *
 * One transaction: the file is written and fsync'ed, then the archive's
 * row (range, count, final hash), the audit record "admin: audit archive",
 * the watermark raised and the records deleted, all committed together;
 * on any failure the file is removed and nothing changed. -ENOENT: no
 * record to archive; -EEXIST: @path exists; -errno of writing it.
 */
int rks_db_audit_archive(struct rks_db *db, int64_t older_than,
			 const char *path, const char *actor,
			 struct rks_archive_info *info);

/*
 * rks_audit_archive_check() - check an archive file's format and chain
 * @info:     its header's range and count, and the chain's end
 * @bad_line: the first line found wrong (1-based), with the reason in @why
 *
 * No database needed. -EBADMSG: the file is not intact; -errno reading.
 */
int rks_audit_archive_check(FILE *f, struct rks_archive_info *info,
			    unsigned long *bad_line, char *why,
			    size_t why_size);

/*
 * rks_db_archive_find() - the database's record of the archive @file
 * (its range): 0 with @rec if it has one with the same count and hash;
 * -EBADMSG if its record differs; -ENOENT if it has none.
 */
int rks_db_archive_find(struct rks_db *db,
			const struct rks_archive_info *file,
			struct rks_archive_info *rec);

/* --- integrity --- */

/*
 * rks_db_verify() - decrypt every stored key and check its KCV
 * @fn: called for each bad row: its table ("dik1s" or "keys"), id, and
 *      the error (-EBADMSG: does not authenticate; -EUCLEAN: decrypts but
 *      its KCV differs from the stored one)
 * @checked, @bad: receive the counts
 */
int rks_db_verify(struct rks_db *db,
		  int (*fn)(const char *table, int64_t id, int err, void *),
		  void *arg, size_t *checked, size_t *bad);

#endif /* RKS_DB_ADMIN_H */
