// SPDX-License-Identifier: MIT
/*
 * cipher.c - CIPHER: TDES ECB or CBC with a DATA key held in a slot.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int pinpad_cipher(struct pinpad *pp, uint32_t slot,
		  enum pinpad_cipher_mode mode, enum pinpad_cipher_op op,
		  const uint8_t *in, uint8_t *out, size_t len, uint8_t *iv)
{
	struct pinpad_cipher req;
	int ret;

	if (!in || !out || len > UINT32_MAX)
		return -EINVAL;
	if (mode == PINPAD_MODE_CBC && !iv)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	req.mode = mode;
	req.op = op;
	req.len = (__u32)len;
	req.in = pinpad_uptr(in);
	req.out = pinpad_uptr(out);
	/* ECB leaves iv zero, as the device requires. */
	if (mode == PINPAD_MODE_CBC)
		memcpy(req.iv, iv, PINPAD_BLOCK_LEN);
	ret = pinpad_ioctl(pp, PINPAD_IOC_CIPHER, &req);
	if (!ret && mode == PINPAD_MODE_CBC)
		memcpy(iv, req.iv, PINPAD_BLOCK_LEN);
	explicit_bzero(&req, sizeof(req));
	return ret;
}
