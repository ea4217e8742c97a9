// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_timeouts.c - stalled peers, on servers with short timeouts: a
 * connection that says nothing, one that stops after HELLO, one that
 * trickles a byte at a time, and a session that outlives its limit. Each
 * is closed and audited while a good session is served meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

#define HELLO_T1	"524b030100000029" "08" "5354414c4c2d3031" \
			"0000000000000000000000000000000000000000000000000000000000000000"

static void expect_timeout(int fd, unsigned int port, const char *detail)
{
	char outcome[64], got[256];

	/* (the trickle test has seen the close already) */
	raw_expect_eof(fd, 8000);
	close(fd);
	CHECK(audit_of(port, outcome, sizeof(outcome), got, sizeof(got)));
	CHECK_STR(outcome, "timeout");
	CHECK_HAS(got, detail);
}

static void test_read_timeouts(void)
{
	static const char *const opts[] = { "--read-timeout", "1", NULL };
	struct rkd_frame *f = malloc(sizeof(*f));
	unsigned int port, i;
	struct srv s;
	int fd;

	srv_start(&s, "server-read-timeout.log", opts);

	/* silent from the start */
	fd = srv_connect(&s, &port);
	CHECK(good_session(&s));
	CHECK(raw_expect_eof(fd, 8000));
	expect_timeout(fd, port, "no HELLO within 1 s");

	/* silent after HELLO */
	fd = srv_connect(&s, &port);
	raw_send_hex(fd, HELLO_T1);
	CHECK_INT(rkd_frame_read(fd, f, 5000), 0);
	CHECK_INT(f->type, RKD_MSG_WORK_CERT);
	CHECK(good_session(&s));
	CHECK(raw_expect_eof(fd, 8000));
	expect_timeout(fd, port, "no FACTOR within 1 s");

	/*
	 * A byte every 300 ms: the deadline runs from the server's last
	 * send, not from the last byte received, so trickling does not
	 * keep a connection alive. (Stop sending once it is closed, or the
	 * next byte would draw a reset.)
	 */
	fd = srv_connect(&s, &port);
	for (i = 0; i < 7 && !raw_expect_eof(fd, 300); i++)
		raw_send_hex(fd, i % 2 ? "4b" : "52");
	CHECK(i < 7);
	expect_timeout(fd, port, "no HELLO within 1 s");

	CHECK_INT(srv_stop(&s), 0);
	free(f);
}

static void test_session_timeout(void)
{
	static const char *const opts[] = { "--read-timeout", "30",
					    "--session-timeout", "1", NULL };
	struct rkd_frame *f = malloc(sizeof(*f));
	unsigned int port;
	struct srv s;
	int fd;

	srv_start(&s, "server-session-timeout.log", opts);
	fd = srv_connect(&s, &port);
	raw_send_hex(fd, HELLO_T1);
	CHECK_INT(rkd_frame_read(fd, f, 5000), 0);
	CHECK(good_session(&s));
	CHECK(raw_expect_eof(fd, 8000));
	expect_timeout(fd, port, "session longer than 1 s (waiting for "
		       "FACTOR)");
	CHECK_INT(srv_stop(&s), 0);
	free(f);
}

/* Over --max-connections: ERROR BUSY at once; the others go on. */
static void test_busy(void)
{
	static const char *const opts[] = { "--max-connections", "2", NULL };
	unsigned int port;
	struct srv s;
	uint8_t code;
	int a, b, c;

	srv_start(&s, "server-busy.log", opts);
	a = srv_connect(&s, &port);
	b = srv_connect(&s, &port);
	c = srv_connect(&s, &port);
	CHECK_INT(raw_expect_error(c, &code, NULL), 0);
	CHECK_INT(code, RKD_ERROR_BUSY);
	close(c);
	close(b);
	/* a slot is free again (once the server has seen b go) */
	usleep(300 * 1000);
	CHECK(good_session(&s));
	close(a);
	CHECK_INT(srv_stop(&s), 0);
}

void test_srv_timeouts(void)
{
	test_read_timeouts();
	test_session_timeout();
	test_busy();
}
