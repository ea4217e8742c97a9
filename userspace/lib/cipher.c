// SPDX-License-Identifier: MIT
/*
 * cipher.c - CIPHER: TDES or AES, ECB or CBC, with a D0 key in a slot.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int pinpad_cipher(struct pinpad *pp, uint32_t slot,
		  enum pinpad_cipher_mode mode, enum pinpad_cipher_op op,
		  const uint8_t *in, uint8_t *out, size_t len, uint8_t *iv,
		  size_t iv_len)
{
	struct pinpad_cipher req;
	int ret;

	if (!in || !out || len > UINT32_MAX)
		return -EINVAL;
	/* One TDES block or one AES block; the device matches it to the key. */
	if (mode == PINPAD_MODE_CBC &&
	    (!iv || (iv_len != PINPAD_BLOCK_LEN &&
		     iv_len != PINPAD_AES_BLOCK_LEN)))
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
		memcpy(req.iv, iv, iv_len);
	ret = pinpad_ioctl(pp, PINPAD_IOC_CIPHER, &req);
	if (!ret && mode == PINPAD_MODE_CBC)
		memcpy(iv, req.iv, iv_len);
	explicit_bzero(&req, sizeof(req));
	return ret;
}
