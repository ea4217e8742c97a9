/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conn.h - one client connection: its socket, the frame being read, the
 * bytes queued to send, its deadlines, and its session.
 *
 *   OPEN      reading frames and answering them
 *   CLOSING   the session has ended: send what is queued, read nothing
 *   DRAINING  all sent and our side shut down: discard what the peer
 *             still sends, briefly, so that close() does not turn into a
 *             reset that could destroy the ERROR frame in flight
 */
#ifndef RKS_CONN_H
#define RKS_CONN_H

#include <stdint.h>
#include <sys/socket.h>

#include "loop.h"
#include "msgrec.h"
#include "pool.h"
#include "rkd_frame.h"

enum rks_conn_state {
	RKS_CONN_OPEN,
	RKS_CONN_CLOSING,
	RKS_CONN_DRAINING,
};

struct rks_conn {
	struct rks_watch watch;		/* first: epoll's data.ptr */
	struct rks_conn *prev, *next;
	int fd;
	uint32_t events;		/* epoll interest now */
	enum rks_conn_state state;
	uint64_t id;
	char peer[64];
	struct sockaddr_storage src;	/* counted by admission control */
	long long read_deadline;	/* ms: next message due */
	long long session_deadline;	/* ms: whole session */
	long long drain_deadline;	/* ms: end of DRAINING */
	size_t drained;
	struct rkd_frame_rx rx;
	/* privsep: the network process's records (msgrec.h), not frames */
	bool records;
	unsigned int net_generation;	/* privsep: the network process
					 * that handed it over (net.h) */
	struct rks_rec_rx rec;
	struct rkd_buf *tx;
	struct rks_session *session;

	/*
	 * A session step runs on a worker (pool.h) while @busy: the loop
	 * then neither reads, writes, times out nor frees the connection.
	 */
	struct rks_job job;
	bool busy;
	enum rks_verdict verdict;	/* the step's, set by the worker */
	uint64_t start_seq;		/* the "started" audit row (audit.h) */
	bool start_durable;		/* ...is on disk */
};

/*
 * Take over an accepted socket from @src (admitted: released when the
 * connection goes); NULL (socket closed, released) if out of memory.
 */
struct rks_conn *rks_conn_new(struct rks_loop *l, int fd, const char *peer,
			      const struct sockaddr_storage *src);

/* Handle epoll events on @c; may destroy it. */
void rks_conn_on_events(struct rks_loop *l, struct rks_conn *c,
			uint32_t events);

/* The worker has finished @c's step: go on with it; may destroy it. */
void rks_conn_job_done(struct rks_loop *l, struct rks_conn *c);

/* Deadlines: time @c out if one has passed; may destroy it. */
void rks_conn_sweep(struct rks_loop *l, struct rks_conn *c, long long now);

/* End @c's session with @outcome/@detail if it has not ended; close. */
void rks_conn_destroy(struct rks_loop *l, struct rks_conn *c,
		      const char *outcome, const char *detail);
/* Free the connections rks_conn_destroy() put aside (l->dead). */
void rks_loop_reap(struct rks_loop *l);

#endif /* RKS_CONN_H */
