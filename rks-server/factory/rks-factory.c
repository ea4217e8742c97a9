// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rks-factory.c - the key mother POS: a table of commands that dispatch to
 * <cmd>_main().
 */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "cli_common.h"
#include "factory.h"

#define RKS_FACTORY_VERSION "1.0"

const char *cli_prog = "rks-factory";
/* Long enough for any number, usage, slot or DSN; shorter than key hex. */
const size_t cli_quote_max = 32;
/* stdout that cannot be written: a setup problem */
const int cli_exit_output = CLI_EXIT_SETUP;

static const struct cli_command commands[] = {
	{ "provision", provision_main, "Gives a terminal its identity: DSN, "
				       "DIK2 and factor, root certificate; "
				       "seals it" },
	{ "dik2", dik2_main, "Computes DIK2 = F(DSN, factor, DIK1) (a test "
			     "aid)" },
};

static void show_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s <command> [<args>]\n"
		"       %s <command> --help\n"
		"       %s --help | --version\n\n"
		"The key mother POS: provisions terminals through /dev/pinpad-admin "
		"in the factory.\nIt shows DIK1 and DIK2 only as KCVs, and "
		"never shows the factor.\n\nCommands:\n",
		cli_prog, cli_prog, cli_prog);
	cli_list_commands(f, commands, ARRAY_SIZE(commands));
	fprintf(f,
		"\nExit codes:\n"
		"  0  success\n"
		"  1  the device refused, or does not show what was "
		"installed\n"
		"  2  usage: a bad argument, or an unreadable or malformed "
		"input file\n"
		"  3  cannot open the device, or it is not a pinpad device\n");
}

int main(int argc, char *argv[])
{
	size_t i;

	/* Key bytes pass through this process: keep them out of cores. */
	prctl(PR_SET_DUMPABLE, 0);
	umask(077);
	if (argc < 2) {
		show_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		show_usage(stdout);
		return cli_finish_output(CLI_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("%s %s\n", cli_prog, RKS_FACTORY_VERSION);
		return cli_finish_output(CLI_EXIT_OK);
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			cli_cmd = commands[i].name;
			return cli_finish_output(commands[i].main(argc - 1,
								  argv + 1));
		}
	}
	fprintf(stderr, "%s: unknown command %s\nTry '%s --help'.\n", cli_prog,
		cli_quote(argv[1]), cli_prog);
	return CLI_EXIT_USAGE;
}
