/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of libpinpad share and callers do not see.
 */
#ifndef LIBPINPAD_INTERNAL_H
#define LIBPINPAD_INTERNAL_H

#include <stdint.h>

#include "libpinpad.h"

/* Not exported from a shared build; still prefixed, as all our symbols. */
#define PINPAD_HIDDEN __attribute__((visibility("hidden")))

struct pinpad {
	int fd;
};

/*
 * pinpad_ioctl() - issue one command on the handle's file
 *
 * Return: 0, or -errno from the device (or -EINVAL for a NULL handle).
 */
PINPAD_HIDDEN int pinpad_ioctl(struct pinpad *pp, unsigned long cmd,
			       void *arg);

/* User pointers travel as __u64 so 32- and 64-bit callers agree. */
static inline __u64 pinpad_uptr(const void *p)
{
	return (__u64)(uintptr_t)p;
}

#endif /* LIBPINPAD_INTERNAL_H */
