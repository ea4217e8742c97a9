// SPDX-License-Identifier: MIT
/*
 * gen_corpus.c - gen-corpus DIR: a seed corpus for fuzz-msg, made with the
 * library's own encoders: one valid frame per message type (MAC'd ones
 * under the fuzzer's fixed K_MAC), a whole session's worth of frames in one
 * stream, and a few broken framings.
 */
#include <stdio.h>
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_msg.h"

static const uint8_t kmac[RKD_KMAC_LEN] = {	/* tests/vectors.h KMAC */
	0xb6, 0xb3, 0xa8, 0xc8, 0x8b, 0xdf, 0xce, 0x99,
	0x1d, 0xbf, 0xff, 0x87, 0x64, 0x1a, 0x3a, 0x23,
	0xc5, 0xaa, 0x5f, 0x7c, 0x88, 0x74, 0x7f, 0xf6,
	0x9e, 0x86, 0x49, 0xba, 0xe5, 0xd9, 0x38, 0x99,
};

static const char *dir;
static uint8_t stream_mem[64 * 1024];
static struct rkd_buf stream;

static int save(const char *name, const uint8_t *p, size_t n)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

/* Frame @body as @type into its own file and onto the session stream. */
static int seed(const char *name, unsigned int type, struct rkd_buf *body)
{
	uint8_t mem[RKD_FRAME_HDR_LEN + RKD_BODY_MAX];
	struct rkd_buf fr;

	rkd_buf_fixed(&fr, mem, sizeof(mem));
	if (rkd_frame_encode(&fr, type, rkd_buf_ptr(body),
			     rkd_buf_len(body)) != 0 ||
	    rkd_frame_encode(&stream, type, rkd_buf_ptr(body),
			     rkd_buf_len(body)) != 0) {
		fprintf(stderr, "gen-corpus: cannot encode %s\n", name);
		return -1;
	}
	rkd_buf_reset(body);
	return save(name, rkd_buf_ptr(&fr), rkd_buf_len(&fr));
}

int main(int argc, char **argv)
{
	static const uint8_t der[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
	uint8_t mem[RKD_BODY_MAX], blob[512];
	/* KEY (v3): TR-31:2018 A.7.4's block (a P0 key) in a PIN slot */
	static const char a74[] =
		"D0112P0AE00E0000B82679114F470F540165EDFBF7E250FC"
		"EA43F810D215F8D207E2E417C07156A27E8E31DA05F74255"
		"09593D03A457DC34";
	struct rkd_key_msg key = { .index = 0, .slot = 20,
				   .block_len = sizeof(a74) - 1 };
	struct rkd_receipt rc = { .count = 1 };
	struct rkd_buf b;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-corpus DIR\n");
		return 2;
	}
	dir = argv[1];
	rkd_buf_fixed(&stream, stream_mem, sizeof(stream_mem));
	rkd_buf_fixed(&b, mem, sizeof(mem));
	memset(blob, 0xa5, sizeof(blob));

	bad |= rkd_hello_encode(&b, "RKD-TEST-0001", 13, blob) ||
	       seed("01-hello", RKD_MSG_HELLO, &b);
	bad |= rkd_work_cert_encode(&b, der, sizeof(der), blob, 300) ||
	       seed("02-work-cert", RKD_MSG_WORK_CERT, &b);
	bad |= rkd_factor_encode(&b, blob, 256) ||
	       seed("03-factor", RKD_MSG_FACTOR, &b);
	bad |= rkd_challenge_encode(&b, blob) ||
	       seed("04-challenge", RKD_MSG_CHALLENGE, &b);
	bad |= rkd_response_encode(&b, blob, 384) ||
	       seed("05-response", RKD_MSG_RESPONSE, &b);
	memcpy(key.block, a74, key.block_len);
	bad |= rkd_key_encode(&b, &key, kmac) ||
	       seed("06-key-p0", RKD_MSG_KEY, &b);
	key.index = 1;
	key.slot = 2;
	memcpy(key.block + PINPAD_KB_OFF_USAGE, "K0", 2);
	bad |= rkd_key_encode(&b, &key, kmac) ||
	       seed("06-key-k0", RKD_MSG_KEY, &b);
	bad |= rkd_done_encode(&b, 2, kmac) || seed("07-done", RKD_MSG_DONE, &b);
	rc.e[0].slot = 2;
	bad |= rkd_receipt_encode(&b, &rc, kmac) ||
	       seed("08-receipt", RKD_MSG_RECEIPT, &b);
	bad |= rkd_ack_encode(&b, 0, kmac) || seed("09-ack", RKD_MSG_ACK, &b);
	bad |= rkd_error_encode(&b, RKD_ERROR_AUTH_FAILED) ||
	       seed("7f-error", RKD_MSG_ERROR, &b);
	bad |= save("session-stream", rkd_buf_ptr(&stream),
		    rkd_buf_len(&stream));
	/* broken framings: the fuzzer's starting points for the errors */
	bad |= save("bad-version", (const uint8_t *)"RK\x01\x01\0\0\0\x02\x01A",
		    10);
	bad |= save("bad-length", (const uint8_t *)"RK\x03\x07\0\0\x10\x01", 8);
	bad |= save("truncated", rkd_buf_ptr(&stream), 100);
	return bad ? 1 : 0;
}
