// SPDX-License-Identifier: MIT
/*
 * token.c - TOKEN_GET and TOKEN_REVOKE: the keys of the module's kernel
 * crypto API algorithms (Documentation/crypto-api.md).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int pinpad_token_get(struct pinpad *pp, uint32_t slot,
		     struct pinpad_token *token)
{
	struct pinpad_token req;
	int ret;

	if (!token)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	ret = pinpad_ioctl(pp, PINPAD_IOC_TOKEN_GET, &req);
	if (!ret)
		memcpy(token, &req, sizeof(req));
	explicit_bzero(&req, sizeof(req));
	return ret;
}

int pinpad_token_revoke(struct pinpad *pp, const struct pinpad_token *token)
{
	struct pinpad_token req;
	int ret;

	if (!token)
		return -EINVAL;
	memcpy(&req, token, sizeof(req));
	ret = pinpad_ioctl(pp, PINPAD_IOC_TOKEN_REVOKE, &req);
	explicit_bzero(&req, sizeof(req));
	return ret;
}
