/* SPDX-License-Identifier: GPL-2.0 */
/*
 * args.h - a subcommand's arguments: "--name VALUE" or "--name=VALUE"
 * options in any order, then positionals; "--help" anywhere; "--" ends
 * the options.
 */
#ifndef PINPADCTL_ARGS_H
#define PINPADCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>

struct cli_help {
	const char *synopsis;	/* what follows "pinpadctl CMD" */
	const char *details;	/* what the command does, its options */
	const char *arg_name;	/* its positional argument, if any: "N" */
	bool secret;		/* takes key bytes: never quote stray args */
};

struct cli_opt {
	const char *name;	/* "--slot" */
	bool optional;		/* else cli_parse_args() insists on it */
	char *value;		/* out: NULL if not given; points into argv */
};

/*
 * cli_parse_args() - fill @opts and exactly @n_pos positionals from argv
 * @argv: argv[0] is the subcommand's name
 *
 * Every option not marked optional must be given.
 *
 * Return: CLI_CONTINUE; or 0 after printing the help for --help; or
 * CLI_EXIT_USAGE after naming the problem.
 */
int cli_parse_args(int argc, char *argv[], const struct cli_help *help,
		   struct cli_opt *opts, size_t n_opts,
		   char **pos, size_t n_pos);

/* Names a usage problem, shows the synopsis; returns CLI_EXIT_USAGE. */
int cli_usage_error(const struct cli_help *help, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the usage line of every subcommand for `pinpadctl --help`. */
void cli_print_help(const struct cli_help *help);

#endif /* PINPADCTL_ARGS_H */
