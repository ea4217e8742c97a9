// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pinpadctl.c - the global options, and a table of subcommands that
 * dispatch to <cmd>_main().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli.h"
#include "subcommands.h"
#include "version.h"

static const struct {
	const char *name;
	int (*main)(int argc, char *argv[], const char *device);
	const char *description;
} subcommands[] = {
	{ "status", status_main, "Shows the lifecycle state and identity" },
	{ "slots", slots_main, "Lists every slot: usage, length, KCV" },
	{ "slot", slot_main, "Shows one slot" },
	{ "set-dsn", set_dsn_main, "Sets the device serial number (factory)" },
	{ "set-dik2", set_dik2_main, "Sets DIK2 and the factor (factory)" },
	{ "set-root", set_root_main, "Installs the root certificate RKS_RCRT "
				     "(factory)" },
	{ "inject", inject_main, "Writes a clear key into a slot (factory)" },
	{ "seal", seal_main, "Ends the factory state: FACTORY -> SEALED" },
	{ "load-wk", load_wk_main, "Loads a working key wrapped under a TMK" },
	{ "encrypt", cipher_main, "Encrypts data with a DATA key" },
	{ "decrypt", cipher_main, "Decrypts data with a DATA key" },
	{ "clear-slot", clear_slot_main, "Erases one slot" },
	{ "slot-unlock", slot_unlock_main,
	  "Unlocks a TMK slot that failed loads locked" },
	{ "tamper", tamper_main, "Wipes every key and secret: -> ZEROIZED" },
	{ "recover", recover_main, "ZEROIZED -> FACTORY, without a module "
				   "reload" },
	{ "limits", limits_main, "Shows the rate limits and what is left" },
	{ "set-limit", set_limit_main, "Lowers a rate limit (admin)" },
	{ "pin-block", pin_block_main, "Encrypts an ISO 9564-1 format 0 PIN "
				       "block with a PIN key" },
	{ "mac", mac_main, "generate|verify: an X9.19 retail MAC, "
			   "with a MAC key" },
	{ "token", token_main, "get|revoke: a crypto API token for a DATA "
			       "key" },
	{ "kcapi-encrypt", kcapi_cipher_main, "Encrypts with a DATA key "
					      "through AF_ALG (libkcapi)" },
	{ "kcapi-decrypt", kcapi_cipher_main, "Decrypts with a DATA key "
					      "through AF_ALG (libkcapi)" },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s [--device PATH] <command> [<args>]\n"
		"       %s <command> --help\n"
		"       %s --help | --version\n\n"
		"Drives /dev/pinpad, the emulated PIN-pad secure module. Keys "
		"are write-only:\nno command shows key bytes, only a key's "
		"usage, length and KCV.\n\nCommands:\n",
		cli_prog, cli_prog, cli_prog);
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(f, "  %-13s %s\n", subcommands[i].name,
			subcommands[i].description);
	fprintf(f,
		"\nOptions:\n"
		"  --device PATH  the device node for every command (default:\n"
		"                 $PINPAD_DEVICE, else each command's role's node:\n"
		"                 %s, %s, %s or %s)\n"
		"  --help         this text\n"
		"  --version      the versions of %s and of the ioctl API\n"
		"\nExit codes:\n"
		"  0  success\n"
		"  1  the device refused the operation "
		"(or the output could not be written)\n"
		"  2  usage error: bad arguments or an unreadable input file\n"
		"  3  cannot open the device, or it is not a pinpad device\n",
		PINPAD_DEV_ADMIN, PINPAD_DEV_DOWNLOAD, PINPAD_DEV_USE,
		PINPAD_DEV_STATUS, cli_prog);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", cli_prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help'.\n", cli_prog);
	return CLI_EXIT_USAGE;
}

/*
 * Where to find the device unless --device says: NULL, each command's own
 * role's node (pinpad_node()).
 */
static const char *default_device(void)
{
	const char *env = getenv("PINPAD_DEVICE");

	return env && *env ? env : NULL;
}

/*
 * Consumes the global options before the subcommand.
 * Return: CLI_CONTINUE with *@first at the subcommand, or an exit code.
 */
static int global_options(int argc, char *argv[], int *first,
			  const char **device)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			show_usage(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(arg, "--version") || !strcmp(arg, "-V")) {
			printf("%s %s (pinpad ioctl API %d)\n", cli_prog,
			       PINPADCTL_VERSION, PINPAD_API_VERSION);
			return CLI_EXIT_OK;
		} else if (!strncmp(arg, "--device=", 9)) {
			*device = arg + 9;
		} else if (!strcmp(arg, "--device")) {
			if (i + 1 >= argc)
				return usage_error("%s needs a value", arg);
			*device = argv[++i];
		} else {
			return usage_error("unknown option %s", cli_quote(arg));
		}
		if (!**device)
			return usage_error("%s: empty path", "--device");
	}
	*first = i;
	return CLI_CONTINUE;
}

int main(int argc, char *argv[])
{
	const char *device = default_device();
	int first = 1;
	int ret;
	size_t i;

	/* Key bytes pass through this process: keep them out of cores. */
	prctl(PR_SET_DUMPABLE, 0);
	/* A command's --help shows it; its usage errors do not. */
	cli_global_synopsis = "[--device PATH]";

	ret = global_options(argc, argv, &first, &device);
	if (ret != CLI_CONTINUE)
		return cli_finish_output(ret);
	if (first == argc) {
		show_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(subcommands); i++) {
		if (!strcmp(argv[first], subcommands[i].name)) {
			cli_cmd = subcommands[i].name;
			ret = subcommands[i].main(argc - first, argv + first,
						  device);
			return cli_finish_output(ret);
		}
	}
	return usage_error("unknown command %s", cli_quote(argv[first]));
}
