// SPDX-License-Identifier: GPL-2.0
/*
 * PINPAD_IOC_PIN_BLOCK: a PIN block built and enciphered under a PIN key
 * (pinblock.c builds it). Only the enciphered block goes back to the
 * caller; every clear byte is wiped. The ioctl table (ioctl.c) charges
 * every call to the PIN budget (budget.c), whatever the format.
 */
#include <linux/random.h>
#include <linux/uaccess.h>

#include "pinblock.h"
#include "slots.h"

int pinpad_ioctl_pin_block(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_pin_block __user *uarg = arg;
	const struct pinpad_tdes_key *key;
	struct pinpad_pin_block pb;
	u8 block[PINPAD_AES_BLOCK_LEN] = {};	/* format 0: the rest zero */
	int err = -EFAULT;

	if (copy_from_user(&pb, uarg, sizeof(pb)))
		goto out;
	err = -EINVAL;
	if (pb.reserved0 || pb.format != PINPAD_PIN_FORMAT_ISO0)
		goto out;
	err = pinpad_pinblock_iso0(pb.pin, pb.pin_len, pb.pan, pb.pan_len,
				   block);
	if (err)
		goto out;
	err = pinpad_slot_get(pf->dev, pb.slot, PINPAD_USAGE_PIN, &key);
	if (err)
		goto out;
	pinpad_tdes_ecb(key, true, block, block, PINPAD_BLOCK_LEN);
	pb.block_len = PINPAD_BLOCK_LEN;
	if (copy_to_user(uarg->block, block, sizeof(block)) ||
	    put_user(pb.block_len, &uarg->block_len))
		err = -EFAULT;
out:
	memzero_explicit(block, sizeof(block));
	memzero_explicit(&pb, sizeof(pb));
	return err;
}
