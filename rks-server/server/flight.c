// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * flight.c - the DSNs that have an authenticated session now (flight.h):
 * a list as long as the sessions delivering at this moment, at most
 * --max-connections, searched once per authentication. Session steps run
 * on the worker threads (pool.c), so every call takes the list's lock.
 * A claim made here is then made among the nodes (rks_db_session_claim(),
 * a round trip on PostgreSQL, nothing on SQLite), outside the list's lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "flight.h"
#include "rkd_proto.h"

struct rks_flight_claim {
	struct rks_flight_claim *next;
	char dsn[RKD_DSN_MAX + 1];
	uint64_t epoch;		/* the claim's connection (rks_db_epoch()) */
};

struct rks_flight {
	pthread_mutex_t lock;
	struct rks_flight_claim *head;
	struct rks_db *db;
};

struct rks_flight *rks_flight_new(struct rks_db *db)
{
	struct rks_flight *f = calloc(1, sizeof(*f));

	if (f && pthread_mutex_init(&f->lock, NULL)) {
		free(f);
		return NULL;
	}
	if (f)
		f->db = db;
	return f;
}

/* Takes @c out of the list; the caller frees it. */
static void unlink_claim(struct rks_flight *f, struct rks_flight_claim *c)
{
	struct rks_flight_claim **p;

	pthread_mutex_lock(&f->lock);
	for (p = &f->head; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	pthread_mutex_unlock(&f->lock);
}

void rks_flight_free(struct rks_flight *f)
{
	struct rks_flight_claim *c, *next;

	if (!f)
		return;
	for (c = f->head; c; c = next) {
		next = c->next;
		free(c);
	}
	pthread_mutex_destroy(&f->lock);
	free(f);
}

struct rks_flight_claim *rks_flight_claim(struct rks_flight *f,
					  const char *dsn)
{
	struct rks_flight_claim *c;

	if (strlen(dsn) > RKD_DSN_MAX)
		return NULL;
	pthread_mutex_lock(&f->lock);
	for (c = f->head; c; c = c->next)
		if (!strcmp(c->dsn, dsn)) {
			c = NULL;	/* another session holds it */
			goto out;
		}
	c = calloc(1, sizeof(*c));
	if (c) {
		strcpy(c->dsn, dsn);
		c->next = f->head;
		f->head = c;
	}
out:
	pthread_mutex_unlock(&f->lock);
	/* and among the nodes: another may hold it (-EBUSY) */
	if (c && rks_db_session_claim(f->db, dsn, &c->epoch)) {
		unlink_claim(f, c);
		free(c);
		c = NULL;
	}
	return c;
}

bool rks_flight_held(struct rks_flight *f, const struct rks_flight_claim *c)
{
	return c && c->epoch == rks_db_epoch(f->db);
}

bool rks_flight_confirm(struct rks_flight *f,
			const struct rks_flight_claim *c)
{
	/* a failed ping: not known to hold it, so not held */
	return c && rks_db_session_ping(f->db) == 0 && rks_flight_held(f, c);
}

void rks_flight_release(struct rks_flight *f, struct rks_flight_claim *c)
{
	if (!c)
		return;
	/* a lock of a lost connection went with it: none to let go of */
	if (rks_flight_held(f, c))
		rks_db_session_release(f->db, c->dsn);
	unlink_claim(f, c);
	free(c);
}
