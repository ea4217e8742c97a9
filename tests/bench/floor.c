// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor.c - rks-floor: the transport floor of an RKS session. What the
 * server's CPU spends on a session's TCP exchange over loopback alone: the
 * same frames, sizes and order as a real session (--exchange, as
 * rks-loadgen reports it: `exchange=55:906,264:80,...`, request:reply
 * bytes per round trip, whole frames with their headers), with no crypto,
 * no database, no log, no worker thread.
 *
 *   rks-floor serve --port 0 --exchange LIST [--duration S]
 *   rks-floor load --port P --exchange LIST [-c C] [--duration S]
 *
 * `serve` does at the socket level what rks-server's event loop does
 * (rks-server/server/loop.c, conn.c, listen.c; privsep 0, as the bench
 * runs it): a non-blocking listener, level-triggered in epoll; accept4()
 * with SOCK_NONBLOCK | SOCK_CLOEXEC until EAGAIN; TCP_NODELAY; the
 * connection in epoll once, edge-triggered, EPOLLIN | EPOLLOUT |
 * EPOLLRDHUP; read(2) of a frame's 8-byte header, then of its body (and one
 * more read, to EAGAIN, before the reply goes: the server's loop reads
 * again when a worker's step is done); the reply in one send() with
 * MSG_DONTWAIT | MSG_NOSIGNAL; after the last reply shutdown(SHUT_WR),
 * recv(MSG_DONTWAIT) until the peer's close; EPOLL_CTL_DEL; close(). A
 * signalfd for SIGTERM and SIGINT, as the server has.
 *
 * What it leaves out, and why the floor stays a floor: everything rks-server
 * does besides those calls -- the RSA and the rest of the protocol, the
 * hand-over to a worker and back (an eventfd, futexes, thread switches),
 * SQLite and the audit writer's fsync, logging, admission control, the peer
 * name, the sweep of deadlines. Leaving work out can only make the floor cheaper than a
 * server that does this exchange must be, so the ceiling computed from it
 * (rsa_ms / (rsa_ms + floor_ms)) can only come out too high, never too low:
 * a server that spends more than the floor per session cannot beat it. The
 * calls it does make are the ones rks-server's loop makes, no extra one.
 * Its CPU is getrusage(RUSAGE_SELF), the process's user and system time,
 * which counts the same as the server's schedstat: on loopback, the
 * receiving end's TCP work mostly runs in the sender's system calls, for
 * rks-server and for this alike. What neither controls is how many
 * events one epoll_wait() returns: the more, the cheaper a session (the
 * load sets the pace). The bench's floor runs at several times the
 * session rate of the RSA limit, so a server at that limit would batch no
 * more than the floor did: again, the ceiling errs high, not low.
 *
 * With --durable FILE, `serve` also keeps the audit trail #14 asks for, in
 * the least it can cost: a row when a session starts, durable before the
 * first reply goes, and a row with its outcome, durable before the last
 * reply goes (rks-server's "started" row and outcome row); in SQLite (WAL,
 * synchronous=FULL, as rks-server's database), inserted by one prepared
 * statement on the loop's own thread, and committed once per epoll batch
 * for every session that wrote in it (a group commit with no thread
 * hand-over at all). The replies those rows guard wait for that commit.
 * Again nothing else: no reads, no keys, no index but the row id.
 *
 * A TEST TOOL: it talks to 127.0.0.1 only, and every run is bounded in
 * seconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>

#include <sqlite3.h>

#include "cli_common.h"
#include "rkd_proto.h"

const char *cli_prog = "rks-floor";
/* --exchange lists are short: quote them whole in a message */
const size_t cli_quote_max = 80;

#define FL_ROUNDS_MAX		8
/* a request is one frame: header and at most RKD_BODY_MAX of body */
#define FL_REQ_MIN		RKD_FRAME_HDR_LEN
#define FL_REQ_MAX		(RKD_FRAME_HDR_LEN + RKD_BODY_MAX)
/* a reply is what a step queues: up to rks-server's RKS_TX_MAX (conn.c) */
#define FL_REP_MIN		RKD_FRAME_HDR_LEN
#define FL_REP_MAX		(2 * (RKD_FRAME_HDR_LEN + RKD_BODY_MAX))
#define FL_CONC_MAX		20000
#define FL_DURATION_MAX		600	/* seconds */
#define FL_SERVE_DEFAULT	120	/* serve: seconds at most, by default */
#define FL_IDLE_END_MS		1000	/* serve: the load has gone for this */
#define FL_TIMEOUT_S		30	/* load: one session at most */
#define FL_EVENTS		256
#define FL_TICK_MS		100

struct fl_exchange {
	unsigned int n;
	uint32_t req[FL_ROUNDS_MAX], rep[FL_ROUNDS_MAX];
};

struct fl_opts {
	bool serve;
	const char *durable;		/* serve: the audit database, or NULL */
	uint32_t port;
	uint32_t concurrency;
	uint32_t duration;
	struct fl_exchange x;
};

enum fl_state { FL_OPEN, FL_CLOSING, FL_DRAINING };

/* One connection on either side. */
struct fl_conn {
	int fd;				/* -1: a free slot (load) */
	enum fl_state state;
	unsigned int round;		/* round trips answered (or asked) */
	bool connected;			/* load: connect() is through */
	uint32_t events;		/* load: epoll interest now */
	double start;			/* load: for the timeout */
	uint8_t hdr[RKD_FRAME_HDR_LEN];
	uint32_t have, body_len;	/* of the part being read */
	bool in_body;
	uint32_t tx_len, tx_off;	/* what is queued to send */
	uint32_t held;			/* --durable: a reply awaiting the commit */
	struct fl_conn *next_held;
	uint8_t body[RKD_BODY_MAX];	/* as rks-server's frame reader */
};

/* Reply and request bytes: zeros behind a header; nobody parses them. */
static uint8_t fl_zeros[FL_REP_MAX];

static double fl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fl_usage(void)
{
	printf(
"usage: rks-floor serve --port N --exchange LIST [--duration S]\n"
"       rks-floor load --port N --exchange LIST [-c N] [--duration S]\n"
"\n"
"The transport floor of an RKS session: its TCP exchange on 127.0.0.1 with\n"
"rks-server's socket calls and nothing else (no crypto, no database).\n"
"\n"
"  --exchange LIST  the session's round trips, REQ:REP[,REQ:REP...]: bytes\n"
"                   the device sends (one frame, %d..%d) and the server\n"
"                   answers (%d..%d), headers included; 1 to %d of them.\n"
"                   rks-loadgen reports a real session's as exchange=\n"
"  --port N         serve: listen on 127.0.0.1:N (0: any free port);\n"
"                   load: connect to it\n"
"  -c N             load: sessions in flight at once (1..%d, 100)\n"
"  --duration S     load: start no session after S s (1..%d, 5);\n"
"                   serve: stop after S s at most (%d)\n"
"  --durable FILE   serve: a row per session start and per outcome in the\n"
"                   SQLite database FILE (made; WAL, synchronous=FULL),\n"
"                   committed once per epoll batch before the replies\n"
"                   they guard (the first and the last) go\n"
"\n"
"serve prints `rks-floor: event=listening port=N`, and when the load has\n"
"gone (no connection for %d ms after the first session), after --duration\n"
"or on SIGTERM: `rks-floor: sessions=N errors=E cpu_ms_per_session=X\n"
"user_ms=U sys_ms=S` (its own CPU, getrusage, over its whole run).\n"
"load prints `rks-floor: load concurrency=C sessions=N errors=E\n"
"elapsed_s=T sessions_per_s=R cpu_s=X`.\n"
"Exit status: 0; 1 a session failed or none ran; 2 usage.\n",
	       FL_REQ_MIN, FL_REQ_MAX, FL_REP_MIN, FL_REP_MAX, FL_ROUNDS_MAX,
	       FL_CONC_MAX, FL_DURATION_MAX, FL_SERVE_DEFAULT, FL_IDLE_END_MS);
}

/*
 * --exchange: "REQ:REP" pairs, comma-separated, 1 to FL_ROUNDS_MAX; every
 * REQ and REP a decimal number in its range. Anything else is refused,
 * with the item at fault named.
 */
static bool fl_parse_exchange(const char *s, struct fl_exchange *x)
{
	char item[32], num[16], what[64];
	const char *p = s, *end, *colon;
	size_t len;

	memset(x, 0, sizeof(*x));
	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (x->n == FL_ROUNDS_MAX) {
			cli_err("--exchange: more than %d round trips in %s",
				FL_ROUNDS_MAX, cli_quote(s));
			return false;
		}
		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		colon = memchr(p, ':', len);
		if (!len || len >= sizeof(item) || !colon ||
		    (size_t)(colon - p) >= sizeof(num)) {
			cli_err("--exchange: round trip %u, '%s', is not "
				"REQ:REP (in %s)", x->n + 1, item,
				cli_quote(s));
			return false;
		}
		snprintf(num, sizeof(num), "%.*s", (int)(colon - p), p);
		snprintf(what, sizeof(what), "--exchange: round trip %u's "
			 "request bytes", x->n + 1);
		if (!cli_parse_u32(what, num, FL_REQ_MIN, FL_REQ_MAX,
				   &x->req[x->n]))
			return false;
		snprintf(what, sizeof(what), "--exchange: round trip %u's "
			 "reply bytes", x->n + 1);
		if (!cli_parse_u32(what, item + (colon - p) + 1, FL_REP_MIN,
				   FL_REP_MAX, &x->rep[x->n]))
			return false;
		x->n++;
		if (!end)
			return true;
		p = end + 1;
	}
}

static bool fl_parse(int argc, char **argv, struct fl_opts *o)
{
	bool have_port = false, have_x = false, have_d = false;
	int i;

	if (argc < 2 || (strcmp(argv[1], "serve") && strcmp(argv[1], "load"))) {
		cli_err("the first argument is serve or load (--help)");
		return false;
	}
	o->serve = !strcmp(argv[1], "serve");
	cli_cmd = argv[1];
	o->concurrency = 100;
	for (i = 2; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v) {
			cli_err("%s wants a value", a);
			return false;
		}
		if (!strcmp(a, "--port")) {
			if (!cli_parse_u32(a, v, o->serve ? 0 : 1, 65535,
					   &o->port))
				return false;
			have_port = true;
		} else if (!strcmp(a, "-c") && !o->serve) {
			if (!cli_parse_u32(a, v, 1, FL_CONC_MAX,
					   &o->concurrency))
				return false;
		} else if (!strcmp(a, "--duration")) {
			if (!cli_parse_u32(a, v, 1, FL_DURATION_MAX,
					   &o->duration))
				return false;
			have_d = true;
		} else if (!strcmp(a, "--durable") && o->serve) {
			o->durable = v;
		} else if (!strcmp(a, "--exchange")) {
			if (!fl_parse_exchange(v, &o->x))
				return false;
			have_x = true;
		} else {
			cli_err("unknown option %s (--help)", cli_quote(a));
			return false;
		}
	}
	if (!have_port || !have_x) {
		cli_err("--port and --exchange are needed");
		return false;
	}
	if (!have_d)
		o->duration = o->serve ? FL_SERVE_DEFAULT : 5;
	return true;
}

static struct fl_conn *fl_conn_new(void)
{
	struct fl_conn *c = calloc(1, sizeof(*c));

	if (c)
		c->fd = -1;
	return c;
}

/* The next frame's header and body. 1: a whole frame; 0: EAGAIN; -1:
 * closed or broken (errno 0 for an orderly close). As rkd_frame_rx_read(). */
static int fl_read_frame(struct fl_conn *c)
{
	uint8_t *dst;
	uint32_t want;
	ssize_t n;

	for (;;) {
		if (c->in_body) {
			dst = c->body + c->have;
			want = c->body_len - c->have;
		} else {
			dst = c->hdr + c->have;
			want = RKD_FRAME_HDR_LEN - c->have;
		}
		if (want) {
			do {
				n = read(c->fd, dst, want);
			} while (n < 0 && errno == EINTR);
			if (n < 0)
				return errno == EAGAIN || errno == EWOULDBLOCK ?
				       0 : -1;
			if (n == 0) {
				errno = 0;
				return -1;
			}
			c->have += (uint32_t)n;
			if ((uint32_t)n < want)
				continue;
		}
		if (c->in_body) {
			c->in_body = false;
			c->have = 0;
			return 1;
		}
		/* big-endian body length, as in every frame header */
		c->body_len = (uint32_t)c->hdr[4] << 24 |
			      (uint32_t)c->hdr[5] << 16 |
			      (uint32_t)c->hdr[6] << 8 | c->hdr[7];
		if (c->body_len > RKD_BODY_MAX) {
			errno = EPROTO;
			return -1;
		}
		c->in_body = true;
		c->have = 0;
	}
}

/* Send what is queued, MSG_DONTWAIT | MSG_NOSIGNAL. 0, or -1: broken. */
static int fl_flush(struct fl_conn *c, const uint8_t *buf)
{
	ssize_t n;

	while (c->tx_off < c->tx_len) {
		n = send(c->fd, buf + c->tx_off, c->tx_len - c->tx_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			c->tx_off += (uint32_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ?
		       0 : -1;
	}
	c->tx_off = c->tx_len = 0;
	return 0;
}

/* ---- serve ---- */

struct fl_server {
	const struct fl_opts *o;
	int epfd, lfd, sfd;
	unsigned long sessions, errors, open;
	bool stop;
	sqlite3 *db;			/* --durable */
	sqlite3_stmt *ins;
	bool in_txn;
	struct fl_conn *held;		/* replies awaiting this batch's commit */
	unsigned long commits;
};

/* --durable: the audit table, WAL, synchronous=FULL; 0 or -1 (said). */
static int fl_db_open(struct fl_server *s, const char *path)
{
	if (sqlite3_open(path, &s->db) != SQLITE_OK ||
	    sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; "
			 "PRAGMA synchronous = FULL; "
			 "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY "
			 "KEY, ts INTEGER NOT NULL, peer TEXT NOT NULL, "
			 "outcome TEXT NOT NULL, detail TEXT NOT NULL)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO audit (ts, peer, outcome, "
			       "detail) VALUES (?1, '127.0.0.1:40000', ?2, "
			       "'1 keys; ACK sent')", -1, &s->ins,
			       NULL) != SQLITE_OK) {
		fprintf(stderr, "rks-floor: %s: %s\n", path,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
		return -1;
	}
	return 0;
}

/* One audit row into the batch's transaction; 0 or -1. */
static int fl_db_row(struct fl_server *s, const char *outcome)
{
	int r;

	if (!s->in_txn) {
		if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		s->in_txn = true;
	}
	sqlite3_bind_int64(s->ins, 1, (sqlite3_int64)time(NULL));
	sqlite3_bind_text(s->ins, 2, outcome, -1, SQLITE_STATIC);
	r = sqlite3_step(s->ins);
	sqlite3_reset(s->ins);
	return r == SQLITE_DONE ? 0 : -1;
}

static void fl_srv_destroy(struct fl_server *s, struct fl_conn *c)
{
	if (c->state == FL_DRAINING && c->round == s->o->x.n)
		s->sessions++;
	else
		s->errors++;
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
	s->open--;
}

/* DRAINING: discard input until EOF (then the connection is done). */
static int fl_srv_drain(struct fl_server *s, struct fl_conn *c)
{
	uint8_t junk[4096];
	ssize_t n;

	for (;;) {
		n = recv(c->fd, junk, sizeof(junk), MSG_DONTWAIT);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		fl_srv_destroy(s, c);
		return -1;
	}
}

/* Whole frames while the session goes on: each answered with its reply. */
static int fl_srv_read(struct fl_server *s, struct fl_conn *c)
{
	const struct fl_exchange *x = &s->o->x;
	int r;

	while (c->state == FL_OPEN) {
		r = fl_read_frame(c);
		if (r == 0)
			return 0;
		if (r < 0 || RKD_FRAME_HDR_LEN + c->body_len !=
			     x->req[c->round]) {
			fl_srv_destroy(s, c);
			return -1;
		}
		/* the step: nothing but queueing its reply (--durable: the
		 * first and the last after their row's commit) */
		if (s->db && (c->round == 0 || c->round + 1 == x->n)) {
			if (fl_db_row(s, c->round ? "delivered" : "started")) {
				fprintf(stderr, "rks-floor: audit row: %s\n",
					sqlite3_errmsg(s->db));
				fl_srv_destroy(s, c);
				return -1;
			}
			c->held = x->rep[c->round];
			c->next_held = s->held;
			s->held = c;
		} else {
			c->tx_len += x->rep[c->round];
		}
		if (++c->round == x->n)
			c->state = FL_CLOSING;
		if (c->held)
			return 0;	/* nothing more comes before it */
	}
	return 0;
}

static void fl_srv_send(struct fl_server *s, struct fl_conn *c);

/* As rks_conn_on_events(). */
static void fl_srv_events(struct fl_server *s, struct fl_conn *c,
			  uint32_t events)
{
	if (c->held)
		return;		/* its reply waits for the commit */
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) {
		if (c->state == FL_OPEN && fl_srv_read(s, c) < 0)
			return;
		if (c->state == FL_DRAINING && fl_srv_drain(s, c) < 0)
			return;
	}
	if (!c->held)
		fl_srv_send(s, c);
}

/* --durable, after each epoll batch: one commit, then the replies it
 * guarded go (and the next frame, if one came meanwhile). */
static void fl_srv_commit(struct fl_server *s)
{
	struct fl_conn *c, *next;

	if (!s->in_txn)
		return;
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "rks-floor: commit: %s\n",
			sqlite3_errmsg(s->db));
		s->stop = true;
	}
	s->in_txn = false;
	s->commits++;
	for (c = s->held, s->held = NULL; c; c = next) {
		next = c->next_held;
		c->tx_len += c->held;
		c->held = 0;
		if (c->state == FL_OPEN && fl_srv_read(s, c) < 0)
			continue;
		if (!c->held)
			fl_srv_send(s, c);
	}
}

/* Send what is queued; after the last reply, shut down and drain. */
static void fl_srv_send(struct fl_server *s, struct fl_conn *c)
{
	if (fl_flush(c, fl_zeros) < 0) {
		fl_srv_destroy(s, c);
		return;
	}
	if (c->state == FL_CLOSING && !c->tx_len) {
		shutdown(c->fd, SHUT_WR);
		c->state = FL_DRAINING;
		fl_srv_drain(s, c);
	}
}

static void fl_srv_accept(struct fl_server *s)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP |
					    EPOLLET };
	struct sockaddr_storage ss;
	struct fl_conn *c;
	socklen_t len;
	int fd, one = 1;

	for (;;) {
		len = sizeof(ss);
		fd = accept4(s->lfd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				fprintf(stderr, "rks-floor: accept: %s\n",
					strerror(errno));
				s->stop = true;
			}
			return;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = fl_conn_new();
		ev.data.ptr = c;
		if (!c || epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
			fprintf(stderr, "rks-floor: out of memory or epoll\n");
			close(fd);
			free(c);
			s->stop = true;
			return;
		}
		c->fd = fd;
		s->open++;
	}
}

/* A listener on 127.0.0.1:port, as rks_listen(); its port, or -1. */
static int fl_listen(unsigned int port, unsigned int *bound)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sa);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, SOMAXCONN) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		fprintf(stderr, "rks-floor: 127.0.0.1 port %u: %s\n", port,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*bound = ntohs(sa.sin_port);
	return fd;
}

static double fl_tv(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static void fl_srv_report(const struct fl_server *s)
{
	struct rusage ru;
	double user = 0, sys = 0;

	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		user = fl_tv(ru.ru_utime);
		sys = fl_tv(ru.ru_stime);
	}
	printf("rks-floor: sessions=%lu errors=%lu cpu_ms_per_session=%.4f "
	       "user_ms=%.1f sys_ms=%.1f\n", s->sessions, s->errors,
	       s->sessions ? (user + sys) / (double)s->sessions : 0.0, user,
	       sys);
	fflush(stdout);
}

static int fl_serve(const struct fl_opts *o)
{
	struct fl_server s = { .o = o, .epfd = -1, .sfd = -1 };
	struct epoll_event ev[FL_EVENTS], lev = { .events = EPOLLIN },
			   sev = { .events = EPOLLIN, .data.ptr = &s };
	double end = fl_now() + o->duration, idle_since = 0, now;
	unsigned int port;
	sigset_t mask;
	int n, i;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	s.lfd = fl_listen(o->port, &port);
	if (s.lfd < 0)
		return 1;
	if (o->durable && fl_db_open(&s, o->durable))
		return 1;
	/* the listener's data is NULL, the signalfd's the server itself */
	if (sigprocmask(SIG_BLOCK, &mask, NULL) ||
	    (s.sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0 ||
	    (s.epfd = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
	    epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.lfd, &lev) ||
	    epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.sfd, &sev)) {
		fprintf(stderr, "rks-floor: epoll or signalfd: %s\n",
			strerror(errno));
		return 1;
	}
	printf("rks-floor: event=listening addr=127.0.0.1 port=%u\n", port);
	fflush(stdout);
	while (!s.stop) {
		n = epoll_wait(s.epfd, ev, FL_EVENTS, FL_TICK_MS);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "rks-floor: epoll: %s\n",
				strerror(errno));
			break;
		}
		for (i = 0; i < n; i++) {
			if (!ev[i].data.ptr)
				fl_srv_accept(&s);
			else if (ev[i].data.ptr == &s)
				s.stop = true;	/* SIGTERM or SIGINT */
			else
				fl_srv_events(&s, ev[i].data.ptr,
					      ev[i].events);
		}
		if (s.db)
			fl_srv_commit(&s);
		now = fl_now();
		/* the load has gone: nothing open for a while after it */
		if (s.open || !(s.sessions + s.errors))
			idle_since = now;
		else if ((now - idle_since) * 1e3 >= FL_IDLE_END_MS)
			s.stop = true;
		if (now >= end)
			s.stop = true;
	}
	fl_srv_report(&s);
	if (s.db) {
		printf("rks-floor: durable commits=%lu sessions_per_commit=%.1f\n",
		       s.commits, s.commits ? (double)s.sessions /
		       (double)s.commits : 0.0);
		sqlite3_finalize(s.ins);
		sqlite3_close(s.db);
	}
	close(s.epfd);
	close(s.sfd);
	close(s.lfd);
	return s.sessions && !s.errors ? 0 : 1;
}

/* ---- load ---- */

struct fl_load {
	const struct fl_opts *o;
	int epfd;
	struct fl_conn **c;		/* o->concurrency slots */
	unsigned int in_flight;
	unsigned long started, ok, errors;
	double t0, t_end;
	uint8_t req[FL_REQ_MAX];	/* a frame header, then zeros */
};

static void fl_load_end(struct fl_load *l, struct fl_conn *c, bool ok)
{
	if (ok)
		l->ok++;
	else
		l->errors++;
	close(c->fd);
	c->fd = -1;
	l->in_flight--;
	l->t_end = fl_now();
}

/* Queue round trip c->round's request: a header for its body length. */
static void fl_load_request(struct fl_load *l, struct fl_conn *c)
{
	uint32_t body = l->o->x.req[c->round] - RKD_FRAME_HDR_LEN;

	l->req[4] = (uint8_t)(body >> 24);
	l->req[5] = (uint8_t)(body >> 16);
	l->req[6] = (uint8_t)(body >> 8);
	l->req[7] = (uint8_t)body;
	c->tx_off = 0;
	c->tx_len = l->o->x.req[c->round];
}

static void fl_load_start(struct fl_load *l, struct fl_conn *c)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons((uint16_t)l->o->port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
	int one = 1;

	memset(c, 0, offsetof(struct fl_conn, body));
	c->events = ev.events;
	c->start = fl_now();
	l->started++;
	l->in_flight++;
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		l->in_flight--;
		l->errors++;
		return;
	}
	/* as rks-loadgen's devices: one message, then a wait */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if ((connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	     errno != EINPROGRESS) ||
	    epoll_ctl(l->epfd, EPOLL_CTL_ADD, c->fd, &ev))
		fl_load_end(l, c, false);
}

/* The reply of the current round trip: its bytes, then the next request. */
static int fl_load_read(struct fl_load *l, struct fl_conn *c)
{
	static uint8_t sink[FL_REP_MAX];
	const struct fl_exchange *x = &l->o->x;
	ssize_t n;

	for (;;) {
		n = read(c->fd, sink, x->rep[c->round] - c->have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		if (n == 0)
			return -1;
		c->have += (uint32_t)n;
		if (c->have < x->rep[c->round])
			continue;
		c->have = 0;
		if (++c->round == x->n)
			return 1;
		fl_load_request(l, c);
		return 0;
	}
}

static void fl_load_events(struct fl_load *l, struct fl_conn *c,
			   uint32_t events)
{
	struct epoll_event ev = { .data.ptr = c };
	int soerr = 0, r = 0;
	socklen_t len = sizeof(soerr);

	if (!c->connected) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) ||
		    soerr) {
			fl_load_end(l, c, false);
			return;
		}
		c->connected = true;
		fl_load_request(l, c);
	} else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		r = fl_load_read(l, c);
	}
	if (r == 0 && fl_flush(c, l->req) < 0)
		r = -1;
	if (r) {
		/* the last reply read: close, as a device does */
		fl_load_end(l, c, r > 0);
		return;
	}
	/* as rks-loadgen: EPOLLIN, and EPOLLOUT while a request waits */
	ev.events = EPOLLIN | (c->tx_len ? EPOLLOUT : 0);
	if (ev.events == c->events)
		return;
	c->events = ev.events;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, c->fd, &ev))
		fl_load_end(l, c, false);
}

static int fl_load_loop(struct fl_load *l)
{
	const struct fl_opts *o = l->o;
	struct epoll_event ev[FL_EVENTS];
	double stop = l->t0 + o->duration, now;
	unsigned int i;
	int n, k;

	for (;;) {
		now = fl_now();
		for (i = 0; i < o->concurrency && now < stop; i++)
			if (l->c[i]->fd < 0)
				fl_load_start(l, l->c[i]);
		if (!l->in_flight && now >= stop)
			return 0;
		n = epoll_wait(l->epfd, ev, FL_EVENTS, FL_TICK_MS);
		if (n < 0 && errno != EINTR)
			return -1;
		for (k = 0; k < n; k++)
			fl_load_events(l, ev[k].data.ptr, ev[k].events);
		now = fl_now();
		for (i = 0; i < o->concurrency; i++)
			if (l->c[i]->fd >= 0 &&
			    now - l->c[i]->start > FL_TIMEOUT_S)
				fl_load_end(l, l->c[i], false);
	}
}

static int fl_load(const struct fl_opts *o)
{
	struct fl_load l = { .o = o };
	struct rusage ru;
	double secs, cpu = 0;
	unsigned int i;
	int r = -1;

	l.req[0] = 'R';
	l.req[1] = 'K';
	l.req[2] = RKD_PROTO_VERSION;
	l.epfd = epoll_create1(EPOLL_CLOEXEC);
	l.c = calloc(o->concurrency, sizeof(*l.c));
	for (i = 0; l.c && i < o->concurrency; i++)
		if (!(l.c[i] = fl_conn_new()))
			break;
	if (l.epfd < 0 || !l.c || i < o->concurrency) {
		fprintf(stderr, "rks-floor: out of memory or descriptors\n");
		goto out;
	}
	l.t0 = l.t_end = fl_now();
	r = fl_load_loop(&l);
	if (r)
		fprintf(stderr, "rks-floor: epoll: %s\n", strerror(errno));
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		cpu = (fl_tv(ru.ru_utime) + fl_tv(ru.ru_stime)) / 1e3;
	secs = l.t_end > l.t0 ? l.t_end - l.t0 : 1e-9;
	printf("rks-floor: load concurrency=%u sessions=%lu errors=%lu "
	       "elapsed_s=%.3f sessions_per_s=%.1f cpu_s=%.3f\n",
	       o->concurrency, l.ok, l.errors, secs, (double)l.ok / secs, cpu);
out:
	for (i = 0; l.c && i < o->concurrency; i++)
		free(l.c[i]);
	free(l.c);
	if (l.epfd >= 0)
		close(l.epfd);
	return !r && l.ok && !l.errors ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct fl_opts o = { 0 };

	if (argc == 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		fl_usage();
		return 0;
	}
	if (!fl_parse(argc, argv, &o))
		return 2;
	return o.serve ? fl_serve(&o) : fl_load(&o);
}
