// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_privsep.c - rks-server with privilege separation (net.h), the
 * test build with the network process's hooks (net_hooks.c):
 *   - downloads work through the network process;
 *   - it runs as another user (when the tests run as root);
 *   - a scan of its whole memory (/proc/PID/mem, every readable mapping)
 *     during a session finds no window of the master key, the DIK1 or the
 *     work private key, while the same scan of the server finds the
 *     master key (the scan can fail);
 *   - from inside it, opening the database, the key files, the token
 *     module and /etc/passwd all fail, and so does a signal to the
 *     server (its filter's EACCES: where it is the server's user, the
 *     kernel would let it);
 *   - its crash (abort in the frame reader, or in the body decoder) ends
 *     it and its connections only: the server lives on, starts another,
 *     and serves the next download; a session cut by it is recorded;
 *   - a hostile network process (records sent from inside it, msgrec.h)
 *     cannot make the server step out of a session's order, take a record
 *     of the wrong size, type or range, or accept a RECEIPT it altered:
 *     each is refused with ERROR PROTOCOL and its audit outcome, the
 *     server lives on and the keys stay pending, and one that breaks a
 *     record's layout is ended and replaced; a control message with
 *     three descriptors (the server takes two) restarts it and leaves no
 *     descriptor open in the server; one naming a peer address of its
 *     choice is recorded with the connection's real peer (getpeername);
 *     one that makes a connection's descriptor blocking (the open file
 *     is shared) and sends half a record does not stop the server; nor
 *     does one that makes the listening socket blocking stop the next.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "msgrec.h"
#include "net_hooks.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "rkd_softdev.h"
#include "srv_harness.h"

#define MODULUS		256	/* work2048.pem's */

/* The first 32 bytes of an RSA component of the work key. */
static void rsa_part(const char *name, struct needle *nd)
{
	EVP_PKEY *k = NULL;
	BIGNUM *bn = NULL;
	uint8_t all[512];
	FILE *f = fopen(pki("work2048.key"), "r");

	if (f) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!k || EVP_PKEY_get_bn_param(k, name, &bn) != 1 ||
	    BN_bn2bin(bn, all) < 32)
		die("cannot read the work key's parts");
	memcpy(nd->b, all, 32);
	nd->len = 32;
	nd->what = name;
	BN_clear_free(bn);
	EVP_PKEY_free(k);
}

static void needles(struct needle nd[5])
{
	int fd = open(env_mk_path, O_RDONLY);

	nd[0].what = "the master key";
	nd[0].len = 32;
	if (fd < 0 || read(fd, nd[0].b, 32) != 32)
		die("cannot read the master key");
	close(fd);
	nd[1].what = "the DIK1";
	nd[1].len = 24;
	unhex(ENV_DIK1, nd[1].b, 24);
	rsa_part(OSSL_PKEY_PARAM_RSA_D, &nd[2]);
	rsa_part(OSSL_PKEY_PARAM_RSA_FACTOR1, &nd[3]);
	rsa_part(OSSL_PKEY_PARAM_RSA_FACTOR2, &nd[4]);
}

/* A test frame of @type with @body, on a new connection; the socket. */
static int hook(const struct srv *s, uint8_t type, const char *body)
{
	uint8_t hdr[8] = { 'R', 'K', 2, type };
	size_t n = body ? strlen(body) : 0;
	int fd = srv_connect(s, NULL);

	hdr[6] = (uint8_t)(n >> 8);
	hdr[7] = (uint8_t)n;
	raw_send(fd, hdr, sizeof(hdr));
	if (n)
		raw_send(fd, body, n);
	return fd;
}

/* What a hook (@type, @body) answers from inside the network process. */
static int ask_inside(const struct srv *s, uint8_t type, const char *body)
{
	uint8_t b = 0xff;
	int fd = hook(s, type, body);
	struct timeval tv = { 5, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (recv(fd, &b, 1, 0) != 1)
		b = 0xff;
	close(fd);
	return b;
}

/* Send the server @rec from inside the network process (a 0xEC frame). */
static void send_record(int fd, const uint8_t *rec, size_t n)
{
	uint8_t hdr[8] = { 'R', 'K', 2, HOOK_RECORD, 0, 0,
			   (uint8_t)(n >> 8), (uint8_t)n };

	raw_send(fd, hdr, sizeof(hdr));
	raw_send(fd, rec, n);
}

/* The network process that carried the last session after_hello() or
 * before_receipt() began: the one a bad record retires. */
static pid_t hostile_net;

/* A new connection that has sent HELLO for @dsn and read WORK_CERT. */
static int after_hello(const struct srv *s, const char *dsn,
		       unsigned int *port)
{
	uint8_t mem[80], nonce[RKD_NONCE_LEN] = { 1, 2, 3 };
	struct rkd_frame *f = malloc(sizeof(*f));
	struct rkd_buf b;
	int fd;

	hostile_net = child_of(s->pid);
	fd = srv_connect(s, port);
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK(f && rkd_hello_encode(&b, dsn, strlen(dsn), nonce) == 0 &&
	      rkd_frame_write(fd, RKD_MSG_HELLO, rkd_buf_ptr(&b),
			      rkd_buf_len(&b), 5000) == 0 &&
	      rkd_frame_read(fd, f, 5000) == 0 &&
	      f->type == RKD_MSG_WORK_CERT);
	free(f);
	return fd;
}

/*
 * A connection whose software device for @dsn has run the session up to
 * its RECEIPT (not sent): the RECEIPT's entries and tag in @m.
 */
static int before_receipt(const struct srv *s, const char *dsn,
			  unsigned int *port, struct rks_msg *m)
{
	struct rkd_softdev *d = dev_new(dsn, 0, false);
	struct rkd_frame *f = malloc(sizeof(*f));
	uint8_t mem[RKD_BODY_MAX], type = 0;
	struct rkd_buf out;
	int fd, r;

	hostile_net = child_of(s->pid);
	fd = srv_connect(s, port);
	memset(m, 0, sizeof(*m));
	rkd_buf_fixed(&out, mem, sizeof(mem));
	r = f ? drive_until(d, fd, RKD_MSG_RECEIPT, f, &out, &type) : -1;
	CHECK_INT(r, 0);
	CHECK_INT(type, RKD_MSG_RECEIPT);
	m->type = RKD_MSG_RECEIPT;
	CHECK_INT(rkd_receipt_parse(rkd_buf_ptr(&out), rkd_buf_len(&out),
				    &m->u.receipt.items, m->u.receipt.mac), 0);
	rkd_softdev_free(d);
	free(f);
	return fd;
}

/* The network process that replaced @old (up to 5 s), or 0. */
static pid_t next_child(const struct srv *s, pid_t old)
{
	pid_t next = 0;
	int i;

	for (i = 0; i < 50; i++) {
		next = child_of(s->pid);
		if (next > 0 && next != old)
			return next;
		usleep(100 * 1000);
	}
	return 0;
}

/*
 * @rec went to the server on @fd (from port @port): ERROR PROTOCOL, the
 * audit record says @outcome and @detail, the server lives, @dsn's key
 * is still pending.
 */
static void refused(const struct srv *s, int fd, unsigned int port,
		    const char *dsn, const char *outcome, const char *detail)
{
	char o[64], dt[256];
	struct rks_device_info info;
	uint8_t code = 0;

	CHECK_INT(raw_expect_error(fd, &code, NULL), RKD_OK);
	CHECK_INT(code, RKD_ERROR_PROTOCOL);
	close(fd);
	CHECK(audit_of(port, o, sizeof(o), dt, sizeof(dt)));
	CHECK_STR(o, outcome);
	CHECK_HAS(dt, detail);
	CHECK_INT(kill(s->pid, 0), 0);
	CHECK(rks_db_device_get(env_db, dsn, &info) == 0 &&
	      info.pending == 1 && info.delivered == 0);
	/* a broken layout: that network process is retired, another
	 * started (and the next test's connection is the new one's) */
	if (!strcmp(outcome, "bad-record")) {
		CHECK(hostile_net > 0 && next_child(s, hostile_net) > 0);
		CHECK(kill(hostile_net, 0) != 0);
	}
}

/* A good record of @type (a message that decoded), ready to spoil. */
static size_t good_record(uint8_t type, uint8_t rec[RKS_REC_MAX])
{
	struct rks_msg m = { .type = type };

	if (type == RKD_MSG_HELLO) {
		m.u.hello.dsn_len = 5;
		memcpy(m.u.hello.dsn, "OTHER", 5);
	} else if (type == RKD_MSG_FACTOR || type == RKD_MSG_RESPONSE) {
		m.u.rsa.len = MODULUS;
		memset(m.u.rsa.ct, 0x5a, MODULUS);
	}
	return rks_msgrec_encode(&m, rec);
}

/*
 * A hostile network process: records that do not fit the session's
 * state, or break the layout. Each fails if the server's check is gone.
 */
static void test_hostile_records(const struct srv *s)
{
	static const char dsn[] = "HOSTILE-NET";
	uint8_t rec[RKS_REC_MAX];
	struct rks_msg m;
	unsigned int port;
	size_t n;
	int fd;

	env_device(dsn);
	env_key(dsn, 6, RKS_USAGE_TMK, KEY_GOOD);

	/* RESPONSE before FACTOR */
	fd = after_hello(s, dsn, &port);
	send_record(fd, rec, good_record(RKD_MSG_RESPONSE, rec));
	refused(s, fd, port, dsn, "protocol-error",
		"RESPONSE out of order (waiting for FACTOR)");
	/* a second HELLO (another DSN) */
	fd = after_hello(s, dsn, &port);
	send_record(fd, rec, good_record(RKD_MSG_HELLO, rec));
	refused(s, fd, port, dsn, "protocol-error",
		"HELLO out of order (waiting for FACTOR)");
	/* a FACTOR one byte short of the modulus */
	fd = after_hello(s, dsn, &port);
	good_record(RKD_MSG_FACTOR, rec);
	rec[RKS_REC_RSA_LEN] = (MODULUS - 1) & 0xff;
	rec[RKS_REC_RSA_LEN + 1] = (MODULUS - 1) >> 8;
	send_record(fd, rec, RKS_REC_RSA_END);
	refused(s, fd, port, dsn, "bad-record",
		"FACTOR record: 255 bytes of ciphertext; the modulus has 256");
	/* a HELLO record one byte short (and its size saying so) */
	fd = after_hello(s, dsn, &port);
	n = good_record(RKD_MSG_HELLO, rec);
	rec[RKS_REC_OFF_SIZE]--;
	send_record(fd, rec, n - 1);
	refused(s, fd, port, dsn, "bad-record",
		"record of type 1: 64 bytes, not 65");
	/* an unknown type */
	fd = after_hello(s, dsn, &port);
	n = good_record(RKD_MSG_FACTOR, rec);
	rec[RKS_REC_OFF_TYPE] = 9;
	send_record(fd, rec, n);
	refused(s, fd, port, dsn, "bad-record", "record of unknown type 9");
	/* a size far above any record's: refused after the header */
	fd = after_hello(s, dsn, &port);
	good_record(RKD_MSG_FACTOR, rec);
	rec[RKS_REC_OFF_SIZE + 3] = 0x7f;
	send_record(fd, rec, RKS_REC_HDR_LEN);
	refused(s, fd, port, dsn, "bad-record", "record of type 2: ");
	/* a BAD record with an error no decoder gives */
	fd = after_hello(s, dsn, &port);
	m = (struct rks_msg){ .type = RKD_MSG_FACTOR,
			      .err = RKD_ERR_BAD_MAC };
	send_record(fd, rec, rks_msgrec_encode(&m, rec));
	refused(s, fd, port, dsn, "bad-record", "BAD record: frame type 0x03");

	/* a RECEIPT listing more keys than were sent */
	fd = before_receipt(s, dsn, &port, &m);
	CHECK_INT(m.u.receipt.items.count, 1);
	m.u.receipt.items.e[1] = m.u.receipt.items.e[0];
	m.u.receipt.items.count = 2;
	send_record(fd, rec, rks_msgrec_encode(&m, rec));
	refused(s, fd, port, dsn, "protocol-error",
		"RECEIPT lists 2 keys; 1 were sent");
	/* ...more than a session can have */
	fd = before_receipt(s, dsn, &port, &m);
	n = rks_msgrec_encode(&m, rec);
	rec[RKS_REC_RECEIPT_COUNT] = RKD_KEYS_MAX + 1;
	send_record(fd, rec, n);
	refused(s, fd, port, dsn, "bad-record",
		"RECEIPT record: count 49 above 48");
	/* ...or one whose KCV it changed: the MAC is the server's check */
	fd = before_receipt(s, dsn, &port, &m);
	m.u.receipt.items.e[0].kcv[0] ^= 1;
	send_record(fd, rec, rks_msgrec_encode(&m, rec));
	refused(s, fd, port, dsn, "protocol-error", "RECEIPT: bad-mac");

	/* the key was pending all along: the device gets it now */
	CHECK(good_session(s));
	{
		struct rkd_softdev *d = dev_new(dsn, 0, false);
		uint8_t err = 0;

		CHECK_INT(dev_run(s, d, &err, NULL), RKD_OK);
		CHECK_INT(rkd_softdev_keys_stored(d), 1);
		rkd_softdev_free(d);
	}
}

/*
 * A bug in the body decoder (simulated: abort() inside it) ends the
 * network process and the session it was decoding for: the peer sees
 * the connection close, the session's end is audited, the server
 * lives on with its key store and serves the next download.
 */
static void test_decoder_abort(const struct srv *s, pid_t *net)
{
	uint8_t ct[MODULUS] = HOOK_DECODER_ABORT;
	char o[64], dt[256];
	unsigned int port;
	pid_t next = 0;
	size_t i;
	int fd;

	fd = after_hello(s, "GOOD-0001", &port);
	CHECK_INT(rkd_frame_write(fd, RKD_MSG_FACTOR, ct, sizeof(ct), 5000),
		  0);
	CHECK(raw_expect_eof(fd, 5000));
	close(fd);
	CHECK(audit_of(port, o, sizeof(o), dt, sizeof(dt)));
	CHECK_STR(o, "closed");
	CHECK_HAS(dt, "(waiting for FACTOR)");
	for (i = 0; i < 50; i++) {
		next = child_of(s->pid);
		if (next > 0 && next != *net)
			break;
		usleep(100 * 1000);
	}
	CHECK_INT(kill(s->pid, 0), 0);
	CHECK(next > 0 && next != *net);
	CHECK(good_session(s));
	*net = next;
}

static struct srv s_privsep;

/* How many descriptors @pid has open. */
static int fd_count(pid_t pid)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* How often @needle occurs in @hay. */
static int occurrences(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/* Whether the server's log has @needle, waiting up to @ms for it. */
static bool log_shows(const struct srv *s, const char *needle, int ms)
{
	char *log;
	bool found = false;

	for (; !found && ms >= 0; ms -= 50) {
		log = srv_log(s);
		found = log && strstr(log, needle);
		free(log);
		if (!found)
			usleep(50 * 1000);
	}
	return found;
}

/*
 * A network process taken over writes lines that read as the server's
 * own log (a session delivered that never was): they reach the log only
 * quoted, inside the server's "net-output" events, at most 10 a second
 * and 96 bytes each. Before, its stderr was the server's.
 */
static void test_forged_log(const struct srv *s)
{
	static const char forged[] = "ts=2030-01-01T00:00:00.000Z "
		"level=info event=session-end dsn=FORGED-01 "
		"outcome=delivered\n";
	char many[30 * 8 + 1] = "", longline[301];
	char *log;
	int i;

	close(hook(s, HOOK_SAY, forged));
	CHECK(log_shows(s, "FORGED-01", 5000));
	log = srv_log(s);
	/* no line of its own: quoted after the server's own prefix */
	CHECK(log && strncmp(log, "ts=2030-", 8) != 0);
	CHECK(!strstr(log, "\nts=2030-"));
	CHECK_HAS(log, "event=net-output pid=");
	CHECK_HAS(log, "text=\"ts=2030-01-01T00:00:00.000Z level=info "
		  "event=session-end dsn=FORGED-01");
	free(log);
	/* written to stdout and to stderr: both reach the log so */
	for (i = 0; i < 50 && occurrences(log = srv_log(s), "FORGED-01") < 2;
	     i++) {
		free(log);
		usleep(100 * 1000);
	}
	CHECK_INT(occurrences(log, "FORGED-01"), 2);
	free(log);

	/* 30 lines at once: 10 are logged, the rest counted */
	for (i = 0; i < 30; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "say-%02d\n", i);
	close(hook(s, HOOK_SAY, many));
	CHECK(log_shows(s, "event=net-output-dropped", 5000));
	log = srv_log(s);
	CHECK(occurrences(log, "text=say-") >= 1);
	CHECK(occurrences(log, "text=say-") <= 10);
	CHECK(!strstr(log, "text=say-29"));
	free(log);

	/* a NUL inside a line hides nothing after it */
	{
		static const uint8_t nul[] = "nul-a\0nul-b\n";
		uint8_t hdr[8] = { 'R', 'K', 2, HOOK_SAY, 0, 0, 0,
				   sizeof(nul) - 1 };
		int fd = srv_connect(s, NULL);

		sleep(1);	/* a new second for the rate */
		raw_send(fd, hdr, sizeof(hdr));
		raw_send(fd, nul, sizeof(nul) - 1);
		close(fd);
		CHECK(log_shows(s, "nul-a\\x1anul-b", 5000));
	}

	/* a line longer than the log takes: cut, and said so */
	memset(longline, 'L', sizeof(longline) - 2);
	longline[sizeof(longline) - 2] = '\n';
	longline[sizeof(longline) - 1] = '\0';
	sleep(1);	/* a new second: the rate does not hide it */
	close(hook(s, HOOK_SAY, longline));
	CHECK(log_shows(s, "cut=yes", 5000));
}

/*
 * A network process taken over hands the server its own stderr's write
 * end as a connection's end, then exits: refused (not a socketpair end),
 * and its pipe is closed after a bounded read. Before, the server held a
 * write end of the pipe it drained until its end, and its loop spun there
 * for good.
 */
static void test_pipe_as_conn(const struct srv *s, pid_t *net)
{
	pid_t next;

	close(hook(s, HOOK_PIPE, NULL));
	next = next_child(s, *net);
	CHECK(next > 0);
	CHECK_INT(kill(s->pid, 0), 0);
	CHECK(good_session(s));
	*net = next ? next : *net;
}

/*
 * A network process that dies less than a second after it started (a
 * peer crashing each new one at once) is started again 500 ms later by
 * the loop's sweep: logged, and the next one serves a download.
 */
static void test_crash_loop(const struct srv *s, pid_t *net)
{
	pid_t first, second;

	close(hook(s, HOOK_ABORT, NULL));
	first = next_child(s, *net);
	CHECK(first > 0);
	close(hook(s, HOOK_ABORT, NULL));
	CHECK(log_shows(s, "event=net-restart-delayed", 5000));
	second = next_child(s, first);
	CHECK(second > 0);
	CHECK_INT(kill(s->pid, 0), 0);
	CHECK(good_session(s));
	*net = second;
}

/*
 * A network process taken over sends three descriptors in one control
 * message: refused (the process restarted), and none stays open in the
 * server (each such message leaked them all before).
 */
static void test_control_fds(const struct srv *s, pid_t *net)
{
	pid_t next;
	int before, after = -1, i;

	CHECK(good_session(s));
	/* settled: the last sessions' descriptors closed */
	before = fd_count(s->pid);
	for (i = 0; i < 50; i++) {
		usleep(100 * 1000);
		after = fd_count(s->pid);
		if (after == before)
			break;
		before = after;
	}
	close(hook(s, HOOK_FDS, NULL));
	next = next_child(s, *net);
	CHECK(next > 0 && next != *net);
	CHECK(good_session(s));
	/* (the connections' descriptors go as their sessions close) */
	for (i = 0; i < 50; i++) {
		after = fd_count(s->pid);
		if (after <= before)
			break;
		usleep(100 * 1000);
	}
	CHECK(before > 0);
	check_at(after <= before, __FILE__, __LINE__, "the server has %d "
		 "descriptors open, %d before", after, before);
	*net = next;
}

/*
 * A network process taken over hands the server a connection in a
 * control message that names the peer 203.0.113.11: the session's audit
 * row names the real peer of the TCP socket passed with it (this test's
 * connection), as the server asked the kernel.
 */
static void test_forged_peer(const struct srv *s)
{
	uint8_t hdr[8] = { 'R', 'K', 2, HOOK_PEER };
	char o[64], dt[256];
	unsigned int port = 0;
	int fd = srv_connect(s, &port);

	raw_send(fd, hdr, sizeof(hdr));
	/* this connection's own session is open yet: the row is the other */
	CHECK(audit_of(port, o, sizeof(o), dt, sizeof(dt)));
	CHECK_STR(o, "closed");
	CHECK_HAS(dt, "(waiting for HELLO)");
	close(fd);
}

/*
 * A network process taken over keeps a copy of a connection's end that
 * it handed over, clears O_NONBLOCK on it (the server's descriptor is the
 * same open file) and sends half a record: the server reads without
 * waiting whatever the flags, so it goes on serving (its event loop
 * would wait in recv(2) for ever, signals and all, else).
 */
static void test_blocking_pair(const struct srv *s)
{
	uint8_t hdr[8] = { 'R', 'K', 2, HOOK_BLOCK };
	int fd = srv_connect(s, NULL);

	raw_send(fd, hdr, sizeof(hdr));
	usleep(300 * 1000);	/* the half record is the server's by now */
	CHECK(good_session(s));
	close(fd);
}

/*
 * A network process taken over clears O_NONBLOCK on the listening socket
 * (an open file every network process shares) and crashes: the next one
 * serves anyway (it would wait in accept4(2) after each connection, with
 * that connection unread, else).
 */
static void test_blocking_listen(const struct srv *s, pid_t *net)
{
	pid_t next;

	close(hook(s, HOOK_LISTEN, NULL));
	next = next_child(s, *net);
	CHECK(next > 0 && next != *net);
	CHECK(good_session(s));
	CHECK(good_session(s));
	*net = next;
}

void test_srv_privsep(const char *hooks_bin)
{
	const char *saved = srv_bin;
	const char *user = getpwnam("rks-net") ? "rks-net" : "nobody";
	const char *extra[] = { "--privsep", "1", "--net-user", user, NULL };
	const char *inside[] = {
		NULL, NULL, NULL, "/usr/lib/softhsm/libsofthsm2.so",
		"/etc/passwd", "/var/lib/softhsm/tokens",
	};
	struct needle nd[5];
	char status[64], *log;
	struct rkd_frame *f;
	pid_t net, net2;
	size_t i;
	int a, e;

	needles(nd);
	srv_bin = hooks_bin;
	srv_start(&s_privsep, "privsep.log", extra);
	net = child_of(s_privsep.pid);
	CHECK(net > 0);
	CHECK(good_session(&s_privsep));
	/* not root, when we are */
	snprintf(status, sizeof(status), "/proc/%d/status", (int)net);
	if (geteuid() == 0) {
		char line[256];
		FILE *f = fopen(status, "r");
		bool uid0 = true;

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "Uid:", 4))
				uid0 = atoi(line + 4) == 0;
		if (f)
			fclose(f);
		CHECK(!uid0);
	}

	/* a session in progress while its memory is read */
	a = srv_connect(&s_privsep, NULL);
	/* HELLO v3 (DSN "HELLO-01", a 32-byte nonce): WORK_CERT comes back */
	raw_send_hex(a, "524b030100000029" "08" "48454c4c4f2d3031"
		     "0123456789abcdef0123456789abcdef"
		     "0123456789abcdef0123456789abcdef");
	f = malloc(sizeof(*f));
	CHECK(f && rkd_frame_read(a, f, 5000) == 0 &&
	      f->type == RKD_MSG_WORK_CERT);
	free(f);
	CHECK(scan(net, nd, 5) == NULL);
	/* the scanner can find what is there: the server has the key */
	CHECK_STR(scan(s_privsep.pid, nd, 1), "the master key");

	inside[0] = env_db_path;
	inside[1] = env_mk_path;
	inside[2] = pki("work2048.key");
	for (i = 0; i < sizeof(inside) / sizeof(inside[0]); i++) {
		e = ask_inside(&s_privsep, HOOK_OPEN, inside[i]);
		if (e == 0 || e == 0xff)
			printf("  opened from the network process: %s (%d)\n",
			       inside[i], e);
		CHECK(e != 0 && e != 0xff);
	}
	/* no signal to the server: the filter's answer, not the kernel's */
	CHECK_INT(ask_inside(&s_privsep, HOOK_KILL, NULL), EACCES);

	/* a parser crash: that process and its connections only */
	close(hook(&s_privsep, HOOK_ABORT, NULL));
	CHECK(raw_expect_eof(a, 5000));
	close(a);
	/* the server notices, and starts another */
	for (i = 0; i < 50; i++) {
		net2 = child_of(s_privsep.pid);
		if (net2 > 0 && net2 != net)
			break;
		usleep(100 * 1000);
	}
	CHECK_INT(kill(s_privsep.pid, 0), 0);
	CHECK(net2 > 0 && net2 != net);
	CHECK(good_session(&s_privsep));
	test_decoder_abort(&s_privsep, &net2);
	test_hostile_records(&s_privsep);
	net2 = child_of(s_privsep.pid);	/* retired and replaced since */
	test_control_fds(&s_privsep, &net2);
	test_forged_peer(&s_privsep);
	test_blocking_pair(&s_privsep);
	test_blocking_listen(&s_privsep, &net2);
	test_forged_log(&s_privsep);
	test_pipe_as_conn(&s_privsep, &net2);
	test_crash_loop(&s_privsep, &net2);
	CHECK_INT(srv_stop(&s_privsep), 0);
	CHECK(kill(net2, 0) != 0);
	log = srv_log(&s_privsep);
	CHECK_HAS(log, "event=net-died");
	CHECK_HAS(log, "signal=6");
	/* both crashes, the frame reader's and the decoder's */
	CHECK(strstr(log, "signal=6") &&
	      strstr(strstr(log, "signal=6") + 1, "signal=6"));
	CHECK_HAS(log, "event=net-bad-record");
	free(log);
	srv_bin = saved;
}
