// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conn.c - the life of one connection on the event loop. Whatever goes
 * wrong with a peer -- bad frames, silence, resets, a flood of bytes --
 * ends in rks_conn_destroy(), which records the outcome, wipes the session
 * and frees everything the connection held: a bad peer costs nothing once
 * it has gone.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "admit.h"
#include "audit.h"
#include "config.h"
#include "conn.h"
#include "cli_log.h"
#include "creds.h"
#include "net.h"
#include "rkd_err.h"

/* The largest burst a session queues: 48 KEY frames and DONE, or one
 * WORK_CERT; twice that, to be safe. */
#define RKS_TX_MAX		(2 * (RKD_FRAME_HDR_LEN + RKD_BODY_MAX))
#define RKS_DRAIN_MS		2000
#define RKS_DRAIN_MAX		(64 * 1024)
/*
 * A session's "started" audit row is on disk before WORK_CERT goes out
 * (so that a crash at any later step leaves it), unless the writer is
 * held up longer than this by another writer of the database: then HELLO
 * is answered anyway and the next step waits, up to RKS_START_WAIT_MS,
 * before it refuses with BUSY.
 */
#define RKS_HELLO_WAIT_MS	100
#define RKS_START_WAIT_MS	2000

static void rks_conn_job_run(struct rks_job *j,
			     const struct rks_server_ctx *wctx);

/* Seconds for the first frame: shorter than the others (admit.h). */
static unsigned int rks_conn_first_timeout(const struct rks_config *cfg)
{
	return cfg->first_frame_timeout < cfg->read_timeout ?
	       cfg->first_frame_timeout : cfg->read_timeout;
}

static void rks_conn_link(struct rks_loop *l, struct rks_conn *c)
{
	c->next = l->conns;
	if (l->conns)
		l->conns->prev = c;
	l->conns = c;
	l->n_conns++;
}

static void rks_conn_unlink(struct rks_loop *l, struct rks_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		l->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	l->n_conns--;
}

struct rks_conn *rks_conn_new(struct rks_loop *l, int fd, const char *peer,
			      const struct sockaddr_storage *src)
{
	const struct rks_config *cfg = l->ctx->cfg;
	/*
	 * Edge-triggered, everything, once: the interest never changes, so
	 * a session costs no epoll_ctl(MOD) per step (two per step, when a
	 * busy connection's interest was narrowed to one hang-up report and
	 * widened again). An edge that comes while a worker has the
	 * session is ignored (rks_conn_on_events()), and nothing is lost:
	 * rks_conn_job_done() reads and writes until EAGAIN afterwards, and
	 * every read and write here goes on until EAGAIN, or until a whole
	 * frame goes to a worker (and then the same).
	 */
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP |
					    EPOLLET };
	struct rks_conn *c = OPENSSL_zalloc(sizeof(*c));
	long long now = rks_now_ms();

	if (!c)
		goto err;
	c->fd = fd;
	c->src = *src;
	c->id = ++l->next_id;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	c->tx = rkd_buf_new(RKS_TX_MAX);
	c->session = rks_session_new(l->ctx, c->id, c->peer);
	if (!c->tx || !c->session)
		goto err;
	rkd_frame_rx_init(&c->rx);
	rks_rec_rx_init(&c->rec);
	c->records = l->net != NULL;
	if (l->net)
		c->net_generation = rks_net_generation(l->net);
	c->job.run = rks_conn_job_run;
	/* FACTOR and RESPONSE: the exact length checked on the header */
	c->rx.modulus_len = (uint32_t)l->ctx->creds->modulus_len;
	c->read_deadline = now + rks_conn_first_timeout(cfg) * 1000LL;
	c->session_deadline = now + cfg->session_timeout * 1000LL;
	c->events = ev.events;
	ev.data.ptr = c;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		goto err;
	rks_conn_link(l, c);
	log_debug("conn-open", "conn=%llu peer=%s conns=%zu",
		  (unsigned long long)c->id, c->peer, l->n_conns);
	return c;
err:
	log_error("conn-refused", "peer=%s reason=%s", peer,
		  cli_log_q(c ? strerror(errno) : "out of memory"));
	close(fd);
	rks_admit_release(l->admit, src);
	if (c) {
		if (c->session)
			rks_session_free(c->session, "out of resources");
		rkd_buf_free(c->tx);
		OPENSSL_free(c);
	}
	return NULL;
}

void rks_conn_destroy(struct rks_loop *l, struct rks_conn *c,
		      const char *outcome, const char *detail)
{
	if (!rks_session_ended(c->session))
		rks_session_end(c->session, outcome, detail);
	/* the per-source half of the lockout (admit.h) */
	if (rks_session_auth_failed(c->session))
		rks_admit_auth_failed(l->admit, &c->src, rks_now_ms());
	rks_session_free(c->session, NULL);
	/*
	 * Out of the epoll set first: close() alone does that only when no
	 * other descriptor shares the socket, and a child being spawned
	 * (the network process, net.c) may hold a copy for a moment; epoll
	 * would then go on reporting a freed connection.
	 */
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	rks_admit_release(l->admit, &c->src);
	rks_conn_unlink(l, c);
	log_debug("conn-close", "conn=%llu conns=%zu",
		  (unsigned long long)c->id, l->n_conns);
	rkd_buf_free(c->tx);
	c->tx = NULL;
	/*
	 * Freed by rks_loop_reap() after the epoll batch: an event for this
	 * connection later in the same batch (its pool step done, then its
	 * socket readable, say) must find a dead watch, not freed memory.
	 */
	c->watch.kind = RKS_WATCH_DEAD;
	c->next = l->dead;
	l->dead = c;
}

void rks_loop_reap(struct rks_loop *l)
{
	struct rks_conn *c;

	while ((c = l->dead)) {
		l->dead = c->next;
		OPENSSL_clear_free(c, sizeof(*c));
	}
}

/* Send what is queued. 0, or -1 if the connection is broken. */
static int rks_conn_flush(struct rks_conn *c)
{
	ssize_t n;

	while (rkd_buf_len(c->tx)) {
		/* MSG_DONTWAIT: the network process shares the socketpair
		 * end's open file and could clear its O_NONBLOCK (msgrec.c) */
		n = send(c->fd, rkd_buf_ptr(c->tx), rkd_buf_len(c->tx),
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			rkd_buf_consume(c->tx, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		return -1;
	}
	return 0;
}

/*
 * Read and answer whole frames while the session goes on. Returns 0, or -1
 * once @c has been destroyed.
 */
static int rks_conn_read(struct rks_loop *l, struct rks_conn *c)
{
	char detail[128];
	enum rks_verdict v;
	int r;

	while (c->state == RKS_CONN_OPEN) {
		r = c->records ? rks_rec_rx_read(c->fd, &c->rec) :
				 rkd_frame_rx_read(c->fd, &c->rx);
		if (r == RKD_ERR_AGAIN)
			return 0;
		if (r == RKD_OK) {
			/* the step runs on a worker: rks_conn_job_done() */
			c->busy = true;
			rks_pool_submit(l->pool, &c->job);
			return 0;
		} else if (rks_msg_header_error(r)) {
			v = rks_session_on_bad_frame(c->session, r, c->tx);
		} else {
			if (r == RKD_ERR_EOF)
				snprintf(detail, sizeof(detail), "peer closed "
					 "the connection (waiting for %s)",
					 rks_session_waiting_for(c->session));
			else if (r == RKD_ERR_TRUNCATED)
				snprintf(detail, sizeof(detail), "peer closed "
					 "the connection inside a frame "
					 "(waiting for %s)",
					 rks_session_waiting_for(c->session));
			else
				snprintf(detail, sizeof(detail), "read: %s "
					 "(waiting for %s)", strerror(errno),
					 rks_session_waiting_for(c->session));
			rks_conn_destroy(l, c, r == RKD_ERR_TRUNCATED ?
					 "protocol-error" : "closed", detail);
			return -1;
		}
		if (v == RKS_CLOSE)
			c->state = RKS_CONN_CLOSING;
	}
	return 0;
}

/* DRAINING: discard input until EOF, the byte cap or the deadline. */
static int rks_conn_drain(struct rks_loop *l, struct rks_conn *c)
{
	uint8_t junk[4096];
	ssize_t n;

	for (;;) {
		n = recv(c->fd, junk, sizeof(junk), MSG_DONTWAIT);
		if (n > 0) {
			c->drained += (size_t)n;
			if (c->drained < RKS_DRAIN_MAX)
				continue;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN ||
				     errno == EWOULDBLOCK)) {
			return 0;
		}
		rks_conn_destroy(l, c, "closed", "after the session ended");
		return -1;
	}
}

/*
 * On a worker: one session step, with the worker's database connection.
 * Around the protocol's own work: refuse new sessions while the audit
 * trail cannot be written, and see the "started" row on disk.
 */
static void rks_conn_job_run(struct rks_job *j,
			     const struct rks_server_ctx *wctx)
{
	struct rks_conn *c = (struct rks_conn *)((char *)j -
						 offsetof(struct rks_conn, job));
	struct rks_session *s = c->session;
	const struct rks_server_ctx *old = rks_session_set_ctx(s, wctx);
	bool hello = !rks_session_dsn(s);
	struct rks_audit *a = wctx->audit;
	int r = 0;

	if (a && c->start_seq && !c->start_durable) {
		r = rks_audit_wait(a, c->start_seq, RKS_START_WAIT_MS);
		if (r) {
			c->verdict = rks_session_refuse_busy(s, c->tx,
				"refused", "the session's start could not be "
				"recorded in the audit trail");
			goto out;
		}
		c->start_durable = true;
	}
	c->verdict = c->records ?
		     rks_session_on_record(s, c->rec.b, c->rec.have, c->tx) :
		     rks_session_on_frame(s, &c->rx.f, c->tx);
	if (a && hello && c->verdict == RKS_CONTINUE && rks_session_dsn(s)) {
		/* fail closed: no session the trail cannot record */
		if (rks_audit_failing(a)) {
			r = -EIO;
		} else {
			c->start_seq = rks_audit_submit(a, rks_session_dsn(s),
							c->peer, "started",
							"HELLO answered");
			r = rks_audit_wait(a, c->start_seq,
					   RKS_HELLO_WAIT_MS);
			c->start_durable = r == 0;
		}
		if (r == -EIO) {
			/* WORK_CERT must not go out: BUSY instead */
			rkd_buf_reset(c->tx);
			c->verdict = rks_session_refuse_busy(s, c->tx,
				"refused", "the audit trail cannot be "
				"written: not accepting authentications");
		}
	}
out:
	rkd_frame_wipe(&c->rx.f);
	OPENSSL_cleanse(c->rec.b, sizeof(c->rec.b));
	rks_session_set_ctx(s, old);
}

void rks_conn_job_done(struct rks_loop *l, struct rks_conn *c)
{
	const struct rks_config *cfg = l->ctx->cfg;

	c->busy = false;
	/* a network process that broke a record's layout is not trusted
	 * with another connection (as OpenSSH's monitor ends its child) */
	if (l->net && c->records && rks_session_net_broke(c->session))
		rks_net_retire(l->net, c->net_generation);
	/* the next message is due read_timeout from now */
	c->read_deadline = rks_now_ms() + cfg->read_timeout * 1000LL;
	if (c->verdict == RKS_CLOSE)
		c->state = RKS_CONN_CLOSING;
	/* go on: frames already waiting, then what the step queued */
	rks_conn_on_events(l, c, EPOLLIN);
}

void rks_conn_on_events(struct rks_loop *l, struct rks_conn *c,
			uint32_t events)
{
	if (c->busy)
		return;		/* rks_conn_job_done() goes on */
	if ((events & EPOLLIN) || (events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP))) {
		if (c->state == RKS_CONN_OPEN && rks_conn_read(l, c) < 0)
			return;
		if (c->busy)
			return;		/* the worker has c->tx now */
		if (c->state == RKS_CONN_DRAINING && rks_conn_drain(l, c) < 0)
			return;
	}
	if (rks_conn_flush(c) < 0) {
		rks_conn_destroy(l, c, "closed", "write failed: peer gone");
		return;
	}
	/* everything said: shut our side, linger for the peer's close */
	if (c->state == RKS_CONN_CLOSING && !rkd_buf_len(c->tx)) {
		shutdown(c->fd, SHUT_WR);
		c->state = RKS_CONN_DRAINING;
		c->drain_deadline = rks_now_ms() + RKS_DRAIN_MS;
		rks_conn_drain(l, c);
	}
}

void rks_conn_sweep(struct rks_loop *l, struct rks_conn *c, long long now)
{
	const struct rks_config *cfg = l->ctx->cfg;
	char detail[128];

	if (c->busy)
		return;		/* deadlines are checked once it is done */
	if (c->state == RKS_CONN_DRAINING) {
		if (now >= c->drain_deadline)
			rks_conn_destroy(l, c, "closed",
					 "after the session ended");
		return;
	}
	if (now >= c->session_deadline) {
		snprintf(detail, sizeof(detail), "session longer than %u s "
			 "(waiting for %s)", cfg->session_timeout,
			 rks_session_waiting_for(c->session));
		rks_conn_destroy(l, c, "timeout", detail);
	} else if (now >= c->read_deadline) {
		snprintf(detail, sizeof(detail), "no %s within %u s",
			 rks_session_waiting_for(c->session),
			 rks_session_dsn(c->session) ? cfg->read_timeout :
			 rks_conn_first_timeout(cfg));
		rks_conn_destroy(l, c, "timeout", detail);
	}
}
