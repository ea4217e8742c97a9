// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_session.c - a whole session delivering three keys: the device
 * holds them, the database has them delivered, the audit lists them; a
 * second session finds nothing pending.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_msg.h"
#include "srv_harness.h"

struct keyset {
	unsigned int n_pending, n_delivered;
	char kcvs[128];
};

static int count_keys(const struct rks_key_info *k, void *arg)
{
	struct keyset *ks = arg;
	size_t n = strlen(ks->kcvs);

	if (k->delivered) {
		ks->n_delivered++;
		snprintf(ks->kcvs + n, sizeof(ks->kcvs) - n, "%s%u:%s",
			 n ? " " : "", k->slot, hex(k->kcv, 3));
	} else {
		ks->n_pending++;
	}
	return 0;
}

static struct keyset keys_of(const char *dsn)
{
	struct keyset ks = { 0 };

	rks_db_key_list(env_db, dsn, count_keys, &ks);
	return ks;
}

/* The KCV a device stored in @slot, as hex. */
static const char *dev_kcv(const struct rkd_softdev *d, unsigned int slot)
{
	uint8_t usage, len, kcv[3];

	if (rkd_softdev_slot(d, slot, &usage, &len, kcv))
		return "-";
	return hex(kcv, 3);
}

static const char *kcv_of(const char *key_hex)
{
	uint8_t key[24], kcv[3];
	size_t len = strlen(key_hex) / 2;

	unhex(key_hex, key, len);
	rkd_kcv(key, len, kcv);
	return hex(kcv, 3);
}

static void test_full_session(struct srv *s)
{
	char outcome[64], detail[256], want[128];
	struct rkd_softdev *d;
	unsigned int port;
	struct keyset ks;
	uint8_t err = 0xee;

	env_device("RKD-FULL-0001");
	env_key("RKD-FULL-0001", 1, RKS_USAGE_TMK, KEY_A);
	env_key("RKD-FULL-0001", 20, RKS_USAGE_PIN, KEY_B);
	env_key("RKD-FULL-0001", 33, RKS_USAGE_DATA, KEY_C);
	CHECK_INT(keys_of("RKD-FULL-0001").n_pending, 3);

	d = dev_new("RKD-FULL-0001", 0, false);
	CHECK_INT(dev_run(s, d, &err, &port), RKD_OK);
	CHECK_INT(err, 0);
	CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_COMPLETE);
	CHECK_INT(rkd_softdev_keys_stored(d), 3);
	/* the device holds the keys the database holds */
	CHECK_STR(dev_kcv(d, 1), kcv_of(KEY_A));
	CHECK_STR(dev_kcv(d, 20), kcv_of(KEY_B));
	CHECK_STR(dev_kcv(d, 33), kcv_of(KEY_C));
	/* ... and the database knows they were delivered */
	ks = keys_of("RKD-FULL-0001");
	CHECK_INT(ks.n_pending, 0);
	CHECK_INT(ks.n_delivered, 3);
	CHECK(audit_of(port, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_STR(outcome, "delivered");
	CHECK_STR(detail, "3 keys");
	snprintf(want, sizeof(want), "1:%s 20:%s 33:%s", kcv_of(KEY_A),
		 kcv_of(KEY_B), kcv_of(KEY_C));
	CHECK_STR(ks.kcvs, want);

	/* nothing pending: a session delivers nothing, and says so */
	CHECK_INT(dev_run(s, d, &err, &port), RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 0);
	CHECK(audit_of(port, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_STR(outcome, "delivered");
	CHECK_STR(detail, "0 keys");
	rkd_softdev_free(d);
}

/*
 * v3 (#11): an AES-256 TMK and an AES-128 PIN key with attributes of
 * their own (K1/B, P0/E version "07"), from the database through
 * rks-server's key blocks into the device; the RECEIPT's KCVs are AES-CMAC
 * (X9.24-1:2017 A.3) and the server recorded them. Keys and KCVs:
 * TR-31:2018 A.7.4's KBPK and key (Documentation/test-vectors.md, D-A74),
 * KCVs with openssl mac -cipher AES-256-CBC (resp. 128) CMAC over 16 zero
 * bytes.
 */
static void test_aes_session(struct srv *s)
{
	static const struct rks_key_attr tmk = { 'A', "K1", 'B', "00" };
	static const struct rks_key_attr pin = { 'A', "P0", 'E', "07" };
	const char *dsn = "RKD-AES-0001";
	struct rks_new_key k[2] = {
		{ dsn, 2, RKS_USAGE_TMK, NULL, 32, &tmk },
		{ dsn, 21, RKS_USAGE_PIN, NULL, 16, &pin },
	};
	uint8_t tmk_key[32], pin_key[16], err = 0xee;
	struct rkd_kb_attr attr;
	struct rks_key_info info;
	struct rkd_softdev *d;
	unsigned int port;

	unhex("88E1AB2A2E3DD38C1FA039A536500CC8"
	      "A87AB9D62DC92C01058FA79F44657DE6", tmk_key, 32);
	unhex("3F419E1CB7079442AA37474C2EFBF8B8", pin_key, 16);
	k[0].key = tmk_key;
	k[1].key = pin_key;
	env_device(dsn);
	CHECK_INT(rks_db_key_add_many(env_db, k, 2, "test", &info, NULL), 0);

	d = dev_new(dsn, 0, false);
	CHECK_INT(dev_run(s, d, &err, &port), RKD_OK);
	CHECK_INT(err, 0);
	CHECK_INT(rkd_softdev_keys_stored(d), 2);
	CHECK_STR(dev_kcv(d, 2), "233155");
	CHECK_STR(dev_kcv(d, 21), "08793E");
	CHECK_INT(rkd_softdev_slot_attr(d, 21, &attr), RKD_OK);
	CHECK(!memcmp(attr.usage, "P0", 2) && attr.algorithm == 'A' &&
	      attr.mode == 'E' && !memcmp(attr.version, "07", 2) &&
	      attr.exportability == 'N');
	CHECK_INT(rkd_softdev_slot_attr(d, 2, &attr), RKD_OK);
	CHECK(!memcmp(attr.usage, "K1", 2) && attr.mode == 'B');
	CHECK_STR(keys_of(dsn).kcvs, "2:233155 21:08793E");
	rkd_softdev_free(d);
}

void test_srv_session(struct srv *s)
{
	test_full_session(s);
	test_aes_session(s);
	CHECK(good_session(s));
}
