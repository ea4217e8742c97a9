// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_main.c - test-server RKS_SERVER PKI_DIR: rks-server over TCP
 * on 127.0.0.1, driven by software devices (librkdsoftdev) and raw
 * sockets, with a real key database; with RKS_TEST_PG (a pg-cluster
 * directory) also two nodes on PostgreSQL. Ends with "N passed, M
 * failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>

#include "srv_harness.h"

const char *srv_bin;
const char *pki_dir;

/* The keys the tests deliver (srv_harness.c, test_srv_session.c). */
static const char *const secrets[] = {
	ENV_DIK1, KEY_GOOD, KEY_A, KEY_B, KEY_C,
	ENV_DIK1 + 16, KEY_A + 16, KEY_B + 16, KEY_C + 16, KEY_C + 32,
};

/* Neither a key nor a sanitizer report in the log, in any case. */
static void check_log_clean(const struct srv *s)
{
	char *log = srv_log(s), *lower, low[64];
	size_t i, j;

	CHECK(log != NULL);
	if (!log)
		return;
	lower = strdup(log);
	for (i = 0; lower[i]; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		/* any 16 hex digits of a key would be too many */
		for (j = 0; j < strlen(secrets[i]) && j < sizeof(low) - 1;
		     j++)
			low[j] = (char)(secrets[i][j] | 0x20);
		low[16] = '\0';
		check_at(!strstr(lower, low), __FILE__, __LINE__,
			 "the log shows key bytes %s", low);
	}
	CHECK(!strstr(log, "AddressSanitizer"));
	CHECK(!strstr(log, "runtime error"));
	CHECK(!strstr(log, "LeakSanitizer"));
	free(lower);
	free(log);
}

int main(int argc, char **argv)
{
	struct srv s;
	char *log, srv_dir[4096], hooks[4200];

	/* test_srv_wipe.c's fresh process that reads the work key */
	if (argc == 5 && !strcmp(argv[1], "--read-work-key"))
		return test_srv_wipe_child(argv);
	if (argc != 3) {
		fprintf(stderr, "usage: test-server RKS_SERVER PKI_DIR\n");
		return 2;
	}
	srv_bin = argv[1];
	pki_dir = argv[2];
	/* the test build with the network process's hooks, beside it */
	snprintf(srv_dir, sizeof(srv_dir), "%s", srv_bin);
	if (strrchr(srv_dir, '/'))
		*strrchr(srv_dir, '/') = '\0';
	setvbuf(stdout, NULL, _IOLBF, 0);
	env_init();

	test_srv_config();
	suite_done("config");

	srv_start(&s, "server.log", NULL);
	test_srv_session(&s);
	suite_done("session");
	test_srv_wipe(&s);
	suite_done("wipe");
	test_srv_failures(&s);
	suite_done("failures");
	test_srv_hostile(&s);
	suite_done("hostile");
	test_srv_load(&s);
	suite_done("load");
	test_srv_backup(&s);
	suite_done("backup");
	/* SIGHUP is logged and ignored; SIGTERM stops it */
	kill(s.pid, SIGHUP);
	CHECK(good_session(&s));
	CHECK_INT(srv_stop(&s), 0);	/* clean, and no leak at exit */
	log = srv_log(&s);
	CHECK_HAS(log, "event=signal-ignored signal=SIGHUP");
	CHECK_HAS(log, "event=stopping signal=SIGTERM");
	CHECK_HAS(log, "event=stopped status=0");
	free(log);
	check_log_clean(&s);
	suite_done("shutdown");

	test_srv_timeouts();
	suite_done("timeouts");

	test_srv_avail();
	suite_done("avail");

	test_srv_lockout();
	suite_done("lockout");

	test_srv_activate();
	suite_done("activate");

	test_srv_unit();
	suite_done("unit");

	test_srv_token();
	snprintf(hooks, sizeof(hooks), "%s/rks-admin", srv_dir);
	test_srv_token_init(hooks);
	suite_done("token");

	snprintf(hooks, sizeof(hooks), "%s/tests/rks-server-hooks", srv_dir);
	test_srv_privsep(hooks);
	suite_done("privsep");
	/* with a PostgreSQL cluster (tests/pg/with-cluster) */
	if (getenv("RKS_TEST_PG") && *getenv("RKS_TEST_PG")) {
		test_srv_nodes(getenv("RKS_TEST_PG"));
		suite_done("nodes");
	}

	env_free();
	test_cleanup();
	return test_summary();
}
