// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loop.c - accept, dispatch epoll events, sweep deadlines, stop on a
 * signal. Deadlines are checked by a sweep over all connections every
 * RKS_SWEEP_MS: a timeout may fire up to that late, and a thousand
 * connections cost a thousand comparisons a few times a second.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>

#include "admit.h"
#include "config.h"
#include "conn.h"
#include "cli_log.h"
#include "loop.h"
#include "net.h"
#include "pool.h"
#include "rkd_frame.h"

#define RKS_SWEEP_MS		200
#define RKS_EVENTS_MAX		256
/*
 * Connections taken from the listening socket per wake-up, at most: the
 * socket is level-triggered, so the rest wait for the next turn, after
 * the sessions already in progress have had theirs (a flood's backlog
 * does not run ahead of them).
 */
#define RKS_ACCEPT_BATCH	32

long long rks_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int rks_epoll_add(struct rks_loop *l, int fd, struct rks_watch *w)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev);
}

int rks_loop_init(struct rks_loop *l, const struct rks_server_ctx *ctx,
		  int listen_fd, size_t max_conns, struct rks_pool *pool)
{
	sigset_t mask;

	memset(l, 0, sizeof(*l));
	l->ctx = ctx;
	l->pool = pool;
	l->pool_watch.kind = RKS_WATCH_POOL;
	l->admit = rks_admit_new(ctx->cfg->source_rate, max_conns,
				 ctx->cfg->source_failures,
				 ctx->cfg->source_block,
				 ctx->audit);
	if (!l->admit) {
		log_error("startup-failed", "reason=\"out of memory\"");
		return -1;
	}
	l->listen_fd = listen_fd;
	l->max_conns = max_conns;
	l->epfd = l->signal_fd = l->spare_fd = -1;
	l->listen_watch.kind = RKS_WATCH_LISTEN;
	l->signal_watch.kind = RKS_WATCH_SIGNAL;
	l->netlog_watch.kind = RKS_WATCH_NETLOG;

	/*
	 * SIGTERM and SIGINT arrive as events, between two steps; SIGHUP
	 * too, so that losing a terminal does not kill the server unlogged.
	 */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0 ||
	    (l->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK |
				     SFD_CLOEXEC)) < 0 ||
	    (l->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
	    rks_epoll_add(l, l->listen_fd, &l->listen_watch) != 0 ||
	    rks_epoll_add(l, l->signal_fd, &l->signal_watch) != 0 ||
	    rks_epoll_add(l, rks_pool_fd(pool), &l->pool_watch) != 0) {
		log_error("startup-failed", "reason=%s",
			  cli_log_q(strerror(errno)));
		return -1;
	}
	/* a descriptor to give back when accept() hits EMFILE */
	l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return 0;
}

static void rks_peer_name(const struct sockaddr_storage *ss, char *out,
			  size_t size)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		port = ntohs(in->sin_port);
		snprintf(out, size, "%s:%u", addr, port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		port = ntohs(in6->sin6_port);
		snprintf(out, size, "[%s]:%u", addr, port);
	} else {
		snprintf(out, size, "?");
	}
}

/* Over the connection limit: ERROR BUSY, best effort, and close. */
static void rks_refuse_busy(struct rks_loop *l, int fd, const char *peer)
{
	static const uint8_t busy[] = { 'R', 'K', RKD_PROTO_VERSION,
					RKD_MSG_ERROR,
					0, 0, 0, 1, RKD_ERROR_BUSY };

	if (send(fd, busy, sizeof(busy), MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* the peer will see the close */
	}
	close(fd);
	log_warn("conn-busy", "peer=%s conns=%zu max=%zu", peer, l->n_conns,
		 l->max_conns);
}

/* Out of descriptors: accept and drop one, so the backlog moves on. */
static void rks_accept_emfile(struct rks_loop *l)
{
	int fd;

	if (l->spare_fd < 0)
		return;
	close(l->spare_fd);
	fd = accept(l->listen_fd, NULL, NULL);
	if (fd >= 0)
		close(fd);
	l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	log_warn("conn-dropped", "reason=\"out of file descriptors\" "
		 "conns=%zu", l->n_conns);
}

static void rks_accept(struct rks_loop *l)
{
	struct sockaddr_storage ss;
	char peer[64];
	socklen_t len;
	int fd, one = 1, taken;

	for (taken = 0; taken < RKS_ACCEPT_BATCH; taken++) {
		len = sizeof(ss);
		if (l->net && (fd = rks_net_recv(l->net, &ss)) < 0) {
			/* a peer gone before it was handed over: the next */
			if (errno == ECONNABORTED)
				continue;
			/* EPIPE: it died; rks_loop_watch_net() takes the
			 * next one's descriptors once it is started */
			return;
		}
		if (!l->net)
			fd = accept4(l->listen_fd, (struct sockaddr *)&ss,
				     &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				rks_accept_emfile(l);
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_error("accept-failed", "reason=%s",
					  cli_log_q(strerror(errno)));
			return;
		}
		/* shed: closed before it costs anything (admit.h) */
		if (!rks_admit(l->admit, &ss, rks_now_ms())) {
			close(fd);
			continue;
		}
		rks_peer_name(&ss, peer, sizeof(peer));
		if (l->n_conns >= l->max_conns) {
			rks_admit_release(l->admit, &ss);
			rks_refuse_busy(l, fd, peer);
			continue;
		}
		/* replies go out as whole bursts: no reason to wait */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		rks_conn_new(l, fd, peer, &ss);
	}
}

static void rks_on_signal(struct rks_loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			log_info("signal-ignored", "signal=SIGHUP");
			continue;
		}
		log_info("stopping", "signal=%s conns=%zu",
			 si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT",
			 l->n_conns);
		l->stopping = true;
	}
}

/* Steps the workers have finished: their connections go on. */
static void rks_on_pool(struct rks_loop *l)
{
	struct rks_job *j, *next;

	for (j = rks_pool_done(l->pool); j; j = next) {
		next = j->next;		/* the connection may be destroyed */
		rks_conn_job_done(l, (struct rks_conn *)((char *)j -
				  offsetof(struct rks_conn, job)));
	}
}

static void rks_sweep(struct rks_loop *l, long long now)
{
	struct rks_conn *c, *next;

	for (c = l->conns; c; c = next) {
		next = c->next;		/* c may be destroyed */
		rks_conn_sweep(l, c, now);
	}
	l->next_sweep = now + RKS_SWEEP_MS;
	rks_admit_tick(l->admit, now);
	if (l->net)
		rks_net_tick(l->net, now);
}

/*
 * Privsep: a network process started since the last look (the first, or
 * one after a crash): watch its control socket, as the listening socket,
 * and its stderr. The old ones left epoll when they were closed.
 */
static void rks_loop_watch_net(struct rks_loop *l)
{
	int fd;

	if (!l->net || rks_net_generation(l->net) == l->net_generation)
		return;
	l->net_generation = rks_net_generation(l->net);
	l->listen_fd = rks_net_fd(l->net);
	/* (the first one's is there already: rks_loop_init()) */
	if (rks_epoll_add(l, l->listen_fd, &l->listen_watch) != 0 &&
	    errno != EEXIST)
		log_error("net-watch-failed", "reason=%s",
			  cli_log_q(strerror(errno)));
	fd = rks_net_log_fd(l->net);
	if (fd >= 0 && rks_epoll_add(l, fd, &l->netlog_watch) != 0)
		log_error("net-watch-failed", "reason=%s",
			  cli_log_q(strerror(errno)));
}

int rks_loop_run(struct rks_loop *l)
{
	struct epoll_event ev[RKS_EVENTS_MAX];
	struct rks_watch *w;
	long long now;
	int n, i, wait;

	l->next_sweep = rks_now_ms() + RKS_SWEEP_MS;
	rks_loop_watch_net(l);
	while (!l->stopping) {
		now = rks_now_ms();
		wait = now >= l->next_sweep ? 0 : (int)(l->next_sweep - now);
		n = epoll_wait(l->epfd, ev, RKS_EVENTS_MAX, wait);
		if (n < 0 && errno != EINTR) {
			log_error("epoll-failed", "reason=%s",
				  cli_log_q(strerror(errno)));
			return -1;
		}
		for (i = 0; i < n; i++) {
			w = ev[i].data.ptr;
			if (w->kind == RKS_WATCH_LISTEN)
				rks_accept(l);
			else if (w->kind == RKS_WATCH_SIGNAL)
				rks_on_signal(l);
			else if (w->kind == RKS_WATCH_POOL)
				rks_on_pool(l);
			else if (w->kind == RKS_WATCH_NETLOG)
				rks_net_log_drain(l->net);
			else if (w->kind == RKS_WATCH_CONN)
				rks_conn_on_events(l, (struct rks_conn *)w,
						   ev[i].events);
		}
		rks_loop_reap(l);
		now = rks_now_ms();
		if (now >= l->next_sweep)
			rks_sweep(l, now);
		rks_loop_watch_net(l);
	}
	return 0;
}

void rks_loop_free(struct rks_loop *l)
{
	struct rks_conn *c;

	/* every queued step runs to its end; then no worker holds a conn */
	rks_pool_free(l->pool);
	l->pool = NULL;
	for (c = l->conns; c; c = c->next)
		c->busy = false;
	while (l->conns)
		rks_conn_destroy(l, l->conns, "aborted", "server stopping");
	rks_loop_reap(l);
	/* the last interval's shed counts, before the writer stops */
	rks_admit_free(l->admit);
	l->admit = NULL;
	if (l->epfd >= 0)
		close(l->epfd);
	if (l->signal_fd >= 0)
		close(l->signal_fd);
	if (l->spare_fd >= 0)
		close(l->spare_fd);
}
