// SPDX-License-Identifier: MIT
/*
 * test_rules.c - librkdproto's domain rules (rkd_rules.h, rkd_kcv())
 * against tests/rules/rule_table.h, the table tests/kselftest/rules_test.c
 * runs against pinpad.ko: where both pass, userspace and the module agree.
 * Then the hex decoder and the sealed-blob header, which only userspace has.
 */
#include <stdio.h>
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_rules.h"
#include "test.h"

/* relative to this file: the table is shared with the kselftest */
#include "../../../tests/rules/rule_table.h"

static void check_rule(bool ok, const char *rule, const char *what, int i)
{
	check_at(ok, __FILE__, __LINE__, "%s[%d] (%s)", rule, i, what);
}

static void test_table(void)
{
	uint8_t kcv[PINPAD_KCV_LEN];
	char what[32];
	size_t i;

	for (i = 0; i < RULE_COUNT(rule_dsns); i++) {
		const struct rule_dsn *d = &rule_dsns[i];

		check_rule(rkd_dsn_valid(d->dsn, d->len) == !!d->valid,
			   "rule_dsns", d->what, (int)i);
	}
	for (i = 0; i < RULE_COUNT(rule_slots); i++) {
		const struct rule_slot *s = &rule_slots[i];

		snprintf(what, sizeof(what), "slot %u usage %u", s->slot,
			 s->usage);
		check_rule(rkd_slot_accepts(s->slot, s->usage) == !!s->accepts,
			   "rule_slots", what, (int)i);
	}
	for (i = 0; i < RULE_COUNT(rule_keys); i++) {
		const struct rule_key *k = &rule_keys[i];

		check_rule(rkd_tdes_key_weak((const uint8_t *)k->key, k->len) ==
			   !!k->weak, "rule_keys", k->what, (int)i);
		check_rule(rkd_key_len_valid(k->len) ==
			   (k->len == 16 || k->len == 24),
			   "rule_keys length", k->what, (int)i);
	}
	for (i = 0; i < RULE_COUNT(rule_kcvs); i++) {
		const struct rule_kcv *v = &rule_kcvs[i];

		CHECK_ERR(rkd_kcv((const uint8_t *)v->key, v->len, kcv),
			  RKD_OK);
		check_rule(!memcmp(kcv, v->kcv, sizeof(kcv)), "rule_kcvs",
			   v->source, (int)i);
	}
}

static void test_hex(void)
{
	uint8_t buf[24];
	size_t len, where;

	CHECK_INT(rkd_hex_decode("00ff7A", buf, 1, 8, &len, &where),
		  RKD_HEX_OK);
	CHECK(len == 3 && !memcmp(buf, "\x00\xff\x7a", 3) && where == 0);
	CHECK_INT(rkd_hex_decode("0123456789abcdefABCDEF", buf, 1, 24, &len,
				 &where), RKD_HEX_OK);
	CHECK_HEX(buf, 11, "0123456789abcdefabcdef");
	CHECK_INT(rkd_hex_decode("", buf, 1, 8, &len, &where), RKD_HEX_EMPTY);
	CHECK_INT(rkd_hex_decode("abc", buf, 1, 8, &len, &where), RKD_HEX_ODD);
	CHECK_INT(rkd_hex_decode("0011", buf, 3, 3, &len, &where),
		  RKD_HEX_LENGTH);
	CHECK_INT(len, 2);
	CHECK_INT(rkd_hex_decode("001122334455667788", buf, 1, 8, &len,
				 &where), RKD_HEX_LENGTH);
	CHECK_INT(len, 9);
	/* the first bad character, 1-based; the buffer wiped */
	memset(buf, 0x55, sizeof(buf));
	CHECK_INT(rkd_hex_decode("00g0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(where, 3);
	CHECK_INT(len, 0);
	CHECK_HEX(buf, 8, "0000000000000000");
	CHECK_INT(rkd_hex_decode("a0zzz0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(where, 3);
	CHECK_INT(rkd_hex_decode("0x", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(where, 2);
	/* the neighbours of each digit range */
	CHECK_INT(rkd_hex_decode("/0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(rkd_hex_decode(":0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(rkd_hex_decode("@0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(rkd_hex_decode("G0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(rkd_hex_decode("`0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
	CHECK_INT(rkd_hex_decode("\xe1" "0", buf, 1, 8, &len, &where),
		  RKD_HEX_NOT_HEX);
}

static void test_seal_hdr(void)
{
	struct pinpad_seal_hdr h;
	uint64_t gen;

	/*
	 * Documentation/secure-module.md, "Blob format" (versions 2 and 3,
	 * the same header): 52 bytes, generation at 16, rollback counter
	 * at 24
	 */
	CHECK_INT(sizeof(h), 52);
	CHECK_INT(PINPAD_SEAL_VERSION, 3);
	CHECK_INT(offsetof(struct pinpad_seal_hdr, key_id), 8);
	CHECK_INT(offsetof(struct pinpad_seal_hdr, generation), 16);
	CHECK_INT(offsetof(struct pinpad_seal_hdr, counter), 24);
	CHECK_INT(offsetof(struct pinpad_seal_hdr, iv), 32);
	CHECK_INT(offsetof(struct pinpad_seal_hdr, ct_len), 48);

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, PINPAD_SEAL_MAGIC, sizeof(h.magic));
	h.version = PINPAD_SEAL_VERSION;
	memcpy(h.generation, "\x00\x00\x00\x01\x00\x00\x00\x2a", 8);
	CHECK_INT(rkd_seal_hdr_generation(&h, sizeof(h), &gen), 0);
	CHECK(gen == 0x10000002aULL);
	CHECK_INT(rkd_seal_hdr_generation(&h, sizeof(h) - 1, &gen), -1);
	CHECK(gen == 0);
	h.version = 1;	/* the layout before the rollback counter */
	CHECK_INT(rkd_seal_hdr_generation(&h, sizeof(h), &gen), -1);
	h.version = 2;	/* before key attributes: the same header */
	CHECK_INT(rkd_seal_hdr_generation(&h, sizeof(h), &gen), 0);
	h.version = 4;
	CHECK_INT(rkd_seal_hdr_generation(&h, sizeof(h), &gen), -1);
	h.version = PINPAD_SEAL_VERSION;
	h.magic[0] = 'X';
	CHECK_INT(rkd_seal_hdr_generation(&h, sizeof(h), &gen), -1);
}

void test_rules(void)
{
	test_table();
	test_hex();
	test_seal_hdr();
}
