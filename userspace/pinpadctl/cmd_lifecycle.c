// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_lifecycle.c - the commands that change the lifecycle state:
 * `seal` (FACTORY -> SEALED), `tamper` (any -> ZEROIZED) and `recover`
 * (ZEROIZED -> FACTORY).
 */
#include "cli.h"
#include "subcommands.h"

static const struct cli_help seal_help = {
	.synopsis = "",
	.details =
	"Ends the factory state: FACTORY -> SEALED. The device refuses\n"
	"(ENODATA) unless the DSN, DIK2 with the factor, and the root\n"
	"certificate are all set. Factory commands are refused afterwards.\n"
	"Needs CAP_SYS_ADMIN.\n",
};

static const struct cli_help tamper_help = {
	.synopsis = "",
	.details =
	"Acts as a tamper switch: wipes every key and secret (slots, DIK2,\n"
	"factor, root certificate) and goes to ZEROIZED, from any state. Only\n"
	"'recover' (or reloading the module) leaves ZEROIZED. Needs\n"
	"CAP_SYS_ADMIN.\n",
};

static const struct cli_help recover_help = {
	.synopsis = "",
	.details =
	"Brings a ZEROIZED device back to FACTORY, empty (no DSN, no key),\n"
	"without reloading the module: AF_ALG sockets still open keep it\n"
	"loaded, and their requests fail (ENOKEY). Needs CAP_SYS_ADMIN.\n",
};

/* Parses no arguments, then runs @op on a read-write handle. */
static int run_simple(int argc, char *argv[], const char *device,
		      const struct cli_help *help,
		      int (*op)(struct pinpad *pp))
{
	struct pinpad *pp;
	int ret;

	ret = cli_parse_args(argc, argv, help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	return cli_close(pp, op(pp));
}

int seal_main(int argc, char *argv[], const char *device)
{
	return run_simple(argc, argv, device, &seal_help, pinpad_seal);
}

int tamper_main(int argc, char *argv[], const char *device)
{
	return run_simple(argc, argv, device, &tamper_help, pinpad_tamper);
}

int recover_main(int argc, char *argv[], const char *device)
{
	return run_simple(argc, argv, device, &recover_help, pinpad_recover);
}
