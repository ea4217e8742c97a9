// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_tpm2.c - libFuzzer harness over kmod/tpm2_wire.c: the input is
 * given to every response parser (as the TPM's response) and to the
 * sealed-object parser (as userspace's file). A parse that succeeds must
 * stay inside the input; an object that parses must rebuild to the same
 * bytes. Any difference aborts; ASan/UBSan catch the rest.
 */
#include <stdlib.h>

#include "tpm2_wire.h"

#define MUST(cond) do { if (!(cond)) abort(); } while (0)

static bool inside(const u8 *p, u32 n, const u8 *base, size_t len)
{
	return !n || (p >= base && p + n <= base + len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 obj[TPM2W_OBJ_MAX];
	struct tpm2w_b a, b;
	u8 out[32];
	u32 h, len = size > 0xffffffff ? 0xffffffff : (u32)size;

	if (!tpm2w_parse_create_primary(data, len, &h))
		MUST(len >= TPM2W_HEADER_LEN + 4);
	if (!tpm2w_parse_create(data, len, &a, &b))
		MUST(inside(a.p, a.len, data, size) &&
		     inside(b.p, b.len, data, size) && a.len && b.len);
	tpm2w_parse_handle(data, len, &h);
	tpm2w_parse_data(data, len, out, 32);
	tpm2w_parse_data(data, len, out, 8);
	tpm2w_parse_empty(data, len);
	if (!tpm2w_obj_parse(data, len, &a, &b)) {
		MUST(inside(a.p, a.len, data, size) &&
		     inside(b.p, b.len, data, size));
		MUST(tpm2w_obj_build(obj, sizeof(obj), a, b) == len);
		MUST(!memcmp(obj, data, len));
	}
	return 0;
}
