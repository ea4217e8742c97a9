// SPDX-License-Identifier: GPL-2.0
/*
 * Key attributes: the ANSI X9.143-2022 (TR-31) key block header fields
 * that bind a key to its use (secure-module.md, "Key usage").
 *
 *   usage	class	modes accepted	what the modes allow here
 *   K0, K1	TMK	B D E		B, D: unwrap key blocks (LOAD_WK);
 *					E: wrap only, which the module never
 *					does (stored, never usable)
 *   P0		PIN	B D E		B, E: encrypt PIN blocks
 *   D0		DATA	B D E		B: both ways; E: encrypt; D: decrypt
 *   M1 M3 M6	MAC	C G V		C: both; G: generate; V: verify
 *
 * Modes 'N' (no restriction) and 'X' (derived from the usage) are refused:
 * a key must say what it may do. B0 (a BDK) and every other usage are
 * refused, and so is an exportability other than 'N' (the module exports
 * no key). The algorithm field must be the key's own ('T' TDES, 'A' AES);
 * M3, ISO 9797-1 MAC algorithm 3, is a TDES algorithm only.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "key_attr.h"

static bool pinpad_attr_is(const struct pinpad_key_attr *a, const char *u)
{
	return a->usage[0] == u[0] && a->usage[1] == u[1];
}

/*
 * pinpad_attr_class() - the slot class (enum pinpad_usage) of a usage
 *
 * Return: PINPAD_USAGE_TMK for K0 and K1, PIN for P0, MAC for M1, M3 and
 * M6, DATA for D0; PINPAD_USAGE_NONE for any other usage (B0 included).
 */
u32 pinpad_attr_class(const struct pinpad_key_attr *a)
{
	if (pinpad_attr_is(a, "K0") || pinpad_attr_is(a, "K1"))
		return PINPAD_USAGE_TMK;
	if (pinpad_attr_is(a, "P0"))
		return PINPAD_USAGE_PIN;
	if (pinpad_attr_is(a, "M1") || pinpad_attr_is(a, "M3") ||
	    pinpad_attr_is(a, "M6"))
		return PINPAD_USAGE_MAC;
	if (pinpad_attr_is(a, "D0"))
		return PINPAD_USAGE_DATA;
	return PINPAD_USAGE_NONE;
}

static bool pinpad_attr_alnum(u8 c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

/*
 * pinpad_attr_check() - may a key of algorithm @alg carry attributes @a?
 * @alg: PINPAD_ALG_TDES or PINPAD_ALG_AES
 *
 * Return: 0, or -EINVAL naming nothing: unknown usage, a mode the usage
 * does not have, an algorithm field that is not @alg's, a version that is
 * not two letters or digits, exportability not 'N', reserved0 not zero.
 */
int pinpad_attr_check(const struct pinpad_key_attr *a, u32 alg)
{
	u32 class = pinpad_attr_class(a);
	const char *modes = class == PINPAD_USAGE_MAC ? "CGV" : "BDE";
	u8 want = alg == PINPAD_ALG_TDES ? 'T' : alg == PINPAD_ALG_AES ? 'A' : 0;

	if (class == PINPAD_USAGE_NONE || !a->mode ||
	    !strchr(modes, a->mode) || !want || a->algorithm != want ||
	    !pinpad_attr_alnum(a->version[0]) ||
	    !pinpad_attr_alnum(a->version[1]) || a->exportability != 'N' ||
	    a->reserved0)
		return -EINVAL;
	if (pinpad_attr_is(a, "M3") && alg != PINPAD_ALG_TDES)
		return -EINVAL;
	return 0;
}

/*
 * pinpad_attr_allows() - do valid attributes @a allow @use?
 * The table at the top of this file, and nothing else.
 */
bool pinpad_attr_allows(const struct pinpad_key_attr *a,
			enum pinpad_key_use use)
{
	u32 class = pinpad_attr_class(a);
	u8 m = a->mode;

	switch (use) {
	case PINPAD_USE_UNWRAP:
		return class == PINPAD_USAGE_TMK && (m == 'B' || m == 'D');
	case PINPAD_USE_PIN_ENCRYPT:
		return class == PINPAD_USAGE_PIN && (m == 'B' || m == 'E');
	case PINPAD_USE_MAC_GENERATE:
		return class == PINPAD_USAGE_MAC && (m == 'C' || m == 'G');
	case PINPAD_USE_MAC_VERIFY:
		return class == PINPAD_USAGE_MAC && (m == 'C' || m == 'V');
	case PINPAD_USE_ENCRYPT:
		return class == PINPAD_USAGE_DATA && (m == 'B' || m == 'E');
	case PINPAD_USE_DECRYPT:
		return class == PINPAD_USAGE_DATA && (m == 'B' || m == 'D');
	}
	return false;
}

/*
 * pinpad_attr_default() - the attributes a key of class @class had
 * implicitly before key blocks (a version 2 sealed blob): TMK K0/D,
 * PIN P0/E, MAC M3/C, DATA D0/B; version "00", exportability 'N'. The
 * same defaults as the RKS's key database (CONTRACT of issue #11).
 */
void pinpad_attr_default(u32 class, u32 alg, struct pinpad_key_attr *a)
{
	static const char *const def[] = {
		[PINPAD_USAGE_TMK] = "K0D", [PINPAD_USAGE_PIN] = "P0E",
		[PINPAD_USAGE_MAC] = "M3C", [PINPAD_USAGE_DATA] = "D0B",
	};

	memset(a, 0, sizeof(*a));
	if (class < PINPAD_USAGE_TMK || class > PINPAD_USAGE_DATA)
		return;
	a->usage[0] = def[class][0];
	a->usage[1] = def[class][1];
	a->mode = def[class][2];
	a->algorithm = alg == PINPAD_ALG_AES ? 'A' : 'T';
	a->version[0] = '0';
	a->version[1] = '0';
	a->exportability = 'N';
}
