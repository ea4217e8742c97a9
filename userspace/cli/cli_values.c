// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_values.c - checking argument values before any use. Each parser names
 * the option and the problem; values that may be key material are never
 * quoted, only their length or the position of a bad character.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "rkd_rules.h"

bool cli_parse_i64(const char *what, const char *s, int64_t min,
		   int64_t max, int64_t *out)
{
	long long v;
	char *end;
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]))
			break;
	if (!s[0] || s[i] || i > 19) {
		cli_err("%s: %s is not a number from %" PRId64 " to %" PRId64,
			what, cli_quote(s), min, max);
		return false;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v < min || v > max) {
		cli_err("%s: %s is out of range (%" PRId64 "-%" PRId64 ")",
			what, cli_quote(s), min, max);
		return false;
	}
	*out = v;
	return true;
}

bool cli_parse_u32(const char *what, const char *s, uint32_t min,
		   uint32_t max, uint32_t *out)
{
	int64_t v;

	if (!cli_parse_i64(what, s, min, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool cli_parse_dsn(const char *what, const char *s)
{
	size_t i, len = strlen(s);

	if (rkd_dsn_valid(s, len))
		return true;
	/* the rule is rkd_dsn_valid()'s; the rest says what broke it */
	if (len < PINPAD_DSN_MIN || len > PINPAD_DSN_MAX) {
		cli_err("%s: a DSN is %d-%d characters, not %zu", what,
			PINPAD_DSN_MIN, PINPAD_DSN_MAX, len);
		return false;
	}
	for (i = 0; i < len; i++) {
		if (!rkd_dsn_char_valid((unsigned char)s[i])) {
			cli_err("%s: %s: character %zu is not graphic ASCII "
				"(a DSN has no spaces or control characters)",
				what, cli_quote(s), i + 1);
			return false;
		}
	}
	return true;
}

/* The decoding is librkdproto's rkd_hex_decode(); the messages are ours. */
bool cli_parse_hex(const char *what, const char *hex, bool secret,
		   uint8_t *buf, size_t min, size_t max, size_t *len)
{
	size_t n = strlen(hex), where;

	switch (rkd_hex_decode(hex, buf, min, max, len, &where)) {
	case RKD_HEX_OK:
		return true;
	case RKD_HEX_NOT_HEX:
		if (secret)
			cli_err("%s: character %zu is not a hex digit", what,
				where);
		else
			cli_err("%s: %s is not hex", what, cli_quote(hex));
		return false;
	default:	/* empty, odd or out of range */
		if (min == max)
			cli_err("%s: %zu hex digits; %zu expected", what, n,
				2 * min);
		else
			cli_err("%s: %zu hex digits; %zu to %zu expected",
				what, n, 2 * min, 2 * max);
		return false;
	}
}
