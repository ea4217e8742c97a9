// SPDX-License-Identifier: MIT
/*
 * fuzz_der.c - libFuzzer harness for the module's DER reader, kmod/der.c,
 * built for the host from the module's own source through fuzz/kshim/.
 * Any input: no out-of-bounds access (ASan), no undefined behaviour
 * (UBSan), and on success the names it reports lie inside the input.
 */
#include <stdlib.h>

#include "der.h"

#define MUST(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pinpad_cert_info ci;

	if (size > 4096)		/* a WORK_CERT body at most */
		return 0;
	if (pinpad_cert_parse(data, (u32)size, &ci) != 0)
		return 0;
	MUST(ci.issuer >= data && ci.issuer_len >= 2 &&
	     ci.issuer + ci.issuer_len <= data + size);
	MUST(ci.subject >= data && ci.subject_len >= 2 &&
	     ci.subject + ci.subject_len <= data + size);
	MUST(ci.ca ? ci.has_bc : 1);
	MUST(ci.eku_rks ? ci.has_eku : 1);
	MUST(ci.has_ku || ci.ku == 0);
	return 0;
}
