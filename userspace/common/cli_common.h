/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli_common.h - what pinpadctl, rks-admin and rks-factory share (built
 * into libpinpadcli.a): error messages that never show key bytes,
 * argument parsing, and reading an input file. Each program's cli.h
 * includes this and adds its own exit codes and helpers.
 *
 * Arguments: "--name VALUE" or "--name=VALUE" options in any order, then
 * positionals; "--help" anywhere; "--" ends the options. Hand-written
 * rather than getopt_long(): getopt prints its own messages, which would
 * quote a mistyped "--kye=HEX" with its key, and permutes argv.
 */
#ifndef CLI_COMMON_H
#define CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The exit codes every program has; each cli.h adds the others. */
enum cli_exit_common {
	CLI_EXIT_OK = 0,	/* done */
	CLI_EXIT_USAGE = 2,	/* bad arguments, unreadable or bad input */
};

/* Not an exit code: nothing wrong so far, go on. */
#define CLI_CONTINUE (-1)

/*
 * Set by each program: its name ("pinpadctl"), and the running command
 * ("mac generate"; NULL or "" before there is one).
 */
extern const char *cli_prog;
extern const char *cli_cmd;

/*
 * What --help's usage line shows between the program and the command
 * ("[--device PATH]"; "" by default), and whether a usage error's usage
 * line shows it too.
 */
extern const char *cli_global_synopsis;
extern bool cli_error_shows_global;

/* Values longer than this are shown only as their length; per program. */
extern const size_t cli_quote_max;

/* Prints "PROG CMD: <message>" (or "PROG: <message>") on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * cli_quote() - @s fit for an error message: short values quoted, with
 * anything unprintable as '?'; long ones only as their length (a long
 * value given to the wrong option may be key hex). Static buffer.
 */
const char *cli_quote(const char *s);

/* Overwrites an argv string that held key hex, so ps stops showing it. */
void cli_wipe_arg(char *arg);

/* --- arguments --- */

struct cli_help {
	const char *synopsis;	/* what follows "PROG CMD" */
	const char *details;	/* what the command does, its options */
	const char *arg_name;	/* its positional argument, if any: "DSN" */
	bool secret;		/* takes key bytes: never quote stray args */
};

struct cli_opt {
	const char *name;	/* "--slot" */
	bool optional;		/* else cli_parse_args() insists on it */
	bool flag;		/* takes no value; value is "" when given */
	char *value;		/* out: NULL if not given; points into argv */
};

/*
 * Options every command accepts after its name as well as before it
 * (rks-admin's --db and --master-key); none by default.
 */
extern struct cli_opt *cli_global_opts;
extern size_t cli_n_global_opts;

/*
 * cli_parse_args() - fill @opts and exactly @n_pos positionals from argv
 * @argv: argv[0] is the command's name
 *
 * Every option not marked optional must be given.
 *
 * Return: CLI_CONTINUE; or CLI_EXIT_OK after printing the help for --help;
 * or CLI_EXIT_USAGE after naming the problem.
 */
int cli_parse_args(int argc, char *argv[], const struct cli_help *help,
		   struct cli_opt *opts, size_t n_opts,
		   char **pos, size_t n_pos);

/* Names a usage problem, shows the synopsis; returns CLI_EXIT_USAGE. */
int cli_usage_error(const struct cli_help *help, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void cli_print_help(const struct cli_help *help);

/* --- files --- */

/* All of @path ("-": stdin), 1..@max bytes, into @buf (@max + 1 bytes). */
bool cli_read_file(const char *path, uint8_t *buf, size_t max, size_t *len);

#endif /* CLI_COMMON_H */
