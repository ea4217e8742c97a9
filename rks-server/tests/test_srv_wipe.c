// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_wipe.c - a session's secrets leave the server's memory once
 * their work is done (session_internal.h, auth.c, delivery.c). The test's
 * device draws its random bytes here and reports every message, so the
 * test knows each secret the server derives: DIK2, AT and TK1 (from the
 * CHALLENGE, opened under DIK2), TK (TK1 xor the device's TK2), K_MAC and
 * KBPK_S (from TK and the transcript; K_MAC checked against DONE's MAC).
 * A scan of the server's whole memory (srv_scan.c):
 *   - while it waits for RECEIPT: K_MAC is there (the scan can fail), and
 *     no DIK1, factor, DIK2, AT, TK1, TK, KBPK_S or clear key; with
 *     privilege separation the network process holds none of them, K_MAC
 *     included;
 *   - after each end -- delivered, RECEIPT refused (bad MAC), the peer
 *     closing instead of sending RECEIPT, authentication failed (bad
 *     TK_SHA2): none of them, K_MAC included.
 * And the file key store's reading of the work private key leaves no line
 * of its PEM text in the process that read it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "keystore.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

/* A scan that must find nothing: say what it found. */
#define CHECK_GONE(expr) do {						\
	const char *hit_ = (expr);					\
	check_at(!hit_, __FILE__, __LINE__, "%s found %s", #expr,	\
		 hit_ ? hit_ : "");					\
} while (0)

enum { N_DIK1, N_FACTOR, N_DIK2, N_AT, N_TK1, N_TK, N_KBPK, N_KEY, N_KMAC,
       N_ALL };

/* What the test learns of one session, as the device talks. */
struct wipe_run {
	const struct srv *s;
	int fd;
	bool cut_at_done;		/* close instead of RECEIPT */
	bool want_tk2;			/* the next 32-byte draw is TK2 */
	struct rkd_transcript th;
	uint8_t h_c[RKD_SHA256_LEN], h_r[RKD_SHA256_LEN];
	uint8_t tk1[RKD_TK_LEN], tk2[RKD_TK_LEN];
	bool opened, derived, kmac_ok;	/* CHALLENGE; TK...; DONE's MAC */
	struct needle nd[N_ALL];
	const char *server_at_done, *net_at_done;	/* what a scan found */
	bool scanned_at_done;
};

static void needle_set(struct needle *n, const char *what, const void *b,
		       size_t len)
{
	n->what = what;
	n->len = len;
	memcpy(n->b, b, len);
}

/* The device's randomness: RAND_bytes, TK2 noted (softdev.c draws it
 * first when it answers the CHALLENGE). */
static int wipe_rand(void *ctx, uint8_t *out, size_t n)
{
	struct wipe_run *w = ctx;

	if (RAND_bytes(out, (int)n) != 1)
		return -1;
	if (w->want_tk2 && n == RKD_TK_LEN) {
		memcpy(w->tk2, out, n);
		w->want_tk2 = false;
	}
	return 0;
}

/*
 * Which of the first @n needles is in @pid's memory, or NULL. A needle
 * the test could not learn (empty) is reported, never matched as empty.
 */
static const char *scan_first(pid_t pid, const struct wipe_run *w,
			      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!w->nd[i].len)
			return "a secret the test could not learn";
	return scan(pid, w->nd, n);
}

/* DONE received: the server waits for RECEIPT now; scan it. */
static void wipe_at_done(struct wipe_run *w, const uint8_t *body,
			 size_t len)
{
	uint8_t count = 0;
	pid_t net;

	w->kmac_ok = w->derived &&
		     rkd_done_decode(body, len, w->nd[N_KMAC].b, &count) == 0;
	if (w->kmac_ok) {
		w->scanned_at_done = true;
		/* everything but K_MAC has done its work */
		w->server_at_done = scan_first(w->s->pid, w, N_KMAC);
		net = child_of(w->s->pid);
		if (net)
			w->net_at_done = scan_first(net, w, N_ALL);
		/* the positive control: K_MAC is still there */
		CHECK_STR(scan(w->s->pid, &w->nd[N_KMAC], 1), "K_MAC");
	}
	if (w->cut_at_done)
		shutdown(w->fd, SHUT_RDWR);
}

static void wipe_trace(void *ctx, char dir, unsigned int type,
		       const uint8_t *body, size_t len)
{
	struct wipe_run *w = ctx;
	uint8_t at[RKD_AT_LEN], tk[RKD_TK_LEN];
	size_t i;

	if (type == RKD_MSG_HELLO && dir == 'S')
		rkd_transcript_start(&w->th);
	if (type == RKD_MSG_HELLO || type == RKD_MSG_WORK_CERT ||
	    type == RKD_MSG_FACTOR || type == RKD_MSG_CHALLENGE ||
	    type == RKD_MSG_RESPONSE)
		rkd_transcript_add(&w->th, type, body, len);
	if (type == RKD_MSG_FACTOR)
		rkd_transcript_hash(&w->th, w->h_c);
	if (type == RKD_MSG_CHALLENGE && len == RKD_CHALLENGE_LEN &&
	    rkd_challenge_open(w->nd[N_DIK2].b, w->h_c, body, at,
			       w->tk1) == 0) {
		w->opened = true;
		w->want_tk2 = true;
		needle_set(&w->nd[N_AT], "AT", at, sizeof(at));
		needle_set(&w->nd[N_TK1], "TK1", w->tk1, sizeof(w->tk1));
	}
	if (type == RKD_MSG_RESPONSE && w->opened && !w->want_tk2) {
		rkd_transcript_hash(&w->th, w->h_r);
		for (i = 0; i < RKD_TK_LEN; i++)
			tk[i] = w->tk1[i] ^ w->tk2[i];
		needle_set(&w->nd[N_TK], "TK", tk, sizeof(tk));
		w->nd[N_KBPK].what = "KBPK_S";
		w->nd[N_KBPK].len = RKD_KBPK_LEN;
		w->nd[N_KMAC].what = "K_MAC";
		w->nd[N_KMAC].len = RKD_KMAC_LEN;
		w->derived = rkd_kbpk_derive(tk, w->h_r, w->nd[N_KBPK].b) == 0 &&
			     rkd_kmac_derive(tk, w->h_r, w->nd[N_KMAC].b) == 0;
	}
	if (type == RKD_MSG_DONE && dir == 'R')
		wipe_at_done(w, body, len);
}

/* The server has ended the session: none of the needles, K_MAC included
 * (a peer's close is seen by the loop a moment after the device's end). */
static const char *wipe_after(const struct wipe_run *w, size_t n)
{
	const char *hit = NULL;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		hit = scan_first(w->s->pid, w, n);
		if (!hit)
			break;
		usleep(100 * 1000);
	}
	return hit;
}

/*
 * One session of a new device @dsn with one key; @flags its misbehaviour;
 * @cut: close at DONE. Returns the session's rkd_err; fills @w.
 */
static int wipe_session(const struct srv *s, const char *dsn,
			unsigned int flags, bool cut, struct wipe_run *w,
			unsigned int *port)
{
	uint8_t factor[RKD_DSN_MAX], key[16], dik1[24], err = 0;
	struct rkd_softdev *d;
	int r;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->cut_at_done = cut;
	env_device(dsn);
	env_key(dsn, 5, RKS_USAGE_TMK, KEY_GOOD);
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	needle_set(&w->nd[N_DIK1], "the DIK1", dik1, sizeof(dik1));
	needle_set(&w->nd[N_FACTOR], "the factor", factor,
		   dev_factor(dsn, factor));
	unhex(KEY_GOOD, key, sizeof(key));
	needle_set(&w->nd[N_KEY], "the clear key", key, sizeof(key));
	w->nd[N_DIK2].what = "DIK2";
	w->nd[N_DIK2].len = 24;
	d = dev_new_ex(dsn, flags, false, wipe_trace, wipe_rand, w, NULL,
		       w->nd[N_DIK2].b);
	w->fd = srv_connect(s, port);
	r = rkd_softdev_run(d, w->fd, 10000, &err);
	close(w->fd);
	rkd_softdev_free(d);
	rkd_transcript_free(&w->th);
	return r;
}

static void test_wipe_delivered(const struct srv *s)
{
	struct wipe_run w;

	CHECK_INT(wipe_session(s, "WIPE-DELIVERED-0123456789", 0, false, &w,
			       NULL), 0);
	CHECK(w.kmac_ok);	/* the test knows the server's K_MAC */
	CHECK(w.scanned_at_done);
	CHECK_GONE(w.server_at_done);
	CHECK_GONE(w.net_at_done);
	CHECK_GONE(wipe_after(&w, N_ALL));
}

static void test_wipe_receipt_refused(const struct srv *s)
{
	struct wipe_run w;

	CHECK_INT(wipe_session(s, "WIPE-BAD-RECEIPT-23456789",
			       RKD_SOFTDEV_F_BAD_RECEIPT_MAC, false, &w, NULL),
		  RKD_ERR_PEER_ERROR);
	CHECK(w.kmac_ok);
	CHECK_GONE(w.server_at_done);
	CHECK_GONE(wipe_after(&w, N_ALL));
}

static void test_wipe_peer_closed(const struct srv *s)
{
	char outcome[64] = "";
	unsigned int port = 0;
	struct wipe_run w;

	CHECK(wipe_session(s, "WIPE-CLOSED-AT-DONE-56789", 0, true, &w,
			   &port) != 0);
	CHECK(w.kmac_ok);
	CHECK_GONE(w.server_at_done);
	CHECK(audit_of(port, outcome, sizeof(outcome), NULL, 0));
	CHECK_STR(outcome, "closed");
	CHECK_GONE(wipe_after(&w, N_ALL));
}

static void test_wipe_auth_failed(const struct srv *s)
{
	struct wipe_run w;

	CHECK_INT(wipe_session(s, "WIPE-AUTH-FAILED-23456789",
			       RKD_SOFTDEV_F_BAD_TK_SHA2, false, &w, NULL),
		  RKD_ERR_PEER_ERROR);
	CHECK(w.opened);
	/* no K_MAC, KBPK_S or key was ever made: TK and what came before */
	CHECK_GONE(wipe_after(&w, N_KBPK));
}

int test_srv_wipe_child(char **argv)
{
	const struct rks_ks_config cfg = { .kind = RKS_KS_FILE,
					   .master_key = argv[2],
					   .work_key = argv[3] };
	struct rks_keystore *ks;
	EVP_PKEY *pub = NULL;
	X509 *cert = NULL;
	char msg[512];
	FILE *f;

	f = fopen(argv[4], "r");
	if (f) {
		cert = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	pub = cert ? X509_get_pubkey(cert) : NULL;
	if (!pub || rks_ks_open(&cfg, false, &ks, msg, sizeof(msg)) ||
	    rks_ks_work_key(ks, pub, msg, sizeof(msg)))
		return 1;
	/* ready; then wait until the test has looked */
	if (write(1, "r", 1) != 1 || read(0, msg, 1) < 0)
		return 1;
	rks_ks_close(ks);
	EVP_PKEY_free(pub);
	X509_free(cert);
	return 0;
}

/*
 * The file key store reads the work private key, in a fresh image of this
 * program (test_srv_wipe_child(); a fork would inherit what earlier
 * suites read): no line of the key's PEM text is left in its memory
 * (before ks_file.c read it through a buffer of its own, stdio's freed
 * buffer held it), while its master key is found there (the scan reads
 * that process).
 */
static void test_wipe_work_key_pem(void)
{
	struct needle nd[2] = { { .what = "a line of the PEM text" },
				{ .what = "the master key" } };
	int ready[2], go[2], st = 0, fd, i;
	char line[128], c;
	FILE *f;
	pid_t pid;

	if (pipe(ready) || pipe(go))
		die("pipe");
	pid = fork();
	if (pid == 0) {
		dup2(go[0], 0);
		dup2(ready[1], 1);
		execl("/proc/self/exe", "test-server", "--read-work-key",
		      env_mk_path, pki("work2048.key"), pki("work2048.pem"),
		      (char *)NULL);
		_exit(127);
	}
	close(go[0]);
	close(ready[1]);
	f = fopen(pki("work2048.key"), "r");
	for (i = 0; f && i < 10 && fgets(line, sizeof(line), f); i++)
		;
	if (f)
		fclose(f);
	fd = open(env_mk_path, O_RDONLY);
	if (i != 10 || strlen(line) < 33 || fd < 0 ||
	    read(fd, nd[1].b, 32) != 32)
		die("cannot read the work key or the master key");
	close(fd);
	memcpy(nd[0].b, line, 32);	/* 32 of its 64 base64 characters */
	nd[0].len = 32;
	nd[1].len = 32;
	CHECK(read(ready[0], &c, 1) == 1);
	CHECK_GONE(scan(pid, nd, 1));
	CHECK_STR(scan(pid, &nd[1], 1), "the master key");
	CHECK(write(go[1], "g", 1) == 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(ready[0]);
	close(go[1]);
}

void test_srv_wipe(struct srv *s)
{
	test_wipe_delivered(s);
	test_wipe_receipt_refused(s);
	test_wipe_peer_closed(s);
	test_wipe_auth_failed(s);
	test_wipe_work_key_pem();
}
