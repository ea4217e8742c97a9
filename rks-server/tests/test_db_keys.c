// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_db_keys.c - DIK1s and keys to deliver: what is accepted, every
 * refusal (leaving the database as it was), listing, and the DIK1 export
 * whose audit record stands or falls with the export.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/crypto.h>

#include "test_db.h"

static const char *path;

#define REFUSED(db, call, err, text) do {				\
	char *before_ = db_dump(path), *after_;				\
	CHECK_INT((call), (err));					\
	CHECK_HAS(rks_db_errmsg(db), (text));				\
	after_ = db_dump(path);						\
	CHECK_STR(after_, before_);					\
	free(before_);							\
	free(after_);							\
} while (0)

static void test_dik1(struct rks_db *db)
{
	struct rks_dik1_info info;
	uint8_t k[24];
	char label[80];

	test_key(k, 24, 1);
	CHECK_INT(rks_db_dik1_add(db, "batch 2025-11 / line 3", k, ACTOR,
				  &info), 0);
	CHECK_INT(info.id, 1);
	CHECK_STR(info.label, "batch 2025-11 / line 3");
	/* KCV of test_key(1): see test_tdes() */
	CHECK_INT(rks_db_dik1_add(db, NULL, k, ACTOR, &info), 0);
	CHECK_INT(info.id, 2);
	CHECK_STR(info.label, "");

	memcpy(k + 8, k, 8);	/* K1 = K2 */
	REFUSED(db, rks_db_dik1_add(db, "x", k, ACTOR, &info), -EINVAL,
		"degenerate");
	test_key(k, 24, 1);
	memcpy(k + 16, k + 8, 8);	/* K2 = K3 */
	k[16] ^= 1;			/* ... but for a parity bit */
	REFUSED(db, rks_db_dik1_add(db, "x", k, ACTOR, &info), -EINVAL,
		"degenerate");
	test_key(k, 24, 1);
	memset(label, 'a', sizeof(label));
	label[65] = '\0';
	REFUSED(db, rks_db_dik1_add(db, label, k, ACTOR, &info), -EINVAL,
		"label");
	REFUSED(db, rks_db_dik1_add(db, "tab\there", k, ACTOR, &info),
		-EINVAL, "label");
	label[64] = '\0';
	CHECK_INT(rks_db_dik1_add(db, label, k, ACTOR, &info), 0);
}

static void test_tdes(void)
{
	/* KCVs from the openssl CLI (tests/test_admin.sh does the same):
	 * printf '\0\0\0\0\0\0\0\0' | openssl enc -des-ede3 -nopad \
	 *     -K 0123456789ABCDEFFEDCBA987654321089ABCDEF01234567 | xxd -p
	 */
	uint8_t k[24], kcv[3];

	unhex("0123456789ABCDEFFEDCBA987654321089ABCDEF01234567", k, 24);
	CHECK_INT(rks_tdes_kcv(k, 24, kcv), 0);
	CHECK_STR(hex(kcv, 3), "3FD539");
	/* 16 bytes are K1K2K1: the same as the 24-byte K1K2K1. */
	memcpy(k + 16, k, 8);
	CHECK_INT(rks_tdes_kcv(k, 16, kcv), 0);
	{
		uint8_t kcv24[3];

		CHECK_INT(rks_tdes_kcv(k, 24, kcv24), 0);
		CHECK_MEM(kcv, kcv24, 3);
	}
	CHECK_INT(rks_tdes_kcv(k, 8, kcv), -EINVAL);
	CHECK(!rks_tdes_degenerate(k, 16));
	CHECK(rks_tdes_degenerate(k, 24) == false);
	CHECK(rks_tdes_degenerate(k, 8));
	for (int i = 0; i < 64; i++) {
		size_t len = i % 2 ? 16 : 24;
		int even = 0;

		CHECK_INT(rks_tdes_generate(k, len), 0);
		CHECK(!rks_tdes_degenerate(k, len));
		for (size_t j = 0; j < len; j++)
			even += __builtin_popcount(k[j]) % 2 == 0;
		check_at(even == 0, __FILE__, __LINE__, "a new key has %d "
			 "bytes of even parity", even);
	}
}

static void test_key_add(struct rks_db *db)
{
	struct rks_key_info info;
	uint8_t k[24];

	CHECK_INT(rks_db_device_add(db, "KEYS-1", 1, ACTOR), 0);
	test_key(k, 24, 5);
	CHECK_INT(rks_db_key_add(db, "KEYS-1", 0, RKS_USAGE_TMK, k, 24, ACTOR,
				 &info), 0);
	CHECK_INT(info.id, 1);
	CHECK_STR(info.dsn, "KEYS-1");
	CHECK(!info.delivered);
	CHECK_INT(rks_db_key_add(db, "KEYS-1", 15, RKS_USAGE_TMK, k, 16, ACTOR,
				 &info), 0);
	CHECK_INT(rks_db_key_add(db, "KEYS-1", 16, RKS_USAGE_PIN, k, 16, ACTOR,
				 &info), 0);
	CHECK_INT(rks_db_key_add(db, "KEYS-1", 47, RKS_USAGE_DATA, k, 24,
				 ACTOR, &info), 0);

	REFUSED(db, rks_db_key_add(db, "KEYS-9", 1, RKS_USAGE_TMK, k, 24,
				   ACTOR, &info), -ENOENT,
		"no device with DSN 'KEYS-9'");
	REFUSED(db, rks_db_key_add(db, "KEYS 9", 1, RKS_USAGE_TMK, k, 24,
				   ACTOR, &info), -EINVAL, "DSN");
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 0, RKS_USAGE_TMK, k, 24,
				   ACTOR, &info), -EEXIST,
		"slot 0 of DSN 'KEYS-1' has a key waiting for delivery "
		"already (key 1)");
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 16, RKS_USAGE_TMK, k, 24,
				   ACTOR, &info), -EINVAL,
		"slot 16 cannot hold a tmk key");
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 15, RKS_USAGE_MAC, k, 24,
				   ACTOR, &info), -EINVAL,
		"slot 15 cannot hold a mac key");
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 48, RKS_USAGE_DATA, k, 24,
				   ACTOR, &info), -EINVAL, "slots are 0-47");
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 20, 5, k, 24, ACTOR, &info),
		-EINVAL, "cannot hold a ? key");
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 20, RKS_USAGE_MAC, k, 8,
				   ACTOR, &info), -EINVAL, "16 or 24 bytes");
	memcpy(k + 8, k, 8);
	REFUSED(db, rks_db_key_add(db, "KEYS-1", 20, RKS_USAGE_MAC, k, 16,
				   ACTOR, &info), -EINVAL, "degenerate");
}

struct listing {
	char text[1024];
	size_t n;
};

static int list_key(const struct rks_key_info *k, void *arg)
{
	struct listing *l = arg;
	size_t off = strlen(l->text);

	snprintf(l->text + off, sizeof(l->text) - off, "%s/%u/%s/%u/%s ",
		 k->dsn, k->slot, rks_usage_name(k->usage), k->len,
		 k->delivered ? "delivered" : "pending");
	l->n++;
	return 0;
}

static int stop_at_two(const struct rks_key_info *k, void *arg)
{
	(void)k;
	return ++*(int *)arg == 2 ? 42 : 0;
}

static void test_list_and_pending(struct rks_db *db)
{
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	struct listing l = { "", 0 };
	uint8_t k[24];
	size_t n;
	int calls = 0;

	CHECK_INT(rks_db_key_list(db, "KEYS-1", list_key, &l), 0);
	CHECK_STR(l.text, "KEYS-1/0/tmk/24/pending KEYS-1/15/tmk/16/pending "
		  "KEYS-1/16/pin/16/pending KEYS-1/47/data/24/pending ");
	CHECK_INT(rks_db_key_list(db, NULL, stop_at_two, &calls), 42);
	l.text[0] = '\0';
	CHECK_INT(rks_db_key_list(db, "NOBODY", list_key, &l), 0);
	CHECK_STR(l.text, "");

	CHECK_INT(rks_db_pending_keys(db, "KEYS-1", keys, RKS_KEYS_PER_SESSION,
				      &n), 0);
	CHECK_INT(n, 4);
	CHECK_INT(keys[0].slot, 0);
	CHECK_INT(keys[1].slot, 15);
	CHECK_INT(keys[2].slot, 16);
	CHECK_INT(keys[2].usage, RKS_USAGE_PIN);
	CHECK_INT(keys[3].slot, 47);
	test_key(k, 24, 5);
	CHECK_MEM(keys[1].key, k, 16);
	CHECK_INT(keys[1].len, 16);
	CHECK_INT(keys[1].key[16] | keys[1].key[23], 0);
	CHECK_MEM(keys[3].key, k, 24);
	/* Fewer asked for: the first ones by slot. */
	CHECK_INT(rks_db_pending_keys(db, "KEYS-1", keys, 2, &n), 0);
	CHECK_INT(n, 2);
	CHECK_INT(keys[1].slot, 15);
	CHECK_INT(rks_db_pending_keys(db, "NOBODY", keys, 2, &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(rks_db_pending_keys(db, "", keys, 2, &n), -EINVAL);

	/* Delivered, a slot takes a new key. */
	CHECK_INT(rks_db_pending_keys(db, "KEYS-1", keys, 1, &n), 0);
	CHECK_INT(rks_db_record_delivery(db, "KEYS-1", "p", keys, 1), 0);
	CHECK_INT(rks_db_key_add(db, "KEYS-1", 0, RKS_USAGE_TMK, k, 16, ACTOR,
				 &(struct rks_key_info){ 0 }), 0);
	l.text[0] = '\0';
	CHECK_INT(rks_db_key_list(db, "KEYS-1", list_key, &l), 0);
	CHECK_HAS(l.text, "KEYS-1/0/tmk/24/delivered KEYS-1/0/tmk/16/pending ");
}

static int sink_ok(const uint8_t dik1[24], const struct rks_dik1_info *info,
		   void *arg)
{
	memcpy(arg, dik1, 24);
	(void)info;
	return 0;
}

static int sink_fails(const uint8_t dik1[24],
		      const struct rks_dik1_info *info, void *arg)
{
	(void)dik1;
	(void)info;
	(void)arg;
	return -ENOSPC;
}

static void test_export(struct rks_db *db)
{
	uint8_t got[24], want[24];
	char *out;

	REFUSED(db, rks_db_dik1_export(db, 1, ACTOR, "f", sink_fails, NULL),
		-ENOSPC, "writing the DIK1 out failed");
	REFUSED(db, rks_db_dik1_export(db, 99, ACTOR, "f", sink_ok, got),
		-ENOENT, "no DIK1 with id 99");
	CHECK_INT(rks_db_dik1_export(db, 1, ACTOR, "/media/x/dik1.txt",
				     sink_ok, got), 0);
	test_key(want, 24, 1);
	CHECK_MEM(got, want, 24);
	out = db_sql(path, "SELECT peer, outcome, detail FROM audit ORDER BY "
		     "id DESC LIMIT 1");
	CHECK_HAS(out, "test|admin: dik1 export|DIK1 1 KCV ");
	CHECK_HAS(out, " in clear to /media/x/dik1.txt\n");
	free(out);
}

/*
 * #11: a key's algorithm and X9.143 attributes, stored with it, checked
 * against its class and length, read back with it; refusals change
 * nothing.
 */
static void test_key_attrs(struct rks_db *db)
{
	struct rks_key_attr aes_tmk = { 'A', "K1", 'B', "00" };
	struct rks_key_attr a;
	struct rks_pending_key keys[RKS_KEYS_PER_SESSION];
	struct rks_new_key nk = { "KEYS-A", 2, RKS_USAGE_TMK, NULL, 32,
				  &aes_tmk };
	struct rks_key_info info;
	uint8_t k[32];
	size_t n = 0;

	CHECK_INT(rks_db_device_add(db, "KEYS-A", 1, ACTOR), 0);
	test_key(k, 32, 9);
	nk.key = k;
	CHECK_INT(rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL), 0);
	CHECK_INT(info.len, 32);
	CHECK(info.attr.alg == 'A' && !strcmp(info.attr.usage, "K1"));
	CHECK_INT(rks_db_pending_keys(db, "KEYS-A", keys,
				      RKS_KEYS_PER_SESSION, &n), 0);
	CHECK_INT(n, 1);
	CHECK_MEM(keys[0].key, k, 32);
	CHECK(keys[0].attr.alg == 'A' && keys[0].attr.mode == 'B' &&
	      !strcmp(keys[0].attr.version, "00"));
	OPENSSL_cleanse(keys, sizeof(keys));

	/* refusals, each naming the rule */
	nk.slot = 3;
	a = aes_tmk;
	memcpy(a.usage, "P0", 2);			/* not a TMK usage */
	nk.attr = &a;
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "does not fit the key's class");
	a = aes_tmk;
	a.mode = 'G';					/* a MAC's mode */
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "mode of use does not fit");
	a = aes_tmk;
	nk.len = 20;
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "an AES key is 16, 24 or 32 bytes");
	a.alg = 'T';
	nk.len = 32;
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "a TDES key is 16 or 24 bytes");
	a.alg = 'X';
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "T (TDES) or A (AES)");
	a = aes_tmk;
	memcpy(a.version, "0-", 2);
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "two letters or digits");
	/* M3, the retail MAC, is TDES only */
	nk.slot = 20;
	nk.usage = RKS_USAGE_MAC;
	nk.len = 16;
	a = (struct rks_key_attr){ 'A', "M3", 'C', "00" };
	REFUSED(db, rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL),
		-EINVAL, "M3");
	/* ... and M6 (CMAC) takes AES */
	memcpy(a.usage, "M6", 2);
	CHECK_INT(rks_db_key_add_many(db, &nk, 1, ACTOR, &info, NULL), 0);
}

void test_db_keys(void)
{
	const char *mk = make_master_key("keys.key", 4);
	struct rks_db *db;

	path = db_target("keys.db");
	db = open_db("keys.db", mk);
	test_tdes();
	test_dik1(db);
	test_key_add(db);
	test_list_and_pending(db);
	test_key_attrs(db);
	test_export(db);
	rks_db_close(db);
	suite_done("keys");
}
