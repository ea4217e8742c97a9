/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_harness.h - what the rks-server tests share: a server process on
 * 127.0.0.1 (any free port) with its log, a provisioned database, software
 * devices that run whole sessions over TCP, raw sockets for hostile input,
 * and the audit trail.
 */
#ifndef RKS_SRV_HARNESS_H
#define RKS_SRV_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <openssl/types.h>

#include "db.h"
#include "db_admin.h"
#include "rkd_frame.h"
#include "rkd_softdev.h"
#include "test.h"

/* argv[1], argv[2] of test-server */
extern const char *srv_bin;
extern const char *pki_dir;

/* The test's own handle on the database the servers use. */
extern struct rks_db *env_db;
extern const char *env_db_path, *env_mk_path;

/* DIK1 of every test device, and the keys the tests deliver. */
#define ENV_DIK1 "0123456789ABCDEFFEDCBA987654321089ABCDEF01234567"
#define KEY_GOOD "1032547698BADCFE0123456789ABCDEF"
#define KEY_A	 "89ABCDEF01234567FEDCBA987654321013579BDF2468ACE0"
#define KEY_B	 "0F1E2D3C4B5A6978F0E1D2C3B4A59687"
#define KEY_C	 "13579BDF2468ACE0FDB97531ECA864202468ACE013579BDF"

struct srv {
	pid_t pid;
	unsigned int port;
	char log_path[320];
};

/* Milliseconds of CLOCK_MONOTONIC. */
long long now_ms(void);
/* Say what failed on stderr; exit 2 (the harness itself is broken). */
void die(const char *what) __attribute__((noreturn));

/* Create the database, its master key and a DIK1. */
void env_init(void);
/* Make env_db a new database at @path (kept), with the DIK1. */
void env_db_create(const char *path);
void env_free(void);
/* A device @dsn under the DIK1; a key for it (@hex: 32 or 48 digits). */
void env_device(const char *dsn);
void env_key(const char *dsn, unsigned int slot, unsigned int usage,
	     const char *hex_key);
const char *pki(const char *name);

/*
 * Start rks-server with the usual settings and @extra options (NULL-ended
 * list, or NULL); wait until it listens. @name names its log file.
 */
void srv_start(struct srv *s, const char *name, const char *const *extra);
/*
 * The two halves of srv_start(): fork and exec rks-server, @setup(argv,
 * @arg) first in the child if not NULL (it may change the environment and
 * the descriptors, or exec another program itself); then wait until the
 * log says it listens, reading its port (exit 2 if it does not start).
 */
void srv_spawn(struct srv *s, const char *name, const char *const *extra,
	       void (*setup)(const char **argv, void *arg), void *arg);
void srv_wait_listening(struct srv *s, const char *name);
/* SIGTERM; the exit status (-1 if it had to be killed). */
int srv_stop(struct srv *s);
/* The whole log so far (malloc'd). */
char *srv_log(const struct srv *s);
/* VmRSS of the server in KiB. */
long srv_rss_kb(const struct srv *s);

/* A blocking TCP connection to the server; its local port in *@port. */
int srv_connect(const struct srv *s, unsigned int *port);

/* A software device for @dsn; @wrong_dik2 gives it a DIK2 off by a bit. */
struct rkd_softdev *dev_new(const char *dsn, unsigned int flags,
			    bool wrong_dik2);
/* The same, reporting every message to @trace. */
struct rkd_softdev *dev_new_traced(const char *dsn, unsigned int flags,
				   bool wrong_dik2, rkd_trace_fn trace,
				   void *ctx);
/* The same, for a device provisioned with the root @root. */
struct rkd_softdev *dev_new_root(const char *dsn, unsigned int flags,
				 bool wrong_dik2, rkd_trace_fn trace,
				 void *ctx, X509 *root);
/*
 * The same, drawing its random bytes from @rand (NULL: RAND_bytes) with
 * @ctx as trace's and rand's context; @root NULL for the usual one; its
 * DIK2 copied to @dik2_out if not NULL.
 */
struct rkd_softdev *dev_new_ex(const char *dsn, unsigned int flags,
			       bool wrong_dik2, rkd_trace_fn trace,
			       rkd_rand_fn rand, void *ctx, X509 *root,
			       uint8_t dik2_out[24]);
/* The factor a test device got at the "factory": its DSN, reversed. */
size_t dev_factor(const char *dsn, uint8_t *factor);
/*
 * One whole session of @d over a new connection. Returns the rkd_err;
 * *@peer_error the ERROR code received (0 if none); *@port the
 * connection's local port (for its audit record); either may be NULL.
 */
int dev_run(const struct srv *s, struct rkd_softdev *d, uint8_t *peer_error,
	    unsigned int *port);
/* A fresh device GOOD-<n> with one key, and a whole good session. */
bool good_session(const struct srv *s);

/*
 * Drive @d on @fd step by step until it has a message of @stop ready to
 * send (its body in @out, its type in *@type): 0; or the first error
 * (RKD_ERR_PEER_ERROR when the server answered ERROR). @f: room for one
 * frame.
 */
int drive_until(struct rkd_softdev *d, int fd, uint8_t stop,
		struct rkd_frame *f, struct rkd_buf *out, uint8_t *type);

/* Raw bytes: write all of @hex (a hex string) to @fd. */
void raw_send_hex(int fd, const char *hex);
void raw_send(int fd, const void *p, size_t n);
/*
 * Read frames until an ERROR or the end: RKD_OK and *@code for an ERROR
 * followed by an orderly close; else what went wrong. Frames before the
 * ERROR are counted in *@before (may be NULL).
 */
int raw_expect_error(int fd, uint8_t *code, unsigned int *before);
/* Wait for an orderly close (read returns 0): true if it came. */
bool raw_expect_eof(int fd, int timeout_ms);

/*
 * The audit record of the connection from local port @port: waits up to
 * 5 s for it; copies outcome and detail (either may be NULL). False if
 * none came.
 */
bool audit_of(unsigned int port, char *outcome, size_t outcome_size,
	      char *detail, size_t detail_size);

/* Bytes a test looks for in a process's memory; @what names them. */
struct needle {
	const char *what;
	uint8_t b[32];
	size_t len;
};
/* The living child of @ppid (the network process), or 0. */
pid_t child_of(pid_t ppid);
/*
 * Does any readable mapping of @pid (/proc/PID/mem; a sanitizer's shadow
 * skipped) hold one of the @n needles? The first found's @what, or NULL.
 */
const char *scan(pid_t pid, const struct needle *nd, size_t n);

/* The suites */
void test_srv_config(void);
void test_srv_session(struct srv *s);
void test_srv_wipe(struct srv *s);
/* test-server --read-work-key MASTER_KEY WORK_KEY WORK_CERT */
int test_srv_wipe_child(char **argv);
void test_srv_failures(struct srv *s);
void test_srv_hostile(struct srv *s);
void test_srv_timeouts(void);
void test_srv_load(struct srv *s);
void test_srv_avail(void);
void test_srv_lockout(void);
void test_srv_token(void);
/* after test_srv_token(): @admin is rks-admin */
void test_srv_token_init(const char *admin);
void test_srv_privsep(const char *hooks_bin);
void test_srv_activate(void);
void test_srv_unit(void);
void test_srv_backup(struct srv *s);
/* @pg_dir: a running tests/pg/pg-cluster */
void test_srv_nodes(const char *pg_dir);

#endif /* RKS_SRV_HARNESS_H */
