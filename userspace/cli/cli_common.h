/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_common.h - libpinpadcli.a (userspace/cli/), what the command-line
 * programs share: the exit codes, error messages that never show key
 * bytes, argument parsing, subcommand tables, checked values, input and
 * key files, listings. pinpadctl, rks-admin and rks-factory use all of it;
 * rkd, pinpad-state and rks-server its logger (cli_log.h) and config-file
 * reader (cli_conf.h).
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
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The one table of exit codes of pinpadctl, rks-admin, rks-factory and
 * rks-server; their --help texts and manual pages spell it out (EXIT
 * STATUS), and rks-server.service's RestartPreventExitStatus= lists the
 * codes a restart cannot cure (2-5). (rkd and pinpad-state keep the codes
 * their own manuals give: ps.h, rkd.c.)
 */
enum cli_exit {
	CLI_EXIT_OK = 0,	/* done; rks-server: stopped by a signal */
	CLI_EXIT_REFUSED = 1,	/* the device or database said no */
	CLI_EXIT_FAILED = 1,	/* rks-server's name: its event loop failed */
	CLI_EXIT_USAGE = 2,	/* bad arguments, unreadable or bad input */
	CLI_EXIT_SETUP = 3,	/* cannot open the database, a key, a
				 * certificate or the device */
	CLI_EXIT_NODEV = 3,	/* pinpadctl's name: no device, or not a pinpad */
	CLI_EXIT_INTEGRITY = 4,	/* stored data fails its checks; storage */
	CLI_EXIT_NET = 5,	/* rks-server: cannot listen */
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

/*
 * What cli_finish_output() returns when stdout cannot be written, per
 * program: CLI_EXIT_REFUSED for pinpadctl, CLI_EXIT_SETUP for the RKS
 * tools.
 */
extern const int cli_exit_output;

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

/*
 * cli_read_key_block() - an ANSI X9.143 key block, ASCII, from @path ("-":
 * stdin), one line: a final LF or CRLF is dropped; what is left must be
 * 1..@max bytes of printable ASCII (0x20..0x7e), else a message naming
 * @path. @buf holds @max bytes (no NUL is added); *@len its length. The
 * block is not parsed here: the device or the codec judges it.
 */
bool cli_read_key_block(const char *path, char *buf, size_t max,
			size_t *len);

/* --- output --- */

/* @s with unprintable characters as '?', for listings. Static buffer. */
const char *cli_printable(const char *s);

/* Flushes stdout; a failure there turns @ret into cli_exit_output. */
int cli_finish_output(int ret);

/* --- subcommands --- */

struct cli_command {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *description;
};

/*
 * cli_dispatch() - run the command of @cmds that argv[1] names
 * @argv: argv[0] is the group's name ("dik1"), argv[1] the command
 *
 * Without a command, or with --help, lists @cmds.
 */
int cli_dispatch(const struct cli_command *cmds, size_t n, int argc,
		 char *argv[]);

/* Lists @cmds on @f, one per line, indented. */
void cli_list_commands(FILE *f, const struct cli_command *cmds, size_t n);

/* --- values: each names the option (@what) and the problem on failure --- */

/* A decimal number in @min..@max: digits only. */
bool cli_parse_u32(const char *what, const char *s, uint32_t min,
		   uint32_t max, uint32_t *out);
bool cli_parse_i64(const char *what, const char *s, int64_t min,
		   int64_t max, int64_t *out);

/* A DSN the module takes (librkdproto's rkd_dsn_valid()), or a message. */
bool cli_parse_dsn(const char *what, const char *s);

/*
 * cli_parse_hex() - @min..@max bytes of hex into @buf (@max bytes)
 * @secret: key material: only its length or a bad position is shown
 *
 * Upper or lower case; no prefix, separators or spaces. @buf is wiped on
 * failure.
 */
bool cli_parse_hex(const char *what, const char *hex, bool secret,
		   uint8_t *buf, size_t min, size_t max, size_t *len);

/*
 * cli_read_key_file() - the one line of hex in a key file
 * @len: the key's length; the file holds exactly 2 * @len hex digits on
 *       one line, besides empty lines and '#' comments
 *
 * A file holding a clear key must be readable by its owner only; a looser
 * mode is refused, naming the mode. "-" reads stdin (no mode check).
 * @buf is wiped on failure.
 */
bool cli_read_key_file(const char *what, const char *path, uint8_t *buf,
		       size_t len);

/* Upper-case hex of @len bytes into @out (2 * @len + 1 bytes). */
void cli_hex(const uint8_t *buf, size_t len, char *out);

#endif /* CLI_COMMON_H */
