/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * admin.h - what rks-admin's commands share: where the database and the
 * master key are, opening them, and turning database errors into messages
 * and exit codes.
 */
#ifndef RKS_ADMIN_H
#define RKS_ADMIN_H

#include <stdint.h>

#include "cli_common.h"
#include "cli_json.h"
#include "db_admin.h"

/* The defaults; $RKS_DB and $RKS_MASTER_KEY come before them. */
#define ADMIN_DEFAULT_DB	"/var/lib/rks/rks.db"
#define ADMIN_DEFAULT_MK	"/etc/rks/master.key"
#define ADMIN_DEFAULT_WORK_DIR	"/etc/rks"

/* The PKCS#11 module when --token is given without --pkcs11-module. */
#define ADMIN_DEFAULT_MODULE	"/usr/lib/softhsm/libsofthsm2.so"

/*
 * --db and --master-key, or --token with --pkcs11-module and --pin-file
 * (keystore.h), as given before or after the command.
 */
enum { ADMIN_OPT_DB, ADMIN_OPT_MK, ADMIN_OPT_TOKEN, ADMIN_OPT_MODULE,
       ADMIN_OPT_PIN_FILE, ADMIN_N_GLOBAL };
extern struct cli_opt admin_global_opts[ADMIN_N_GLOBAL];

/* The database and master key file to use: option, environment, default. */
const char *admin_db_path(void);
const char *admin_mk_path(void);

struct rks_ks_config;
struct rks_keystore;

/* The key store the options name: the token if --token (or $RKS_TOKEN) is
 * given, else the master key file. Pointers into static storage. */
void admin_ks_config(struct rks_ks_config *cfg);

/*
 * admin_keystore() - the key store of admin_ks_config(), opened once per
 * run (closed at exit); @create makes a token's master key if missing.
 * Return: NULL after saying why.
 */
struct rks_keystore *admin_keystore(bool create);

/* A failed operation: the key objects the open key store made this run
 * are destroyed (rks_ks_forget_made()); nothing if none is open. */
void admin_keystore_forget_made(void);

/*
 * admin_open() - open the database (never creating it) with the key
 * store the options name
 *
 * Return: CLI_EXIT_OK with *@db set, or CLI_EXIT_SETUP after saying why.
 */
int admin_open(struct rks_db **db);

/*
 * admin_open_ro() - open the database read-only, with the master key if
 * it can be read (else without: the audit trail needs none)
 *
 * Return: CLI_EXIT_OK with *@db set, or CLI_EXIT_SETUP after saying why.
 */
int admin_open_ro(struct rks_db **db);
/* The same with rks_db_open_ex()'s @flags (RKS_DB_MIGRATE: db migrate). */
int admin_open_flags(struct rks_db **db, unsigned int flags);

/* Says why @db refused (@err) and returns the matching exit code. */
int admin_db_error(struct rks_db *db, int err);

/* Who is making changes, for the audit: "rks-admin:USER". */
const char *admin_actor(void);

/* @t as 2025-11-26T15:20:01Z; static ring of 4 buffers. */
const char *admin_time(int64_t t);

/* A KCV as 6 hex digits; static ring of 4 buffers. */
const char *admin_kcv(const uint8_t kcv[RKS_KCV_LEN]);

/*
 * --json of the listings: the writer while a listing is written as one
 * JSON array of objects (one per row), NULL for the text table.
 */
extern struct cli_json *admin_json;

/* The --json option, for a listing's options. */
#define ADMIN_OPT_JSON { .name = "--json", .optional = true, .flag = true }

/* Starts the JSON array if @opt (ADMIN_OPT_JSON) was given: admin_json. */
void admin_json_begin(const struct cli_opt *opt);

/* Ends the array if @ret is CLI_EXIT_OK; returns @ret. */
int admin_json_end(int ret);

/* "name": "2025-11-26T15:20:01Z", or null for 0 (never). */
void admin_json_time(const char *name, int64_t t);

/*
 * admin_run() - a listing without options or arguments but --json:
 * parse, open the database, run @fn on it (admin_json set for --json)
 *
 * Return: CLI_EXIT_OK; the exit code of cli_parse_args() or admin_open();
 * or admin_db_error() of @fn's -errno.
 */
int admin_run(int argc, char *argv[], const struct cli_help *help,
	      int (*fn)(struct rks_db *db));

/*
 * Is the KCV of @key (@len bytes, algorithm @alg 'T' or 'A': X9.24-1
 * A.2 or A.3) @want (given with --kcv)? If not, says so as a usage error
 * and returns false.
 */
bool admin_kcv_matches(char alg, const uint8_t *key, size_t len,
		       const uint8_t want[RKS_KCV_LEN]);

/* A slot that can hold @usage (both already parsed), or a usage error. */
bool admin_check_slot_usage(const char *what, uint32_t slot,
			    unsigned int usage);

/* DATE as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC; false if neither. */
bool admin_parse_date(const char *s, int64_t *t);

/* One audit record as a JSON object (admin_json set). */
void admin_json_audit(const struct rks_audit_info *a);

/*
 * `audit verify|checkpoint|export` (cmd_audit_proof.c): the exit code, or
 * CLI_CONTINUE if @cmd is none of them.
 */
int audit_proof_main(const char *cmd, int argc, char *argv[]);

/* The commands (argv[0] is the command's name). */
int init_main(int argc, char *argv[]);
int work_cert_main(int argc, char *argv[]);
int revoke_main(int argc, char *argv[]);
int dik1_main(int argc, char *argv[]);
int device_main(int argc, char *argv[]);
int key_main(int argc, char *argv[]);
/* cmd_keyblock.c: `key wrap`, `key import --key-block` */
int key_wrap_main(int argc, char *argv[]);
int key_import_block_main(int argc, char *argv[]);
int audit_main(int argc, char *argv[]);
int verify_main(int argc, char *argv[]);
int backup_main(int argc, char *argv[]);
/* cmd_lifecycle.c */
int device_retire_main(int argc, char *argv[]);
int key_cancel_main(int argc, char *argv[]);
int dik1_retire_main(int argc, char *argv[]);
int rotate_main(int argc, char *argv[]);
int restore_main(int argc, char *argv[]);
int migrate_main(int argc, char *argv[]);
int db_main(int argc, char *argv[]);

#endif /* RKS_ADMIN_H */
