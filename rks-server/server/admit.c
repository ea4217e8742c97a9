// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * admit.c - per-source admission control (admit.h): an open-addressed
 * table of sources, rebuilt once per interval without the idle ones. A
 * source that finds no free slot (the table full of busy sources) is not
 * tracked: only the global connection limit applies to it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "audit.h"
#include "cli_log.h"

#define RKS_SRC_SLOTS		4096	/* a power of two */
#define RKS_SRC_PROBE		32
#define RKS_SHARE_MIN		16
#define RKS_SHED_INTERVAL_S	10

struct rks_src {
	bool used;
	uint8_t key[17];		/* family, then the address */
	unsigned int conns;
	double tokens;
	long long last_ms;
	unsigned long long shed_rate, shed_share, shed_blocked;
	unsigned int fails;		/* failed authentications, decaying */
	long long blocked_until;	/* ms: shed until then */
};

struct rks_admit {
	unsigned int rate;
	size_t max_conns;
	unsigned int fail_max;		/* failures that block; 0: never */
	unsigned int block_s;
	long long now;			/* ms, the last time seen */
	struct rks_audit *audit;
	unsigned int busy_sources;	/* sources holding connections */
	long long interval_end;
	struct rks_src *t;
};

static void rks_src_key(const struct sockaddr_storage *ss, uint8_t key[17])
{
	memset(key, 0, 17);
	key[0] = (uint8_t)ss->ss_family;
	if (ss->ss_family == AF_INET)
		memcpy(key + 1, &((const struct sockaddr_in *)ss)->sin_addr, 4);
	else if (ss->ss_family == AF_INET6)
		memcpy(key + 1, &((const struct sockaddr_in6 *)ss)->sin6_addr,
		       16);
}

static unsigned int rks_src_hash(const uint8_t key[17])
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < 17; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

/* The source's slot; a new one if @add and there is room; else NULL. */
static struct rks_src *rks_src_find(struct rks_src *t, const uint8_t key[17],
				    bool add)
{
	unsigned int h = rks_src_hash(key), i;
	struct rks_src *s;

	for (i = 0; i < RKS_SRC_PROBE; i++) {
		s = &t[(h + i) & (RKS_SRC_SLOTS - 1)];
		if (s->used && !memcmp(s->key, key, 17))
			return s;
		if (!s->used) {
			if (!add)
				return NULL;
			memset(s, 0, sizeof(*s));
			s->used = true;
			memcpy(s->key, key, 17);
			s->last_ms = -1;
			return s;
		}
	}
	return NULL;
}

struct rks_admit *rks_admit_new(unsigned int rate, size_t max_conns,
				unsigned int fail_max, unsigned int block_s,
				struct rks_audit *audit)
{
	struct rks_admit *a = calloc(1, sizeof(*a));

	if (!a || !(a->t = calloc(RKS_SRC_SLOTS, sizeof(*a->t)))) {
		free(a);
		return NULL;
	}
	a->rate = rate;
	a->max_conns = max_conns;
	a->fail_max = fail_max;
	a->block_s = block_s;
	a->audit = audit;
	return a;
}

bool rks_admit(struct rks_admit *a, const struct sockaddr_storage *ss,
	       long long now)
{
	size_t share = a->max_conns / (a->busy_sources + 1);
	double burst = 2.0 * a->rate;
	uint8_t key[17];
	struct rks_src *s;

	a->now = now;
	rks_src_key(ss, key);
	s = rks_src_find(a->t, key, true);
	if (!s)
		return true;
	if (now < s->blocked_until) {
		s->shed_blocked++;
		return false;
	}
	if (a->rate) {
		s->tokens = s->last_ms < 0 ? burst : s->tokens +
			    (double)(now - s->last_ms) * a->rate / 1000.0;
		if (s->tokens > burst)
			s->tokens = burst;
		s->last_ms = now;
		if (s->tokens < 1.0) {
			s->shed_rate++;
			return false;
		}
	}
	if (share < RKS_SHARE_MIN)
		share = RKS_SHARE_MIN;
	if (s->conns >= share) {
		s->shed_share++;
		return false;
	}
	if (a->rate)
		s->tokens -= 1.0;
	if (s->conns++ == 0)
		a->busy_sources++;
	return true;
}

void rks_admit_release(struct rks_admit *a,
		       const struct sockaddr_storage *ss)
{
	uint8_t key[17];
	struct rks_src *s;

	rks_src_key(ss, key);
	s = rks_src_find(a->t, key, false);
	if (s && s->conns && --s->conns == 0)
		a->busy_sources--;
}

static void rks_src_name(const uint8_t key[17], char *out, size_t size);

void rks_admit_auth_failed(struct rks_admit *a,
			   const struct sockaddr_storage *ss, long long now)
{
	char name[64], detail[128];
	uint8_t key[17];
	struct rks_src *s;

	a->now = now;
	rks_src_key(ss, key);
	s = rks_src_find(a->t, key, true);
	if (!s || !a->fail_max || ++s->fails < a->fail_max)
		return;
	s->fails = 0;
	s->blocked_until = now + a->block_s * 1000LL;
	rks_src_name(s->key, name, sizeof(name));
	snprintf(detail, sizeof(detail), "%u failed authentications: no "
		 "connection taken from it for %u s", a->fail_max, a->block_s);
	log_warn("source-blocked", "source=%s failures=%u seconds=%u "
		 "action=\"an address guessing at devices; block it upstream "
		 "if it goes on\"", name, a->fail_max, a->block_s);
	if (a->audit)
		rks_audit_submit(a->audit, NULL, name, "source-blocked",
				 detail);
}

static void rks_src_name(const uint8_t key[17], char *out, size_t size)
{
	if (key[0] == AF_INET6)
		inet_ntop(AF_INET6, key + 1, out, (socklen_t)size);
	else if (key[0] == AF_INET)
		inet_ntop(AF_INET, key + 1, out, (socklen_t)size);
	else
		snprintf(out, size, "?");
}

void rks_admit_flush(struct rks_admit *a)
{
	struct rks_src *old = a->t, *s, *n;
	char name[64], detail[160];
	size_t i;

	/* rebuilt without the sources that hold and owe nothing */
	a->t = calloc(RKS_SRC_SLOTS, sizeof(*a->t));
	if (!a->t) {
		a->t = old;	/* keep it all: try again next time */
		return;
	}
	for (i = 0; i < RKS_SRC_SLOTS; i++) {
		s = &old[i];
		if (!s->used)
			continue;
		if (s->shed_rate || s->shed_share || s->shed_blocked) {
			rks_src_name(s->key, name, sizeof(name));
			snprintf(detail, sizeof(detail), "%llu connections: "
				 "%llu over the rate, %llu over the share, "
				 "%llu blocked (%d s)", s->shed_rate +
				 s->shed_share + s->shed_blocked, s->shed_rate,
				 s->shed_share, s->shed_blocked,
				 RKS_SHED_INTERVAL_S);
			log_warn("conn-shed", "source=%s rate=%llu share=%llu "
				 "blocked=%llu", name, s->shed_rate,
				 s->shed_share, s->shed_blocked);
			if (a->audit)
				rks_audit_submit(a->audit, NULL, name, "shed",
						 detail);
			s->shed_rate = s->shed_share = s->shed_blocked = 0;
		}
		/* failures are forgotten by halves: a source that fails now
		 * and then is never blocked, one that keeps at it is */
		s->fails /= 2;
		/* a source that comes back starts with a full bucket */
		if (!s->conns && !s->fails && s->blocked_until <= a->now)
			continue;
		n = rks_src_find(a->t, s->key, true);
		if (n)
			*n = *s;
	}
	free(old);
}

void rks_admit_tick(struct rks_admit *a, long long now)
{
	if (now < a->interval_end)
		return;
	if (a->interval_end)
		rks_admit_flush(a);
	a->interval_end = now + RKS_SHED_INTERVAL_S * 1000LL;
}

void rks_admit_free(struct rks_admit *a)
{
	if (!a)
		return;
	rks_admit_flush(a);
	free(a->t);
	free(a);
}
