// SPDX-License-Identifier: GPL-2.0
/*
 * Factory provisioning of /dev/pinpad: DSN, DIK2 and factor, the root
 * certificate, sealing; who may do it and when. Every refusal also checks
 * that the device's state did not change.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	PP_SETUP_FRESH(self);
}

FIXTURE_TEARDOWN(dev)
{
	pp_close(self->fd);
}

TEST_F(dev, fresh_status)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_API_VERSION, st.api_version);
	EXPECT_EQ(PINPAD_STATE_FACTORY, st.state);
	EXPECT_EQ(0, st.flags);
	EXPECT_EQ(0, st.dsn_len);
	EXPECT_EQ(16, st.tmk_slots);
	EXPECT_EQ(32, st.wk_slots);
	EXPECT_EQ(0, st.keys_loaded);
	EXPECT_EQ(0, st.factor_len);
	/* reserved bytes and the absent DIK2's KCV are zeroes, not stack */
	EXPECT_EQ(0, memcmp(st.reserved0, "\0\0\0\0\0", 5));
	EXPECT_EQ(0, memcmp(st.dik2_kcv, "\0\0\0", 3));
}

TEST_F(dev, device_node_is_0600)
{
	struct stat sb;

	ASSERT_EQ(0, stat(PINPAD_DEV, &sb));
	EXPECT_TRUE(S_ISCHR(sb.st_mode));
	EXPECT_EQ(0600, sb.st_mode & 07777);
}

TEST_F(dev, set_dsn)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_set_dsn(self->fd, "PP-0000000042"));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(13, st.dsn_len);
	EXPECT_EQ(0, memcmp(st.dsn, "PP-0000000042", 13));
	EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_DSN);
	/* 32 bytes, the maximum */
	EXPECT_EQ(0, pp_set_dsn(self->fd, "0123456789abcdef0123456789ABCDEF"));
}

TEST_F(dev, set_dsn_refusals_change_nothing)
{
	struct pinpad_dsn d = { .len = 3, .dsn = "abc" };
	struct pinpad_status st;

	ASSERT_EQ(0, pp_set_dsn(self->fd, "KEEP-ME"));
	EXPECT_EQ(-EINVAL, pp_set_dsn(self->fd, ""));
	d.len = PINPAD_DSN_MAX + 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SET_DSN, &d));
	EXPECT_EQ(-EINVAL, pp_set_dsn(self->fd, "has space"));
	EXPECT_EQ(-EINVAL, pp_set_dsn(self->fd, "ctl\x01"));
	EXPECT_EQ(-EINVAL, pp_set_dsn(self->fd, "hi\x80"));
	d.len = 3;
	d.reserved0 = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SET_DSN, &d));

	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(7, st.dsn_len);
	EXPECT_EQ(0, memcmp(st.dsn, "KEEP-ME", 7));
}

TEST_F(dev, set_dik2_reports_kcv)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_set_dik2(self->fd, DIK2, 64));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_DIK2);
	EXPECT_EQ(64, st.factor_len);
	EXPECT_EQ(0, memcmp(st.dik2_kcv, DIK2_KCV, 3));
	EXPECT_EQ(0, pp_set_dik2(self->fd, DIK2, 1));
}

TEST_F(dev, set_dik2_refusals_change_nothing)
{
	unsigned char weak[24];
	struct pinpad_dik2 d = { .factor_len = 8 };
	struct pinpad_status st;

	ASSERT_EQ(0, pp_set_dik2(self->fd, DIK2, 16));
	EXPECT_EQ(-EINVAL, pp_set_dik2(self->fd, DIK2, 0));
	EXPECT_EQ(-EINVAL, pp_set_dik2(self->fd, DIK2, PINPAD_FACTOR_MAX + 1));
	/* K1 == K2: single DES in disguise */
	memcpy(weak, WEAK_KEY, 16);
	memcpy(weak + 16, DIK2, 8);
	EXPECT_EQ(-EINVAL, pp_set_dik2(self->fd, weak, 16));
	memcpy(d.dik2, DIK2, 24);
	d.reserved0 = 7;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SET_DIK2, &d));

	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(16, st.factor_len);
	EXPECT_EQ(0, memcmp(st.dik2_kcv, DIK2_KCV, 3));
}

TEST_F(dev, set_root_rsa2048)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_set_root(self->fd, "root2048.der"));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_ROOT);
	EXPECT_EQ(0, memcmp(st.root_fpr, ROOT2048_SHA256, 32));
}

TEST_F(dev, set_root_refusals_change_nothing)
{
	unsigned char big[PINPAD_CERT_MAX + 1] = { 0x30 };
	struct pinpad_buf b = { .len = 10, .reserved0 = 1 };
	struct pinpad_status st;

	ASSERT_EQ(0, pp_set_root(self->fd, "root2048.der"));
	EXPECT_EQ(-EKEYREJECTED, pp_set_root(self->fd, "root1024.der"));
	EXPECT_EQ(-EKEYREJECTED, pp_set_root(self->fd, "rootec.der"));
	/* the root profile: a self-signed CA (basicConstraints cA) */
	EXPECT_EQ(-EKEYREJECTED, pp_set_root(self->fd, "rootnoca.der"));
	/* a work certificate is not a root: not self-signed, not a CA */
	EXPECT_EQ(-EKEYREJECTED, pp_set_root(self->fd, "work2048.der"));
	EXPECT_EQ(-EBADMSG, pp_set_root(self->fd, "truncated.der"));
	EXPECT_EQ(-EBADMSG, pp_set_root(self->fd, "garbage.der"));
	EXPECT_EQ(-EINVAL, pp_set_root_bytes(self->fd, big, 0));
	EXPECT_EQ(-EINVAL, pp_set_root_bytes(self->fd, big, sizeof(big)));
	b.addr = (unsigned long)big;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SET_ROOT, &b));
	EXPECT_EQ(-EFAULT, pp_set_root_bytes(self->fd, (void *)8, 100));

	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_ROOT);
	EXPECT_EQ(0, memcmp(st.root_fpr, ROOT2048_SHA256, 32));
}

TEST_F(dev, seal_needs_complete_identity)
{
	struct pinpad_status st;

	EXPECT_EQ(-ENODATA, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pp_set_dsn(self->fd, "PP-1"));
	EXPECT_EQ(-ENODATA, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pp_set_dik2(self->fd, DIK2, 8));
	EXPECT_EQ(-ENODATA, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_FACTORY, st.state);

	ASSERT_EQ(0, pp_set_root(self->fd, "root2048.der"));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_SEALED, st.state);
}

TEST_F(dev, sealed_refuses_provisioning)
{
	struct pinpad_status before, after;

	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK3, 24, NULL));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &before));

	EXPECT_EQ(-EACCES, pp_set_dsn(self->fd, "OTHER"));
	EXPECT_EQ(-EACCES, pp_set_dik2(self->fd, DIK2, 4));
	EXPECT_EQ(-EACCES, pp_set_root(self->fd, "root2048.der"));
	EXPECT_EQ(-EACCES, pp_inject(self->fd, 1, PINPAD_USAGE_TMK, TMK, 16,
				     NULL));
	EXPECT_EQ(-EACCES, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));

	ASSERT_EQ(0, pp_status(self->fd, &after));
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
	/* a sealed device still takes working keys under its TMK */
	EXPECT_EQ(0, pp_load_wk(self->fd, 16, 0, KB_DATA, WK_DATA_KCV));
}

TEST_F(dev, provisioning_needs_cap_sys_admin)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct pinpad_status st;

		if (pp_drop_sys_admin())
			_exit(10);
		if (pp_set_dsn(self->fd, "NOCAP") != -EPERM)
			_exit(11);
		if (pp_set_dik2(self->fd, DIK2, 4) != -EPERM)
			_exit(12);
		if (pp_set_root(self->fd, "root2048.der") != -EPERM)
			_exit(13);
		if (pp_inject(self->fd, 0, PINPAD_USAGE_TMK, TMK, 16, NULL) !=
		    -EPERM)
			_exit(14);
		if (pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL) != -EPERM)
			_exit(15);
		if (pp_status(self->fd, &st) || st.flags)
			_exit(16);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(dev, read_only_open_cannot_change_state)
{
	int ro = pp_open(O_RDONLY);
	struct pinpad_status st;

	ASSERT_LE(0, ro);
	EXPECT_EQ(-EBADF, pp_set_dsn(ro, "RO"));
	EXPECT_EQ(-EBADF, pp_inject(ro, 0, PINPAD_USAGE_TMK, TMK, 16, NULL));
	EXPECT_EQ(-EBADF, pp_ioctl(ro, PINPAD_IOC_TAMPER, NULL));
	EXPECT_EQ(-EBADF, pp_ioctl(ro, PINPAD_IOC_SEAL, NULL));
	EXPECT_EQ(0, pp_status(ro, &st));
	EXPECT_EQ(PINPAD_STATE_FACTORY, st.state);
	EXPECT_EQ(0, st.flags);
	pp_close(ro);
}

TEST_HARNESS_MAIN
