// SPDX-License-Identifier: MIT
/*
 * fuzz_kb_host.c - libFuzzer harness for the host key block codec
 * (userspace/proto/keyblock.c). The first byte picks one of two games:
 *
 * even: the rest is a key block, opened under a fixed KBPK of 16, 24 or
 *       32 bytes (the byte's bits 1-2). No crash, no out-of-bounds read;
 *       on success a key of a length the rules allow.
 * odd:  the rest makes a block: 7 header characters, a key length, the
 *       optional blocks' count, then optional-block text; it is wrapped
 *       without the policy (rkd_kb_wrap_ex) and opened again. Whatever
 *       wrap_ex made must open to the same key and attributes when the
 *       policy allows them, so the parser meets its own writer's output
 *       beyond the MAC.
 */
#include <stdlib.h>
#include <string.h>

#include "rkd_err.h"
#include "rkd_keyblock.h"

#define MUST(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t kbpk[32] = "0123456789abcdefghijklmnopqrstuv";
static const uint8_t key[32] = "ZYXWVUTSRQPONMLKJIHGFEDCBA987654";

static void open_block(const uint8_t *data, size_t size, size_t kbpk_len)
{
	struct rkd_kb_attr attr;
	uint8_t out[32];
	size_t out_len;

	if (rkd_kb_unwrap(kbpk, kbpk_len, (const char *)data, size, &attr,
			  out, sizeof(out), &out_len, NULL) == 0)
		MUST(pinpad_kb_strength(attr.algorithm,
					(unsigned int)out_len));
}

static void round_trip(const uint8_t *data, size_t size, size_t kbpk_len)
{
	char opt[RKD_KB_MAX + 1], block[RKD_KB_MAX];
	struct rkd_kb_wrap_opts o = { opt, 0, NULL, true };
	struct rkd_kb_attr attr, got;
	uint8_t out[32];
	size_t len, out_len, key_len, n;
	const char *why;
	int r;

	if (size < 10)
		return;
	memcpy(attr.usage, data, 2);
	attr.algorithm = (char)data[2];
	attr.mode = (char)data[3];
	memcpy(attr.version, data + 4, 2);
	attr.exportability = (char)data[6];
	key_len = data[7] % 33;
	o.n_opt = data[8] % 100;
	n = size - 9 < RKD_KB_MAX ? size - 9 : RKD_KB_MAX;
	memcpy(opt, data + 9, n);
	opt[n] = 0;
	if (rkd_kb_wrap_ex(kbpk_len == 24 ? 'B' : 'D', kbpk, kbpk_len, &attr,
			   key, key_len, data[0] & 8, &o, block, sizeof(block),
			   &len, NULL) != 0)
		return;
	r = rkd_kb_unwrap(kbpk, kbpk_len, block, len, &got, out, sizeof(out),
			  &out_len, &why);
	if (r == 0) {
		MUST(out_len == key_len && !memcmp(out, key, key_len));
		MUST(!memcmp(&got, &attr, sizeof(got)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t kbpk_lens[] = { 16, 24, 32, 32 };
	size_t kbpk_len;

	if (size < 1 || size > RKD_KB_MAX + 16)
		return 0;
	kbpk_len = kbpk_lens[(data[0] >> 1) & 3];
	if (data[0] & 1)
		round_trip(data + 1, size - 1, kbpk_len);
	else
		open_block(data + 1, size - 1, kbpk_len);
	return 0;
}
