// SPDX-License-Identifier: GPL-2.0
/*
 * Key attributes: the ANSI X9.143-2022 (TR-31) key block header fields
 * that bind a key to its use (secure-module.md, "Key usage").
 *
 * Which attributes are valid is ioctl/pinpad_kb.h's rules, the ones the
 * host codec enforces too: the usages and the modes each takes (K0, K1,
 * P0, D0: B, D, E; M1, M3, M6: C, G, V; B0 and every other usage
 * refused), M3 for TDES only, a two-character version, exportability 'N'
 * (the module exports no key). Here: the algorithm field must be the
 * key's own ('T' TDES, 'A' AES), and what each mode allows in this module:
 *
 *   usage	class	what the modes allow here
 *   K0, K1	TMK	B, D: unwrap key blocks (LOAD_WK); E: wrap only,
 *			which the module never does (stored, never usable)
 *   P0		PIN	B, E: encrypt PIN blocks
 *   D0		DATA	B: both ways; E: encrypt; D: decrypt
 *   M1 M3 M6	MAC	C: both; G: generate; V: verify
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "key_attr.h"
#include "pinpad_kb.h"

/*
 * pinpad_attr_class() - the slot class (enum pinpad_usage) of a usage
 *
 * Return: PINPAD_USAGE_TMK for K0 and K1, PIN for P0, MAC for M1, M3 and
 * M6, DATA for D0; PINPAD_USAGE_NONE for any other usage (B0 included).
 */
u32 pinpad_attr_class(const struct pinpad_key_attr *a)
{
	return pinpad_kb_usage_class(a->usage[0], a->usage[1]);
}

/*
 * pinpad_attr_alg_field() - the X9.143 algorithm field of a key of @alg
 *
 * Return: 'T' for PINPAD_ALG_TDES, 'A' for PINPAD_ALG_AES, else 0.
 */
char pinpad_attr_alg_field(u32 alg)
{
	if (alg == PINPAD_ALG_TDES)
		return PINPAD_KB_ALG_TDES;
	if (alg == PINPAD_ALG_AES)
		return PINPAD_KB_ALG_AES;
	return 0;
}

/*
 * pinpad_attr_alg_of() - the algorithm (enum pinpad_alg) an X9.143
 * algorithm field names
 *
 * Return: PINPAD_ALG_TDES for 'T', PINPAD_ALG_AES for 'A', else
 * PINPAD_ALG_NONE.
 */
u32 pinpad_attr_alg_of(char field)
{
	if (field == PINPAD_KB_ALG_TDES)
		return PINPAD_ALG_TDES;
	if (field == PINPAD_KB_ALG_AES)
		return PINPAD_ALG_AES;
	return PINPAD_ALG_NONE;
}

/*
 * pinpad_attr_check() - may a key of algorithm @alg carry attributes @a?
 * @alg: PINPAD_ALG_TDES or PINPAD_ALG_AES
 *
 * Return: 0, or -EINVAL naming nothing: unknown usage, a mode the usage
 * does not have, an algorithm field that is not @alg's, M3 with AES, a
 * version that is not two letters or digits, exportability not 'N',
 * reserved0 not zero.
 */
int pinpad_attr_check(const struct pinpad_key_attr *a, u32 alg)
{
	char field = pinpad_attr_alg_field(alg);
	char u0 = a->usage[0], u1 = a->usage[1];

	if (!field || a->algorithm != field ||
	    !pinpad_kb_usage_mode_ok(u0, u1, a->mode) ||
	    !pinpad_kb_alg_usage_ok(u0, u1, field) ||
	    !pinpad_kb_kvn_ok(a->version[0], a->version[1]) ||
	    a->exportability != PINPAD_KB_EXPORT_NONE || a->reserved0)
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
	a->algorithm = alg == PINPAD_ALG_AES ? PINPAD_KB_ALG_AES :
		       PINPAD_KB_ALG_TDES;
	a->version[0] = '0';
	a->version[1] = '0';
	a->exportability = PINPAD_KB_EXPORT_NONE;
}
