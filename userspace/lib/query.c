// SPDX-License-Identifier: MIT
/*
 * query.c - the read-only commands: STATUS and SLOT_INFO.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

int pinpad_status(struct pinpad *pp, struct pinpad_status *st)
{
	int ret;

	if (!st)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	ret = pinpad_ioctl(pp, PINPAD_IOC_STATUS, st);
	if (ret)
		memset(st, 0, sizeof(*st));	/* no half answers */
	return ret;
}

int pinpad_slot_info(struct pinpad *pp, uint32_t slot,
		     struct pinpad_slot_info *info)
{
	int ret;

	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->slot = slot;
	ret = pinpad_ioctl(pp, PINPAD_IOC_SLOT_INFO, info);
	if (ret) {
		memset(info, 0, sizeof(*info));
		info->slot = slot;
	}
	return ret;
}
