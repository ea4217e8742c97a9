// SPDX-License-Identifier: MIT
/*
 * test_frame_io.c - whole-frame reads and writes over a socketpair: full
 * reads of split frames, deadlines, EOF between and inside frames, and a
 * bad header refused before any body byte is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "rkd_err.h"
#include "rkd_frame.h"
#include "test.h"

static void pair(int sv[2], bool nonblock)
{
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		perror("socketpair");
		exit(2);
	}
	if (nonblock)
		fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
}

static void put(int fd, const char *hex)
{
	uint8_t b[128];
	size_t n = unhex(hex, b, sizeof(b));

	if (write(fd, b, n) != (ssize_t)n)
		exit(2);
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void test_write_read(struct rkd_frame *f)
{
	uint8_t body[300];
	int sv[2];

	pair(sv, false);
	memset(body, 7, sizeof(body));
	CHECK_ERR(rkd_frame_write(sv[1], 0x03, body, 256, 1000), RKD_OK);
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_OK);
	CHECK_INT(f->type, 0x03);
	CHECK_INT(f->len, 256);
	CHECK(memcmp(f->body, body, 256) == 0);
	/* the writer refuses what the reader would */
	CHECK_ERR(rkd_frame_write(sv[1], 0x03, body, 255, 1000),
		  RKD_ERR_BAD_LENGTH);
	/* nothing there: the deadline passes */
	{
		long long t0 = ms_now();

		CHECK_ERR(rkd_frame_read(sv[0], f, 150), RKD_ERR_TIMEOUT);
		CHECK(ms_now() - t0 >= 140);
		CHECK(ms_now() - t0 < 2000);
	}
	/* half a header, then silence: still a timeout */
	put(sv[1], "524b03");
	CHECK_ERR(rkd_frame_read(sv[0], f, 100), RKD_ERR_TIMEOUT);
	close(sv[1]);
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_EOF);
	close(sv[0]);

	/* closed inside the header, inside the body */
	pair(sv, false);
	put(sv[1], "524b0301");
	close(sv[1]);
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_TRUNCATED);
	close(sv[0]);
	pair(sv, false);
	put(sv[1], "524b030600000028" "04414243");
	close(sv[1]);
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_TRUNCATED);
	close(sv[0]);

	/* writing to a closed peer: EPIPE, no SIGPIPE */
	pair(sv, false);
	close(sv[0]);
	CHECK_ERR(rkd_frame_write(sv[1], 0x7f, "\x01", 1, 1000),
		  RKD_ERR_SYSTEM);
	CHECK_INT(errno, EPIPE);
	close(sv[1]);
}

/* A refused header stops the reader before the body. */
static void test_header_first(struct rkd_frame *f)
{
	uint8_t rest[16];
	int sv[2];

	pair(sv, false);
	/* HELLO claiming 33 bytes, followed by 4 body bytes */
	put(sv[1], "524b03010000002141424344");
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_BAD_LENGTH);
	CHECK_INT(read(sv[0], rest, sizeof(rest)), 4);
	put(sv[1], "524b0101000000020141");	/* version 1 */
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_BAD_VERSION);
	CHECK_INT(read(sv[0], rest, sizeof(rest)), 2);
	put(sv[1], "474554202f20485454502f312e310d0a");	/* "GET / HTTP/1.1" */
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_BAD_MAGIC);
	CHECK_INT(read(sv[0], rest, sizeof(rest)), 8);
	put(sv[1], "524b03ff00000001");
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_BAD_TYPE);
	put(sv[1], "524b030200001001");
	CHECK_ERR(rkd_frame_read(sv[0], f, 1000), RKD_ERR_TOO_LONG);
	close(sv[0]);
	close(sv[1]);
}

/* Non-blocking: a frame arriving a byte at a time, then two at once. */
static void test_nonblocking(void)
{
	static const char *bytes[] = { "52", "4b", "03", "07", "00", "00",
				       "00", "11", "03", "00000000",
				       "000000000000000000000000" };
	struct rkd_frame_rx *rx = malloc(sizeof(*rx));
	int sv[2], r = 0;
	size_t i;

	pair(sv, true);
	rkd_frame_rx_init(rx);
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_ERR_AGAIN);
	CHECK(!rkd_frame_rx_started(rx));
	for (i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
		put(sv[1], bytes[i]);
		r = rkd_frame_rx_read(sv[0], rx);
		if (i + 1 < sizeof(bytes) / sizeof(bytes[0]))
			check_at(r == RKD_ERR_AGAIN && rkd_frame_rx_started(rx),
				 __FILE__, __LINE__, "piece %zu: again", i);
	}
	CHECK_ERR(r, RKD_OK);
	CHECK_INT(rx->f.type, 0x07);
	CHECK_INT(rx->f.len, 17);
	CHECK_INT(rx->f.body[0], 3);
	CHECK(!rkd_frame_rx_started(rx));

	/* two frames in one write: one at a time, nothing lost */
	put(sv[1], "524b037f00000001" "01" "524b037f00000001" "04");
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_OK);
	CHECK_INT(rx->f.body[0], 1);
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_OK);
	CHECK_INT(rx->f.body[0], 4);
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_ERR_AGAIN);
	close(sv[1]);
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_ERR_EOF);
	close(sv[0]);
	free(rx);
}

/* Once the modulus is known, FACTOR/RESPONSE must match it on the header */
static void test_exact_modulus(void)
{
	struct rkd_frame_rx *rx = malloc(sizeof(*rx));
	uint8_t rest[16];
	int sv[2];

	pair(sv, true);
	rkd_frame_rx_init(rx);
	rx->modulus_len = 256;
	/* an ERROR first: the setting survives a complete frame */
	put(sv[1], "524b037f00000001" "01");
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_OK);
	/* FACTOR of 384 bytes for a 256-byte modulus: refused, body unread */
	put(sv[1], "524b030300000180" "41424344");
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_ERR_BAD_LENGTH);
	CHECK_INT(read(sv[0], rest, sizeof(rest)), 4);
	rkd_frame_rx_init(rx);
	rx->modulus_len = 256;
	put(sv[1], "524b030500000100");		/* RESPONSE of 256: fine */
	CHECK_ERR(rkd_frame_rx_read(sv[0], rx), RKD_ERR_AGAIN);
	CHECK(rkd_frame_rx_started(rx));
	close(sv[0]);
	close(sv[1]);
	free(rx);
}

void test_frame_io(void)
{
	struct rkd_frame *f = malloc(sizeof(*f));

	test_write_read(f);
	test_header_first(f);
	test_nonblocking();
	free(f);
	test_exact_modulus();
}
