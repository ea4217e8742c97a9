// SPDX-License-Identifier: MIT
/*
 * device.c - opening and closing /dev/pinpad, and the one place that
 * calls ioctl(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

int pinpad_ioctl(struct pinpad *pp, unsigned long cmd, void *arg)
{
	int ret;

	if (!pp)
		return -EINVAL;
	/*
	 * By the kernel's convention a call that fails with EINTR was
	 * stopped before it took effect, so issuing it again is safe.
	 */
	do {
		ret = ioctl(pp->fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/* Fails early, and clearly, on a node that is not ours or not our API. */
static int pinpad_check_api(struct pinpad *pp)
{
	struct pinpad_status st;
	int ret;

	ret = pinpad_status(pp, &st);
	if (ret)
		return ret;
	if (st.api_version != PINPAD_API_VERSION)
		return -EPROTONOSUPPORT;
	return 0;
}

int pinpad_open(const char *path, int flags, struct pinpad **out)
{
	struct pinpad *pp;
	int oflags;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (flags & ~PINPAD_OPEN_RDWR)
		return -EINVAL;
	oflags = (flags & PINPAD_OPEN_RDWR) ? O_RDWR : O_RDONLY;

	pp = calloc(1, sizeof(*pp));
	if (!pp)
		return -ENOMEM;
	pp->fd = open(path ? path : PINPAD_DEFAULT_PATH, oflags | O_CLOEXEC);
	if (pp->fd < 0) {
		ret = -errno;
		goto err_free;
	}
	ret = pinpad_check_api(pp);
	if (ret)
		goto err_close;
	*out = pp;
	return 0;

err_close:
	close(pp->fd);
err_free:
	free(pp);
	return ret;
}

void pinpad_close(struct pinpad *pp)
{
	if (!pp)
		return;
	close(pp->fd);
	free(pp);
}
