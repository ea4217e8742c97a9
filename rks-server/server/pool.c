// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pool.c - worker threads (pool.h): one queue in, one queue out, each
 * under its own mutex; an eventfd wakes the loop when the out queue gains
 * a job.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "cli_log.h"
#include "config.h"
#include "db.h"
#include "creds.h"
#include "db_admin.h"
#include "db_admin.h"
#include "pool.h"

struct rks_worker {
	struct rks_pool *pool;
	pthread_t thread;
	struct rks_server_ctx ctx;	/* the shared one, with its own db */
	bool started;
};

struct rks_pool {
	pthread_mutex_t in_lock, out_lock;
	pthread_cond_t in_cond;
	struct rks_job *in_head, **in_tail;
	struct rks_job *out_head, **out_tail;
	bool stopping;
	int efd;
	unsigned int n;
	struct rks_worker *w;
};

static void *rks_worker_main(void *arg)
{
	struct rks_worker *w = arg;
	struct rks_pool *p = w->pool;
	uint64_t one = 1;
	struct rks_job *j;
	bool wake;

	for (;;) {
		pthread_mutex_lock(&p->in_lock);
		while (!p->in_head && !p->stopping)
			pthread_cond_wait(&p->in_cond, &p->in_lock);
		j = p->in_head;
		if (j) {
			p->in_head = j->next;
			if (!p->in_head)
				p->in_tail = &p->in_head;
		}
		pthread_mutex_unlock(&p->in_lock);
		if (!j)
			return NULL;	/* stopping, and nothing left */
		j->run(j, &w->ctx);
		j->next = NULL;
		pthread_mutex_lock(&p->out_lock);
		wake = !p->out_head;
		*p->out_tail = j;
		p->out_tail = &j->next;
		pthread_mutex_unlock(&p->out_lock);
		/* one wake-up per batch the loop has not collected yet */
		if (wake && write(p->efd, &one, sizeof(one)) < 0) {
			/* a counter at its maximum is readable anyway */
		}
	}
}

/*
 * Four per CPU, at least 8: a worker spends much of a session waiting for
 * the audit writer's commit (the "started" row, the delivery), and while
 * it waits others go on with their RSA; the more sessions wait on one
 * commit, the fewer commits (and fsyncs, and thread switches) per session.
 * Measured at 100 devices on one core (tests/bench/cost): 4 workers 0.89
 * ms of server CPU per session, 8 0.84-0.88, 16 0.82.
 */
static unsigned int rks_pool_default_size(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int n = cpus > 0 ? (unsigned int)cpus * 4 : 8;

	return n < 8 ? 8 : n > 64 ? 64 : n;
}

struct rks_pool *rks_pool_new(const struct rks_server_ctx *ctx,
			      unsigned int n)
{
	struct rks_pool *p = calloc(1, sizeof(*p));
	char msg[512];
	unsigned int i;
	int r;

	if (!p)
		goto oom;
	p->efd = -1;
	p->n = n ? n : rks_pool_default_size();
	p->w = calloc(p->n, sizeof(*p->w));
	if (!p->w)
		goto oom;
	pthread_mutex_init(&p->in_lock, NULL);
	pthread_mutex_init(&p->out_lock, NULL);
	pthread_cond_init(&p->in_cond, NULL);
	p->in_tail = &p->in_head;
	p->out_tail = &p->out_head;
	p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (p->efd < 0) {
		log_error("startup-failed", "reason=%s",
			  cli_log_q(strerror(errno)));
		goto fail;
	}
	for (i = 0; i < p->n; i++) {
		struct rks_worker *w = &p->w[i];

		w->pool = p;
		w->ctx = *ctx;
		msg[0] = '\0';
		r = rks_db_open_ks(ctx->cfg->database, ctx->creds->ks, 0,
				   &w->ctx.db, msg, sizeof(msg));
		if (r) {
			log_error("startup-failed", "worker=%u reason=%s", i,
				  cli_log_q(msg[0] ? msg : strerror(-r)));
			goto fail;
		}
		r = pthread_create(&w->thread, NULL, rks_worker_main, w);
		if (r) {
			log_error("startup-failed", "worker=%u reason=%s", i,
				  cli_log_q(strerror(r)));
			goto fail;
		}
		w->started = true;
	}
	return p;
oom:
	log_error("startup-failed", "reason=\"out of memory\"");
fail:
	rks_pool_free(p);
	return NULL;
}

void rks_pool_free(struct rks_pool *p)
{
	unsigned int i;

	if (!p)
		return;
	if (p->w) {
		pthread_mutex_lock(&p->in_lock);
		p->stopping = true;
		pthread_cond_broadcast(&p->in_cond);
		pthread_mutex_unlock(&p->in_lock);
		for (i = 0; i < p->n; i++) {
			if (p->w[i].started)
				pthread_join(p->w[i].thread, NULL);
			rks_db_close(p->w[i].ctx.db);
		}
		free(p->w);
		pthread_cond_destroy(&p->in_cond);
		pthread_mutex_destroy(&p->in_lock);
		pthread_mutex_destroy(&p->out_lock);
	}
	if (p->efd >= 0)
		close(p->efd);
	free(p);
}

int rks_pool_fd(const struct rks_pool *p)
{
	return p->efd;
}

unsigned int rks_pool_size(const struct rks_pool *p)
{
	return p->n;
}

void rks_pool_submit(struct rks_pool *p, struct rks_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&p->in_lock);
	*p->in_tail = j;
	p->in_tail = &j->next;
	pthread_cond_signal(&p->in_cond);
	pthread_mutex_unlock(&p->in_lock);
}

struct rks_job *rks_pool_done(struct rks_pool *p)
{
	struct rks_job *j;
	uint64_t n;

	if (read(p->efd, &n, sizeof(n)) < 0) {
		/* EAGAIN: collected with an earlier batch */
	}
	pthread_mutex_lock(&p->out_lock);
	j = p->out_head;
	p->out_head = NULL;
	p->out_tail = &p->out_head;
	pthread_mutex_unlock(&p->out_lock);
	return j;
}
