// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_msgrec.c - libFuzzer over what the RKS's privileged side parses
 * with privilege separation (rks-server/server/msgrec.c) and the step
 * before it in the network process (msg.c). The first byte picks:
 *
 * even: the rest is a record from the network process. The check must
 *   not crash; a record it takes must re-encode to the very same bytes
 *   (one encoding per message: nothing in a record is ignored), and a
 *   HELLO, FACTOR or RESPONSE taken must have a canonical body that
 *   decodes back to the same message.
 * odd: the next byte is a frame type and the rest its body, decoded as
 *   the network process does (RSA-2048); the record it makes must pass
 *   the server's check and give the same message.
 */
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "msgrec.h"
#include "rkd_err.h"
#include "rkd_frame.h"

#define MODULUS	256
#define MUST(cond) do { if (!(cond)) abort(); } while (0)

static void fuzz_record(const uint8_t *data, size_t size)
{
	static uint8_t again[RKS_REC_MAX], mem[RKD_BODY_MAX];
	static struct rks_msg m, back;
	struct rkd_buf body;
	char why[128];
	size_t n;

	if (rks_msgrec_decode(data, size, MODULUS, &m, why, sizeof(why)))
		return;
	n = rks_msgrec_encode(&m, again);
	MUST(n == size && memcmp(again, data, n) == 0);
	rkd_buf_fixed(&body, mem, sizeof(mem));
	if (m.err == RKD_OK && m.type != RKD_MSG_RECEIPT) {
		MUST(rks_msg_body(&m, &body) == RKD_OK);
		MUST(rks_msg_decode(m.type, rkd_buf_ptr(&body),
				    (uint32_t)rkd_buf_len(&body), MODULUS,
				    &back) == RKD_OK);
		MUST(memcmp(&back, &m, sizeof(m)) == 0);
	}
}

static void fuzz_frame(const uint8_t *data, size_t size)
{
	static uint8_t rec[RKS_REC_MAX];
	static struct rks_msg m, back;
	char why[128];
	size_t n;

	if (size < 1 || size - 1 > RKD_BODY_MAX)
		return;
	rks_msg_decode(data[0], data + 1, (uint32_t)(size - 1), MODULUS, &m);
	if (!rkd_msg_type_known(m.type))
		return;	/* the frame reader refuses it at the header */
	n = rks_msgrec_encode(&m, rec);
	MUST(rks_msgrec_decode(rec, n, MODULUS, &back, why,
			       sizeof(why)) == 0);
	MUST(memcmp(&back, &m, sizeof(m)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_frame(data + 1, size - 1);
	else
		fuzz_record(data + 1, size - 1);
	return 0;
}
