// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fake_pinpad.c - a stand-in for pinpad.ko's factory commands, for testing
 * rks-factory on a host without the module.
 *
 * It defines ioctl(2) itself, so rks-factory linked with it (the
 * rks-factory-fake binary) talks to this fake on any file descriptor: give
 * it --device /dev/null. Unlike userspace/tests/fake_device.c it keeps
 * state, as the module does: the DSN, DIK2's KCV (computed with OpenSSL),
 * the factor's length, the root certificate's SHA-256, the lifecycle
 * state. Steered by the environment:
 *   FAKE_PINPAD_STATE=sealed   start SEALED instead of FACTORY
 *   FAKE_PINPAD_DSN=DSN        start with this DSN
 *   FAKE_PINPAD_FAIL=CMD:ERR   CMD (SET_DSN, SET_DIK2, SET_ROOT, SEAL)
 *                              fails with ERR (EINVAL, EBADMSG,
 *                              EKEYREJECTED, EACCES, EPERM)
 *   FAKE_PINPAD_LIE=1          STATUS reports a wrong DIK2 KCV
 *   FAKE_PINPAD_LOG=FILE       one line per command is appended to FILE;
 *                              SET_DIK2's line carries DIK2 and the factor
 *                              in hex, so a test can recompute F (a fake
 *                              only: the module never shows them)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "pinpad.h"
#include "rkd_crypto.h"

static struct pinpad_status st;
static bool ready;

static void fake_log(const char *fmt, ...)
{
	const char *path = getenv("FAKE_PINPAD_LOG");
	va_list ap;
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static void hex(char *out, const __u8 *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02X", buf[i]);
	out[2 * len] = '\0';
}

static void fake_init(void)
{
	const char *state = getenv("FAKE_PINPAD_STATE");
	const char *dsn = getenv("FAKE_PINPAD_DSN");

	ready = true;
	st.api_version = PINPAD_API_VERSION;
	st.state = state && !strcmp(state, "sealed") ? PINPAD_STATE_SEALED :
		   PINPAD_STATE_FACTORY;
	st.tmk_slots = PINPAD_TMK_SLOTS;
	st.wk_slots = PINPAD_WK_SLOTS;
	if (dsn && *dsn && strlen(dsn) <= PINPAD_DSN_MAX) {
		st.dsn_len = (__u32)strlen(dsn);
		memcpy(st.dsn, dsn, st.dsn_len);
		st.flags |= PINPAD_STATUS_HAS_DSN;
	}
}

/* The errno FAKE_PINPAD_FAIL gives @cmd, or 0. */
static int injected(const char *cmd)
{
	static const struct {
		const char *name;
		int err;
	} errs[] = {
		{ "EINVAL", EINVAL }, { "EBADMSG", EBADMSG },
		{ "EKEYREJECTED", EKEYREJECTED }, { "EACCES", EACCES },
		{ "EPERM", EPERM },
	};
	const char *fail = getenv("FAKE_PINPAD_FAIL");
	size_t n = strlen(cmd), i;

	if (!fail || strncmp(fail, cmd, n) || fail[n] != ':')
		return 0;
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (!strcmp(fail + n + 1, errs[i].name))
			return errs[i].err;
	return EIO;
}

static int set_dsn(const struct pinpad_dsn *d)
{
	/* the module's rule, from the one copy userspace has */
	if (d->reserved0 || d->len > PINPAD_DSN_MAX ||
	    !rkd_dsn_valid((const char *)d->dsn, d->len))
		return -EINVAL;
	memset(st.dsn, 0, sizeof(st.dsn));
	memcpy(st.dsn, d->dsn, d->len);
	st.dsn_len = d->len;
	st.flags |= PINPAD_STATUS_HAS_DSN;
	fake_log("SET_DSN %.*s", (int)d->len, d->dsn);
	return 0;
}

static int set_dik2(const struct pinpad_dik2 *d)
{
	char dik2[2 * PINPAD_DIK2_LEN + 1], factor[2 * PINPAD_FACTOR_MAX + 1];

	/* the module's rules: factor length, degenerate key (parity aside) */
	if (d->reserved0 || d->factor_len < 1 ||
	    d->factor_len > PINPAD_FACTOR_MAX ||
	    rkd_tdes_key_weak(d->dik2, PINPAD_DIK2_LEN))
		return -EINVAL;
	if (rkd_kcv(d->dik2, PINPAD_DIK2_LEN, st.dik2_kcv))
		return -EIO;
	if (getenv("FAKE_PINPAD_LIE"))
		st.dik2_kcv[0] ^= 1;
	st.factor_len = d->factor_len;
	st.flags |= PINPAD_STATUS_HAS_DIK2;
	hex(dik2, d->dik2, PINPAD_DIK2_LEN);
	hex(factor, d->factor, d->factor_len);
	fake_log("SET_DIK2 dik2=%s factor=%s", dik2, factor);
	return 0;
}

static int set_root(const struct pinpad_buf *b)
{
	unsigned int len = 0;

	if (b->reserved0 || b->len < 1 || b->len > PINPAD_CERT_MAX)
		return -EINVAL;
	if (EVP_Digest((const void *)(uintptr_t)b->addr, b->len, st.root_fpr,
		       &len, EVP_sha256(), NULL) != 1)
		return -EIO;
	st.flags |= PINPAD_STATUS_HAS_ROOT;
	fake_log("SET_ROOT len=%u", b->len);
	return 0;
}

static int seal(void)
{
	const __u32 all = PINPAD_STATUS_HAS_DSN | PINPAD_STATUS_HAS_DIK2 |
			  PINPAD_STATUS_HAS_ROOT;

	if ((st.flags & all) != all)
		return -ENODATA;
	st.state = PINPAD_STATE_SEALED;
	fake_log("SEAL");
	return 0;
}

static int fake_ioctl(unsigned long cmd, void *arg)
{
	static const char *const names[] = {
		[0x10] = "SET_DSN", [0x11] = "SET_DIK2", [0x12] = "SET_ROOT",
		[0x14] = "SEAL",
	};
	unsigned int nr = _IOC_NR(cmd);
	int err;

	if (!ready)
		fake_init();
	if (cmd == PINPAD_IOC_STATUS) {
		memcpy(arg, &st, sizeof(st));
		return 0;
	}
	if (nr >= sizeof(names) / sizeof(names[0]) || !names[nr])
		return -ENOTTY;
	if (st.state != PINPAD_STATE_FACTORY)
		return -EACCES;
	err = injected(names[nr]);
	if (err)
		return -err;
	switch (cmd) {
	case PINPAD_IOC_SET_DSN:
		return set_dsn(arg);
	case PINPAD_IOC_SET_DIK2:
		return set_dik2(arg);
	case PINPAD_IOC_SET_ROOT:
		return set_root(arg);
	case PINPAD_IOC_SEAL:
		return seal();
	}
	return -ENOTTY;
}

/* Takes the place of the C library's ioctl() in programs linked with it. */
int ioctl(int fd, unsigned long cmd, ...)
{
	va_list ap;
	void *arg;
	int ret;

	(void)fd;
	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	ret = fake_ioctl(cmd, arg);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}
