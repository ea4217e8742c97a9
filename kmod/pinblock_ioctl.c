// SPDX-License-Identifier: GPL-2.0
/*
 * PINPAD_IOC_PIN_BLOCK: a PIN block built and enciphered under a P0 key
 * (pinblock.c builds it). The key decides the format: format 0 needs a
 * TDES key, format 4 an AES key. Only the enciphered block goes back to the
 * caller; every clear byte is wiped. The ioctl table (ioctl.c) charges
 * every successful call to the PIN budget (budget.c), whatever the format.
 */
#include <linux/random.h>
#include <linux/uaccess.h>

#include "pinblock.h"
#include "slots.h"
#include "modes.h"

/* The algorithm each format is defined for (ISO 9564-1:2017, 9.3, 9.4) */
static u32 pinpad_pin_format_alg(u32 format)
{
	switch (format) {
	case PINPAD_PIN_FORMAT_ISO0:
		return PINPAD_ALG_TDES;
	case PINPAD_PIN_FORMAT_ISO4:
		return PINPAD_ALG_AES;
	}
	return PINPAD_ALG_NONE;
}

/*
 * The enciphered block of @pb under @key into @block; returns its length.
 * Format 4's fill comes from the kernel RNG here, for every block.
 */
static int pinpad_pin_block_make(const struct pinpad_pin_block *pb,
				 const struct pinpad_key *key,
				 u8 block[PINPAD_AES_BLOCK_LEN], u32 *block_len)
{
	u8 fill[PINPAD_ISO4_FILL_LEN];
	int err;

	if (pb->format == PINPAD_PIN_FORMAT_ISO0) {
		err = pinpad_pinblock_iso0(pb->pin, pb->pin_len, pb->pan,
					   pb->pan_len, block);
		if (!err)
			pinpad_key_ecb(key, true, block, block,
				       PINPAD_BLOCK_LEN);
		*block_len = PINPAD_BLOCK_LEN;
		return err;
	}
	get_random_bytes(fill, sizeof(fill));
	err = pinpad_pinblock_iso4(&key->sched.aes, pb->pin, pb->pin_len,
				   pb->pan, pb->pan_len, fill, block);
	memzero_explicit(fill, sizeof(fill));
	*block_len = PINPAD_AES_BLOCK_LEN;
	return err;
}

/*
 * pinpad_ioctl_pin_block() - PINPAD_IOC_PIN_BLOCK
 *
 * Return: 0; -EINVAL bad format, PIN, PAN, slot or a non-zero reserved0
 * (checked first, whatever the key); -ENOKEY empty slot; -EKEYREJECTED not
 * a P0 key allowed to encrypt, or its algorithm is not the format's;
 * -EFAULT. Nothing is written back unless it succeeds.
 */
int pinpad_ioctl_pin_block(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_pin_block __user *uarg = arg;
	u8 block[PINPAD_AES_BLOCK_LEN] = {};	/* format 0: the rest zero */
	const struct pinpad_key *key;
	struct pinpad_pin_block pb;
	u32 alg, block_len = 0;
	int err = -EFAULT;

	if (copy_from_user(&pb, uarg, sizeof(pb)))
		goto out;
	err = -EINVAL;
	alg = pinpad_pin_format_alg(pb.format);
	if (pb.reserved0 || alg == PINPAD_ALG_NONE)
		goto out;
	/* the PIN and PAN rules, before the key is looked at */
	if (!pinpad_pin_pan_valid(pb.pin, pb.pin_len, pb.pan, pb.pan_len))
		goto out;
	err = pinpad_slot_use(pf->dev, pb.slot, PINPAD_USE_PIN_ENCRYPT, &key);
	if (!err && key->alg != alg)
		err = -EKEYREJECTED;
	if (err)
		goto out;
	err = pinpad_pin_block_make(&pb, key, block, &block_len);
	if (err)
		goto out;
	if (copy_to_user(uarg->block, block, sizeof(block)) ||
	    put_user(block_len, &uarg->block_len))
		err = -EFAULT;
out:
	memzero_explicit(block, sizeof(block));
	memzero_explicit(&pb, sizeof(pb));
	return err;
}
