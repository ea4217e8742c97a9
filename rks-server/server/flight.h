/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flight.h - single flight: at most one authenticated session per DSN at
 * a time (Documentation/protocol.md, "Single flight and lockout"), in
 * this process under a mutex, and among the nodes of one PostgreSQL
 * database by rks_db_session_claim() on the handle given to
 * rks_flight_new() (Documentation/rks-server.md, "Several nodes").
 */
#ifndef RKS_FLIGHT_H
#define RKS_FLIGHT_H

#include <stdbool.h>

struct rks_flight;		/* the DSNs in flight; owned by main() */
struct rks_flight_claim;	/* one DSN's claim; owned by its session */

struct rks_db;

/* @db: the handle whose connection holds the claims among nodes. */
struct rks_flight *rks_flight_new(struct rks_db *db);
void rks_flight_free(struct rks_flight *f);

/*
 * rks_flight_claim() - claim @dsn for the calling session
 * Return: the claim, or NULL if another session holds @dsn, here or on
 * another node (or no memory, or the database failed: the caller answers
 * BUSY either way).
 */
struct rks_flight_claim *rks_flight_claim(struct rks_flight *f,
					  const char *dsn);
/*
 * rks_flight_held() - does @c still hold its DSN among the nodes? Not if
 * the claims' database connection was lost and made again since (a
 * PostgreSQL restart or fail-over: rks_db_epoch()), for its lock ended with
 * the old connection and another node may have claimed the DSN. False for
 * NULL; always true on SQLite.
 */
bool rks_flight_held(struct rks_flight *f, const struct rks_flight_claim *c);

/*
 * rks_flight_confirm() - rks_flight_held(), after a round trip on the
 * claims' connection (rks_db_session_ping()) that finds it lost if it is:
 * for the step that commits a delivery (RECEIPT), which must not rely on a
 * node having used that connection since. One round trip on PostgreSQL;
 * nothing on SQLite.
 */
bool rks_flight_confirm(struct rks_flight *f,
			const struct rks_flight_claim *c);

/* Let @c go (NULL: nothing); the DSN may be claimed again. */
void rks_flight_release(struct rks_flight *f, struct rks_flight_claim *c);

#endif /* RKS_FLIGHT_H */
