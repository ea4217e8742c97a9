// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_keys.c - the commands that fill or empty slots: `inject` (clear key,
 * factory), `load-wk` (a key block under a TMK), `clear-slot`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help inject_help = {
	.synopsis = "--slot N --usage tmk|pin|mac|data --key HEX [--kcv HEX]",
	.details =
	"Writes a clear TDES key (16 or 24 bytes of hex) into a slot: a TMK\n"
	"into 0..15, a pin, mac or data key into 16..47. With --kcv (3 bytes\n"
	"of hex) the device refuses the key unless its KCV matches. The key\n"
	"is never shown; its argv copy is overwritten once read (ps may still\n"
	"catch it before).\n"
	"FACTORY state only; needs CAP_SYS_ADMIN.\n",
	.secret = true,
};

static const struct cli_help load_wk_help = {
	.synopsis = "--slot N --tmk-slot N --block TEXT",
	.details =
	"Loads a working key into slot 16..47 from an X9.143 (TR-31) key\n"
	"block, version B or D, protected by the TMK in --tmk-slot (0..15).\n"
	"The block's header says the key's usage. Prints the stored key's\n"
	"KCV. A refused load changes no slot.\n"
	"FACTORY or SEALED state.\n",
};

static const struct cli_help clear_slot_help = {
	.synopsis = "N",
	.details = "Erases slot N (0..47).\nFACTORY or SEALED state.\n",
	.arg_name = "N",
};

enum { OPT_SLOT, OPT_USAGE, OPT_KEY, OPT_KCV };

int inject_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_SLOT] = { .name = "--slot" },
		[OPT_USAGE] = { .name = "--usage" },
		[OPT_KEY] = { .name = "--key" },
		[OPT_KCV] = { .name = "--kcv", .optional = true },
	};
	uint8_t key[PINPAD_KEY_MAX];
	uint8_t kcv[PINPAD_KCV_LEN];
	enum pinpad_usage usage;
	size_t key_len, kcv_len;
	struct pinpad *pp;
	uint32_t slot;
	int ret;

	ret = cli_parse_args(argc, argv, &inject_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	if (!parse_slot("--slot", opts[OPT_SLOT].value, &slot) ||
	    !parse_usage("--usage", opts[OPT_USAGE].value, false, &usage) ||
	    !check_slot_usage("--slot", slot, usage) ||
	    !parse_key("--key", opts[OPT_KEY].value, key, &key_len) ||
	    (opts[OPT_KCV].value &&
	     !parse_hex("--kcv", opts[OPT_KCV].value, false, kcv,
			PINPAD_KCV_LEN, PINPAD_KCV_LEN, &kcv_len))) {
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out;
	ret = cli_close(pp, pinpad_inject_key(pp, slot, usage, key, key_len,
					      opts[OPT_KCV].value ? kcv
								  : NULL));
out:
	explicit_bzero(key, sizeof(key));
	cli_wipe_arg(opts[OPT_KEY].value);
	return ret;
}

enum { OPT_WK_SLOT, OPT_TMK_SLOT, OPT_BLOCK };

int load_wk_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_WK_SLOT] = { .name = "--slot" },
		[OPT_TMK_SLOT] = { .name = "--tmk-slot" },
		[OPT_BLOCK] = { .name = "--block" },
	};
	uint8_t kcv[PINPAD_KCV_LEN];
	uint32_t slot, tmk_slot;
	const char *block;
	struct pinpad *pp;
	int ret;

	ret = cli_parse_args(argc, argv, &load_wk_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	block = opts[OPT_BLOCK].value;
	if (!parse_wk_slot("--slot", opts[OPT_WK_SLOT].value, &slot) ||
	    !parse_tmk_slot("--tmk-slot", opts[OPT_TMK_SLOT].value,
			    &tmk_slot))
		return CLI_EXIT_USAGE;
	if (!*block || strlen(block) > PINPAD_KEY_BLOCK_MAX) {
		fprintf(stderr, "pinpadctl: --block: 1..%d characters\n",
			PINPAD_KEY_BLOCK_MAX);
		return CLI_EXIT_USAGE;
	}
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = pinpad_load_wk(pp, slot, tmk_slot, block, strlen(block), kcv);
	if (!ret)
		printf("slot %u loaded, KCV %02X%02X%02X\n", slot, kcv[0],
		       kcv[1], kcv[2]);
	return cli_close(pp, ret);
}

int clear_slot_main(int argc, char *argv[], const char *device)
{
	struct pinpad *pp;
	uint32_t slot;
	char *arg;
	int ret;

	ret = cli_parse_args(argc, argv, &clear_slot_help, NULL, 0, &arg, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_slot("N", arg, &slot))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	return cli_close(pp, pinpad_clear_slot(pp, slot));
}
