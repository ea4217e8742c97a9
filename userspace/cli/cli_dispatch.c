// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_dispatch.c - dispatching to subcommands; the arguments of each are
 * cli_parse_args()'s (cli_common.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli_common.h"

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

void cli_list_commands(FILE *f, const struct cli_command *cmds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].description);
}

static void group_usage(FILE *f, const char *group,
			const struct cli_command *cmds, size_t n)
{
	char line[160];

	snprintf(line, sizeof(line), "%s%s%s %s", cli_prog,
		 *cli_global_synopsis ? " " : "", cli_global_synopsis, group);
	fprintf(f, "Usage: %s <command> [<args>]\n       %s <command> "
		"--help\n\nCommands:\n", line, line);
	cli_list_commands(f, cmds, n);
}

int cli_dispatch(const struct cli_command *cmds, size_t n, int argc,
		 char *argv[])
{
	static char cmd[64];
	char group[32];
	size_t i;

	snprintf(group, sizeof(group), "%s", argv[0]);
	if (argc < 2 || is_help(argv[1])) {
		group_usage(argc < 2 ? stderr : stdout, group, cmds, n);
		return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(argv[1], cmds[i].name)) {
			snprintf(cmd, sizeof(cmd), "%s %s", group,
				 cmds[i].name);
			cli_cmd = cmd;
			return cmds[i].main(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "%s %s: unknown command %s\n", cli_prog, group,
		cli_quote(argv[1]));
	group_usage(stderr, group, cmds, n);
	return CLI_EXIT_USAGE;
}
