// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - names of lifecycle states and key usages, for people.
 */
#include <errno.h>
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
