// SPDX-License-Identifier: GPL-2.0
/*
 * ISO 9564-1 PIN blocks, as pure functions (the ioctl: pinblock_ioctl.c).
 *
 * Format 0 (ISO 9564-1 format 0, ANSI X9.8), 8 bytes, for TDES:
 *   PIN field: 0 | N | P1 .. PN | F .. F       (16 nibbles, N = PIN length)
 *   PAN field: 0 0 0 0 | A1 .. A12             (A1..A12: the 12 rightmost
 *                                                PAN digits but the check
 *                                                digit)
 *   clear PIN block = PIN field XOR PAN field; the caller enciphers it.
 *
 * Format 4 (ISO 9564-1:2017, 9.4.2), 16 bytes, for AES:
 *   plaintext PIN field: 4 | N | P1 .. PN | A .. A (to nibble 16) |
 *                        16 nibbles of random fill
 *   PAN field: M | A1 .. A(12+M) | 0 .. 0      (M = PAN length - 12, the
 *                                                whole PAN, check digit
 *                                                included)
 *   enciphered block = E_K(E_K(PIN field) XOR PAN field)
 *
 * The clear fields exist only in stack buffers here, wiped before return.
 * A real PIN pad reads the PIN from its own keypad; this emulation takes
 * it through the ioctl (Documentation/pin-and-mac.md).
 */
#include <crypto/algapi.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "pinblock.h"

/* PIN field nibble values of format 4 (ISO 9564-1:2017, 9.4.2.2) */
#define PINPAD_ISO4_CONTROL	0x4
#define PINPAD_ISO4_PIN_FILL	0xa

static bool pinpad_all_digits(const u8 *s, u32 len)
{
	u32 i;
	bool ok = true;

	for (i = 0; i < len; i++)
		ok &= s[i] >= '0' && s[i] <= '9';
	return ok;
}

/*
 * pinpad_pin_pan_valid() - the one rule for a PIN and a PAN, whatever the
 * format: PINPAD_PIN_MIN..PINPAD_PIN_MAX and PINPAD_PAN_MIN..PINPAD_PAN_MAX
 * ASCII digits
 */
bool pinpad_pin_pan_valid(const u8 *pin, u32 pin_len, const u8 *pan,
			  u32 pan_len)
{
	return pin_len >= PINPAD_PIN_MIN && pin_len <= PINPAD_PIN_MAX &&
	       pan_len >= PINPAD_PAN_MIN && pan_len <= PINPAD_PAN_MAX &&
	       pinpad_all_digits(pin, pin_len) &&
	       pinpad_all_digits(pan, pan_len);
}

/* Set nibble @i of @field (0: the high nibble of byte 0) to @value. */
static void pinpad_put_nibble(u8 *field, u32 i, u8 value)
{
	u8 shift = i % 2 ? 0 : 4;
	u8 *b = &field[i / 2];

	*b = (*b & ~(0xf << shift)) | value << shift;
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
	if (!pinpad_pin_pan_valid(pin, pin_len, pan, pan_len))
		return -EINVAL;

	/* PIN field: control nibble 0, length, digits, F fill */
	memset(block, 0xff, PINPAD_BLOCK_LEN);
	block[0] = pin_len;
	for (i = 0; i < pin_len; i++)
		pinpad_put_nibble(block, 2 + i, pin[i] - '0');

	/* PAN field: 4 zero nibbles, then 12 digits before the check digit */
	acct = pan + pan_len - 13;
	for (i = 0; i < 12; i++)
		block[2 + i / 2] ^= (acct[i] - '0') << (i % 2 ? 0 : 4);
	return 0;
}

/*
 * pinpad_pinblock_iso4() - an enciphered ISO 9564-1:2017 format 4 block
 * @k:     the PIN key: an expanded AES-128, -192 or -256 key
 * @pin:   @pin_len ASCII digits, PINPAD_PIN_MIN..PINPAD_PIN_MAX
 * @pan:   @pan_len ASCII digits, PINPAD_PAN_MIN..PINPAD_PAN_MAX, check
 *         digit last
 * @fill:  the PIN field's random fill, PINPAD_ISO4_FILL_LEN bytes: the
 *         ioctl draws it from the kernel RNG for every block; only the
 *         self-test passes a published vector's fixed fill
 * @block: receives the 16 enciphered bytes
 *
 * Return: 0, or -EINVAL for a bad length or a character that is not a
 * digit (then @block is zeroed).
 */
int pinpad_pinblock_iso4(const struct crypto_aes_ctx *k, const u8 *pin,
			 u32 pin_len, const u8 *pan, u32 pan_len,
			 const u8 fill[PINPAD_ISO4_FILL_LEN],
			 u8 block[PINPAD_AES_BLOCK_LEN])
{
	u8 pin_field[PINPAD_AES_BLOCK_LEN], pan_field[PINPAD_AES_BLOCK_LEN];
	u32 i;

	memset(block, 0, PINPAD_AES_BLOCK_LEN);
	if (!pinpad_pin_pan_valid(pin, pin_len, pan, pan_len))
		return -EINVAL;

	/* plaintext PIN field: 4, N, the digits, A fill, then random fill */
	memset(pin_field, PINPAD_ISO4_PIN_FILL << 4 | PINPAD_ISO4_PIN_FILL,
	       PINPAD_AES_BLOCK_LEN - PINPAD_ISO4_FILL_LEN);
	pin_field[0] = PINPAD_ISO4_CONTROL << 4 | pin_len;
	for (i = 0; i < pin_len; i++)
		pinpad_put_nibble(pin_field, 2 + i, pin[i] - '0');
	memcpy(pin_field + PINPAD_AES_BLOCK_LEN - PINPAD_ISO4_FILL_LEN, fill,
	       PINPAD_ISO4_FILL_LEN);

	/* PAN field: M = length - 12 (PAN_MIN is 13), the PAN, zero pad */
	memset(pan_field, 0, sizeof(pan_field));
	pinpad_put_nibble(pan_field, 0, pan_len - 12);
	for (i = 0; i < pan_len; i++)
		pinpad_put_nibble(pan_field, 1 + i, pan[i] - '0');

	/* encipher, XOR the PAN field, encipher again */
	aes_encrypt(k, block, pin_field);
	crypto_xor(block, pan_field, PINPAD_AES_BLOCK_LEN);
	aes_encrypt(k, block, block);

	memzero_explicit(pin_field, sizeof(pin_field));
	memzero_explicit(pan_field, sizeof(pan_field));
	return 0;
}

/*
 * Format 0, PIN 1234, PAN 4012345678909: PIN field 041234FFFFFFFFFF, PAN
 * field 0000401234567890, block 041274EDCBA9876F (worked by hand; the
 * example the payment industry uses for format 0).
 */
static int pinpad_pinblock_iso0_kat(void)
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
	return err;
}

/* A published format 4 example: AES key, PIN, PAN, fill and the block. */
struct pinpad_iso4_kat {
	const char *name;
	u8 key[16];
	const char *pin;
	const char *pan;
	u8 fill[PINPAD_ISO4_FILL_LEN];
	u8 block[PINPAD_AES_BLOCK_LEN];
};

static const struct pinpad_iso4_kat pinpad_iso4_kats[] = {
	{
		/*
		 * knovichikhin/psec, tests/test_pinblock.py,
		 * test_encipher_pinblock_iso_4_det: the fill is its
		 * patched _urandom, FF bytes.
		 */
		.name = "format 4, psec deterministic",
		.key = "\x00\x11\x22\x33\x44\x55\x66\x77"
		       "\x88\x99\xaa\xbb\xcc\xdd\xee\xff",
		.pin = "1234", .pan = "1234567890123456789",
		.fill = "\xff\xff\xff\xff\xff\xff\xff\xff",
		.block = "\x28\xb4\x1f\xdd\xd2\x9b\x74\x3e"
			 "\x93\x12\x4b\xd8\xe3\x2d\x92\x1e",
	}, {
		/*
		 * ep2 (eft/pos 2000) Security Specification 8.0.0, 8.4
		 * "PIN Encryption", as quoted in psec's
		 * tests/test_pinblock.py, test_decipher_pinblock_iso_4: the
		 * example gives key, PAN, PIN and block; its fill
		 * 146C6601F4A8035C is that block deciphered with openssl.
		 */
		.name = "format 4, ep2 8.4",
		.key = "\xc1\xd0\xf8\xfb\x49\x58\x67\x0d"
		       "\xba\x40\xab\x1f\x37\x52\xef\x0d",
		.pin = "1234", .pan = "432198765432109870",
		.fill = "\x14\x6c\x66\x01\xf4\xa8\x03\x5c",
		.block = "\xcc\x17\xf6\x55\x86\xbf\xd0\x95"
			 "\x30\x10\x22\x6c\x4f\xc5\xb3\xca",
	},
};

static int pinpad_pinblock_iso4_kats(void)
{
	struct crypto_aes_ctx *k = kzalloc(sizeof(*k), GFP_KERNEL);
	u8 block[PINPAD_AES_BLOCK_LEN];
	size_t i;
	int err = 0;

	if (!k)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(pinpad_iso4_kats) && !err; i++) {
		const struct pinpad_iso4_kat *t = &pinpad_iso4_kats[i];

		err = aes_expandkey(k, t->key, sizeof(t->key));
		if (!err)
			err = pinpad_pinblock_iso4(k, (const u8 *)t->pin,
						   strlen(t->pin),
						   (const u8 *)t->pan,
						   strlen(t->pan), t->fill,
						   block);
		if (!err && memcmp(block, t->block, sizeof(block)))
			err = -EIO;
		if (err)
			pr_err("self-test %s: FAILED\n", t->name);
	}
	memzero_explicit(block, sizeof(block));
	kfree_sensitive(k);
	return err;
}

/*
 * pinpad_pinblock_selftest() - known answers for formats 0 and 4, run at
 * load
 *
 * Return: 0 if every vector passes; -EIO otherwise.
 */
int pinpad_pinblock_selftest(void)
{
	int err = pinpad_pinblock_iso0_kat();

	if (!err)
		err = pinpad_pinblock_iso4_kats();
	return err ? -EIO : 0;
}
