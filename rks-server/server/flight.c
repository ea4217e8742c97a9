// SPDX-License-Identifier: GPL-2.0
/*
 * flight.c - the DSNs that have an authenticated session now (flight.h):
 * a list as long as the sessions delivering at this moment, at most
 * --max-connections, searched once per authentication.
 */
#include <stdlib.h>
#include <string.h>

#include "flight.h"
#include "rkd_proto.h"

struct rks_flight_claim {
	struct rks_flight_claim *next;
	char dsn[RKD_DSN_MAX + 1];
};

struct rks_flight {
	struct rks_flight_claim *head;
};

struct rks_flight *rks_flight_new(void)
{
	return calloc(1, sizeof(struct rks_flight));
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
	free(f);
}

struct rks_flight_claim *rks_flight_claim(struct rks_flight *f,
					  const char *dsn)
{
	struct rks_flight_claim *c;

	if (strlen(dsn) > RKD_DSN_MAX)
		return NULL;
	for (c = f->head; c; c = c->next)
		if (!strcmp(c->dsn, dsn))
			return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	strcpy(c->dsn, dsn);
	c->next = f->head;
	f->head = c;
	return c;
}

void rks_flight_release(struct rks_flight *f, struct rks_flight_claim *c)
{
	struct rks_flight_claim **p;

	if (!c)
		return;
	for (p = &f->head; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	free(c);
}
