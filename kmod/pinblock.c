// SPDX-License-Identifier: GPL-2.0
/*
 * ISO 9564-1 PIN block format 0 (the ANSI X9.8 / ISO 0 format).
 *
 *   PIN field: 0 | N | P1 .. PN | F .. F       (16 nibbles, N = PIN length)
 *   PAN field: 0 0 0 0 | A1 .. A12             (A1..A12: the 12 rightmost
 *                                                PAN digits but the check
 *                                                digit)
 *   clear PIN block = PIN field XOR PAN field
 *
 * The clear block exists only in a stack buffer of pinpad_ioctl_pin_block(),
 * is encrypted TDES-ECB under a PIN key and wiped; only the encrypted block
 * goes back to the caller. A real PIN pad reads the PIN from its own keypad;
 * this emulation takes it through the ioctl (Documentation/pin-and-mac.md).
 */
#include <linux/string.h>
#include <linux/uaccess.h>

#include "pinblock.h"
#include "slots.h"

static bool pinpad_all_digits(const u8 *s, u32 len)
{
	u32 i;
	bool ok = true;

	for (i = 0; i < len; i++)
		ok &= s[i] >= '0' && s[i] <= '9';
	return ok;
}

/*
 * pinpad_pinblock_iso0() - the clear ISO 9564-1 format 0 PIN block
 * @pin:   @pin_len ASCII digits, PINPAD_PIN_MIN..PINPAD_PIN_MAX
 * @pan:   @pan_len ASCII digits, PINPAD_PAN_MIN..PINPAD_PAN_MAX, check
 *         digit last
 * @block: receives the clear block; the caller wipes it
 *
 * Return: 0, or -EINVAL for a bad length or a character that is not a
 * digit (then @block is zeroed).
 */
int pinpad_pinblock_iso0(const u8 *pin, u32 pin_len, const u8 *pan,
			 u32 pan_len, u8 block[PINPAD_BLOCK_LEN])
{
	const u8 *acct;
	u32 i;

	memset(block, 0, PINPAD_BLOCK_LEN);
	if (pin_len < PINPAD_PIN_MIN || pin_len > PINPAD_PIN_MAX ||
	    pan_len < PINPAD_PAN_MIN || pan_len > PINPAD_PAN_MAX ||
	    !pinpad_all_digits(pin, pin_len) ||
	    !pinpad_all_digits(pan, pan_len))
		return -EINVAL;

	/* PIN field: control nibble 0, length, digits, F fill */
	memset(block, 0xff, PINPAD_BLOCK_LEN);
	block[0] = pin_len;
	for (i = 0; i < pin_len; i++) {
		u8 shift = i % 2 ? 0 : 4;
		u8 *b = &block[1 + i / 2];

		*b = (*b & ~(0xf << shift)) | (pin[i] - '0') << shift;
	}

	/* PAN field: 4 zero nibbles, then 12 digits before the check digit */
	acct = pan + pan_len - 13;
	for (i = 0; i < 12; i++)
		block[2 + i / 2] ^= (acct[i] - '0') << (i % 2 ? 0 : 4);
	return 0;
}

/*
 * pinpad_pinblock_selftest() - known answer, run at load
 *
 * PIN 1234, PAN 4012345678909: PIN field 041234FFFFFFFFFF, PAN field
 * 0000401234567890, block 041274EDCBA9876F (worked by hand; the example
 * the payment industry uses for format 0).
 */
int pinpad_pinblock_selftest(void)
{
	static const u8 expect[PINPAD_BLOCK_LEN] = {
		0x04, 0x12, 0x74, 0xed, 0xcb, 0xa9, 0x87, 0x6f,
	};
	u8 block[PINPAD_BLOCK_LEN];
	int err;

	err = pinpad_pinblock_iso0((const u8 *)"1234", 4,
				   (const u8 *)"4012345678909", 13, block);
	if (!err && memcmp(block, expect, sizeof(block)))
		err = -EIO;
	memzero_explicit(block, sizeof(block));
	return err ? -EIO : 0;
}

int pinpad_ioctl_pin_block(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_pin_block __user *uarg = arg;
	const struct pinpad_key *key;
	struct pinpad_pin_block pb;
	u8 block[PINPAD_BLOCK_LEN];
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
	err = pinpad_slot_use(pf->dev, pb.slot, PINPAD_USE_PIN_ENCRYPT, &key);
	if (!err && key->alg != PINPAD_ALG_TDES)	/* format 0: TDES */
		err = -EKEYREJECTED;
	if (err)
		goto out;
	pinpad_tdes_ecb(key, true, block, block, PINPAD_BLOCK_LEN);
	if (copy_to_user(uarg->block, block, PINPAD_BLOCK_LEN))
		err = -EFAULT;
out:
	memzero_explicit(block, sizeof(block));
	memzero_explicit(&pb, sizeof(pb));
	return err;
}
