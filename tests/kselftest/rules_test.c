// SPDX-License-Identifier: GPL-2.0
/*
 * The module's answer to every value of tests/rules/rule_table.h: DSNs,
 * slot classes, TDES key lengths and degenerate keys, KCVs. The host test
 * userspace/proto/tests/test_rules.c checks librkdproto's rules against
 * the same table, so userspace and the module cannot drift apart unseen.
 * Every refusal also checks that nothing stored changed.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"

/* relative to this file: the table is shared with the host test */
#include "../rules/rule_table.h"

FIXTURE(rules) {
	int fd;
};

FIXTURE_SETUP(rules)
{
	PP_SETUP_FRESH(self);
}

FIXTURE_TEARDOWN(rules)
{
	close(self->fd);
}

static int set_dsn_bytes(int fd, const char *dsn, unsigned int len)
{
	struct pinpad_dsn d = { .len = len };

	memcpy(d.dsn, dsn, len > PINPAD_DSN_MAX ? PINPAD_DSN_MAX : len);
	return pp_ioctl(fd, PINPAD_IOC_SET_DSN, &d);
}

static int clear_slot(int fd, __u32 slot)
{
	return pp_ioctl(fd, PINPAD_IOC_CLEAR_SLOT, &slot);
}

TEST_F(rules, dsn_table)
{
	struct pinpad_status st;
	unsigned int i;

	ASSERT_EQ(0, pp_set_dsn(self->fd, "BEFORE"));
	for (i = 0; i < RULE_COUNT(rule_dsns); i++) {
		const struct rule_dsn *d = &rule_dsns[i];
		int err = set_dsn_bytes(self->fd, d->dsn, d->len);

		TH_LOG("dsn[%u] %s: %d", i, d->what, err);
		EXPECT_EQ(d->valid ? 0 : -EINVAL, err);
		ASSERT_EQ(0, pp_status(self->fd, &st));
		if (d->valid) {
			EXPECT_EQ(d->len, st.dsn_len);
			EXPECT_EQ(0, memcmp(st.dsn, d->dsn, d->len));
			ASSERT_EQ(0, pp_set_dsn(self->fd, "BEFORE"));
		} else {	/* a refusal changes nothing */
			EXPECT_EQ(6, st.dsn_len);
			EXPECT_EQ(0, memcmp(st.dsn, "BEFORE", 6));
		}
	}
}

TEST_F(rules, slot_table)
{
	const unsigned char *key = (const unsigned char *)RULE_GOOD_KEY16;
	struct pinpad_status st;
	unsigned int i;

	for (i = 0; i < RULE_COUNT(rule_slots); i++) {
		const struct rule_slot *s = &rule_slots[i];
		int err = pp_inject(self->fd, s->slot, s->usage, key, 16, NULL);

		TH_LOG("slot %u usage %u: %d", s->slot, s->usage, err);
		EXPECT_EQ(s->accepts ? 0 : -EINVAL, err);
		ASSERT_EQ(0, pp_status(self->fd, &st));
		EXPECT_EQ(s->accepts ? 1 : 0, st.keys_loaded);
		if (s->accepts)
			ASSERT_EQ(0, clear_slot(self->fd, s->slot));
	}
}

TEST_F(rules, key_table)
{
	struct pinpad_status st, before;
	struct pinpad_slot_info info;
	unsigned int i;

	for (i = 0; i < RULE_COUNT(rule_keys); i++) {
		const struct rule_key *k = &rule_keys[i];
		const unsigned char *key = (const unsigned char *)k->key;
		int err = pp_inject(self->fd, 0, PINPAD_USAGE_TMK, key,
				    k->len, NULL);

		TH_LOG("key[%u] %s: %d", i, k->what, err);
		EXPECT_EQ(k->weak ? -EINVAL : 0, err);
		ASSERT_EQ(0, pp_slot_info(self->fd, 0, &info));
		EXPECT_EQ(k->weak ? 0 : k->len, info.key_len);
		if (!k->weak)
			ASSERT_EQ(0, clear_slot(self->fd, 0));
		/* DIK2 is a 24-byte key under the same rule */
		if (k->len == PINPAD_DIK2_LEN) {
			ASSERT_EQ(0, pp_status(self->fd, &before));
			err = pp_set_dik2(self->fd, key, 16);
			EXPECT_EQ(k->weak ? -EINVAL : 0, err);
			ASSERT_EQ(0, pp_status(self->fd, &st));
			if (k->weak) {	/* a refusal changes nothing */
				EXPECT_EQ(before.flags, st.flags);
				EXPECT_EQ(0, memcmp(before.dik2_kcv,
						    st.dik2_kcv,
						    PINPAD_KCV_LEN));
			} else {
				EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_DIK2);
			}
		}
	}
}

TEST_F(rules, kcv_table)
{
	struct pinpad_slot_info info;
	unsigned char wrong[PINPAD_KCV_LEN];
	unsigned int i;

	for (i = 0; i < RULE_COUNT(rule_kcvs); i++) {
		const struct rule_kcv *v = &rule_kcvs[i];
		const unsigned char *key = (const unsigned char *)v->key;

		TH_LOG("kcv[%u] %s", i, v->source);
		/* a wrong expected KCV is refused, and stores nothing */
		memcpy(wrong, v->kcv, sizeof(wrong));
		wrong[2] ^= 1;
		EXPECT_EQ(-EBADMSG, pp_inject(self->fd, 0, PINPAD_USAGE_TMK,
					      key, v->len, wrong));
		ASSERT_EQ(0, pp_slot_info(self->fd, 0, &info));
		EXPECT_EQ(0, info.key_len);
		/* the right one is taken, and SLOT_INFO shows it */
		ASSERT_EQ(0, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, key,
				       v->len, v->kcv));
		ASSERT_EQ(0, pp_slot_info(self->fd, 0, &info));
		EXPECT_EQ(v->len, info.key_len);
		EXPECT_EQ(0, memcmp(info.kcv, v->kcv, PINPAD_KCV_LEN));
		ASSERT_EQ(0, clear_slot(self->fd, 0));
	}
}

TEST_HARNESS_MAIN
