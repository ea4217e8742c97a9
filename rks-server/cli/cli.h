/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what rks-admin and rks-factory share besides cli_common.h
 * (arguments, messages, input files; with pinpadctl): exit codes,
 * subcommand tables, checked values, key files and listings that never
 * show key bytes.
 */
#ifndef RKS_CLI_H
#define RKS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli_common.h"

/*
 * Exit codes; each program's --help and manual page spell them out. With
 * cli_common.h's CLI_EXIT_OK (0, done) and CLI_EXIT_USAGE (2, bad
 * arguments, unreadable or bad input).
 */
enum cli_exit {
	CLI_EXIT_REFUSED = 1,	/* the database or device said no */
	CLI_EXIT_SETUP = 3,	/* cannot open the database, key or device */
	CLI_EXIT_INTEGRITY = 4,	/* stored data fails its checks; storage */
};

/* @s with unprintable characters as '?', for listings. Static buffer. */
const char *cli_printable(const char *s);

/* Flushes stdout; a failure there turns @ret into CLI_EXIT_SETUP. */
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

#endif /* RKS_CLI_H */
