// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_slots.c - `pinpadctl slots` and `pinpadctl slot N`: slot metadata.
 */
#include <stdio.h>

#include "cli.h"
#include "format.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help slots_help = {
	.synopsis = "",
	.details =
	"Lists every slot: its number, its class (tmk, pin, mac, data: what\n"
	"the slot's key is for, derived from the key's X9.143 usage), the\n"
	"algorithm (tdes, aes), the key length in bytes, the ANSI X9.143 key\n"
	"block attributes the key came with (usage such as K0 P0 M3 M6 D0,\n"
	"mode of use, key version) and its KCV (X9.24-1 A.2 for TDES: TDES-ECB\n"
	"of a zero block; A.3 for AES: AES-CMAC of a zero block; 3 bytes).\n"
	"Empty slots show '(empty)'. Slots 0..15 hold TMKs, 16..47 working\n"
	"keys.\n"
	"Opens the device read-only.\n",
};

static const struct cli_help slot_help = {
	.synopsis = "N",
	.details =
	"Shows slot N (0..47) as one row of `pinpadctl slots`.\n"
	"Opens the device read-only.\n",
	.arg_name = "N",
};

/* Prints one slot's row; returns 0 or the device's -errno. */
static int show_slot(struct pinpad *pp, uint32_t slot)
{
	struct pinpad_slot_info info;
	int ret;

	ret = pinpad_slot_info(pp, slot, &info);
	if (!ret)
		print_slot_row(stdout, &info);
	return ret;
}

int slots_main(int argc, char *argv[], const char *device)
{
	struct pinpad *pp;
	uint32_t slot;
	int ret;

	ret = cli_parse_args(argc, argv, &slots_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = cli_open(device, PINPAD_ROLE_STATUS, PINPAD_OPEN_RDONLY, &pp);
	if (ret)
		return ret;
	print_slot_heading(stdout);
	for (slot = 0; slot < PINPAD_SLOTS && !ret; slot++)
		ret = show_slot(pp, slot);
	return cli_close(pp, ret);
}

int slot_main(int argc, char *argv[], const char *device)
{
	struct pinpad *pp;
	char *arg;
	uint32_t slot;
	int ret;

	ret = cli_parse_args(argc, argv, &slot_help, NULL, 0, &arg, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_slot("N", arg, &slot))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_STATUS, PINPAD_OPEN_RDONLY, &pp);
	if (ret)
		return ret;
	print_slot_heading(stdout);
	return cli_close(pp, show_slot(pp, slot));
}
