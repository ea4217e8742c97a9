// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * audit.c - the audit writer thread (audit.h): a queue under one mutex,
 * drained in batches of up to RKS_AUDIT_BATCH rows per transaction.
 * Nothing here runs on the event loop except rks_audit_submit(), which
 * only copies the row and signals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cli_log.h"
#include "config.h"
#include "db.h"
#include "db_admin.h"
#include "db_admin.h"

#define RKS_AUDIT_BATCH		512	/* rows per transaction, at most */
#define RKS_AUDIT_QUEUE_MAX	65536	/* rows queued, at most */
#define RKS_AUDIT_RETRY_MS	500	/* between failed commits */
#define RKS_AUDIT_STR_MAX	200	/* peer, dsn, outcome: cut here */

struct rks_audit_item {
	struct rks_audit_item *next;
	uint64_t seq;
	enum rks_audit_kind kind;
	int64_t time;
	bool has_dsn;
	char dsn[RKS_AUDIT_STR_MAX];
	char peer[RKS_AUDIT_STR_MAX];
	char outcome[RKS_AUDIT_STR_MAX];
	char detail[RKS_AUDIT_STR_MAX + 56];
	struct rks_lockout policy;		/* AUTH_FAILURE */
	/*
	 * DELIVERY: the keys (id, slot, KCV; never their clear bytes), and
	 * its waiter's state: the writer hands the item back (done) with its
	 * result once committed, or refused, or given up on (expired); the
	 * waiter frees it.
	 */
	struct rks_pending_key *keys;
	size_t n_keys;
	long long deadline_ms;			/* CLOCK_MONOTONIC */
	bool done;
	int result;
};

struct rks_audit {
	struct rks_db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more;		/* rows queued, or stopping */
	pthread_cond_t durable;		/* durable_seq moved, or failing */
	struct rks_audit_item *head, **tail;
	size_t queued;
	uint64_t next_seq;		/* last handed out */
	uint64_t durable_seq;		/* every row up to it is on disk */
	unsigned long long overflow;	/* rows refused: queue full */
	bool failing;			/* rows cannot be written */
	bool stalled;			/* another writer holds the lock */
	bool stopping;
};

static void rks_audit_fill(struct rks_audit_item *it, const char *dsn,
			   const char *peer, const char *outcome,
			   const char *detail)
{
	it->time = (int64_t)time(NULL);
	it->has_dsn = dsn != NULL;
	snprintf(it->dsn, sizeof(it->dsn), "%s", dsn ? dsn : "");
	snprintf(it->peer, sizeof(it->peer), "%s", peer ? peer : "");
	snprintf(it->outcome, sizeof(it->outcome), "%s",
		 outcome ? outcome : "?");
	snprintf(it->detail, sizeof(it->detail), "%s", detail ? detail : "");
}

/* Under the lock: append @it, numbered. */
static uint64_t rks_audit_append(struct rks_audit *a,
				 struct rks_audit_item *it)
{
	it->seq = ++a->next_seq;
	it->next = NULL;
	*a->tail = it;
	a->tail = &it->next;
	a->queued++;
	pthread_cond_signal(&a->more);
	return it->seq;
}

uint64_t rks_audit_submit(struct rks_audit *a, const char *dsn,
			  const char *peer, const char *outcome,
			  const char *detail)
{
	struct rks_audit_item *it = calloc(1, sizeof(*it));
	uint64_t seq = 0;

	if (it)
		rks_audit_fill(it, dsn, peer, outcome, detail);
	pthread_mutex_lock(&a->lock);
	if (it && a->queued < RKS_AUDIT_QUEUE_MAX) {
		seq = rks_audit_append(a, it);
		it = NULL;
	} else {
		a->overflow++;
	}
	pthread_mutex_unlock(&a->lock);
	free(it);
	return seq;
}

static long long rks_audit_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct timespec rks_deadline(int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

int rks_audit_wait(struct rks_audit *a, uint64_t seq, int timeout_ms)
{
	struct timespec until = rks_deadline(timeout_ms);
	int r = 0;

	if (!seq)
		return -EIO;
	pthread_mutex_lock(&a->lock);
	while (a->durable_seq < seq && !a->failing && r == 0)
		r = pthread_cond_timedwait(&a->durable, &a->lock, &until);
	r = a->durable_seq >= seq ? 0 : a->failing ? -EIO : -ETIMEDOUT;
	pthread_mutex_unlock(&a->lock);
	return r;
}

bool rks_audit_failing(struct rks_audit *a)
{
	bool f;

	pthread_mutex_lock(&a->lock);
	f = a->failing;
	pthread_mutex_unlock(&a->lock);
	return f;
}

/* Under the lock: queue the "audit-overflow" row for what was refused. */
static void rks_audit_overflow_row(struct rks_audit *a)
{
	struct rks_audit_item *it;
	char detail[96];

	if (!a->overflow || !(it = calloc(1, sizeof(*it))))
		return;
	snprintf(detail, sizeof(detail), "%llu audit rows refused: queue "
		 "full", a->overflow);
	rks_audit_fill(it, NULL, "rks-server", "audit-overflow", detail);
	log_error("audit-overflow", "rows=%llu", a->overflow);
	a->overflow = 0;
	/* may exceed the bound by one: it stands for all it replaces */
	rks_audit_append(a, it);
}

/*
 * Under the lock: the first rows (at most RKS_AUDIT_BATCH) as @recs; how
 * many. The rows stay queued, and what they hold does not change, until
 * they are committed; only the last one's next pointer moves meanwhile.
 */
static size_t rks_audit_take(struct rks_audit *a, struct rks_audit_rec *recs)
{
	struct rks_audit_item *it;
	size_t n = 0;

	for (it = a->head; it && n < RKS_AUDIT_BATCH; it = it->next, n++) {
		memset(&recs[n], 0, sizeof(recs[n]));
		recs[n].kind = it->kind;
		recs[n].time = it->time;
		recs[n].dsn = it->has_dsn ? it->dsn : NULL;
		recs[n].peer = it->peer;
		recs[n].outcome = it->outcome;
		recs[n].detail = it->detail;
		recs[n].policy = &it->policy;
		recs[n].keys = it->keys;
		recs[n].n_keys = it->n_keys;
	}
	return n;
}

/* Under the lock: hand a delivery back to its waiter with @result. */
static void rks_audit_hand_back(struct rks_audit_item *it, int result)
{
	it->done = true;
	it->result = result;
}

/*
 * Under the lock, after a failed commit: the deliveries whose waiters
 * cannot wait longer (the trail is failing, or their deadline passed)
 * leave the queue, refused, and nothing of them is written: their keys
 * stay pending, and the next session delivers them.
 */
static void rks_audit_expire(struct rks_audit *a, int why)
{
	struct rks_audit_item **pp = &a->head, *it;
	long long now = rks_audit_now_ms();

	while ((it = *pp)) {
		if (it->kind != RKS_AUDIT_DELIVERY ||
		    (!a->failing && now < it->deadline_ms)) {
			pp = &it->next;
			continue;
		}
		*pp = it->next;
		if (a->tail == &it->next)
			a->tail = pp;
		a->queued--;
		rks_audit_hand_back(it, why);
	}
	pthread_cond_broadcast(&a->durable);
}

/* Under the lock: the alert of a DSN a committed failure locked. */
static void rks_audit_alert(const struct rks_audit_item *it,
			    const struct rks_audit_rec *r)
{
	if (it->kind != RKS_AUDIT_AUTH_FAILURE || !r->news.locked_now)
		return;
	log_warn("dsn-locked", "dsn=%s peer=%s failures=%u lock=%u "
		 "seconds=%u action=\"the device authenticates again after "
		 "the lock; if it is not under attack, check it (rks-admin "
		 "device show); rks-admin device lock keeps it locked for "
		 "good\"", cli_log_q(it->dsn), it->peer, r->news.failures,
		 r->news.locks, r->news.secs);
}

static void *rks_audit_main(void *arg)
{
	static struct rks_audit_rec recs[RKS_AUDIT_BATCH];
	struct rks_audit *a = arg;
	struct rks_audit_item *it, *done;
	struct timespec until;
	size_t n, i;
	int r;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (!a->head && !a->stopping)
			pthread_cond_wait(&a->more, &a->lock);
		if (!a->head)
			break;
		/*
		 * Let whatever else is runnable run first (a worker half way
		 * through its step is about to queue its row): the batch
		 * grows, and one fsync serves more sessions. When nothing
		 * else wants the CPU this returns at once.
		 */
		pthread_mutex_unlock(&a->lock);
		sched_yield();
		pthread_mutex_lock(&a->lock);
		/* the rows stay queued (and first) until they are on disk */
		n = rks_audit_take(a, recs);
		pthread_mutex_unlock(&a->lock);
		r = rks_db_audit_batch(a->db, recs, n);
		pthread_mutex_lock(&a->lock);
		/*
		 * Another process's write transaction is not a failure: the
		 * rows wait in memory (the busy timeout has waited already)
		 * and sessions go on; only what must be on disk waits.
		 */
		if (r == -EBUSY && !a->stopping) {
			if (!a->stalled)
				log_warn("audit-stalled", "rows=%zu reason="
					 "\"the database is locked by another "
					 "writer\"", a->queued);
			a->stalled = true;
			rks_audit_expire(a, -EBUSY);
			continue;
		}
		if (r) {
			if (!a->failing)
				log_error("audit-failing", "error=%d rows=%zu "
					  "action=\"refusing new "
					  "authentications until the audit "
					  "trail can be written\"", r,
					  a->queued);
			a->failing = true;
			rks_audit_expire(a, -EIO);
			if (a->stopping) {
				log_error("audit-lost", "rows=%zu reason="
					  "\"stopping while the audit trail "
					  "cannot be written\"", a->queued);
				break;
			}
			until = rks_deadline(RKS_AUDIT_RETRY_MS);
			pthread_cond_timedwait(&a->more, &a->lock, &until);
			continue;
		}
		if (a->failing)
			log_warn("audit-recovered", "rows=%zu action=\"accepting "
				 "authentications again\"", a->queued);
		if (a->stalled)
			log_info("audit-resumed", "rows=%zu", a->queued);
		a->failing = a->stalled = false;
		/* take the committed rows off the queue */
		for (i = 0, done = a->head; i < n; i++, done = it) {
			it = done->next;
			a->durable_seq = done->seq;
			a->queued--;
			rks_audit_alert(done, &recs[i]);
			if (done->kind == RKS_AUDIT_DELIVERY)
				rks_audit_hand_back(done, recs[i].result);
			else
				free(done);
		}
		a->head = done;
		if (!a->head)
			a->tail = &a->head;
		rks_audit_overflow_row(a);
		pthread_cond_broadcast(&a->durable);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

uint64_t rks_audit_auth_failure(struct rks_audit *a, const char *dsn,
				const char *peer, const char *outcome,
				const struct rks_lockout *policy)
{
	struct rks_audit_item *it = calloc(1, sizeof(*it));
	uint64_t seq = 0;

	if (it) {
		rks_audit_fill(it, dsn, peer, outcome, NULL);
		it->kind = RKS_AUDIT_AUTH_FAILURE;
		it->policy = *policy;
	}
	pthread_mutex_lock(&a->lock);
	/* a failure is never refused for a full queue: the lockout counts */
	if (it) {
		seq = rks_audit_append(a, it);
		it = NULL;
	} else {
		a->overflow++;
	}
	pthread_mutex_unlock(&a->lock);
	return seq;
}

int rks_audit_delivery(struct rks_audit *a, const char *dsn,
		       const char *peer, const struct rks_pending_key *keys,
		       size_t n, int timeout_ms)
{
	struct rks_audit_item *it = calloc(1, sizeof(*it));
	size_t i;
	int r;

	if (!it || !(it->keys = calloc(n ? n : 1, sizeof(*keys)))) {
		free(it);
		return -ENOMEM;
	}
	rks_audit_fill(it, dsn, peer, "delivered", NULL);
	it->kind = RKS_AUDIT_DELIVERY;
	for (i = 0; i < n; i++) {
		/* what the RECEIPT confirmed; the clear key stays out */
		it->keys[i].id = keys[i].id;
		it->keys[i].slot = keys[i].slot;
		it->keys[i].usage = keys[i].usage;
		it->keys[i].len = keys[i].len;
		memcpy(it->keys[i].kcv, keys[i].kcv, sizeof(it->keys[i].kcv));
		it->keys[i].attr = keys[i].attr;	/* X9.143, not secret */
	}
	it->n_keys = n;
	it->deadline_ms = rks_audit_now_ms() + timeout_ms;
	pthread_mutex_lock(&a->lock);
	if (a->failing) {
		pthread_mutex_unlock(&a->lock);
		free(it->keys);
		free(it);
		return -EIO;
	}
	rks_audit_append(a, it);
	while (!it->done)
		pthread_cond_wait(&a->durable, &a->lock);
	r = it->result;
	pthread_mutex_unlock(&a->lock);
	free(it->keys);
	free(it);
	return r;
}

struct rks_audit *rks_audit_start(const struct rks_config *cfg,
				  struct rks_keystore *ks)
{
	struct rks_audit *a = calloc(1, sizeof(*a));
	pthread_condattr_t ca;
	char msg[512] = "";
	int r;

	if (!a) {
		log_error("startup-failed", "reason=\"out of memory\"");
		return NULL;
	}
	r = rks_db_open_ks(cfg->database, ks, 0, &a->db, msg, sizeof(msg));
	if (r) {
		log_error("startup-failed", "reason=%s", cli_log_q(msg[0] ?
			  msg : strerror(-r)));
		free(a);
		return NULL;
	}
	/* it only appends: pages it wrote are not read again */
	rks_db_cache_limit(a->db, 128);
	pthread_mutex_init(&a->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&a->more, &ca);
	pthread_cond_init(&a->durable, &ca);
	pthread_condattr_destroy(&ca);
	a->tail = &a->head;
	r = pthread_create(&a->thread, NULL, rks_audit_main, a);
	if (r) {
		log_error("startup-failed", "reason=%s",
			  cli_log_q(strerror(r)));
		rks_db_close(a->db);
		free(a);
		return NULL;
	}
	return a;
}

void rks_audit_stop(struct rks_audit *a)
{
	struct rks_audit_item *it;

	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stopping = true;
	pthread_cond_signal(&a->more);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	/* (no delivery waits now: the workers have stopped) */
	while ((it = a->head)) {
		a->head = it->next;
		free(it->keys);
		free(it);
	}
	rks_db_close(a->db);
	pthread_cond_destroy(&a->more);
	pthread_cond_destroy(&a->durable);
	pthread_mutex_destroy(&a->lock);
	free(a);
}
