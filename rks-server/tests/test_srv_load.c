// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_load.c - a thousand connections at once, each in the middle of
 * a session, while another session completes; and bad connections by the
 * thousand without the server's memory growing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

#define CONCURRENT	1000

static void raise_own_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void test_concurrent(struct srv *s)
{
	static int fds[CONCURRENT];
	static unsigned int ports[CONCURRENT];
	struct rkd_frame *f = malloc(sizeof(*f));
	uint8_t body_mem[80], frame_mem[96], nonce[RKD_NONCE_LEN] = { 0 };
	struct rkd_buf body, frame;
	char dsn[16], outcome[64];
	unsigned int i, served = 0;

	raise_own_nofile();
	for (i = 0; i < CONCURRENT; i++) {
		fds[i] = srv_connect(s, &ports[i]);
		snprintf(dsn, sizeof(dsn), "LOAD-%04u", i);
		rkd_buf_fixed(&body, body_mem, sizeof(body_mem));
		rkd_buf_fixed(&frame, frame_mem, sizeof(frame_mem));
		rkd_hello_encode(&body, dsn, strlen(dsn), nonce);
		rkd_frame_encode(&frame, RKD_MSG_HELLO, rkd_buf_ptr(&body),
				 rkd_buf_len(&body));
		raw_send(fds[i], rkd_buf_ptr(&frame), rkd_buf_len(&frame));
	}
	/* every one of them is answered */
	for (i = 0; i < CONCURRENT; i++)
		if (rkd_frame_read(fds[i], f, 20000) == 0 &&
		    f->type == RKD_MSG_WORK_CERT)
			served++;
	CHECK_INT(served, CONCURRENT);
	/* and with all of them open, a whole session still works */
	CHECK(good_session(s));
	for (i = 0; i < CONCURRENT; i++)
		close(fds[i]);
	CHECK(audit_of(ports[0], outcome, sizeof(outcome), NULL, 0));
	CHECK_STR(outcome, "closed");
	CHECK(audit_of(ports[CONCURRENT - 1], outcome, sizeof(outcome),
		       NULL, 0));
	CHECK(good_session(s));
	free(f);
}

/* @n connections that send garbage and get ERROR PROTOCOL. */
static unsigned int bad_connections(struct srv *s, unsigned int n)
{
	unsigned int i, ok = 0;
	uint8_t code;
	int fd;

	for (i = 0; i < n; i++) {
		fd = srv_connect(s, NULL);
		raw_send_hex(fd, "474554202f20485454502f312e310d0a0d0a");
		ok += raw_expect_error(fd, &code, NULL) == 0 &&
		      code == RKD_ERROR_PROTOCOL;
		close(fd);
	}
	return ok;
}

static void test_no_growth(struct srv *s)
{
	long before, after;

	/* warm up: allocator pools, SQLite's cache, the WAL */
	CHECK_INT(bad_connections(s, 300), 300);
	before = srv_rss_kb(s);
	CHECK_INT(bad_connections(s, 1500), 1500);
	after = srv_rss_kb(s);
	printf("  VmRSS %ld kB -> %ld kB after 1500 bad connections\n",
	       before, after);
#if defined(__SANITIZE_ADDRESS__)
	/* ASan's quarantine holds freed memory on purpose: the leak check
	 * at exit (srv_stop() == 0) stands in for this one */
	CHECK(after > 0);
#else
	check_at(after - before < 1024, __FILE__, __LINE__,
		 "VmRSS grew by %ld kB over 1500 bad connections",
		 after - before);
#endif
	CHECK(good_session(s));
}

void test_srv_load(struct srv *s)
{
	test_concurrent(s);
	test_no_growth(s);
}
