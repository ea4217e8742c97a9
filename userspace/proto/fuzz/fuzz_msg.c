// SPDX-License-Identifier: MIT
/*
 * fuzz_msg.c - libFuzzer harness over everything that parses bytes from
 * the network: the input is a byte stream of frames.
 *
 * 1. rkd_frame_parse() takes frames from memory; each body goes to the
 *    decoder of its type (fixed K_MAC, RSA-2048 modulus size). A body that
 *    decodes must re-encode to the same bytes. A RECEIPT's parse and
 *    verify, apart, must agree with its decode.
 * 2. The same bytes go through a pipe to the incremental, non-blocking
 *    reader (rkd_frame_rx_read); it must see the same frames and stop at
 *    the same error.
 * Any difference aborts; ASan/UBSan catch the rest.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rkd_buf.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_msg.h"

static const uint8_t kmac[RKD_KMAC_LEN] = {	/* tests/vectors.h KMAC */
	0xb6, 0xb3, 0xa8, 0xc8, 0x8b, 0xdf, 0xce, 0x99,
	0x1d, 0xbf, 0xff, 0x87, 0x64, 0x1a, 0x3a, 0x23,
	0xc5, 0xaa, 0x5f, 0x7c, 0x88, 0x74, 0x7f, 0xf6,
	0x9e, 0x86, 0x49, 0xba, 0xe5, 0xd9, 0x38, 0x99,
};

#define MUST(cond) do { if (!(cond)) abort(); } while (0)

/*
 * RECEIPT's parse (no K_MAC) and verify must together be the decode
 * (@decoded: 0 if it took the body): the parse refuses what the decode
 * refuses for its structure, takes the rest, and the verify then says
 * what the decode said.
 */
static void fuzz_receipt_split(const struct rkd_frame *f, int decoded)
{
	struct rkd_receipt rp, rc;
	uint8_t mac[RKD_MAC16_LEN];
	int rd = rkd_receipt_decode(f->body, f->len, kmac, &rc);
	int r = rkd_receipt_parse(f->body, f->len, &rp, mac);

	MUST((rd == 0) == (decoded == 0));
	if (r != 0) {
		MUST(rd == r);
		return;
	}
	MUST(rd == 0 || rd == RKD_ERR_BAD_MAC);
	MUST(rkd_receipt_verify(&rp, mac, kmac) == rd);
	if (rd == 0)
		MUST(memcmp(&rp, &rc, sizeof(rp)) == 0);
}

/* Decode @f's body; if it is good, re-encode it and compare. */
static void fuzz_body(const struct rkd_frame *f)
{
	static uint8_t mem[RKD_BODY_MAX];
	struct rkd_receipt rc;
	struct rkd_key_msg key;
	struct rkd_hello hello;
	uint8_t chal[RKD_CHALLENGE_LEN], v;
	const uint8_t *p, *q;
	struct rkd_buf out;
	size_t n, m;
	int r = RKD_ERR_INTERNAL;

	rkd_buf_fixed(&out, mem, sizeof(mem));
	switch (f->type) {
	case RKD_MSG_HELLO:
		if (rkd_hello_decode(f->body, f->len, &hello) == 0)
			r = rkd_hello_encode(&out, hello.dsn, hello.dsn_len,
					     hello.nonce);
		break;
	case RKD_MSG_WORK_CERT:
		if (rkd_work_cert_decode(f->body, f->len, &p, &n, &q,
					 &m) == 0)
			r = rkd_work_cert_encode(&out, p, n, q, m);
		break;
	case RKD_MSG_FACTOR:
		if (rkd_factor_decode(f->body, f->len, 256, &p) == 0)
			r = rkd_factor_encode(&out, p, 256);
		break;
	case RKD_MSG_RESPONSE:
		if (rkd_response_decode(f->body, f->len, 384, &p) == 0)
			r = rkd_response_encode(&out, p, 384);
		break;
	case RKD_MSG_CHALLENGE:
		if (rkd_challenge_decode(f->body, f->len, chal) == 0)
			r = rkd_challenge_encode(&out, chal);
		break;
	case RKD_MSG_KEY:
		if (rkd_key_decode(f->body, f->len, kmac, &key) == 0)
			r = rkd_key_encode(&out, &key, kmac);
		break;
	case RKD_MSG_DONE:
		if (rkd_done_decode(f->body, f->len, kmac, &v) == 0)
			r = rkd_done_encode(&out, v, kmac);
		break;
	case RKD_MSG_RECEIPT:
		if (rkd_receipt_decode(f->body, f->len, kmac, &rc) == 0)
			r = rkd_receipt_encode(&out, &rc, kmac);
		fuzz_receipt_split(f, r == RKD_ERR_INTERNAL ? -1 : 0);
		break;
	case RKD_MSG_ACK:
		if (rkd_ack_decode(f->body, f->len, kmac, &v) == 0)
			r = rkd_ack_encode(&out, v, kmac);
		break;
	case RKD_MSG_ERROR:
		if (rkd_error_decode(f->body, f->len, &v) == 0)
			r = rkd_error_encode(&out, v);
		break;
	default:
		abort();	/* the frame layer let an unknown type in */
	}
	if (r == RKD_ERR_INTERNAL)
		return;		/* refused: fine */
	MUST(r == 0);
	MUST(rkd_buf_len(&out) == f->len);
	MUST(memcmp(rkd_buf_ptr(&out), f->body, f->len) == 0);
}

/* The incremental reader over a pipe must agree with rkd_frame_parse(). */
static void fuzz_rx(const uint8_t *data, size_t size)
{
	static struct rkd_frame_rx rx;
	static struct rkd_frame f;
	struct rkd_buf in;
	int fds[2], r1, r2;

	if (size > 60000 || pipe2(fds, O_NONBLOCK) != 0)
		return;
	MUST(write(fds[1], data, size) == (ssize_t)size);
	close(fds[1]);
	rkd_buf_view(&in, data, size);
	rkd_frame_rx_init(&rx);
	do {
		r1 = rkd_frame_parse(&in, &f);
		r2 = rkd_frame_rx_read(fds[0], &rx);
		if (r1 == 0) {
			MUST(r2 == 0);
			MUST(rx.f.type == f.type && rx.f.len == f.len);
			MUST(memcmp(rx.f.body, f.body, f.len) == 0);
		} else if (r1 == RKD_ERR_SHORT) {
			/* the stream ends: between frames or inside one */
			MUST(r2 == (rkd_buf_len(&in) ? RKD_ERR_TRUNCATED :
						       RKD_ERR_EOF));
		} else {
			MUST(r2 == r1);	/* the same header error */
		}
	} while (r1 == 0);
	close(fds[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rkd_frame f;
	struct rkd_buf in;

	rkd_buf_view(&in, data, size);
	while (rkd_frame_parse(&in, &f) == 0)
		fuzz_body(&f);
	fuzz_rx(data, size);
	return 0;
}
