// SPDX-License-Identifier: GPL-2.0
/*
 * Key slots of /dev/pinpad: clear injection at the factory (with key
 * attributes), working keys loaded as key blocks under a TMK, TDES use
 * with DATA keys, usage enforcement, erasing. keyblock_test.c has the key
 * blocks' own tests.
 * Expected ciphertexts and KCVs come from the openssl CLI (vectors.h, made
 * by gen-vectors.sh). Every refusal checks that no slot changed.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"

#define TMK_SLOT	3
#define DATA_SLOT	20
#define PIN_SLOT	21
#define MAC_SLOT	22

FIXTURE(keys) {
	int fd;
};

/*
 * A device with a three-key TMK in slot 3 and DATA, PIN, MAC working keys
 * under it, each from a key block (gen-keyblocks.sh).
 */
FIXTURE_SETUP(keys)
{
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, pp_load_fixture_keys(self->fd, TMK_SLOT, DATA_SLOT,
					  PIN_SLOT, MAC_SLOT));
}

FIXTURE_TEARDOWN(keys)
{
	pp_close(self->fd);
}

/* Snapshot of every slot's metadata, to prove a refusal changed nothing. */
static void snapshot(int fd, struct pinpad_slot_info *all)
{
	unsigned int i;

	for (i = 0; i < PINPAD_SLOTS; i++)
		pp_slot_info(fd, i, &all[i]);
}

TEST_F(keys, slot_table_shows_usage_length_kcv)
{
	struct pinpad_slot_info info;
	struct pinpad_status st;

	ASSERT_EQ(0, pp_slot_info(self->fd, TMK_SLOT, &info));
	EXPECT_EQ(PINPAD_USAGE_TMK, info.usage);
	EXPECT_EQ(24, info.key_len);
	EXPECT_EQ(0, memcmp(info.kcv, TMK3_KCV, 3));
	EXPECT_EQ(PINPAD_ALG_TDES, info.alg);
	EXPECT_EQ(0, memcmp(&info.attr, "K0TD00N", 8));	/* INJECT default */
	ASSERT_EQ(0, pp_slot_info(self->fd, DATA_SLOT, &info));
	EXPECT_EQ(PINPAD_USAGE_DATA, info.usage);
	EXPECT_EQ(24, info.key_len);
	EXPECT_EQ(0, memcmp(info.kcv, WK_DATA_KCV, 3));
	EXPECT_EQ(0, memcmp(&info.attr, "D0TB00N", 8));	/* the block's */
	ASSERT_EQ(0, pp_slot_info(self->fd, PIN_SLOT, &info));
	EXPECT_EQ(PINPAD_USAGE_PIN, info.usage);
	EXPECT_EQ(0, memcmp(info.kcv, WK_PIN_KCV, 3));
	EXPECT_EQ(0, memcmp(&info.attr, "P0TE00N", 8));
	ASSERT_EQ(0, pp_slot_info(self->fd, MAC_SLOT, &info));
	EXPECT_EQ(PINPAD_USAGE_MAC, info.usage);
	EXPECT_EQ(0, memcmp(&info.attr, "M3TC00N", 8));
	EXPECT_EQ(0, info.flags);
	ASSERT_EQ(0, pp_slot_info(self->fd, 0, &info));
	EXPECT_EQ(PINPAD_USAGE_NONE, info.usage);
	EXPECT_EQ(0, info.key_len);
	EXPECT_EQ(PINPAD_ALG_NONE, info.alg);
	EXPECT_EQ(0, memcmp(&info.attr, "\0\0\0\0\0\0\0", 8));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(4, st.keys_loaded);

	EXPECT_EQ(-EINVAL, pp_slot_info(self->fd, PINPAD_SLOTS, &info));
	EXPECT_EQ(-EINVAL, pp_slot_info(self->fd, 0xffffffff, &info));
	info.slot = 0;
	info.reserved0 = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SLOT_INFO, &info));
}

TEST_F(keys, inject_refusals_change_nothing)
{
	struct pinpad_slot_info before[PINPAD_SLOTS], after[PINPAD_SLOTS];
	struct pinpad_key_inject ki = {
		.slot = 0, .alg = PINPAD_ALG_TDES, .key_len = 16,
	};
	unsigned char bad_kcv[3] = { 0x08, 0xd7, 0xb5 };
	static const char *const bad_attr[] = {
		"K0TN00N",	/* mode N: no restriction */
		"K0TG00N",	/* a MAC mode on a KEK */
		"K0TD00E",	/* exportable */
		"K0AD00N",	/* the algorithm field is not the key's */
		"B0TX00N",	/* a BDK: not yet */
		"P1TE00N",	/* an unknown usage */
		"K0TD0 N",	/* a version that is not two letters or digits */
	};
	unsigned int i;

	pp_default_attr(PINPAD_USAGE_TMK, 'T', &ki.attr);

	snapshot(self->fd, before);
	/* wrong KCV, into an occupied slot: the old key must stay */
	EXPECT_EQ(-EBADMSG, pp_inject(self->fd, TMK_SLOT, PINPAD_USAGE_TMK,
				      WK_PIN, 16, TMK_KCV));
	EXPECT_EQ(-EBADMSG, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK, 16,
				      bad_kcv));
	/* a TMK only in a TMK slot, a working key only in a working slot */
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 16, PINPAD_USAGE_TMK, TMK, 16,
				     NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, PINPAD_USAGE_DATA, TMK, 16,
				     NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, PINPAD_USAGE_NONE, TMK, 16,
				     NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, 99, TMK, 16, NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, PINPAD_SLOTS, PINPAD_USAGE_DATA,
				     TMK, 16, NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK, 8,
				     NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK, 0,
				     NULL));
	EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, WEAK_KEY,
				     16, NULL));
	/* K1 and K2 differ only in parity bits: single DES all the same */
	{
		unsigned char k[16];

		memcpy(k, TMK, 8);
		memcpy(k + 8, TMK, 8);
		k[8] ^= 0x01;
		k[15] ^= 0x01;
		EXPECT_EQ(-EINVAL, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, k,
					     16, NULL));
	}
	/* attributes: bad ones, a PIN key into a TMK slot, M3 on AES */
	for (i = 0; i < sizeof(bad_attr) / sizeof(bad_attr[0]); i++)
		EXPECT_EQ(-EINVAL, pp_inject_attr(self->fd, 0, PINPAD_ALG_TDES,
						  bad_attr[i], TMK, 16, NULL));
	EXPECT_EQ(-EINVAL, pp_inject_attr(self->fd, 0, PINPAD_ALG_TDES,
					  "P0TE00N", TMK, 16, NULL));
	EXPECT_EQ(-EINVAL, pp_inject_attr(self->fd, 30, PINPAD_ALG_AES,
					  "M3AC00N", TMK, 16, NULL));
	EXPECT_EQ(-EINVAL, pp_inject_attr(self->fd, 0, 3, "K0TD00N", TMK, 16,
					  NULL));
	/* the same clear key under another usage: the PIN key as DATA */
	EXPECT_EQ(-EKEYREJECTED, pp_inject(self->fd, 30, PINPAD_USAGE_DATA,
					   WK_PIN, 16, NULL));
	/* the TDES TMK as K1 in another slot: another usage too */
	EXPECT_EQ(-EKEYREJECTED, pp_inject_attr(self->fd, 0, PINPAD_ALG_TDES,
						"K1TD00N", TMK3, 24, NULL));
	memcpy(ki.key, TMK, 16);
	ki.attr.reserved0 = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_INJECT_KEY, &ki));
	ki.attr.reserved0 = 0;
	ki.flags = 0x80;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_INJECT_KEY, &ki));
	ki.flags = 0;
	ki.reserved0[4] = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_INJECT_KEY, &ki));
	snapshot(self->fd, after);
	EXPECT_EQ(0, memcmp(before, after, sizeof(before)));
}

TEST_F(keys, load_wk_refusals_change_nothing)
{
	struct pinpad_slot_info before[PINPAD_SLOTS], after[PINPAD_SLOTS];
	struct pinpad_wk_load wk = {
		.slot = 30, .kbpk_slot = TMK_SLOT,
		.block_len = sizeof(KB_DATA_DEC) - 1,
	};

	snapshot(self->fd, before);
	/* KBPK slot empty, or a key that may not unwrap, or out of range */
	EXPECT_EQ(-ENOKEY, pp_load_wk(self->fd, 30, 0, KB_DATA_DEC, NULL));
	EXPECT_EQ(-EKEYREJECTED, pp_load_wk(self->fd, 30, DATA_SLOT,
					    KB_DATA_DEC, NULL));
	EXPECT_EQ(-EKEYREJECTED, pp_load_wk(self->fd, 30, PIN_SLOT,
					    KB_DATA_DEC, NULL));
	EXPECT_EQ(-EINVAL, pp_load_wk(self->fd, 30, 999, KB_DATA_DEC, NULL));
	/* target: a TMK slot or an out-of-range slot */
	EXPECT_EQ(-EINVAL, pp_load_wk(self->fd, 1, TMK_SLOT, KB_DATA_DEC,
				      NULL));
	EXPECT_EQ(-EINVAL, pp_load_wk(self->fd, PINPAD_SLOTS, TMK_SLOT,
				      KB_DATA_DEC, NULL));
	/* lengths: none, or more than a key block may have */
	EXPECT_EQ(-EINVAL, pp_load_wk_len(self->fd, 30, TMK_SLOT, KB_DATA_DEC,
					  0, NULL));
	EXPECT_EQ(-EINVAL, pp_load_wk_len(self->fd, 30, TMK_SLOT, KB_DATA_DEC,
					  PINPAD_KEY_BLOCK_MAX + 1, NULL));
	memcpy(wk.block, KB_DATA_DEC, wk.block_len);
	wk.reserved0 = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_LOAD_WK, &wk));
	wk.reserved0 = 0;
	wk.reserved1[4] = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_LOAD_WK, &wk));
	wk.reserved1[4] = 0;
	wk.kcv[0] = 1;		/* out only: must come in zero */
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_LOAD_WK, &wk));
	wk.kcv[0] = 0;
	snapshot(self->fd, after);
	EXPECT_EQ(0, memcmp(before, after, sizeof(before)));

	/* and the same request, corrected, works and says the KCV */
	EXPECT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_LOAD_WK, &wk));
	EXPECT_EQ(0, memcmp(wk.kcv, WK_DATA3_KCV, 3));
}

TEST_F(keys, ecb_matches_openssl)
{
	unsigned char out[32], back[32];

	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, PLAIN, out, 32, NULL));
	EXPECT_EQ(0, memcmp(out, DATA_ECB, 32));
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
			       PINPAD_OP_DECRYPT, DATA_ECB, back, 32, NULL));
	EXPECT_EQ(0, memcmp(back, PLAIN, 32));
	/* in place */
	memcpy(out, PLAIN, 32);
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, out, out, 32, NULL));
	EXPECT_EQ(0, memcmp(out, DATA_ECB, 32));
}

TEST_F(keys, cbc_matches_openssl_and_chains)
{
	unsigned char out[32], back[32], iv[8];

	memcpy(iv, DATA_IV, 8);
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_CBC,
			       PINPAD_OP_ENCRYPT, PLAIN, out, 32, iv));
	EXPECT_EQ(0, memcmp(out, DATA_CBC, 32));
	EXPECT_EQ(0, memcmp(iv, DATA_CBC + 24, 8));

	/* two calls of 16 bytes chain like one call of 32 */
	memcpy(iv, DATA_IV, 8);
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_CBC,
			       PINPAD_OP_DECRYPT, DATA_CBC, back, 16, iv));
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_CBC,
			       PINPAD_OP_DECRYPT, DATA_CBC + 16, back + 16, 16,
			       iv));
	EXPECT_EQ(0, memcmp(back, PLAIN, 32));
}

TEST_F(keys, cipher_bad_arguments)
{
	static unsigned char buf[PINPAD_DATA_MAX + 8];
	unsigned char iv[8] = { 1 };

	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 0, NULL));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 7, NULL));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 12, NULL));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf,
				     PINPAD_DATA_MAX + 8, NULL));
	EXPECT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, buf, buf, PINPAD_DATA_MAX,
			       NULL));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, 0,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, NULL));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, 3,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, NULL));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB, 0,
				     buf, buf, 8, NULL));
	/* ECB takes no IV: a non-zero one is a caller's mistake */
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, iv));
	EXPECT_EQ(-EINVAL, pp_cipher(self->fd, PINPAD_SLOTS, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, NULL));
	/* unmapped user buffers */
	EXPECT_EQ(-EFAULT, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, (void *)8, buf, 8,
				     NULL));
	EXPECT_EQ(-EFAULT, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, (void *)8, 8,
				     NULL));
}

TEST_F(keys, usage_is_enforced)
{
	unsigned char buf[8] = { 0 };

	/* TMK, PIN and MAC keys cannot encrypt or decrypt raw data */
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, TMK_SLOT, PINPAD_MODE_ECB,
					   PINPAD_OP_DECRYPT, buf, buf, 8,
					   NULL));
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, PIN_SLOT, PINPAD_MODE_ECB,
					   PINPAD_OP_ENCRYPT, buf, buf, 8,
					   NULL));
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, PIN_SLOT, PINPAD_MODE_CBC,
					   PINPAD_OP_DECRYPT, buf, buf, 8,
					   NULL));
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, MAC_SLOT, PINPAD_MODE_ECB,
					   PINPAD_OP_DECRYPT, buf, buf, 8,
					   NULL));
	EXPECT_EQ(-ENOKEY, pp_cipher(self->fd, 40, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, NULL));
	/* the buffer was not touched by any refused call */
	EXPECT_EQ(0, memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
}

TEST_F(keys, clear_slot)
{
	struct pinpad_slot_info info;
	unsigned char buf[8] = { 0 };
	__u32 slot = DATA_SLOT;

	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &slot));
	ASSERT_EQ(0, pp_slot_info(self->fd, DATA_SLOT, &info));
	EXPECT_EQ(PINPAD_USAGE_NONE, info.usage);
	EXPECT_EQ(0, info.key_len);
	EXPECT_EQ(0, memcmp(info.kcv, "\0\0\0", 3));
	EXPECT_EQ(-ENOKEY, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, NULL));
	slot = PINPAD_SLOTS;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &slot));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT,
				    (void *)8));
}

/*
 * Every read-only reply, for every slot, after keys and DIK2 are in: none
 * may carry 4 consecutive bytes of any key.
 */
TEST_F(keys, no_reply_carries_key_bytes)
{
	struct pinpad_slot_info info;
	struct pinpad_status st;
	unsigned char buf[64];
	unsigned int i;

	ASSERT_EQ(0, pp_set_dik2(self->fd, DIK2, 16));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_FALSE(pp_leaks(&st, sizeof(st), DIK2, 24));
	EXPECT_FALSE(pp_leaks(&st, sizeof(st), TMK3, 24));
	EXPECT_FALSE(pp_leaks(&st, sizeof(st), WK_DATA, 24));
	for (i = 0; i < PINPAD_SLOTS; i++) {
		ASSERT_EQ(0, pp_slot_info(self->fd, i, &info));
		EXPECT_FALSE(pp_leaks(&info, sizeof(info), TMK3, 24));
		EXPECT_FALSE(pp_leaks(&info, sizeof(info), WK_DATA, 24));
		EXPECT_FALSE(pp_leaks(&info, sizeof(info), WK_PIN, 16));
		EXPECT_FALSE(pp_leaks(&info, sizeof(info), DIK2, 24));
	}
	/* the device has no read, write or mmap path at all */
	EXPECT_GT(0, read(self->fd, buf, sizeof(buf)));
	EXPECT_GT(0, write(self->fd, buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
