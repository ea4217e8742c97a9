/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rule_table.h - the PIN pad's domain rules as one table of valid and
 * invalid values, the module's answer for each. Two tests read it:
 *
 *   userspace/proto/tests/test_rules.c  librkdproto's rules (rkd_rules.h,
 *                                       rkd_kcv()) on the host
 *   tests/kselftest/rules_test.c        pinpad.ko itself, in the VM, on
 *                                       both kernels
 *
 * so a rule that drifts on either side fails a test. Add a value here, not
 * in one of them. Needs only pinpad.h; every array is used by both tests.
 */
#ifndef PINPAD_RULE_TABLE_H
#define PINPAD_RULE_TABLE_H

#include "pinpad.h"

#define RULE_UNUSED __attribute__((unused))

/* --- DSN: PINPAD_IOC_SET_DSN, rkd_dsn_valid() -------------------------- */
struct rule_dsn {
	const char *dsn;	/* len bytes; may hold a NUL */
	unsigned int len;
	int valid;		/* the module takes it */
	const char *what;
};

static const struct rule_dsn rule_dsns[] RULE_UNUSED = {
	{ "PP-0001", 7, 1, "a usual DSN" },
	{ "!", 1, 1, "one character, the first graphic ASCII" },
	{ "~", 1, 1, "the last graphic ASCII" },
	{ "A!#$%&()*+,-./:;<=>?@[]^_`{|}~", 30, 1, "every punctuation" },
	{ "01234567890123456789012345678901", 32, 1, "32 characters" },
	{ "012345678901234567890123456789012", 33, 0, "33 characters" },
	{ "", 0, 0, "empty" },
	{ "PP 1", 4, 0, "a space" },
	{ " PP1", 4, 0, "a leading space" },
	{ "PP1 ", 4, 0, "a trailing space" },
	{ "PP\t1", 4, 0, "a tab" },
	{ "PP\n1", 4, 0, "a newline" },
	{ "PP\x01" "1", 4, 0, "a control character" },
	{ "PP\x7f", 3, 0, "DEL" },
	{ "caf\xc3\xa9", 5, 0, "UTF-8: bytes above 0x7e" },
	{ "PP\xff", 3, 0, "the byte 0xff" },
	{ "PP\0" "1", 4, 0, "an embedded NUL" },
};

/* --- slot classes: PINPAD_IOC_INJECT_KEY, rkd_slot_accepts() ------------ */
struct rule_slot {
	unsigned int slot, usage;
	int accepts;
};

static const struct rule_slot rule_slots[] RULE_UNUSED = {
	{ 0, PINPAD_USAGE_TMK, 1 },
	{ PINPAD_TMK_SLOTS - 1, PINPAD_USAGE_TMK, 1 },
	{ PINPAD_WK_FIRST, PINPAD_USAGE_TMK, 0 },
	{ PINPAD_SLOTS - 1, PINPAD_USAGE_TMK, 0 },
	{ 0, PINPAD_USAGE_PIN, 0 },
	{ PINPAD_TMK_SLOTS - 1, PINPAD_USAGE_MAC, 0 },
	{ 3, PINPAD_USAGE_DATA, 0 },
	{ PINPAD_WK_FIRST, PINPAD_USAGE_PIN, 1 },
	{ PINPAD_WK_FIRST, PINPAD_USAGE_MAC, 1 },
	{ PINPAD_WK_FIRST, PINPAD_USAGE_DATA, 1 },
	{ 33, PINPAD_USAGE_MAC, 1 },
	{ PINPAD_SLOTS - 1, PINPAD_USAGE_DATA, 1 },
	{ PINPAD_SLOTS, PINPAD_USAGE_DATA, 0 },
	{ PINPAD_SLOTS, PINPAD_USAGE_TMK, 0 },
	{ 1000, PINPAD_USAGE_PIN, 0 },
	{ 0, PINPAD_USAGE_NONE, 0 },
	{ 20, PINPAD_USAGE_NONE, 0 },
	{ 20, 5, 0 },
	{ 0, 0xffffffff, 0 },
};

/*
 * A key every slot test injects (not degenerate): K16 of
 * userspace/proto/tests/vectors.h.
 */
#define RULE_GOOD_KEY16 \
	"\x01\x23\x45\x67\x89\xab\xcd\xef\xfe\xdc\xba\x98\x76\x54\x32\x10"

/* --- TDES keys: length and degenerate keys; rkd_tdes_key_weak() --------- */
struct rule_key {
	const char *key;	/* len bytes (at most PINPAD_KEY_MAX) */
	unsigned int len;
	int weak;		/* the module refuses it (-EINVAL) */
	const char *what;
};

/* K1, K2, K3 of the 24-byte keys below */
#define RULE_K1 "\x01\x23\x45\x67\x89\xab\xcd\xef"
#define RULE_K2 "\xfe\xdc\xba\x98\x76\x54\x32\x10"
#define RULE_K3 "\x89\xab\xcd\xef\x01\x23\x45\x67"
/* K1 and K2 with every parity bit (bit 0 of each byte) flipped */
#define RULE_K1P "\x00\x22\x44\x66\x88\xaa\xcc\xee"
#define RULE_K2P "\xff\xdd\xbb\x99\x77\x55\x33\x11"
/* K2 with one key bit (bit 1 of byte 0) flipped */
#define RULE_K2B "\xfc\xdc\xba\x98\x76\x54\x32\x10"

static const struct rule_key rule_keys[] RULE_UNUSED = {
	{ RULE_K1 RULE_K2, 16, 0, "two-key" },
	{ RULE_K1 RULE_K2 RULE_K3, 24, 0, "three-key" },
	{ RULE_K1 RULE_K2 RULE_K1, 24, 0, "K1 = K3: two-key as 24 bytes" },
	{ RULE_K1P RULE_K2P, 16, 0, "parity bits flipped: still distinct" },
	{ RULE_K1 RULE_K1, 16, 1, "K1 = K2" },
	{ RULE_K1 RULE_K1P, 16, 1, "K1, K2 differ only in parity" },
	{ RULE_K1 RULE_K1 RULE_K3, 24, 1, "K1 = K2" },
	{ RULE_K1 RULE_K2 RULE_K2, 24, 1, "K2 = K3" },
	{ RULE_K1 RULE_K1P RULE_K3, 24, 1, "K1, K2 differ only in parity" },
	{ RULE_K1 RULE_K2 RULE_K2P, 24, 1, "K2, K3 differ only in parity" },
	{ RULE_K1 RULE_K2 RULE_K2B, 24, 0, "K2, K3 differ in a key bit" },
	{ RULE_K1 RULE_K1 RULE_K1, 24, 1, "single DES" },
	{ RULE_K1, 8, 1, "8 bytes: single DES" },
	{ RULE_K1 RULE_K2 "\x01\x02\x03\x04", 20, 1, "20 bytes" },
	{ "", 0, 1, "empty" },
};

/* --- KCVs: PINPAD_IOC_SLOT_INFO after INJECT_KEY; rkd_kcv() ------------- */
struct rule_kcv {
	const char *key;
	unsigned int len;
	unsigned char kcv[PINPAD_KCV_LEN];
	const char *source;
};

/*
 * Each KCV is the first 3 bytes of TDES-ECB(key, 8 zero bytes), computed
 * with the openssl CLI (OpenSSL 3.0), never with the code under test:
 *   head -c8 /dev/zero | openssl enc -des-ede3 -nopad -K KEY24 |
 *     head -c3 | xxd -p
 * where KEY24 is a 16-byte key followed by its first 8 bytes (K1K2K1).
 */
static const struct rule_kcv rule_kcvs[] RULE_UNUSED = {
	{ RULE_K1 RULE_K2, 16, { 0x08, 0xd7, 0xb4 },
	  "openssl CLI, K1K2K1; KCV_OF_K16 of userspace/proto/tests/vectors.h" },
	{ RULE_K1P RULE_K2P, 16, { 0x08, 0xd7, 0xb4 },
	  "openssl CLI: the parity bits change nothing" },
	{ RULE_K1 RULE_K2 RULE_K3, 24, { 0x3f, 0xd5, 0x39 },
	  "openssl CLI; KCV_OF_VA_DIK1 of userspace/proto/tests/vectors.h" },
	{ RULE_K1 RULE_K2 RULE_K1, 24, { 0x08, 0xd7, 0xb4 },
	  "openssl CLI: K1K2K1 as 24 bytes, the two-key KCV" },
	{ "\xaf\x0f\x50\x20\x54\x68\x8d\x4c\x4b\x8c\xd4\xa4\x47\xf3\xb3\x2c"
	  "\x8d\xd1\x00\x80\x9e\xfb\x6a\xdf", 24, { 0x1c, 0x46, 0x47 },
	  "openssl CLI; the DIK2 of Documentation/rks-admin.md's example" },
};

#define RULE_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif /* PINPAD_RULE_TABLE_H */
