// SPDX-License-Identifier: MIT
/*
 * lifecycle.c - the commands that move the device between lifecycle
 * states: SEAL (FACTORY -> SEALED), TAMPER (any -> ZEROIZED) and RECOVER
 * (ZEROIZED -> FACTORY); and the rate limits the admin role may lower.
 */
#include <string.h>

#include <errno.h>

#include "internal.h"

int pinpad_seal(struct pinpad *pp)
{
	return pinpad_ioctl(pp, PINPAD_IOC_SEAL, NULL);
}

int pinpad_tamper(struct pinpad *pp)
{
	return pinpad_ioctl(pp, PINPAD_IOC_TAMPER, NULL);
}

int pinpad_recover(struct pinpad *pp)
{
	return pinpad_ioctl(pp, PINPAD_IOC_RECOVER, NULL);
}

int pinpad_limit_get(struct pinpad *pp, uint32_t limit,
		     struct pinpad_limit_info *info)
{
	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->limit = limit;
	return pinpad_ioctl(pp, PINPAD_IOC_LIMIT_GET, info);
}

int pinpad_limit_set(struct pinpad *pp, uint32_t limit, uint32_t per_hour,
		     uint32_t burst, struct pinpad_limit_info *info)
{
	struct pinpad_limit_info li = {
		.limit = limit, .per_hour = per_hour, .burst = burst,
	};
	int ret = pinpad_ioctl(pp, PINPAD_IOC_LIMIT_SET, &li);

	if (info)
		*info = li;
	return ret;
}
