// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - capget(2)/capset(2) for the network process's jail (caps.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sys/prctl.h>
#include <sys/syscall.h>

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
