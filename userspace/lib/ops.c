// SPDX-License-Identifier: MIT
/*
 * ops.c - what a PIN pad is for: PIN_BLOCK (ISO 9564-1 format 0 or 4
 * under a P0 key) and MAC_GENERATE / MAC_VERIFY (the algorithm the MAC
 * key's usage names: M1, M3 or M6).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int pinpad_pin_block(struct pinpad *pp, uint32_t slot, uint32_t format,
		     const char *pin, size_t pin_len, const char *pan,
		     size_t pan_len, uint8_t *block, size_t *block_len)
{
	struct pinpad_pin_block req;
	int ret;

	if (block_len)
		*block_len = 0;
	if (!pin || !pan || !block || !block_len || pin_len > PINPAD_PIN_MAX ||
	    pan_len > PINPAD_PAN_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.slot = slot;
	req.format = format;
	req.pin_len = (__u32)pin_len;
	req.pan_len = (__u32)pan_len;
	memcpy(req.pin, pin, pin_len);
	memcpy(req.pan, pan, pan_len);
	ret = pinpad_ioctl(pp, PINPAD_IOC_PIN_BLOCK, &req);
	/* Never more than the block we promised room for. */
	if (!ret && req.block_len > PINPAD_AES_BLOCK_LEN)
		ret = -EPROTO;
	if (!ret) {
		memcpy(block, req.block, req.block_len);
		*block_len = req.block_len;
	}
	explicit_bzero(&req, sizeof(req));
	return ret;
}

/* The request both MAC commands share; -EINVAL if it cannot be built. */
static int pinpad_mac_req(struct pinpad_mac *req, uint32_t slot,
			  enum pinpad_mac_padding padding, const uint8_t *data,
			  size_t len, size_t mac_len)
{
	if (!data || len > UINT32_MAX || mac_len > PINPAD_MAC_MAX)
		return -EINVAL;
	memset(req, 0, sizeof(*req));
	req->slot = slot;
	req->padding = padding;
	req->len = (__u32)len;
	req->mac_len = (__u32)mac_len;
	req->data = pinpad_uptr(data);
	return 0;
}

int pinpad_mac_generate(struct pinpad *pp, uint32_t slot,
			enum pinpad_mac_padding padding, const uint8_t *data,
			size_t len, uint8_t *mac, size_t mac_len)
{
	struct pinpad_mac req;
	int ret;

	if (!mac)
		return -EINVAL;
	ret = pinpad_mac_req(&req, slot, padding, data, len, mac_len);
	if (ret)
		return ret;
	ret = pinpad_ioctl(pp, PINPAD_IOC_MAC_GENERATE, &req);
	if (!ret)
		memcpy(mac, req.mac, mac_len);
	return ret;
}

int pinpad_mac_verify(struct pinpad *pp, uint32_t slot,
		      enum pinpad_mac_padding padding, const uint8_t *data,
		      size_t len, const uint8_t *mac, size_t mac_len)
{
	struct pinpad_mac req;
	int ret;

	if (!mac)
		return -EINVAL;
	ret = pinpad_mac_req(&req, slot, padding, data, len, mac_len);
	if (ret)
		return ret;
	memcpy(req.mac, mac, mac_len);
	return pinpad_ioctl(pp, PINPAD_IOC_MAC_VERIFY, &req);
}
