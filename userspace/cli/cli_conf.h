/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_conf.h - the config-file reader of rkd and rks-server.
 *
 * The file is `key = value` lines; `#` starts a comment line; blank lines
 * are ignored; spaces around the key and the value are not part of them.
 * The reader owns the file's syntax and its messages; each program keeps
 * its own table of settings and says, in @set, what a key and value mean.
 * Every message names "path:line" and the offending text.
 */
#ifndef CLI_CONF_H
#define CLI_CONF_H

#include <stdbool.h>
#include <stddef.h>

struct cli_conf {
	const char *path;
	/* prefix of the messages ("rkd" -> "rkd: path:line: ..."), or NULL */
	const char *ident;
	size_t line_max;	/* the longest line, without its newline */
	bool optional;		/* a missing file (ENOENT) reads as empty */
	/*
	 * @set: one setting, from line @line; 0, or -1 after
	 * cli_conf_error() has said what is wrong with it.
	 */
	int (*set)(const struct cli_conf *conf, unsigned int line,
		   const char *key, const char *value);
	void *ctx;		/* for @set: the program's settings */
};

/*
 * cli_conf_read() - every line of @conf->path, in order, through @conf->set
 *
 * Stops at the first error: a file that cannot be opened or read, a line
 * longer than @conf->line_max, a line that is not `key = value`, or one
 * @set refuses.
 *
 * Return: 0; or -1 after printing why on stderr.
 */
int cli_conf_read(const struct cli_conf *conf);

/* Prints "[ident: ]path:line: <message>" on stderr. */
void cli_conf_error(const struct cli_conf *conf, unsigned int line,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* CLI_CONF_H */
