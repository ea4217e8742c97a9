/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pool.h - the worker threads that take every session step off the event
 * loop: the RSA private operations (FACTOR, RESPONSE) and the database
 * reads and transactions (DIK1, pending keys, failures, deliveries).
 *
 * Each worker has its own database connection (SQLite connections are not
 * shared between threads) in its own copy of the server context; OpenSSL
 * keys are shared read-only, every operation makes its own EVP_PKEY_CTX.
 * Done jobs come back to the event loop through an eventfd.
 */
#ifndef RKS_POOL_H
#define RKS_POOL_H

#include "session.h"

struct rks_pool;

/* One unit of work, embedded in its owner (a connection). */
struct rks_job {
	struct rks_job *next;
	/* runs on a worker with @wctx, the worker's own context */
	void (*run)(struct rks_job *j, const struct rks_server_ctx *wctx);
};

/*
 * @n workers (0: four per online CPU, at least 8: a worker waiting for a
 * commit or a lock holds no core), each with a connection to @ctx's
 * database. NULL after logging why.
 */
struct rks_pool *rks_pool_new(const struct rks_server_ctx *ctx,
			      unsigned int n);
/* Finish every queued job, stop the workers, free. NULL: nothing. */
void rks_pool_free(struct rks_pool *p);

/* The eventfd that becomes readable when jobs are done. */
int rks_pool_fd(const struct rks_pool *p);
/* Queue @j (never blocks). */
void rks_pool_submit(struct rks_pool *p, struct rks_job *j);
/* The jobs done since the last call, oldest first (NULL: none). */
struct rks_job *rks_pool_done(struct rks_pool *p);
/* How many workers run. */
unsigned int rks_pool_size(const struct rks_pool *p);

#endif /* RKS_POOL_H */
