// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_nodes.c - several nodes, one truth (issue 17): two rks-server
 * processes on one PostgreSQL database (RKS_TEST_PG: a tests/pg/pg-cluster
 * directory). Every device is offered to both nodes at the same moment, as
 * a device retrying behind a load balancer would: each key is delivered
 * (marked, audited) exactly once. Then kill -9 of a node in the middle of
 * sessions: the other serves those devices afterwards, and nothing is
 * delivered twice. Then PostgreSQL itself restarts under a running node
 * (every connection ends, as in a fail-over): the node makes its
 * connections again by itself and serves the next devices.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rkd_err.h"
#include "srv_harness.h"

#define NODES_DEVICES	200	/* offered to both nodes at once */
#define NODES_KILLED	40	/* in sessions when a node is killed */
#define NODES_THREADS	8	/* devices in flight at a time */

struct fleet {
	const struct srv *a, *b;	/* b NULL: a alone */
	const char *prefix;
	unsigned int n;
	unsigned int next;		/* the next device, under lock */
	pthread_mutex_t lock;
	unsigned int stored;		/* keys the devices hold, summed */
	unsigned int busy;		/* sessions answered BUSY */
	unsigned int done;		/* devices offered */
	pid_t kill_at_half;		/* SIGKILL it when half are done */
};

struct attempt {
	const struct srv *s;
	struct rkd_softdev *d;
	uint8_t err;
	int r;
};

/* dev_run(), but a node that is gone is an answer, not the end. */
static void *run_attempt(void *arg)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct attempt *t = arg;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sa.sin_port = htons((uint16_t)t->s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		t->r = -1;
	} else {
		t->r = rkd_softdev_run(t->d, fd, 10000, &t->err);
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* One device: a session to each node at once (or to a alone). */
static void offer(struct fleet *f, unsigned int i)
{
	struct attempt t[2] = { { 0 } };
	pthread_t th;
	char dsn[32];
	unsigned int k, n = f->b ? 2 : 1, stored = 0, busy = 0;

	snprintf(dsn, sizeof(dsn), "%s-%03u", f->prefix, i);
	for (k = 0; k < n; k++) {
		t[k].s = k ? f->b : f->a;
		t[k].d = dev_new(dsn, 0, false);
	}
	if (n == 2 && pthread_create(&th, NULL, run_attempt, &t[1]) != 0)
		die("pthread_create");
	run_attempt(&t[0]);
	if (n == 2)
		pthread_join(th, NULL);
	for (k = 0; k < n; k++) {
		stored += rkd_softdev_keys_stored(t[k].d);
		busy += t[k].err == RKD_ERROR_BUSY;
		rkd_softdev_free(t[k].d);
	}
	pthread_mutex_lock(&f->lock);
	f->stored += stored;
	f->busy += busy;
	/* the other threads' devices are in the middle of sessions now */
	if (++f->done == f->n / 2 && f->kill_at_half)
		kill(f->kill_at_half, SIGKILL);
	pthread_mutex_unlock(&f->lock);
}

static void *fleet_worker(void *arg)
{
	struct fleet *f = arg;
	unsigned int i;

	for (;;) {
		pthread_mutex_lock(&f->lock);
		i = f->next++;
		pthread_mutex_unlock(&f->lock);
		if (i >= f->n)
			return NULL;
		offer(f, i);
	}
}

static void run_fleet(struct fleet *f)
{
	pthread_t th[NODES_THREADS];
	unsigned int i;

	pthread_mutex_init(&f->lock, NULL);
	for (i = 0; i < NODES_THREADS; i++)
		if (pthread_create(&th[i], NULL, fleet_worker, f) != 0)
			die("pthread_create");
	for (i = 0; i < NODES_THREADS; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&f->lock);
}

/* Devices PREFIX-000... with two keys each. */
static void make_devices(const char *prefix, unsigned int n)
{
	char dsn[32];
	unsigned int i;

	for (i = 0; i < n; i++) {
		snprintf(dsn, sizeof(dsn), "%s-%03u", prefix, i);
		env_device(dsn);
		env_key(dsn, 2, RKS_USAGE_TMK, KEY_A);
		env_key(dsn, 20, RKS_USAGE_PIN, KEY_B);
	}
}

struct tally {
	unsigned int pending, delivered;	/* keys */
	unsigned int deliveries, listed;	/* audit rows with keys, keys */
};

static int count_key(const struct rks_key_info *k, void *arg)
{
	struct tally *t = arg;

	if (k->delivered)
		t->delivered++;
	else
		t->pending++;
	return 0;
}

static int count_audit(const struct rks_audit_info *a, void *arg)
{
	struct tally *t = arg;
	const char *p;

	/* (a session that found nothing pending is "delivered", 0 keys) */
	if (strcmp(a->outcome, "delivered") || !a->keys[0])
		return 0;
	t->deliveries++;
	for (p = a->keys; *p; p++)
		t->listed += *p == ':';
	return 0;
}

/*
 * Every device of @prefix: both keys delivered, in exactly one audit row
 * of outcome "delivered" that lists both (a second delivery would be a
 * second row listing keys).
 */
static void check_exactly_once(const char *prefix, unsigned int n)
{
	unsigned int i, bad = 0;
	struct tally t;
	char dsn[32];

	for (i = 0; i < n; i++) {
		snprintf(dsn, sizeof(dsn), "%s-%03u", prefix, i);
		memset(&t, 0, sizeof(t));
		CHECK_INT(rks_db_key_list(env_db, dsn, count_key, &t), 0);
		CHECK_INT(rks_db_audit_list(env_db, dsn, 0, count_audit, &t),
			  0);
		if (t.delivered != 2 || t.pending || t.deliveries != 1 ||
		    t.listed != 2) {
			if (bad++ < 5)
				printf("  %s: %u delivered, %u pending, %u "
				       "deliveries listing %u keys\n", dsn,
				       t.delivered, t.pending, t.deliveries,
				       t.listed);
		}
	}
	check_at(bad == 0, __FILE__, __LINE__, "%u of %u devices of %s not "
		 "delivered exactly once", bad, n, prefix);
}

/* A node's first complaints, to say why a check failed. */
static void show_problems(const struct srv *s)
{
	char *log = srv_log(s), *line, *save = NULL;
	unsigned int n = 0;

	for (line = log ? strtok_r(log, "\n", &save) : NULL; line && n < 5;
	     line = strtok_r(NULL, "\n", &save))
		if (!strstr(line, "debug") && !strstr(line, "info")) {
			printf("  %s: %s\n", s->log_path, line);
			n++;
		}
	free(log);
}

static void test_both_at_once(void)
{
	struct srv a, b;
	struct fleet f = { .prefix = "NODE", .n = NODES_DEVICES };
	long long t0;

	make_devices("NODE", NODES_DEVICES);
	srv_start(&a, "node-a.log", NULL);
	srv_start(&b, "node-b.log", NULL);
	f.a = &a;
	f.b = &b;
	t0 = now_ms();
	run_fleet(&f);
	printf("  %u devices, each offered to two nodes at once: %.1f s, "
	       "%u sessions BUSY\n", NODES_DEVICES,
	       (now_ms() - t0) / 1000.0, f.busy);
	/* each device holds its two keys from one of its two sessions... */
	CHECK_INT(f.stored, 2 * NODES_DEVICES);
	if (f.stored != 2 * NODES_DEVICES) {
		show_problems(&a);
		show_problems(&b);
	}
	/* ...and the database says so once */
	check_exactly_once("NODE", NODES_DEVICES);
	CHECK_INT(srv_stop(&a), 0);
	CHECK_INT(srv_stop(&b), 0);
}

static void test_node_killed(void)
{
	struct fleet f = { .prefix = "KILL", .n = NODES_KILLED };
	struct fleet again = { .prefix = "KILL", .n = NODES_KILLED };
	struct srv a, b;
	int status;

	make_devices("KILL", NODES_KILLED);
	srv_start(&a, "node-killed.log", NULL);
	srv_start(&b, "node-survivor.log", NULL);
	/* node a dies with sessions in every phase */
	f.a = &a;
	f.kill_at_half = a.pid;
	run_fleet(&f);
	waitpid(a.pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	printf("  node killed: %u of %u devices had their keys from it\n",
	       f.stored / 2, NODES_KILLED);
	CHECK(f.stored < 2 * NODES_KILLED);
	/* its claims died with its connections: b serves every device */
	again.a = &b;
	run_fleet(&again);
	CHECK_INT(again.busy, 0);
	check_exactly_once("KILL", NODES_KILLED);
	CHECK_INT(srv_stop(&b), 0);
}

/* PostgreSQL stops and starts again: every connection ends. */
static void pg_restart(const char *pg_dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "tests/pg/pg-cluster restart '%s'",
		 pg_dir);
	CHECK_INT(system(cmd), 0);
}

/*
 * PostgreSQL restarts (pg_ctl restart -m fast: every connection ends, as
 * when the primary fails over) while a node runs: the node's connections
 * (workers', the audit writer's, the claims') are made again before their
 * next transaction, and it serves the next devices with no BUSY. Before,
 * a node answered BUSY until it was restarted itself.
 */
static void test_db_restart(const char *pg_dir)
{
	struct fleet before = { .prefix = "RSTA", .n = 10 };
	struct fleet after = { .prefix = "RSTB", .n = 10 };
	struct srv a;

	make_devices("RSTA", before.n);
	make_devices("RSTB", after.n);
	srv_start(&a, "node-restart.log", NULL);
	before.a = &a;
	run_fleet(&before);
	CHECK_INT(before.busy, 0);
	pg_restart(pg_dir);
	after.a = &a;
	run_fleet(&after);
	CHECK_INT(after.busy, 0);
	CHECK_INT(after.stored, 2 * after.n);
	if (after.busy || after.stored != 2 * after.n)
		show_problems(&a);
	check_exactly_once("RSTA", before.n);
	check_exactly_once("RSTB", after.n);
	CHECK_INT(kill(a.pid, 0), 0);
	CHECK_INT(srv_stop(&a), 0);
}

/*
 * PostgreSQL restarts while a session waits for RECEIPT: the DSN's claim
 * went with the claims' connection, and another node could be serving the
 * DSN now, so the RECEIPT is answered BUSY (the node asks that connection
 * first, rks_flight_confirm()), the keys stay pending, and the device's
 * next session gets them, once. Before, a node that had not used that
 * connection since did not know, and committed the delivery.
 */
static void test_claim_lost(const char *pg_dir)
{
	struct rkd_frame *f = malloc(sizeof(*f));
	uint8_t mem[RKD_BODY_MAX], type = 0, code = 0;
	struct rkd_softdev *d;
	struct rkd_buf out;
	struct srv a;
	int fd;

	make_devices("LOST", 1);
	srv_start(&a, "node-lost.log", NULL);
	d = dev_new("LOST-000", 0, false);
	fd = srv_connect(&a, NULL);
	rkd_buf_fixed(&out, mem, sizeof(mem));
	CHECK(f && drive_until(d, fd, RKD_MSG_RECEIPT, f, &out, &type) == 0);
	pg_restart(pg_dir);
	CHECK_INT(rkd_frame_write(fd, type, rkd_buf_ptr(&out),
				  rkd_buf_len(&out), 5000), 0);
	CHECK_INT(raw_expect_error(fd, &code, NULL), RKD_OK);
	CHECK_INT(code, RKD_ERROR_BUSY);
	close(fd);
	rkd_softdev_free(d);
	d = dev_new("LOST-000", 0, false);
	CHECK_INT(dev_run(&a, d, &code, NULL), RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 2);
	rkd_softdev_free(d);
	check_exactly_once("LOST", 1);
	CHECK_INT(srv_stop(&a), 0);
	free(f);
}

void test_srv_nodes(const char *pg_dir)
{
	struct rks_db *saved_db = env_db;
	const char *saved_path = env_db_path;
	char uri[512];

	snprintf(uri, sizeof(uri), "postgresql:///rks?host=%s&user=postgres",
		 pg_dir);
	env_db_create(strdup(uri));
	test_both_at_once();
	test_node_killed();
	test_db_restart(pg_dir);
	test_claim_lost(pg_dir);
	rks_db_close(env_db);
	free((char *)env_db_path);
	env_db = saved_db;
	env_db_path = saved_path;
}
