/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the /dev/pinpad selftests, which run as root inside the
 * test VM: every fixture reloads the module, so each test starts from a
 * fresh device in the FACTORY state.
 *
 * Since each role has its own node (issue #13), pp_open() opens a "device
 * handle": the key-use node, whose descriptor it returns, plus the admin,
 * download and status nodes with the same flags (status: read only), and
 * pp_ioctl() on a handle sends each command to its role's node, as
 * ioctl/pinpad.h lists them. Tests written for the one-node device keep
 * their assertions; role_test.c talks to each node on its own.
 */
#ifndef PINPAD_UTIL_H
#define PINPAD_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/if_alg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pinpad.h"
#include "vectors.h"
#include "../rules/role_table.h"

#define PINPAD_DEV	"/dev/pinpad"
#define PINPAD_KO	"/lib/pinpad.ko"
#define CERT_DIR	"/usr/share/pinpad-test"

/* The node of each command's role; -1 (PINPAD_ROLE_ANY): any node. */
static inline int pp_role_of(unsigned long cmd)
{
	return pinpad_role_of(cmd);
}

static const char *const pp_node[] = {
	[PINPAD_ROLE_STATUS] = PINPAD_DEV_STATUS,
	[PINPAD_ROLE_USE] = PINPAD_DEV_USE,
	[PINPAD_ROLE_DOWNLOAD] = PINPAD_DEV_DOWNLOAD,
	[PINPAD_ROLE_ADMIN] = PINPAD_DEV_ADMIN,
};

/* The other nodes of each handle, by the handle's (key-use) descriptor. */
#define PP_HANDLES	256
static int pp_peer[PP_HANDLES][4];

/* ioctl() returning -errno, so ASSERT_EQ(-EINVAL, pp_ioctl(...)) reads well */
static inline int pp_ioctl(int fd, unsigned long cmd, void *arg)
{
	int role = pp_role_of(cmd);

	if (fd >= 0 && fd < PP_HANDLES && pp_peer[fd][PINPAD_ROLE_USE] &&
	    role >= 0)
		fd = pp_peer[fd][role];
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

/* Unload and load pinpad.ko; 0 or -errno of the load. */
static inline int pp_reload(const char *params)
{
	int fd, err = 0, tries = 0;

	/*
	 * A reference the previous test dropped can still be on its way out
	 * (EAGAIN: the module is in use): wait for it, up to 2 s, but never
	 * for a reference someone keeps.
	 */
	while (syscall(__NR_delete_module, "pinpad", O_NONBLOCK)) {
		if (errno == ENOENT)
			break;
		if (errno != EAGAIN || ++tries > 200)
			return -errno;
		usleep(10000);
	}
	fd = open(PINPAD_KO, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (syscall(__NR_finit_module, fd, params, 0))
		err = -errno;
	close(fd);
	return err;
}

/* One node on its own: a plain descriptor, not a handle. */
static inline int pp_open_node(int role, int flags)
{
	return open(pp_node[role], flags | O_CLOEXEC);
}

static inline void pp_close(int fd)
{
	int role, err = errno;

	if (fd >= 0 && fd < PP_HANDLES && pp_peer[fd][PINPAD_ROLE_USE]) {
		for (role = 0; role < 4; role++)
			if (role != PINPAD_ROLE_USE && pp_peer[fd][role] >= 0)
				close(pp_peer[fd][role]);
		memset(pp_peer[fd], 0, sizeof(pp_peer[fd]));
	}
	close(fd);
	errno = err;
}

/* A handle on every node; -1 with errno of the first open that failed. */
static inline int pp_open(int flags)
{
	int fd = pp_open_node(PINPAD_ROLE_USE, flags), role, other;

	if (fd < 0)
		return -1;
	if (fd >= PP_HANDLES) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	for (role = 0; role < 4; role++)
		pp_peer[fd][role] = role == PINPAD_ROLE_USE ? fd : -1;
	for (role = 0; role < 4; role++) {
		if (role == PINPAD_ROLE_USE)
			continue;
		other = pp_open_node(role, role == PINPAD_ROLE_STATUS ?
				     O_RDONLY : flags);
		if (other < 0) {
			pp_close(fd);
			return -1;
		}
		pp_peer[fd][role] = other;
	}
	return fd;
}

/*
 * The start of every fixture's set-up (FIXTURE_SETUP, with its self->fd):
 * pinpad.ko loaded afresh (empty, FACTORY) and a read-write handle on
 * every node. A macro, for the harness's ASSERTs stop the set-up itself.
 */
#define PP_SETUP_FRESH(self)						\
	do {								\
		ASSERT_EQ(0, pp_reload(""));				\
		(self)->fd = pp_open(O_RDWR);				\
		ASSERT_LE(0, (self)->fd);				\
	} while (0)

/* Read a whole (small) file into a malloc'ed buffer. */
static inline unsigned char *pp_read_file(const char *name, size_t *len)
{
	char path[256];
	unsigned char *buf;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", CERT_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) || !(buf = malloc(st.st_size + 1)) ||
	    fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = st.st_size;
	return buf;
}

static inline int pp_set_dsn(int fd, const char *dsn)
{
	struct pinpad_dsn d = { .len = strlen(dsn) };

	memcpy(d.dsn, dsn, d.len > PINPAD_DSN_MAX ? PINPAD_DSN_MAX : d.len);
	return pp_ioctl(fd, PINPAD_IOC_SET_DSN, &d);
}

static inline int pp_set_dik2(int fd, const unsigned char *dik2,
			      unsigned int factor_len)
{
	struct pinpad_dik2 d = { .factor_len = factor_len };

	memcpy(d.dik2, dik2, PINPAD_DIK2_LEN);
	memset(d.factor, 0xfa, sizeof(d.factor));
	return pp_ioctl(fd, PINPAD_IOC_SET_DIK2, &d);
}

static inline int pp_set_root_bytes(int fd, const void *der, size_t len)
{
	struct pinpad_buf b = { .addr = (unsigned long)der, .len = len };

	return pp_ioctl(fd, PINPAD_IOC_SET_ROOT, &b);
}

static inline int pp_set_root(int fd, const char *file)
{
	unsigned char *der;
	size_t len;
	int err;

	der = pp_read_file(file, &len);
	if (!der)
		return -ENOENT;
	err = pp_set_root_bytes(fd, der, len);
	free(der);
	return err;
}

/*
 * The attributes a TDES key of each class had before key blocks (TMK K0/D,
 * PIN P0/E, MAC M3/C, DATA D0/B: the contract of issue #11); any other
 * class gives all-zero attributes, which the device refuses.
 */
static inline void pp_default_attr(unsigned int usage, char alg,
				   struct pinpad_key_attr *a)
{
	static const char *const def[] = {
		[PINPAD_USAGE_TMK] = "K0D", [PINPAD_USAGE_PIN] = "P0E",
		[PINPAD_USAGE_MAC] = "M3C", [PINPAD_USAGE_DATA] = "D0B",
	};

	memset(a, 0, sizeof(*a));
	if (usage < PINPAD_USAGE_TMK || usage > PINPAD_USAGE_DATA)
		return;
	memcpy(a->usage, def[usage], 2);
	a->mode = def[usage][2];
	a->algorithm = alg;
	memcpy(a->version, "00", 2);
	a->exportability = 'N';
}

/* INJECT_KEY with explicit attributes "UUAMVVE" (usage, alg, mode, ...) */
static inline int pp_inject_attr(int fd, unsigned int slot, unsigned int alg,
				 const char *attr, const unsigned char *key,
				 unsigned int len, const unsigned char *kcv)
{
	struct pinpad_key_inject ki = {
		.slot = slot, .alg = alg, .key_len = len,
	};

	memcpy(&ki.attr, attr, 7);
	memcpy(ki.key, key, len <= PINPAD_KEY_MAX ? len : PINPAD_KEY_MAX);
	if (kcv) {
		ki.flags = PINPAD_KEY_F_CHECK_KCV;
		memcpy(ki.kcv, kcv, PINPAD_KCV_LEN);
	}
	return pp_ioctl(fd, PINPAD_IOC_INJECT_KEY, &ki);
}

/* INJECT_KEY of a TDES key with its class's default attributes */
static inline int pp_inject(int fd, unsigned int slot, unsigned int usage,
			    const unsigned char *key, unsigned int len,
			    const unsigned char *kcv)
{
	struct pinpad_key_inject ki = {
		.slot = slot, .alg = PINPAD_ALG_TDES, .key_len = len,
	};

	pp_default_attr(usage, 'T', &ki.attr);
	memcpy(ki.key, key, len <= PINPAD_KEY_MAX ? len : PINPAD_KEY_MAX);
	if (kcv) {
		ki.flags = PINPAD_KEY_F_CHECK_KCV;
		memcpy(ki.kcv, kcv, PINPAD_KCV_LEN);
	}
	return pp_ioctl(fd, PINPAD_IOC_INJECT_KEY, &ki);
}

/*
 * LOAD_WK of @len bytes of a key block; with @kcv, a success whose KCV is
 * not @kcv returns -EDOM (no errno the device gives), so a test sees it.
 */
static inline int pp_load_wk_len(int fd, unsigned int slot,
				 unsigned int kbpk_slot, const char *block,
				 unsigned int len, const unsigned char *kcv)
{
	struct pinpad_wk_load wk = {
		.slot = slot, .kbpk_slot = kbpk_slot, .block_len = len,
	};
	int err;

	size_t n = strnlen(block, PINPAD_KEY_BLOCK_MAX);

	/* a longer @len sends the block and zeros after it */
	memcpy(wk.block, block, len < n ? len : n);
	err = pp_ioctl(fd, PINPAD_IOC_LOAD_WK, &wk);
	if (!err && kcv && memcmp(wk.kcv, kcv, PINPAD_KCV_LEN))
		return -EDOM;
	return err;
}

static inline int pp_load_wk(int fd, unsigned int slot,
			     unsigned int kbpk_slot, const char *block,
			     const unsigned char *kcv)
{
	return pp_load_wk_len(fd, slot, kbpk_slot, block, strlen(block), kcv);
}

/*
 * The fixtures' keys: TMK3 injected into @tmk (K0, mode D: a KBPK), and
 * under it, from key blocks, WK_DATA into @data, WK_PIN into @pin and,
 * unless @mac is negative, WK_MAC into @mac. 0, or the first error.
 */
static inline int pp_load_fixture_keys(int fd, int tmk, int data, int pin,
				       int mac)
{
	int err = pp_inject(fd, tmk, PINPAD_USAGE_TMK, TMK3, 24, TMK3_KCV);

	if (!err)
		err = pp_load_wk(fd, data, tmk, KB_DATA, WK_DATA_KCV);
	if (!err)
		err = pp_load_wk(fd, pin, tmk, KB_PIN, WK_PIN_KCV);
	if (!err && mac >= 0)
		err = pp_load_wk(fd, mac, tmk, KB_MAC, WK_MAC_KCV);
	return err;
}

/*
 * One request of @len bytes on an AF_ALG skcipher op socket (accept()ed
 * from a bound, keyed one): 0 or -errno of the send or the read.
 */
static inline int pp_alg_op(int op, bool encrypt, const void *in, void *out,
			    size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(__u32))] = {};
	struct iovec iov = { .iov_base = (void *)in, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(sizeof(__u32));
	*(__u32 *)CMSG_DATA(c) = encrypt ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;
	if (sendmsg(op, &msg, 0) != (ssize_t)len)
		return -errno;
	if (read(op, out, len) != (ssize_t)len)
		return -errno;
	return 0;
}

static inline int pp_cipher_iv(int fd, unsigned int slot, unsigned int mode,
			       unsigned int op, const void *in, void *out,
			       unsigned int len, unsigned char *iv,
			       size_t iv_len)
{
	struct pinpad_cipher c = {
		.slot = slot, .mode = mode, .op = op, .len = len,
		.in = (unsigned long)in, .out = (unsigned long)out,
	};
	int err;

	if (iv)
		memcpy(c.iv, iv, iv_len);
	err = pp_ioctl(fd, PINPAD_IOC_CIPHER, &c);
	if (!err && iv)
		memcpy(iv, c.iv, iv_len);
	return err;
}

/* CIPHER with a TDES key: an 8-byte IV (in and out for CBC, NULL for ECB) */
static inline int pp_cipher(int fd, unsigned int slot, unsigned int mode,
			    unsigned int op, const void *in, void *out,
			    unsigned int len, unsigned char *iv)
{
	return pp_cipher_iv(fd, slot, mode, op, in, out, len, iv,
			    PINPAD_BLOCK_LEN);
}

static inline int pp_slot_info(int fd, unsigned int slot,
			       struct pinpad_slot_info *info)
{
	memset(info, 0, sizeof(*info));
	info->slot = slot;
	return pp_ioctl(fd, PINPAD_IOC_SLOT_INFO, info);
}

static inline int pp_status(int fd, struct pinpad_status *st)
{
	memset(st, 0xa5, sizeof(*st));	/* the kernel must fill every byte */
	return pp_ioctl(fd, PINPAD_IOC_STATUS, st);
}

/* Provision a complete identity: DSN, DIK2 + factor, root certificate. */
static inline int pp_provision(int fd)
{
	int err;

	err = pp_set_dsn(fd, "PP-TEST-0001");
	if (!err)
		err = pp_set_dik2(fd, DIK2, 16);
	if (!err)
		err = pp_set_root(fd, "root2048.der");
	return err;
}

/* Drop every capability: uid 0 stays, its power goes. */
static inline int pp_drop_all_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	return syscall(__NR_capset, &hdr, data) ? -errno : 0;
}

/* Drop CAP_SYS_ADMIN from this process, staying root otherwise. */
static inline int pp_drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return -errno;
	data[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	data[CAP_SYS_ADMIN / 32].permitted &= ~(1U << (CAP_SYS_ADMIN % 32));
	return syscall(__NR_capset, &hdr, data) ? -errno : 0;
}

/* Does any 4-byte window of @key appear in @buf? */
static inline bool pp_leaks(const void *buf, size_t len,
			    const unsigned char *key, size_t key_len)
{
	size_t i;

	for (i = 0; i + 4 <= key_len; i++)
		if (memmem(buf, len, key + i, 4))
			return true;
	return false;
}

#endif /* PINPAD_UTIL_H */
