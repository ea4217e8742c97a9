// SPDX-License-Identifier: GPL-2.0-or-later
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
#include "rkd_rules.h"

static void say_bad_length(const char *what, size_t n, size_t min,
			   size_t max)
{
	if (min == max)
		cli_err("%s: %zu bytes, expected %zu", what, n, min);
	else
		cli_err("%s: %zu bytes, expected %zu to %zu", what, n, min,
			max);
}

/* The decoding is librkdproto's rkd_hex_decode(); the messages are ours. */
bool parse_hex(const char *what, const char *hex, bool secret, uint8_t *buf,
	       size_t min, size_t max, size_t *len)
{
	size_t n, where;

	switch (rkd_hex_decode(hex, buf, min, max, &n, &where)) {
	case RKD_HEX_OK:
		*len = n;
		return true;
	case RKD_HEX_EMPTY:
		cli_err("%s: empty, expected hex", what);
		return false;
	case RKD_HEX_ODD:
		cli_err("%s: odd number of hex digits (%zu)", what,
			strlen(hex));
		return false;
	case RKD_HEX_LENGTH:
		say_bad_length(what, n, min, max);
		return false;
	default:
		if (secret)
			cli_err("%s: character %zu is not a hex digit", what,
				where);
		else
			cli_err("%s: %s: character %zu is not a hex digit",
				what, cli_quote(hex), where);
		return false;
	}
}

bool parse_key(const char *what, const char *hex, uint8_t *buf, size_t *len)
{
	size_t n;

	/*
	 * Check the length here so the message is the precise one: TDES
	 * 16 or 24 bytes, AES 16, 24 or 32 (the device matches it to --alg).
	 */
	n = strlen(hex);
	if (n && n % 2 == 0 && !rkd_key_len_valid(n / 2) &&
	    n / 2 != PINPAD_KEY_MAX) {
		explicit_bzero(buf, PINPAD_KEY_MAX);
		cli_err("%s: %zu bytes, expected 16, 24 or 32", what, n / 2);
		return false;
	}
	return parse_hex(what, hex, true, buf, PINPAD_KEY_LEN_2KEY,
			 PINPAD_KEY_MAX, len);
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
