// SPDX-License-Identifier: MIT
/*
 * identity.c - the factory commands that give the device its identity:
 * DSN, DIK2 with the factor, and the root certificate RKS_RCRT.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int pinpad_set_dsn(struct pinpad *pp, const char *dsn, size_t len)
{
	struct pinpad_dsn req;

	if ((!dsn && len) || len > PINPAD_DSN_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.len = (__u32)len;
	if (len)
		memcpy(req.dsn, dsn, len);
	return pinpad_ioctl(pp, PINPAD_IOC_SET_DSN, &req);
}

int pinpad_set_dik2(struct pinpad *pp, const uint8_t *dik2, size_t dik2_len,
		    const uint8_t *factor, size_t factor_len)
{
	struct pinpad_dik2 req;
	int ret;

	if (!dik2 || dik2_len != PINPAD_DIK2_LEN ||
	    (!factor && factor_len) || factor_len > PINPAD_FACTOR_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	memcpy(req.dik2, dik2, PINPAD_DIK2_LEN);
	req.factor_len = (__u32)factor_len;
	if (factor_len)
		memcpy(req.factor, factor, factor_len);
	ret = pinpad_ioctl(pp, PINPAD_IOC_SET_DIK2, &req);
	explicit_bzero(&req, sizeof(req));
	return ret;
}

int pinpad_set_root(struct pinpad *pp, const uint8_t *der, size_t len)
{
	struct pinpad_buf req;

	/* The size limit is the device's; only what fits __u32 is ours. */
	if ((!der && len) || len > UINT32_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.addr = pinpad_uptr(der);
	req.len = (__u32)len;
	return pinpad_ioctl(pp, PINPAD_IOC_SET_ROOT, &req);
}
