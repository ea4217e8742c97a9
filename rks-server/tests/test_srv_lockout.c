// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_lockout.c - the lockout an outsider cannot weaponise (#14,
 * Documentation/rks-server.md "Lockout"): an attacker on 127.0.0.2 who
 * knows a DSN sends garbage RESPONSEs; the DSN is locked for a while
 * (a short base here), not for good, with an alert; the attacker's
 * address is blocked after its failures; the genuine device on 127.0.0.1
 * downloads once the lock has run out.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

#define LOCK_BASE_S	2	/* --lockout-base */
#define LOCK_AFTER	3	/* --lockout */
#define SOURCE_FAILS	5	/* --source-failures */

/* One session of @d from 127.0.0.2: the attacker's address. */
static int attack_once(const struct srv *s, struct rkd_softdev *d,
		       uint8_t *err)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	src.sin_addr.s_addr = htonl(0x7f000002);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((uint16_t)s->port);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst)) != 0)
		die("connect from 127.0.0.2");
	*err = 0;
	r = rkd_softdev_run(d, fd, 5000, err);
	close(fd);
	return r;
}

struct row_want {
	const char *outcome, *peer;
	unsigned int n;
	char detail[256];
};

static int row_seen(const struct rks_audit_info *a, void *arg)
{
	struct row_want *w = arg;

	if (strcmp(a->outcome, w->outcome) ||
	    (w->peer && strcmp(a->peer, w->peer)))
		return 0;
	w->n++;
	snprintf(w->detail, sizeof(w->detail), "%s", a->detail);
	return 0;
}

static unsigned int rows(const char *dsn, const char *outcome,
			 const char *peer, char *detail, size_t size)
{
	struct row_want w = { .outcome = outcome, .peer = peer };

	rks_db_audit_list(env_db, dsn, 0, row_seen, &w);
	if (detail)
		snprintf(detail, size, "%s", w.detail);
	return w.n;
}

void test_srv_lockout(void)
{
	static const char *const opts[] = {
		"--lockout", "3", "--lockout-base", "2",
		"--source-failures", "5", "--source-block", "60", NULL,
	};
	struct rks_device_info info;
	struct rkd_softdev *d;
	unsigned int i, auth_failed = 0, shed = 0;
	char detail[256], *log;
	long long t_locked = 0;
	uint8_t err;
	struct srv s;
	int r;

	env_device("LOCK-01");
	env_key("LOCK-01", 5, RKS_USAGE_TMK, KEY_GOOD);
	srv_start(&s, "server-lockout.log", opts);

	/*
	 * The attack: whoever knows the DSN, without its DIK2, answers
	 * every CHALLENGE with garbage (an impostor with a wrong key).
	 */
	for (i = 0; i < SOURCE_FAILS + 3; i++) {
		d = dev_new("LOCK-01", RKD_SOFTDEV_F_IMPOSTOR, true);
		r = attack_once(&s, d, &err);
		rkd_softdev_free(d);
		if (err == RKD_ERROR_AUTH_FAILED)
			auth_failed++;
		else if (r != RKD_OK)
			shed++;		/* closed at accept: blocked */
		if (auth_failed == LOCK_AFTER && !t_locked)
			t_locked = now_ms();
	}
	printf("  attacker: %u AUTH_FAILED, then %u connections shed\n",
	       auth_failed, shed);
	/* counted per source: blocked after its SOURCE_FAILS failures */
	CHECK_INT(auth_failed, SOURCE_FAILS);
	CHECK_INT(shed, 3);

	/* counted per DSN: locked for a while, with the alert */
	CHECK_INT(rks_db_device_get(env_db, "LOCK-01", &info), 0);
	CHECK(!info.for_good);		/* not the administrator's lock */
	CHECK_INT(info.locks, 1);
	CHECK(info.locked_until > 0);
	CHECK_INT(rows("LOCK-01", "lockout", NULL, detail, sizeof(detail)),
		  1);
	CHECK_HAS(detail, "locked for 2 s");
	CHECK_HAS(detail, "after 3 consecutive failures (the last from "
		  "127.0.0.2");

	/* the genuine device, while the lock holds: refused */
	d = dev_new("LOCK-01", 0, false);
	if (now_ms() - t_locked < LOCK_BASE_S * 1000 - 500) {
		r = dev_run(&s, d, &err, NULL);
		CHECK(r != RKD_OK);
		CHECK_INT(rkd_softdev_keys_stored(d), 0);
	}
	rkd_softdev_free(d);

	/* ...and after the back-off, from its own address: served */
	usleep((useconds_t)(LOCK_BASE_S * 1000 + 300) * 1000);
	d = dev_new("LOCK-01", 0, false);
	r = dev_run(&s, d, &err, NULL);
	CHECK_INT(r, RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	rkd_softdev_free(d);
	CHECK_INT(rks_db_device_get(env_db, "LOCK-01", &info), 0);
	CHECK_INT(info.failures, 0);
	CHECK_INT(info.locks, 0);	/* the back-off starts over */
	CHECK(!info.locked && !info.for_good);

	CHECK_INT(srv_stop(&s), 0);	/* the writer's queue is on disk */
	CHECK_INT(rows(NULL, "source-blocked", "127.0.0.2", detail,
		       sizeof(detail)), 1);
	CHECK_HAS(detail, "5 failed authentications");
	CHECK(rows(NULL, "shed", "127.0.0.2", detail, sizeof(detail)) >= 1);
	CHECK_HAS(detail, "3 blocked");
	log = srv_log(&s);
	CHECK_HAS(log, "event=dsn-locked dsn=LOCK-01 peer=127.0.0.2");
	CHECK_HAS(log, "event=source-blocked source=127.0.0.2");
	free(log);
}
