// SPDX-License-Identifier: GPL-2.0
/*
 * Lifecycle of /dev/pinpad: tamper, module reload, the load-time self-test,
 * and the generic ioctl refusals (unknown command, unmapped argument).
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"

FIXTURE(life) {
	int fd;
};

/* A sealed device with an identity, a TMK and a DATA key. */
FIXTURE_SETUP(life)
{
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK3, 24, NULL));
	ASSERT_EQ(0, pp_load_wk(self->fd, 16, 0, KB_DATA, WK_DATA_KCV));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
}

FIXTURE_TEARDOWN(life)
{
	if (self->fd >= 0)
		pp_close(self->fd);
}

static void expect_all_wiped(struct __test_metadata *_metadata, int fd)
{
	struct pinpad_slot_info info;
	struct pinpad_status st;
	unsigned int i;

	ASSERT_EQ(0, pp_status(fd, &st));
	EXPECT_EQ(0, st.keys_loaded);
	EXPECT_EQ(0, st.flags & (PINPAD_STATUS_HAS_DIK2 |
				 PINPAD_STATUS_HAS_ROOT));
	EXPECT_EQ(0, st.factor_len);
	EXPECT_EQ(0, memcmp(st.dik2_kcv, "\0\0\0", 3));
	for (i = 0; i < PINPAD_SLOTS; i++) {
		ASSERT_EQ(0, pp_slot_info(fd, i, &info));
		EXPECT_EQ(0, info.key_len);
		EXPECT_EQ(PINPAD_USAGE_NONE, info.usage);
		EXPECT_EQ(0, memcmp(info.kcv, "\0\0\0", 3));
	}
}

TEST_F(life, tamper_wipes_everything)
{
	unsigned char buf[8] = { 0 };
	struct pinpad_status st;

	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_ZEROIZED, st.state);
	/* the DSN is not secret: it stays, to tell which terminal it was */
	EXPECT_EQ(0, memcmp(st.dsn, "PP-TEST-0001", 12));
	expect_all_wiped(_metadata, self->fd);

	/* ZEROIZED allows nothing but looking, and tamper again */
	EXPECT_EQ(-EACCES, pp_cipher(self->fd, 16, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, buf, buf, 8, NULL));
	EXPECT_EQ(-EACCES, pp_load_wk(self->fd, 16, 0, KB_DATA, WK_DATA_KCV));
	EXPECT_EQ(-EACCES, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK, 16,
				     NULL));
	EXPECT_EQ(-EACCES, pp_set_dik2(self->fd, DIK2, 4));
	EXPECT_EQ(-EACCES, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	EXPECT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
}

TEST_F(life, tamper_in_factory_state)
{
	struct pinpad_status st;

	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, pp_inject(self->fd, 5, PINPAD_USAGE_TMK, TMK, 16, NULL));
	ASSERT_EQ(0, pp_set_dik2(self->fd, DIK2, 4));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_ZEROIZED, st.state);
	expect_all_wiped(_metadata, self->fd);
}

TEST_F(life, reload_starts_empty)
{
	struct pinpad_status st;

	pp_close(self->fd);
	self->fd = -1;
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_FACTORY, st.state);
	EXPECT_EQ(0, st.dsn_len);
	expect_all_wiped(_metadata, self->fd);
}

TEST_F(life, module_busy_while_open)
{
	/* the module cannot go away under an open file */
	EXPECT_NE(0, syscall(__NR_delete_module, "pinpad", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
}

TEST_F(life, failed_self_test_refuses_to_load)
{
	pp_close(self->fd);
	self->fd = -1;
	EXPECT_EQ(-EIO, pp_reload("selftest_fault=1"));
	EXPECT_NE(0, access(PINPAD_DEV, F_OK));
	EXPECT_EQ(0, pp_reload(""));
	EXPECT_EQ(0, access(PINPAD_DEV, F_OK));
}

TEST_F(life, unknown_commands_are_enotty)
{
	struct pinpad_status st;
	char big[512];

	EXPECT_EQ(-ENOTTY, pp_ioctl(self->fd, _IO(PINPAD_IOC_MAGIC, 0x7f),
				    NULL));
	/* a known number with the wrong size or direction is unknown too */
	EXPECT_EQ(-ENOTTY, pp_ioctl(self->fd, _IOR(PINPAD_IOC_MAGIC, 0x00,
						   big), big));
	EXPECT_EQ(-ENOTTY, pp_ioctl(self->fd, _IOW(PINPAD_IOC_MAGIC, 0x00,
						   struct pinpad_status), &st));
	EXPECT_EQ(-ENOTTY, pp_ioctl(self->fd, _IO('T', 0x01), NULL));
}

TEST_F(life, unmapped_arguments_are_efault)
{
	void *bad = (void *)8;

	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_STATUS, bad));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_SLOT_INFO, bad));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_LOAD_WK, bad));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_CIPHER, bad));
}

TEST_F(life, unmapped_arguments_in_factory_are_efault)
{
	void *bad = (void *)8;

	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_SET_DSN, bad));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_SET_DIK2, bad));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_SET_ROOT, bad));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_INJECT_KEY, bad));
}

TEST_HARNESS_MAIN
