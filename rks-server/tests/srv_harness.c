// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srv_harness.c - a server process, its database, software devices and
 * raw sockets for the rks-server tests. Every socket is on 127.0.0.1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

#define IO_TIMEOUT_MS	10000

struct rks_db *env_db;
const char *env_db_path, *env_mk_path;
static int64_t env_dik1_id;
static X509 *env_root;

const char *pki(const char *name)
{
	static char ring[16][512];
	static unsigned int next;
	char *p = ring[next++ % 16];

	snprintf(p, sizeof(ring[0]), "%s/%s", pki_dir, name);
	return p;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void die(const char *what)
{
	fprintf(stderr, "test-server: %s\n", what);
	exit(2);
}

void env_db_create(const char *path)
{
	uint8_t dik1[RKS_DIK1_LEN];
	struct rks_dik1_info info;
	char msg[512];

	env_db_path = path;
	if (rks_db_open_ex(env_db_path, env_mk_path, RKS_DB_CREATE, &env_db,
			   msg, sizeof(msg)))
		die(msg);
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	if (rks_db_dik1_add(env_db, "test batch", dik1, "test", &info))
		die("cannot add the DIK1");
	env_dik1_id = info.id;
}

void env_init(void)
{
	char msg[512];
	FILE *f;

	env_mk_path = strdup(test_path("master.key"));
	if (rks_master_key_create(env_mk_path, msg, sizeof(msg)))
		die(msg);
	env_db_create(strdup(test_path("rks.db")));
	f = fopen(pki("root.pem"), "r");
	env_root = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!env_root)
		die("cannot read root.pem");
}

void env_free(void)
{
	rks_db_close(env_db);
	X509_free(env_root);
}

void env_device(const char *dsn)
{
	if (rks_db_device_add(env_db, dsn, env_dik1_id, "test"))
		die(rks_db_errmsg(env_db));
}

void env_key(const char *dsn, unsigned int slot, unsigned int usage,
	     const char *hex_key)
{
	struct rks_key_info info;
	uint8_t key[24];
	size_t len = strlen(hex_key) / 2;

	unhex(hex_key, key, len);
	if (rks_db_key_add(env_db, dsn, slot, usage, key, len, "test", &info))
		die(rks_db_errmsg(env_db));
}

void srv_start(struct srv *s, const char *name, const char *const *extra)
{
	srv_spawn(s, name, extra, NULL, NULL);
	srv_wait_listening(s, name);
}

void srv_spawn(struct srv *s, const char *name, const char *const *extra,
	       void (*setup)(const char **argv, void *arg), void *arg)
{
	const char *argv[64] = {
		srv_bin, "--listen", "127.0.0.1", "--port", "0",
		"--database", env_db_path, "--master-key", env_mk_path,
		"--work-cert", pki("work2048.pem"),
		"--work-key", pki("work2048.key"), "--log-level", "debug",
		/* the suites connect from one address faster than a PIN
		 * pad would; test_srv_avail.c tests the limit */
		"--source-rate", "0",
		/* ...and fail authentications from it on purpose;
		 * test_srv_lockout.c tests the per-source count */
		"--source-failures", "0",
	};
	size_t n = 19;
	int fd;

	/* every suite again through the network process: the same
	 * answers, outcomes and audit texts (make check-server-privsep) */
	if (getenv("RKS_TEST_PRIVSEP") && *getenv("RKS_TEST_PRIVSEP")) {
		argv[n++] = "--privsep";
		argv[n++] = "1";
		argv[n++] = "--net-user";
		argv[n++] = getpwnam("rks-net") ? "rks-net" : "nobody";
	}
	while (extra && *extra && n < 62)
		argv[n++] = *extra++;
	argv[n] = NULL;
	snprintf(s->log_path, sizeof(s->log_path), "%s",
		 test_path(name));
	s->port = 0;
	fflush(NULL);
	s->pid = fork();
	if (s->pid < 0)
		die("fork");
	if (s->pid == 0) {
		/* a crashed test must not leave servers behind */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		fd = open(s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(120);
		if (setup)
			setup(argv, arg);
		execv(srv_bin, (char *const *)argv);
		_exit(121);
	}
}

void srv_wait_listening(struct srv *s, const char *name)
{
	long long deadline;
	char *log, *p;

	for (deadline = now_ms() + 10000; now_ms() < deadline;) {
		log = srv_log(s);
		p = log ? strstr(log, "event=listening ") : NULL;
		if (p && (p = strstr(p, " port=")))
			s->port = (unsigned int)atoi(p + 6);
		free(log);
		if (s->port)
			return;
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
			break;
		usleep(20000);
	}
	log = srv_log(s);
	fprintf(stderr, "test-server: %s did not start:\n%s\n", name,
		log ? log : "");
	exit(2);
}

int srv_stop(struct srv *s)
{
	long long deadline = now_ms() + 15000;
	int status;

	kill(s->pid, SIGTERM);
	while (waitpid(s->pid, &status, WNOHANG) == 0) {
		if (now_ms() > deadline) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			return -1;
		}
		usleep(10000);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *srv_log(const struct srv *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(s->log_path, "r"), *mem;
	int c;

	if (!f)
		return NULL;
	mem = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, mem);
	fclose(f);
	fclose(mem);
	return buf;
}

long srv_rss_kb(const struct srv *s)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)s->pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/*
 * The newest audit row when each local port was last connected: a row
 * of an earlier connection from the same port (ports are reused) is not
 * this one's, and the server writes its rows a moment after the fact.
 */
static int64_t port_floor[65536];

static int audit_newest(const struct rks_audit_info *a, void *arg)
{
	*(int64_t *)arg = a->id;
	return 0;
}

int srv_connect(const struct srv *s, unsigned int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sa.sin_port = htons((uint16_t)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("connect to the server");
	if (port) {
		getsockname(fd, (struct sockaddr *)&sa, &len);
		*port = ntohs(sa.sin_port);
		port_floor[*port] = 0;
		rks_db_audit_list(env_db, NULL, 1, audit_newest,
				  &port_floor[*port]);
	}
	return fd;
}

size_t dev_factor(const char *dsn, uint8_t *factor)
{
	size_t i, n = strlen(dsn);

	for (i = 0; i < n; i++)
		factor[i] = (uint8_t)dsn[n - 1 - i];
	return n;
}

struct rkd_softdev *dev_new(const char *dsn, unsigned int flags,
			    bool wrong_dik2)
{
	return dev_new_traced(dsn, flags, wrong_dik2, NULL, NULL);
}

struct rkd_softdev *dev_new_traced(const char *dsn, unsigned int flags,
				   bool wrong_dik2, rkd_trace_fn trace,
				   void *ctx)
{
	return dev_new_root(dsn, flags, wrong_dik2, trace, ctx, env_root);
}

struct rkd_softdev *dev_new_root(const char *dsn, unsigned int flags,
				 bool wrong_dik2, rkd_trace_fn trace,
				 void *ctx, X509 *root)
{
	return dev_new_ex(dsn, flags, wrong_dik2, trace, NULL, ctx, root,
			  NULL);
}

struct rkd_softdev *dev_new_ex(const char *dsn, unsigned int flags,
			       bool wrong_dik2, rkd_trace_fn trace,
			       rkd_rand_fn rand, void *ctx, X509 *root,
			       uint8_t dik2_out[24])
{
	struct rkd_softdev_params p = { .dsn = dsn, .root = root ? root :
					env_root, .flags = flags,
					.trace = trace, .trace_ctx = ctx,
					.rand = rand, .rand_ctx = ctx };
	uint8_t factor[RKD_DSN_MAX], dik1[24], dik2[24];
	struct rkd_softdev *d;

	p.factor_len = dev_factor(dsn, factor);
	p.factor = factor;
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	if (rkd_dik2(dsn, strlen(dsn), factor, p.factor_len, dik1, dik2,
		     NULL))
		die("rkd_dik2");
	if (wrong_dik2)
		dik2[23] ^= 0x02;	/* a bit DES uses */
	p.dik2 = dik2;
	if (dik2_out)
		memcpy(dik2_out, dik2, sizeof(dik2));
	if (rkd_softdev_new(&p, &d))
		die("rkd_softdev_new");
	return d;
}

int dev_run(const struct srv *s, struct rkd_softdev *d, uint8_t *peer_error,
	    unsigned int *port)
{
	int fd = srv_connect(s, port), r;

	r = rkd_softdev_run(d, fd, IO_TIMEOUT_MS, peer_error);
	close(fd);
	return r;
}

bool good_session(const struct srv *s)
{
	static unsigned int n;
	struct rkd_softdev *d;
	uint8_t err = 0;
	char dsn[32];
	int r;

	snprintf(dsn, sizeof(dsn), "GOOD-%04u", ++n);
	env_device(dsn);
	env_key(dsn, 5, RKS_USAGE_TMK, KEY_GOOD);
	d = dev_new(dsn, 0, false);
	r = dev_run(s, d, &err, NULL);
	r = r == 0 && rkd_softdev_keys_stored(d) == 1 ? 0 : r ? r : -1;
	rkd_softdev_free(d);
	if (r)
		printf("  good session %s: %s, ERROR %u\n", dsn,
		       rkd_errname(r), err);
	return r == 0;
}

void raw_send(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	ssize_t w;

	while (n) {
		w = send(fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;		/* the server may close first */
		b += w;
		n -= (size_t)w;
	}
}

void raw_send_hex(int fd, const char *hexs)
{
	uint8_t buf[4096];
	size_t n = strlen(hexs) / 2;

	if (n > sizeof(buf))
		die("raw_send_hex: too long");
	unhex(hexs, buf, n);
	raw_send(fd, buf, n);
}

bool raw_expect_eof(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint8_t b;

	if (poll(&pfd, 1, timeout_ms) != 1)
		return false;
	return read(fd, &b, 1) == 0;
}

int raw_expect_error(int fd, uint8_t *code, unsigned int *before)
{
	struct rkd_frame *f = malloc(sizeof(*f));
	int r;

	*code = 0;
	if (before)
		*before = 0;
	while ((r = rkd_frame_read(fd, f, IO_TIMEOUT_MS)) == 0 &&
	       f->type != RKD_MSG_ERROR)
		if (before)
			(*before)++;
	if (r == 0 && (r = rkd_error_decode(f->body, f->len, code)) == 0 &&
	    !raw_expect_eof(fd, IO_TIMEOUT_MS))
		r = RKD_ERR_INTERNAL;	/* no orderly close */
	free(f);
	return r;
}

struct audit_want {
	int64_t floor;
	char peer[32];
	char *outcome, *detail;
	size_t outcome_size, detail_size;
	bool found;
};

static int audit_match(const struct rks_audit_info *a, void *arg)
{
	struct audit_want *w = arg;

	/* a session's outcome, not the row that says it started */
	if (a->id <= w->floor || strcmp(a->peer, w->peer) != 0 ||
	    !strcmp(a->outcome, "started"))
		return 0;
	if (w->outcome)
		snprintf(w->outcome, w->outcome_size, "%s", a->outcome);
	if (w->detail)
		snprintf(w->detail, w->detail_size, "%s", a->detail);
	w->found = true;
	return 0;
}

bool audit_of(unsigned int port, char *outcome, size_t outcome_size,
	      char *detail, size_t detail_size)
{
	struct audit_want w = { .outcome = outcome, .detail = detail,
				.outcome_size = outcome_size,
				.detail_size = detail_size };
	long long deadline = now_ms() + 5000;

	snprintf(w.peer, sizeof(w.peer), "127.0.0.1:%u", port);
	w.floor = port_floor[port & 0xffff];
	do {
		rks_db_audit_list(env_db, NULL, 0, audit_match, &w);
		if (w.found)
			return true;
		usleep(20000);
	} while (now_ms() < deadline);
	return false;
}

/*
 * Drive @d on @fd step by step until it has a message of @stop ready to
 * send (in @out, type in *@type) and return 0; or the first error.
 */
int drive_until(struct rkd_softdev *d, int fd, uint8_t stop,
		       struct rkd_frame *f, struct rkd_buf *out,
		       uint8_t *type)
{
	int r = rkd_softdev_step(d, 0, NULL, 0, type, out);

	while (r == 0 && *type != stop) {
		if (*type && (r = rkd_frame_write(fd, *type, rkd_buf_ptr(out),
						  rkd_buf_len(out),
						  5000)) != 0)
			break;
		rkd_buf_reset(out);
		if ((r = rkd_frame_read(fd, f, 5000)) != 0)
			break;
		if (f->type == RKD_MSG_ERROR)
			return RKD_ERR_PEER_ERROR;
		r = rkd_softdev_step(d, f->type, f->body, f->len, type, out);
	}
	return r;
}
