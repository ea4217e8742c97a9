// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_args.c - splitting a command's argv into options and positionals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_common.h"

const char *cli_global_synopsis = "";
bool cli_error_shows_global;
struct cli_opt *cli_global_opts;
size_t cli_n_global_opts;

/* "PROG [GLOBAL] CMD", into @buf; @global: show cli_global_synopsis. */
static const char *command_line(char *buf, size_t size, bool global)
{
	const char *syn = global ? cli_global_synopsis : "";

	snprintf(buf, size, "%s%s%s %s", cli_prog, *syn ? " " : "", syn,
		 cli_cmd ? cli_cmd : "");
	return buf;
}

void cli_print_help(const struct cli_help *help)
{
	char line[160];

	printf("Usage: %s%s%s\n\n%s", command_line(line, sizeof(line), true),
	       *help->synopsis ? " " : "", help->synopsis, help->details);
}

int cli_usage_error(const struct cli_help *help, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_prog, cli_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: %s%s%s\nTry '%s %s --help'.\n",
		command_line(line, sizeof(line), cli_error_shows_global),
		*help->synopsis ? " " : "", help->synopsis, cli_prog, cli_cmd);
	return CLI_EXIT_USAGE;
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* The option @arg names, up to any "=": "--slot=3" matches "--slot". */
static struct cli_opt *find_opt(const char *arg, struct cli_opt *opts,
				size_t n_opts)
{
	size_t name_len = strcspn(arg, "=");
	size_t i;

	for (i = 0; i < n_opts; i++)
		if (strlen(opts[i].name) == name_len &&
		    !strncmp(arg, opts[i].name, name_len))
			return &opts[i];
	return NULL;
}

/* Parses argv[*i] as an option; may consume argv[*i + 1] as its value. */
static int take_opt(int argc, char *argv[], int *i,
		    const struct cli_help *help, struct cli_opt *opts,
		    size_t n_opts)
{
	char *arg = argv[*i];
	char *eq = strchr(arg, '=');
	struct cli_opt *opt = find_opt(arg, opts, n_opts);

	if (!opt)
		opt = find_opt(arg, cli_global_opts, cli_n_global_opts);
	if (!opt)	/* the name only: a stray "=value" may be a key */
		return cli_usage_error(help, "unknown option '%.*s'",
				       (int)strcspn(arg, "="), arg);
	if (opt->value)
		return cli_usage_error(help, "%s given twice", opt->name);
	if (opt->flag) {
		if (eq)
			return cli_usage_error(help, "%s takes no value",
					       opt->name);
		opt->value = (char *)"";
	} else if (eq) {
		opt->value = eq + 1;
	} else {
		if (*i + 1 >= argc || !strncmp(argv[*i + 1], "--", 2))
			return cli_usage_error(help, "%s needs a value",
					       opt->name);
		opt->value = argv[++*i];
	}
	return CLI_CONTINUE;
}

static int stray_arg(const struct cli_help *help, int i, const char *arg)
{
	if (help->secret)
		return cli_usage_error(help, "unexpected argument #%d", i);
	return cli_usage_error(help, "unexpected argument %s",
			       cli_quote(arg));
}

static int check_required(const struct cli_help *help,
			  const struct cli_opt *opts, size_t n_opts)
{
	size_t i;

	for (i = 0; i < n_opts; i++)
		if (!opts[i].optional && !opts[i].value)
			return cli_usage_error(help, "missing %s",
					       opts[i].name);
	return CLI_CONTINUE;
}

int cli_parse_args(int argc, char *argv[], const struct cli_help *help,
		   struct cli_opt *opts, size_t n_opts,
		   char **pos, size_t n_pos)
{
	bool options_done = false;
	size_t n_seen = 0;
	int ret;
	int i;

	/* --help wins over any error elsewhere on the line. */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (is_help(argv[i])) {
			cli_print_help(help);
			return CLI_EXIT_OK;
		}
	}
	for (i = 1; i < argc; i++) {
		char *arg = argv[i];

		if (!options_done && !strcmp(arg, "--")) {
			options_done = true;
		} else if (!options_done && arg[0] == '-' && arg[1]) {
			ret = take_opt(argc, argv, &i, help, opts, n_opts);
			if (ret != CLI_CONTINUE)
				return ret;
		} else if (n_seen < n_pos) {
			pos[n_seen++] = arg;
		} else {
			return stray_arg(help, i, arg);
		}
	}
	if (n_seen < n_pos)
		return cli_usage_error(help, "missing %s", help->arg_name);
	return check_required(help, opts, n_opts);
}
