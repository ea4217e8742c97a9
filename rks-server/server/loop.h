/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loop.h - rks-server's event loop: one thread, epoll, non-blocking
 * sockets. It accepts connections, reads whole frames for each session,
 * writes what the sessions queue, and enforces the timeouts: per message
 * (from the server's last send), per session, and for the short linger
 * after an ERROR. SIGTERM and SIGINT (through a signalfd) end it cleanly.
 */
#ifndef RKS_LOOP_H
#define RKS_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

struct rks_conn;
struct rks_pool;
struct rks_admit;
struct rks_net;

/* What epoll's data.ptr points at: a connection or one of these. */
struct rks_watch {
	int kind;			/* RKS_WATCH_* */
};

enum {
	RKS_WATCH_CONN = 0,
	RKS_WATCH_LISTEN = 1,
	RKS_WATCH_SIGNAL = 2,
	RKS_WATCH_POOL = 3,
	/* a connection destroyed while epoll_wait()'s batch may still name
	 * it: its later events are skipped, it is freed after the batch */
	RKS_WATCH_DEAD = 4,
	RKS_WATCH_NETLOG = 5,		/* the network process's stderr */
};

struct rks_loop {
	const struct rks_server_ctx *ctx;
	int epfd;
	int listen_fd;
	int signal_fd;
	int spare_fd;			/* given up to accept() under EMFILE */
	struct rks_watch listen_watch, signal_watch, pool_watch;
	struct rks_watch netlog_watch;
	struct rks_pool *pool;		/* where session steps run */
	struct rks_admit *admit;	/* per-source limits (admit.h) */
	struct rks_net *net;		/* privsep: listen_fd is its control
					 * socket (net.h); NULL: none */
	unsigned int net_generation;	/* the process whose fds we watch */
	struct rks_conn *conns;		/* every open connection */
	struct rks_conn *dead;		/* destroyed in this batch (above) */
	size_t n_conns;
	size_t max_conns;
	uint64_t next_id;
	long long next_sweep;		/* ms, CLOCK_MONOTONIC */
	bool stopping;
};

/* Milliseconds of CLOCK_MONOTONIC. */
long long rks_now_ms(void);

/* Set up around a listening socket; 0, or -1 after logging why. */
int rks_loop_init(struct rks_loop *l, const struct rks_server_ctx *ctx,
		  int listen_fd, size_t max_conns, struct rks_pool *pool);
/* Serve until SIGTERM or SIGINT: 0; -1 if the loop itself failed. */
int rks_loop_run(struct rks_loop *l);
/*
 * Finish the steps under way (stopping the pool), end every session
 * ("aborted: server stopping"), close everything.
 */
void rks_loop_free(struct rks_loop *l);

#endif /* RKS_LOOP_H */
