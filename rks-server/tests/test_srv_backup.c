// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_backup.c - `rks-admin backup` while rks-server serves
 * downloads (#16: a copy of rks.db made with cp under load lost devices
 * and audit records), `rks-admin restore` of it elsewhere, and a download
 * served from the restored copy. And a retired device (#16's lifecycle):
 * no more sessions.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rkd_err.h"
#include "srv_harness.h"

static volatile int load_stop;
static unsigned int load_served, load_failed;

/* Whole sessions, one after another, until told to stop. */
static void *load(void *arg)
{
	const struct srv *s = arg;

	while (!load_stop) {
		if (good_session(s))
			load_served++;
		else
			load_failed++;
	}
	return NULL;
}

/* rks-admin (beside rks-server) with @args; its exit code, output. */
static int admin(const char *db, const char *args, char **out)
{
	char cmd[4096];
	const char *slash = strrchr(srv_bin, '/');
	int status;

	snprintf(cmd, sizeof(cmd), "'%.*s/rks-admin' --db '%s' --master-key "
		 "'%s' %s 2>&1 </dev/null", slash ? (int)(slash - srv_bin) : 1,
		 slash ? srv_bin : ".", db, env_mk_path, args);
	*out = run_shell(cmd, &status);
	return status;
}

/* sqlite3 @db @sql: its output (malloc'd). */
static char *sql_text(const char *db, const char *sql)
{
	char cmd[2048];
	int status;

	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", db, sql);
	return run_shell(cmd, &status);
}

static long long count(const char *db, const char *sql)
{
	char *out = sql_text(db, sql);
	long long n = out ? atoll(out) : -1;

	free(out);
	return n;
}

/* A retired device authenticates no more, its good DIK2 or not. */
static void test_retired(struct srv *s)
{
	char outcome[64], detail[256];
	struct rkd_softdev *d;
	unsigned int cancelled = 0, port = 0;

	env_device("RETIRED-1");
	env_key("RETIRED-1", 2, RKS_USAGE_TMK, KEY_B);
	d = dev_new("RETIRED-1", 0, false);
	CHECK_INT(rks_db_device_retire(env_db, "RETIRED-1", "test",
				       &cancelled), 0);
	CHECK_INT(cancelled, 1);
	/* protocol 2: the device sees a CHALLENGE not made with its DIK2
	 * and goes; the server records why (auth.c) */
	CHECK(dev_run(s, d, NULL, &port) != RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 0);
	CHECK(audit_of(port, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_HAS(outcome, "auth-failed: locked DSN");
	rkd_softdev_free(d);
}

void test_srv_backup(struct srv *s)
{
	char args[1024], restored[512], bak[512], *out;
	struct rkd_softdev *d;
	const char *live = env_db_path;
	unsigned int before;
	struct srv s2;
	pthread_t t;
	int i;

	snprintf(bak, sizeof(bak), "%s", test_path("backup.db"));
	snprintf(restored, sizeof(restored), "%s", test_path("restored.db"));
	unlink(bak);
	unlink(restored);
	env_device("BACKUP-1");
	env_key("BACKUP-1", 3, RKS_USAGE_TMK, KEY_A);

	load_stop = 0;
	CHECK_INT(pthread_create(&t, NULL, load, s), 0);
	while (load_served < 5 && !load_failed)
		usleep(10000);
	before = load_served;
	snprintf(args, sizeof(args), "backup --out '%s'", bak);
	CHECK_INT(admin(live, args, &out), 0);
	CHECK_HAS(out, "backup of installation ");
	free(out);
	/* sessions went on during the backup, and after it */
	for (i = 0; i < 500 && load_served < before + 10; i++)
		usleep(10000);
	load_stop = 1;
	pthread_join(t, NULL);
	printf("  backup: %u sessions served around it, %u during or after\n",
	       load_served, load_served - before);
	CHECK_INT(load_failed, 0);
	CHECK(load_served >= before + 10);

	/* the backup is whole: its own checks, its audit chain */
	out = sql_text(bak, "PRAGMA integrity_check");
	CHECK_STR(out, "ok\n");
	free(out);
	CHECK_INT(admin(bak, "audit verify", &out), 0);
	CHECK_HAS(out, "audit trail intact");
	free(out);
	/* every device there has its audit record, and the other way */
	CHECK_INT(count(bak, "SELECT count(*) FROM devices WHERE dsn LIKE "
			"'GOOD-%'"), count(bak, "SELECT count(*) FROM audit "
			"WHERE outcome = 'admin: device add' AND dsn LIKE "
			"'GOOD-%'"));
	CHECK(count(bak, "SELECT count(*) FROM devices WHERE dsn LIKE "
		    "'GOOD-%'") >= before);

	/* restored elsewhere, it serves the device it holds */
	snprintf(args, sizeof(args), "restore --from '%s'", bak);
	CHECK_INT(admin(restored, args, &out), 0);
	CHECK_HAS(out, "restored from");
	free(out);
	env_db_path = restored;
	srv_start(&s2, "restored.log", NULL);
	env_db_path = live;
	d = dev_new("BACKUP-1", 0, false);
	CHECK_INT(dev_run(&s2, d, NULL, NULL), RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	rkd_softdev_free(d);
	CHECK_INT(srv_stop(&s2), 0);
	CHECK_INT(count(restored, "SELECT count(*) FROM audit WHERE dsn = "
			"'BACKUP-1' AND outcome = 'delivered'"), 1);
	/* the live database still has that key to give */
	CHECK_INT(count(live, "SELECT count(*) FROM keys WHERE dsn = "
			"'BACKUP-1' AND status = 'pending'"), 1);
	test_retired(s);
}
