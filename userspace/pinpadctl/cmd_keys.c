// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_keys.c - the commands that fill or empty slots: `inject` (clear key
 * with its X9.143 attributes, factory), `load-wk` (an X9.143 key block
 * under a TMK), `slot-unlock` (a TMK locked by failed loads), `clear-slot`.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "format.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help inject_help = {
	.synopsis = "--slot N --usage tmk|pin|mac|data --key HEX [--kcv HEX] "
		    "[--alg tdes|aes] [--kb-usage XX] [--mode-of-use M] "
		    "[--key-version NN]",
	.details =
	"Writes a clear key into a slot: a TMK into 0..15, a pin, mac or data\n"
	"key into 16..47. --key: TDES 16 or 24 bytes of hex, AES 16, 24 or\n"
	"32 (--alg aes; tdes is the default). The key gets the ANSI X9.143\n"
	"attributes a key block would give it: by default tmk K0 mode D,\n"
	"pin P0 mode E, mac M3 mode C (M6 for AES), data D0 mode B, key\n"
	"version 00; --kb-usage (K0 K1 P0 M1 M3 M6 D0), --mode-of-use (one\n"
	"letter: B C D E G V) and --key-version (2 characters) change them,\n"
	"and the device checks them. With --kcv (3 bytes of hex) the device\n"
	"refuses the key unless its KCV matches. The key is never shown; its\n"
	"argv copy is overwritten once read (ps may still catch it before).\n"
	"FACTORY state only; needs CAP_SYS_ADMIN.\n",
	.secret = true,
};

static const struct cli_help load_wk_help = {
	.synopsis = "--slot N --kbpk-slot N --block FILE|-",
	.details =
	"Loads a working key into slot 16..47 from an ANSI X9.143 (TR-31) key\n"
	"block, one line of ASCII in FILE (\"-\": stdin), whose key block\n"
	"protection key is the TMK in --kbpk-slot (0..15): version B under a\n"
	"TDES TMK, D under an AES one. The device verifies the block, stores\n"
	"the key with the block's usage, algorithm, mode of use and version,\n"
	"and this prints the stored key's KCV. A refused load changes no slot\n"
	"and says only \"refused\" until the block authenticates.\n"
	"FACTORY or SEALED state; opens the key-use node read-write.\n",
};

static const struct cli_help clear_slot_help = {
	.synopsis = "N",
	.details = "Erases slot N (0..47).\nFACTORY or SEALED state.\n",
	.arg_name = "N",
};

enum { OPT_SLOT, OPT_USAGE, OPT_KEY, OPT_KCV, OPT_ALG, OPT_KB_USAGE,
       OPT_MODE_OF_USE, OPT_KEY_VERSION };

/*
 * The attributes of `inject`: the class's defaults for the algorithm,
 * then each field the user named. Only their shape is checked here
 * (characters and lengths); which values go together is the device's.
 */
static bool parse_attr(const struct cli_opt *opts, enum pinpad_usage usage,
		       struct pinpad_key_attr *attr)
{
	const char *kb = opts[OPT_KB_USAGE].value;
	const char *mode = opts[OPT_MODE_OF_USE].value;
	const char *ver = opts[OPT_KEY_VERSION].value;
	uint32_t alg = PINPAD_ALG_TDES;

	if (opts[OPT_ALG].value &&
	    pinpad_alg_parse(opts[OPT_ALG].value, &alg)) {
		cli_err("--alg: %s is not tdes or aes",
			cli_quote(opts[OPT_ALG].value));
		return false;
	}
	if (pinpad_key_attr_default(usage, alg, attr))
		return false;
	if (kb && (strlen(kb) != 2 || !isupper((unsigned char)kb[0]) ||
		   !isalnum((unsigned char)kb[1]))) {
		cli_err("--kb-usage: %s is not an X9.143 key usage (two "
			"characters, such as P0)", cli_quote(kb));
		return false;
	}
	if (mode && (strlen(mode) != 1 || !isupper((unsigned char)mode[0]))) {
		cli_err("--mode-of-use: %s is not one capital letter",
			cli_quote(mode));
		return false;
	}
	if (ver && (strlen(ver) != 2 || !isalnum((unsigned char)ver[0]) ||
		    !isalnum((unsigned char)ver[1]))) {
		cli_err("--key-version: %s is not 2 letters or digits",
			cli_quote(ver));
		return false;
	}
	if (kb)
		memcpy(attr->usage, kb, 2);
	if (mode)
		attr->mode = (__u8)mode[0];
	if (ver)
		memcpy(attr->version, ver, 2);
	return true;
}

int inject_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_SLOT] = { .name = "--slot" },
		[OPT_USAGE] = { .name = "--usage" },
		[OPT_KEY] = { .name = "--key" },
		[OPT_KCV] = { .name = "--kcv", .optional = true },
		[OPT_ALG] = { .name = "--alg", .optional = true },
		[OPT_KB_USAGE] = { .name = "--kb-usage", .optional = true },
		[OPT_MODE_OF_USE] = { .name = "--mode-of-use",
				      .optional = true },
		[OPT_KEY_VERSION] = { .name = "--key-version",
				      .optional = true },
	};
	uint8_t key[PINPAD_KEY_MAX];
	uint8_t kcv[PINPAD_KCV_LEN];
	struct pinpad_key_attr attr;
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
	    !parse_attr(opts, usage, &attr) ||
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
	ret = cli_close(pp, pinpad_inject_key(pp, slot, &attr, key, key_len,
					      opts[OPT_KCV].value ? kcv
								  : NULL));
out:
	explicit_bzero(key, sizeof(key));
	cli_wipe_arg(opts[OPT_KEY].value);
	return ret;
}

enum { OPT_WK_SLOT, OPT_KBPK_SLOT, OPT_BLOCK };

int load_wk_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_WK_SLOT] = { .name = "--slot" },
		[OPT_KBPK_SLOT] = { .name = "--kbpk-slot" },
		[OPT_BLOCK] = { .name = "--block" },
	};
	char block[PINPAD_KEY_BLOCK_MAX];
	uint8_t kcv[PINPAD_KCV_LEN];
	uint32_t slot, kbpk_slot;
	struct pinpad *pp;
	size_t block_len;
	int ret;

	ret = cli_parse_args(argc, argv, &load_wk_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_wk_slot("--slot", opts[OPT_WK_SLOT].value, &slot) ||
	    !parse_tmk_slot("--kbpk-slot", opts[OPT_KBPK_SLOT].value,
			    &kbpk_slot) ||
	    !cli_read_key_block(opts[OPT_BLOCK].value, block, sizeof(block),
				&block_len))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = pinpad_load_wk(pp, slot, kbpk_slot, block, block_len, kcv);
	pinpad_close(pp);
	if (ret)
		return cli_refused_because(ret, pinpad_cmd_strerror(
					   PINPAD_IOC_LOAD_WK, ret));
	printf("slot %u loaded, KCV ", slot);
	print_hex(stdout, kcv, sizeof(kcv));
	putchar('\n');
	return CLI_EXIT_OK;
}

static const struct cli_help slot_unlock_help = {
	.synopsis = "N",
	.details =
	"Unlocks TMK slot N (0..15): after 5 failed load-wk in a row\n"
	"against one TMK, its slot refuses to unwrap (EKEYREVOKED; `slots`\n"
	"shows it locked) until this. The key stays.\n"
	"FACTORY or SEALED state; needs CAP_SYS_ADMIN.\n",
	.arg_name = "N",
};

int slot_unlock_main(int argc, char *argv[], const char *device)
{
	struct pinpad *pp;
	uint32_t slot;
	char *arg;
	int ret;

	ret = cli_parse_args(argc, argv, &slot_unlock_help, NULL, 0, &arg, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_tmk_slot("N", arg, &slot))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	return cli_close(pp, pinpad_slot_unlock(pp, slot));
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
