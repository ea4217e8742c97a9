/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * admit.h - admission control at accept(), per source address, so that one
 * source cannot take the server from the others:
 *
 *   rate   new connections per second per source (a token bucket, burst
 *          twice the rate); a session is one connection, so this is also
 *          the source's new-session rate
 *   share  connections one source may hold: the table divided among the
 *          sources holding connections, plus one for a newcomer (never
 *          fewer than RKS_SHARE_MIN)
 *
 *   failures  failed authentications per source (rks_admit_auth_failed()),
 *          halved every RKS_SHED_INTERVAL_S: a source reaching the limit
 *          is blocked (every connection shed) for a while, with a log
 *          line and an audit row "source-blocked" (the per-source half
 *          of the lockout, Documentation/rks-server.md)
 *
 * A connection over any limit is closed at once, before any session
 * exists: no allocation, no log line, no audit row of its own. What was
 * shed is counted per source and written once per RKS_SHED_INTERVAL_S as
 * one audit row ("shed", detail "N connections: ...") and one log line.
 */
#ifndef RKS_ADMIT_H
#define RKS_ADMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct rks_admit;
struct rks_audit;

/*
 * @rate per second per source (0: no rate limit); @fail_max failed
 * authentications block a source for @block_s seconds (0: never). NULL:
 * out of memory.
 */
struct rks_admit *rks_admit_new(unsigned int rate, size_t max_conns,
				unsigned int fail_max, unsigned int block_s,
				struct rks_audit *audit);
/* Write what is still counted (rks_admit_flush()), free. */
void rks_admit_free(struct rks_admit *a);

/*
 * May a connection from @ss be opened now (@now: ms, monotonic)? If so,
 * it counts against its source until rks_admit_release(); if not, it is
 * counted as shed.
 */
bool rks_admit(struct rks_admit *a, const struct sockaddr_storage *ss,
	       long long now);
/* The connection from @ss has closed. */
void rks_admit_release(struct rks_admit *a,
		       const struct sockaddr_storage *ss);
/* A session from @ss ended as a failed authentication. */
void rks_admit_auth_failed(struct rks_admit *a,
			   const struct sockaddr_storage *ss, long long now);
/* Once the interval is over: one row per source that shed. */
void rks_admit_tick(struct rks_admit *a, long long now);
/* Write the counts now, whatever the interval. */
void rks_admit_flush(struct rks_admit *a);

#endif /* RKS_ADMIT_H */
