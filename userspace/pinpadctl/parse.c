// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parse.c - numbers, slots, usages, modes and the DSN given to pinpadctl.
 */
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "parse.h"
#include "rkd_rules.h"

bool parse_u32(const char *what, const char *s, uint32_t min, uint32_t max,
	       uint32_t *out)
{
	uint64_t val = 0;
	const char *p;

	if (!*s) {
		cli_err("%s: empty, expected a number %u..%u", what, min, max);
		return false;
	}
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9') {
			cli_err("%s: %s is not a decimal number", what,
				cli_quote(s));
			return false;
		}
		/* Stop growing past max: no digit string can overflow. */
		if (val <= max)
			val = val * 10 + (uint64_t)(*p - '0');
	}
	if (val < min || val > max) {
		cli_err("%s: %s is out of range %u..%u", what, cli_quote(s),
			min, max);
		return false;
	}
	*out = (uint32_t)val;
	return true;
}

bool parse_slot(const char *what, const char *s, uint32_t *slot)
{
	return parse_u32(what, s, 0, PINPAD_SLOTS - 1, slot);
}

bool parse_tmk_slot(const char *what, const char *s, uint32_t *slot)
{
	return parse_u32(what, s, 0, PINPAD_TMK_SLOTS - 1, slot);
}

bool parse_wk_slot(const char *what, const char *s, uint32_t *slot)
{
	return parse_u32(what, s, PINPAD_WK_FIRST, PINPAD_SLOTS - 1, slot);
}

bool check_slot_usage(const char *what, uint32_t slot,
		      enum pinpad_usage usage)
{
	bool tmk_slot = slot < PINPAD_TMK_SLOTS;

	if (tmk_slot == (usage == PINPAD_USAGE_TMK))
		return true;
	if (tmk_slot)
		cli_err("%s: slot %u holds TMKs only; %s keys go in %u..%u",
			what, slot, pinpad_usage_name(usage), PINPAD_WK_FIRST,
			PINPAD_SLOTS - 1);
	else
		cli_err("%s: slot %u holds working keys only; TMKs go in 0..%u",
			what, slot, PINPAD_TMK_SLOTS - 1);
	return false;
}

bool parse_usage(const char *what, const char *s, bool working_only,
		 enum pinpad_usage *usage)
{
	const char *allowed = working_only ? "pin, mac, data"
					   : "tmk, pin, mac, data";
	enum pinpad_usage parsed;

	if (pinpad_usage_parse(s, &parsed) ||
	    (working_only && parsed == PINPAD_USAGE_TMK)) {
		cli_err("%s: %s is not one of %s", what, cli_quote(s),
			allowed);
		return false;
	}
	*usage = parsed;
	return true;
}

bool parse_mode(const char *what, const char *s,
		enum pinpad_cipher_mode *mode)
{
	if (!strcasecmp(s, "ecb")) {
		*mode = PINPAD_MODE_ECB;
	} else if (!strcasecmp(s, "cbc")) {
		*mode = PINPAD_MODE_CBC;
	} else {
		cli_err("%s: %s is not one of ecb, cbc", what, cli_quote(s));
		return false;
	}
	return true;
}

bool parse_dsn(const char *what, const char *s, size_t *len)
{
	size_t n = strlen(s);
	size_t i;

	/* The device's rule (rkd_dsn_valid()); below, only what broke it */
	if (rkd_dsn_valid(s, n)) {
		*len = n;
		return true;
	}
	if (n < PINPAD_DSN_MIN || n > PINPAD_DSN_MAX) {
		cli_err("%s: %zu characters, expected %u..%u", what, n,
			PINPAD_DSN_MIN, PINPAD_DSN_MAX);
		return false;
	}
	for (i = 0; i < n && rkd_dsn_char_valid((unsigned char)s[i]); i++)
		;
	cli_err("%s: character %zu is not graphic ASCII (no space or "
		"control character)", what, i + 1);
	return false;
}
