// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_hostile.c - hostile input. Each case opens a connection, sends
 * the first bytes of its input, lets a whole good session run on another
 * connection, sends the rest, and expects the ERROR code (or none), an
 * orderly close, and an audit record that says what was wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

#define Z16		"00000000000000000000000000000000"
#define Z32		Z16 Z16
#define HELLO_H1	"524b03010000002a" "09" "484f5354494c452d31" Z32
#define Z64		Z16 Z16 Z16 Z16
#define Z256		Z64 Z64 Z64 Z64

static const struct hostile {
	const char *name;
	const char *first, *rest;	/* hex */
	uint8_t error;			/* ERROR code expected */
	unsigned int before;		/* frames before the ERROR */
	const char *outcome, *detail;
} cases[] = {
	{ "garbage (HTTP)", "4745", "54202f20485454502f312e310d0a0d0a",
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "frame header: bad-magic" },
	{ "a version-1 peer", "524b", "0101000000020141",
	  RKD_ERROR_VERSION, 0, "version-error", "bad-version" },
	{ "a version-2 peer", "524b", "0201000000020141",
	  RKD_ERROR_VERSION, 0, "version-error", "bad-version" },
	{ "version 4", "524b", "0401000000020141",
	  RKD_ERROR_VERSION, 0, "version-error", "bad-version" },
	{ "version 0", "524b00", "01000000020141",
	  RKD_ERROR_VERSION, 0, "version-error", "bad-version" },
	{ "oversized length", "524b0302", "00001001",
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "too-long" },
	{ "length 4 GiB", "524b0302ff", "ffffff",
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "too-long" },
	{ "unknown type", "524b03", "4200000001" "00",
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "bad-type" },
	{ "HELLO of 66 bytes", "524b0301", "00000042",
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "bad-length" },
	{ "HELLO with a space", "524b03010000002504", "41204243" Z32,
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "HELLO: bad-field" },
	{ "HELLO with trailing bytes", "524b030100000026",
	  "044142434445" Z32,
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "HELLO: trailing-bytes" },
	{ "HELLO shorter than its DSN", "524b030100000024",
	  "07414243" Z32,
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "HELLO: short" },
	{ "FACTOR first", "524b0303", "00000100" Z256,
	  RKD_ERROR_PROTOCOL, 0, "protocol-error",
	  "FACTOR out of order (waiting for HELLO)" },
	{ "RECEIPT after HELLO", HELLO_H1, "524b030800000011" Z16 "00",
	  RKD_ERROR_PROTOCOL, 1, "protocol-error",
	  "RECEIPT out of order (waiting for FACTOR)" },
	{ "HELLO twice", HELLO_H1, HELLO_H1,
	  RKD_ERROR_PROTOCOL, 1, "protocol-error",
	  "HELLO out of order (waiting for FACTOR)" },
	{ "ERROR from the device", "524b037f", "0000000101",
	  RKD_ERROR_PROTOCOL, 0, "protocol-error", "ERROR out of order" },
	/* the exact size (the modulus) is judged on the header, before the
	 * body is read (protocol.md, "Framing") */
	{ "FACTOR for RSA-3072", HELLO_H1, "524b030300000180" Z256 Z64 Z64,
	  RKD_ERROR_PROTOCOL, 1, "protocol-error",
	  "frame header: bad-length (waiting for FACTOR)" },
	{ "RESPONSE header too short for the key", HELLO_H1,
	  "524b030500000101",
	  RKD_ERROR_PROTOCOL, 1, "protocol-error",
	  "frame header: bad-length (waiting for FACTOR)" },
	{ "garbage after HELLO", HELLO_H1, "ffffffffffffffffffff",
	  RKD_ERROR_PROTOCOL, 1, "protocol-error", "bad-magic" },
};

static void run_case(struct srv *s, const struct hostile *h)
{
	char outcome[64] = "", detail[256] = "";
	unsigned int port, before;
	uint8_t code;
	int fd, r;

	fd = srv_connect(s, &port);
	raw_send_hex(fd, h->first);
	/* the server is in the middle of this one: serve another */
	check_at(good_session(s), __FILE__, __LINE__,
		 "%s: a good session meanwhile", h->name);
	raw_send_hex(fd, h->rest);
	r = raw_expect_error(fd, &code, &before);
	check_at(r == 0 && code == h->error && before == h->before,
		 __FILE__, __LINE__, "%s: %s, ERROR %u after %u frames; "
		 "expected ERROR %u after %u, then a clean close", h->name,
		 rkd_errname(r), code, before, h->error, h->before);
	close(fd);
	check_at(audit_of(port, outcome, sizeof(outcome), detail,
			  sizeof(detail)) &&
		 !strcmp(outcome, h->outcome) && strstr(detail, h->detail),
		 __FILE__, __LINE__, "%s: audit \"%s\" \"%s\", expected "
		 "\"%s\" with \"%s\"", h->name, outcome, detail, h->outcome,
		 h->detail);
}

/* A frame cut short by the peer: no ERROR to send, but a record. */
static void test_truncated(struct srv *s)
{
	char outcome[64], detail[256];
	unsigned int port;
	int fd;

	fd = srv_connect(s, &port);
	raw_send_hex(fd, "524b03010000002a" "09414243");
	CHECK(good_session(s));
	shutdown(fd, SHUT_WR);
	CHECK(raw_expect_eof(fd, 5000));
	close(fd);
	CHECK(audit_of(port, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_STR(outcome, "protocol-error");
	CHECK_HAS(detail, "inside a frame (waiting for HELLO)");
}

/* A reset in the middle of a session. */
static void test_reset(struct srv *s)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	char outcome[64], detail[256];
	struct rkd_frame *f = malloc(sizeof(*f));
	unsigned int port;
	int fd;

	fd = srv_connect(s, &port);
	raw_send_hex(fd, HELLO_H1);
	CHECK_INT(rkd_frame_read(fd, f, 5000), 0);
	CHECK_INT(f->type, RKD_MSG_WORK_CERT);
	CHECK(good_session(s));
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	CHECK(audit_of(port, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_STR(outcome, "closed");
	CHECK_HAS(detail, "waiting for FACTOR");
	free(f);
}

/* 48 KiB of junk after HELLO: one ERROR, then a clean close. */
static void test_flood(struct srv *s)
{
	static uint8_t junk[48 * 1024];
	char outcome[64], detail[256];
	unsigned int port, before;
	uint8_t code;
	int fd;

	memset(junk, 0xa5, sizeof(junk));
	fd = srv_connect(s, &port);
	raw_send_hex(fd, HELLO_H1);
	raw_send(fd, junk, sizeof(junk));
	CHECK(good_session(s));
	CHECK_INT(raw_expect_error(fd, &code, &before), 0);
	CHECK_INT(code, RKD_ERROR_PROTOCOL);
	CHECK_INT(before, 1);
	close(fd);
	CHECK(audit_of(port, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_STR(outcome, "protocol-error");
}

void test_srv_hostile(struct srv *s)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(s, &cases[i]);
	test_truncated(s);
	test_reset(s);
	test_flood(s);
}
