// SPDX-License-Identifier: MIT
/*
 * keys.c - the commands that fill or empty slots: INJECT_KEY (clear key,
 * factory), LOAD_WK (key wrapped under a TMK) and CLEAR_SLOT.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/*
 * The attributes a TDES key of each class always had before key blocks
 * (the contract of issue #11: TMK K0/D, PIN P0/E, MAC M3/C, DATA D0/B).
 * Interim: kb-tools gives the caller the choice.
 */
static void inject_default_attr(enum pinpad_usage usage,
				struct pinpad_key_attr *a)
{
	static const char *const def[] = {
		[PINPAD_USAGE_TMK] = "K0D", [PINPAD_USAGE_PIN] = "P0E",
		[PINPAD_USAGE_MAC] = "M3C", [PINPAD_USAGE_DATA] = "D0B",
	};

	if (usage < PINPAD_USAGE_TMK || usage > PINPAD_USAGE_DATA)
		return;		/* all zero: the device refuses it */
	memcpy(a->usage, def[usage], 2);
	a->mode = (__u8)def[usage][2];
	a->algorithm = 'T';
	memcpy(a->version, "00", 2);
	a->exportability = 'N';
}

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
	req.alg = PINPAD_ALG_TDES;
	inject_default_attr(usage, &req.attr);
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

int pinpad_load_wk(struct pinpad *pp, uint32_t slot, uint32_t kbpk_slot,
		   const char *block, size_t block_len, uint8_t *kcv)
{
	struct pinpad_wk_load req;
	int ret;

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

int pinpad_clear_slot(struct pinpad *pp, uint32_t slot)
{
	__u32 arg = slot;

	return pinpad_ioctl(pp, PINPAD_IOC_CLEAR_SLOT, &arg);
}
