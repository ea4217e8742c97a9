// SPDX-License-Identifier: MIT
/*
 * keys.c - the commands that fill or empty slots: INJECT_KEY (clear key
 * with its X9.143 attributes, factory), LOAD_WK (an X9.143 key block under
 * a TMK), SLOT_UNLOCK (a KBPK locked by failed loads) and CLEAR_SLOT.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

int pinpad_inject_key(struct pinpad *pp, uint32_t slot,
		      const struct pinpad_key_attr *attr, const uint8_t *key,
		      size_t key_len, const uint8_t *kcv)
{
	struct pinpad_key_inject req;
	int ret;

	if (!attr || !key || key_len > PINPAD_KEY_MAX ||
	    pinpad_key_attr_alg(attr) == PINPAD_ALG_NONE)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	req.alg = pinpad_key_attr_alg(attr);
	req.key_len = (__u32)key_len;
	req.attr = *attr;
	memcpy(req.key, key, key_len);
	if (kcv) {
		req.flags |= PINPAD_KEY_F_CHECK_KCV;
		memcpy(req.kcv, kcv, PINPAD_KCV_LEN);
	}
	ret = pinpad_ioctl(pp, PINPAD_IOC_INJECT_KEY, &req);
	explicit_bzero(&req, sizeof(req));
	return ret;
}

int pinpad_load_wk(struct pinpad *pp, uint32_t slot, uint32_t kbpk_slot,
		   const char *block, size_t block_len, uint8_t *kcv)
{
	struct pinpad_wk_load req;
	int ret;

	if (kcv)
		memset(kcv, 0, PINPAD_KCV_LEN);
	if (!block || !block_len || block_len > PINPAD_KEY_BLOCK_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	req.kbpk_slot = kbpk_slot;
	req.block_len = (__u32)block_len;
	memcpy(req.block, block, block_len);
	ret = pinpad_ioctl(pp, PINPAD_IOC_LOAD_WK, &req);
	if (!ret && kcv)
		memcpy(kcv, req.kcv, PINPAD_KCV_LEN);
	/* Wrapped, so not clear key bytes; wiped all the same. */
	explicit_bzero(&req, sizeof(req));
	return ret;
}

int pinpad_slot_unlock(struct pinpad *pp, uint32_t slot)
{
	__u32 arg = slot;

	return pinpad_ioctl(pp, PINPAD_IOC_SLOT_UNLOCK, &arg);
}

int pinpad_clear_slot(struct pinpad *pp, uint32_t slot)
{
	__u32 arg = slot;

	return pinpad_ioctl(pp, PINPAD_IOC_CLEAR_SLOT, &arg);
}
