// SPDX-License-Identifier: MIT
/*
 * names.c - names of lifecycle states, key usages, algorithms, rate
 * limits and the device nodes of the roles, for people; the default X9.143
 * attributes of a slot class.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "libpinpad.h"

const char *pinpad_state_name(uint32_t state)
{
	switch (state) {
	case PINPAD_STATE_FACTORY:
		return "factory";
	case PINPAD_STATE_SEALED:
		return "sealed";
	case PINPAD_STATE_ZEROIZED:
		return "zeroized";
	}
	return "unknown";
}

const char *pinpad_usage_name(uint32_t usage)
{
	switch (usage) {
	case PINPAD_USAGE_NONE:
		return "none";
	case PINPAD_USAGE_TMK:
		return "tmk";
	case PINPAD_USAGE_PIN:
		return "pin";
	case PINPAD_USAGE_MAC:
		return "mac";
	case PINPAD_USAGE_DATA:
		return "data";
	}
	return "unknown";
}

int pinpad_usage_parse(const char *name, enum pinpad_usage *usage)
{
	static const enum pinpad_usage usages[] = {
		PINPAD_USAGE_TMK, PINPAD_USAGE_PIN,
		PINPAD_USAGE_MAC, PINPAD_USAGE_DATA,
	};
	size_t i;

	if (!name || !usage)
		return -EINVAL;
	for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++) {
		if (!strcasecmp(name, pinpad_usage_name(usages[i]))) {
			*usage = usages[i];
			return 0;
		}
	}
	return -EINVAL;
}

const char *pinpad_alg_name(uint32_t alg)
{
	switch (alg) {
	case PINPAD_ALG_NONE:
		return "none";
	case PINPAD_ALG_TDES:
		return "tdes";
	case PINPAD_ALG_AES:
		return "aes";
	}
	return "unknown";
}

int pinpad_alg_parse(const char *name, uint32_t *alg)
{
	if (!name || !alg)
		return -EINVAL;
	if (!strcasecmp(name, "tdes"))
		*alg = PINPAD_ALG_TDES;
	else if (!strcasecmp(name, "aes"))
		*alg = PINPAD_ALG_AES;
	else
		return -EINVAL;
	return 0;
}

uint32_t pinpad_key_attr_alg(const struct pinpad_key_attr *attr)
{
	if (attr && attr->algorithm == 'T')
		return PINPAD_ALG_TDES;
	if (attr && attr->algorithm == 'A')
		return PINPAD_ALG_AES;
	return PINPAD_ALG_NONE;
}

/*
 * The key database's defaults by class (CONTRACT of issue #11): TMK K0/D,
 * PIN P0/E, MAC M3/C (retail MAC; an AES key has no algorithm 3, so M6,
 * CMAC), DATA D0/B.
 */
int pinpad_key_attr_default(uint32_t usage, uint32_t alg,
			    struct pinpad_key_attr *attr)
{
	static const struct {
		uint32_t usage;
		char kb[2], mode;
	} defaults[] = {
		{ PINPAD_USAGE_TMK, "K0", 'D' },
		{ PINPAD_USAGE_PIN, "P0", 'E' },
		{ PINPAD_USAGE_MAC, "M3", 'C' },
		{ PINPAD_USAGE_DATA, "D0", 'B' },
	};
	size_t i;

	if (!attr || (alg != PINPAD_ALG_TDES && alg != PINPAD_ALG_AES))
		return -EINVAL;
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		if (defaults[i].usage != usage)
			continue;
		memset(attr, 0, sizeof(*attr));
		memcpy(attr->usage, defaults[i].kb, 2);
		if (usage == PINPAD_USAGE_MAC && alg == PINPAD_ALG_AES)
			attr->usage[1] = '6';
		attr->algorithm = alg == PINPAD_ALG_AES ? 'A' : 'T';
		attr->mode = (__u8)defaults[i].mode;
		attr->version[0] = '0';
		attr->version[1] = '0';
		attr->exportability = 'N';
		return 0;
	}
	return -EINVAL;
}

static const char *const pinpad_limit_names[PINPAD_LIMITS] = {
	[PINPAD_LIMIT_PIN_BLOCK] = "pin-block",
	[PINPAD_LIMIT_LOAD_WK] = "load-wk-failed",
	[PINPAD_LIMIT_MAC_VERIFY] = "mac-verify-failed",
};

const char *pinpad_limit_name(uint32_t limit)
{
	return limit < PINPAD_LIMITS ? pinpad_limit_names[limit] : "unknown";
}

int pinpad_limit_parse(const char *name, uint32_t *limit)
{
	uint32_t i;

	for (i = 0; name && limit && i < PINPAD_LIMITS; i++) {
		if (!strcmp(name, pinpad_limit_names[i])) {
			*limit = i;
			return 0;
		}
	}
	return -EINVAL;
}

static const char *const pinpad_nodes[] = {
	[PINPAD_ROLE_STATUS] = PINPAD_DEV_STATUS,
	[PINPAD_ROLE_USE] = PINPAD_DEV_USE,
	[PINPAD_ROLE_DOWNLOAD] = PINPAD_DEV_DOWNLOAD,
	[PINPAD_ROLE_ADMIN] = PINPAD_DEV_ADMIN,
};

const char *pinpad_node(uint32_t role)
{
	if (role >= sizeof(pinpad_nodes) / sizeof(pinpad_nodes[0]))
		return PINPAD_DEFAULT_PATH;
	return pinpad_nodes[role];
}
