/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KBPKs the fuzzer (fuzz_keyblock.c) picks from with its first input
 * byte, hex: the same as gen-kb-vectors.sh's, so that the unit tests'
 * blocks (kb-tests --seeds) are valid seeds.
 */
#ifndef KB_FUZZ_KBPK_H
#define KB_FUZZ_KBPK_H

static const char *const kb_fuzz_kbpk[] = {
	"0123456789ABCDEFFEDCBA9876543210",
	"0123456789ABCDEFFEDCBA98765432101032547698BADCFE",
	"101112131415161718191A1B1C1D1E1F",
	"202122232425262728292A2B2C2D2E2F3031323334353637",
	"88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6",
};
#define KB_FUZZ_KBPKS	(sizeof(kb_fuzz_kbpk) / sizeof(kb_fuzz_kbpk[0]))

#endif /* KB_FUZZ_KBPK_H */
