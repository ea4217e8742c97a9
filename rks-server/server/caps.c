// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - capget(2)/capset(2) for the network process's jail (caps.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <sys/prctl.h>
#include <sys/syscall.h>

#include <seccomp.h>

#include "caps.h"

/* Version 3: two 32-bit words per set (capabilities 0-63). */
struct caps {
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct d[2];
};

static int caps_get(struct caps *c)
{
	memset(c, 0, sizeof(*c));
	c->hdr.version = _LINUX_CAPABILITY_VERSION_3;
	return syscall(SYS_capget, &c->hdr, c->d) ? -errno : 0;
}

static int caps_set(struct caps *c)
{
	c->hdr.version = _LINUX_CAPABILITY_VERSION_3;
	c->hdr.pid = 0;
	return syscall(SYS_capset, &c->hdr, c->d) ? -errno : 0;
}

bool rks_caps_permitted(uint64_t mask)
{
	struct caps c;
	uint64_t p;

	if (caps_get(&c))
		return false;
	p = c.d[0].permitted | (uint64_t)c.d[1].permitted << 32;
	return (p & mask) == mask;
}

int rks_caps_lower(void)
{
	struct caps c;
	int r = caps_get(&c);

	if (r || (!c.d[0].effective && !c.d[1].effective))
		return r;	/* nothing to lower: no capset(2) needed */
	c.d[0].effective = 0;
	c.d[1].effective = 0;
	return caps_set(&c);
}

int rks_caps_drop_all(void)
{
	struct caps c;

	/* ambient first: an ambient capability must stay permitted */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0))
		return -errno;
	memset(&c, 0, sizeof(c));
	return caps_set(&c);
}

/* EPERM for @nr whenever its argument @arg is not @want. */
static int deny_unless(scmp_filter_ctx sc, int nr, unsigned int arg,
		       uint64_t want)
{
	return seccomp_rule_add(sc, SCMP_ACT_ERRNO(EPERM), nr, 1,
				SCMP_CMP(arg, SCMP_CMP_NE, want));
}

/*
 * No new user namespace: in one, a process whose parent holds CAP_SETUID
 * and CAP_SETGID (effective once raised from the permitted set) has maps
 * written that make the network user's ids there the host's root, and
 * its setresuid(net_uid, ...) passes the id checks above, which compare
 * numbers. clone3(2) takes its flags in memory seccomp cannot read: it is
 * ENOSYS, and the C library falls back to clone(2) (pthread_create(3),
 * posix_spawn(3)).
 */
static int deny_userns(scmp_filter_ctx sc)
{
	int r;

	r = seccomp_rule_add(sc, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1,
			     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER,
				     CLONE_NEWUSER));
	if (!r)
		r = seccomp_rule_add(sc, SCMP_ACT_ERRNO(EPERM),
				     SCMP_SYS(clone), 1,
				     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER,
					     CLONE_NEWUSER));
	if (!r)
		r = seccomp_rule_add(sc, SCMP_ACT_ERRNO(ENOSYS),
				     SCMP_SYS(clone3), 0);
	return r;
}

int rks_caps_confine(uid_t uid, gid_t gid)
{
	static const int never[] = {
		SCMP_SYS(setuid), SCMP_SYS(setreuid), SCMP_SYS(setfsuid),
		SCMP_SYS(setgid), SCMP_SYS(setregid), SCMP_SYS(setfsgid),
	};
	scmp_filter_ctx sc = seccomp_init(SCMP_ACT_ALLOW);
	unsigned int i;
	int r = 0;

	if (!sc)
		return -ENOMEM;
	for (i = 0; !r && i < sizeof(never) / sizeof(never[0]); i++)
		r = seccomp_rule_add(sc, SCMP_ACT_ERRNO(EPERM), never[i], 0);
	for (i = 0; !r && i < 3; i++) {
		r = deny_unless(sc, SCMP_SYS(setresuid), i, uid);
		if (!r)
			r = deny_unless(sc, SCMP_SYS(setresgid), i, gid);
	}
	if (!r)
		r = deny_unless(sc, SCMP_SYS(setgroups), 0, 0);
	if (!r)
		r = deny_userns(sc);
	if (!r)
		r = seccomp_load(sc);
	seccomp_release(sc);
	return r;
}
