// SPDX-License-Identifier: MIT
/*
 * keys.c - the commands that fill or empty slots: INJECT_KEY (clear key,
 * factory), LOAD_WK (key wrapped under a TMK) and CLEAR_SLOT.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

int pinpad_inject_key(struct pinpad *pp, uint32_t slot,
		      enum pinpad_usage usage, const uint8_t *key,
		      size_t key_len, const uint8_t *kcv)
{
	struct pinpad_key_inject req;
	int ret;

	if (!key || key_len > PINPAD_KEY_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	req.usage = usage;
	req.key_len = (__u32)key_len;
	memcpy(req.key, key, key_len);
	if (kcv) {
		req.flags |= PINPAD_KEY_F_CHECK_KCV;
		memcpy(req.kcv, kcv, PINPAD_KCV_LEN);
	}
	ret = pinpad_ioctl(pp, PINPAD_IOC_INJECT_KEY, &req);
	explicit_bzero(&req, sizeof(req));
	return ret;
}

int pinpad_load_wk(struct pinpad *pp, uint32_t slot, enum pinpad_usage usage,
		   uint32_t tmk_slot, const uint8_t *wrapped,
		   size_t wrapped_len, const uint8_t *kcv)
{
	struct pinpad_wk_load req;
	int ret;

	if (!wrapped || wrapped_len > PINPAD_KEY_MAX || !kcv)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	req.usage = usage;
	req.tmk_slot = tmk_slot;
	req.key_len = (__u32)wrapped_len;
	memcpy(req.wrapped, wrapped, wrapped_len);
	memcpy(req.kcv, kcv, PINPAD_KCV_LEN);
	ret = pinpad_ioctl(pp, PINPAD_IOC_LOAD_WK, &req);
	/* Wrapped, so not clear key bytes; wiped all the same. */
	explicit_bzero(&req, sizeof(req));
	return ret;
}

int pinpad_clear_slot(struct pinpad *pp, uint32_t slot)
{
	__u32 arg = slot;

	return pinpad_ioctl(pp, PINPAD_IOC_CLEAR_SLOT, &arg);
}
