// SPDX-License-Identifier: GPL-2.0
/*
 * parse_hex.c - hex arguments: keys, KCVs, IVs, data.
 *
 * Lengths are checked on the string before a byte is decoded, and
 * messages about a value that may be a key give only lengths and
 * positions.
 */
#include <string.h>

#include "cli.h"
#include "parse.h"

/*
 * 0..15 for a hex digit, -1 otherwise. Branch-free, so that decoding a
 * key takes the same time whatever its digits.
 */
static int hex_nibble(unsigned char c)
{
	int num = c - '0';
	int alpha = (c | 0x20) - 'a';
	int num_ok = ((num - 10) & ~num) >> 8;		/* -1 if 0..9 */
	int alpha_ok = ((alpha - 6) & ~alpha) >> 8;	/* -1 if a..f */

	return (num & num_ok) | ((alpha + 10) & alpha_ok) |
	       ~(num_ok | alpha_ok);
}

/* Two hex digits already known to be valid. */
static uint8_t hex_byte(const char *two)
{
	unsigned int hi = (unsigned int)hex_nibble((unsigned char)two[0]);
	unsigned int lo = (unsigned int)hex_nibble((unsigned char)two[1]);

	return (uint8_t)(hi << 4 | lo);
}

static void say_bad_length(const char *what, size_t n, size_t min,
			   size_t max)
{
	if (min == max)
		cli_err("%s: %zu bytes, expected %zu", what, n, min);
	else
		cli_err("%s: %zu bytes, expected %zu to %zu", what, n, min,
			max);
}

/* The offset of the first character that is not a hex digit, or -1. */
static long first_non_hex(const char *hex, size_t digits)
{
	size_t i;

	for (i = 0; i < digits; i++)
		if (hex_nibble((unsigned char)hex[i]) < 0)
			return (long)i;
	return -1;
}

bool parse_hex(const char *what, const char *hex, bool secret, uint8_t *buf,
	       size_t min, size_t max, size_t *len)
{
	size_t digits = strlen(hex);
	size_t i;
	long bad;

	explicit_bzero(buf, max);
	if (!digits) {
		cli_err("%s: empty, expected hex", what);
		return false;
	}
	if (digits % 2) {
		cli_err("%s: odd number of hex digits (%zu)", what, digits);
		return false;
	}
	if (digits / 2 < min || digits / 2 > max) {
		say_bad_length(what, digits / 2, min, max);
		return false;
	}
	bad = first_non_hex(hex, digits);
	if (bad >= 0) {
		if (secret)
			cli_err("%s: character %ld is not a hex digit", what,
				bad + 1);
		else
			cli_err("%s: %s: character %ld is not a hex digit",
				what, cli_quote(hex), bad + 1);
		return false;
	}
	for (i = 0; i < digits / 2; i++)
		buf[i] = hex_byte(&hex[2 * i]);
	*len = digits / 2;
	return true;
}

bool parse_key(const char *what, const char *hex, uint8_t *buf, size_t *len)
{
	size_t n;

	/* Check 16-or-24 here so the message is the precise one. */
	n = strlen(hex);
	if (n && n % 2 == 0 && n / 2 != 16 && n / 2 != 24) {
		explicit_bzero(buf, PINPAD_KEY_MAX);
		cli_err("%s: %zu bytes, expected 16 or 24", what, n / 2);
		return false;
	}
	return parse_hex(what, hex, true, buf, 16, PINPAD_KEY_MAX, len);
}

bool parse_data(const char *what, const char *hex, uint8_t *buf, size_t *len)
{
	size_t n;

	if (!parse_hex(what, hex, true, buf, PINPAD_BLOCK_LEN,
		       PINPAD_DATA_MAX, &n))
		return false;
	if (n % PINPAD_BLOCK_LEN) {
		explicit_bzero(buf, n);
		cli_err("%s: %zu bytes, not a multiple of %u", what, n,
			PINPAD_BLOCK_LEN);
		return false;
	}
	*len = n;
	return true;
}
