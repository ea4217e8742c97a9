// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_keyblock.c - libFuzzer over pinpad_kb_unwrap() (kmod/keyblock.c,
 * the module's source, built for the host). Input: one byte choosing the
 * KBPK (kb_fuzz_kbpk.h, modulo their count), then the key block. Beyond
 * the sanitizers, it checks the parser's contract: the only answers are
 * 0, -EBADMSG and -EKEYREJECTED; on error nothing comes out; on success
 * a valid key with valid attributes of a class.
 */
#include <stdio.h>
#include <stdlib.h>

#include "keyblock.h"
#include "kb_fuzz_kbpk.h"

static struct pinpad_key kbpks[KB_FUZZ_KBPKS];

static void setup(void)
{
	static bool done;
	size_t i, j;

	if (done)
		return;
	for (i = 0; i < KB_FUZZ_KBPKS; i++) {
		const char *h = kb_fuzz_kbpk[i];
		size_t n = strlen(h) / 2;
		u8 raw[32];

		for (j = 0; j < n; j++)
			sscanf(h + 2 * j, "%2hhx", &raw[j]);
		/* 16 and 24 bytes: TDES for the first two, AES after */
		if (pinpad_key_set(&kbpks[i], i < 2 ? PINPAD_ALG_TDES :
				   PINPAD_ALG_AES, raw, n))
			abort();
	}
	done = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pinpad_key_attr a;
	struct pinpad_key out;
	int err;

	setup();
	if (!size)
		return 0;
	err = pinpad_kb_unwrap(&kbpks[data[0] % KB_FUZZ_KBPKS], data + 1,
			       (u32)(size - 1), &a, &out);
	if (err == -EBADMSG || err == -EKEYREJECTED) {
		static const struct pinpad_key_attr zero;

		if (out.alg != PINPAD_ALG_NONE || memcmp(&a, &zero, sizeof(a)))
			abort();
	} else if (err || pinpad_attr_check(&a, out.alg) ||
		   pinpad_attr_class(&a) == PINPAD_USAGE_NONE ||
		   !out.len) {
		abort();
	}
	return 0;
}
