/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_json.h - a small JSON writer (RFC 8259) for the listings' --json:
 * arrays and objects of strings, integers and booleans, written as they
 * come (nothing held in memory), every string escaped by one rule.
 *
 * Written here rather than taken from json-c (Debian's libjson-c-dev):
 * the tools only write JSON, never parse it, and a writer of flat records
 * is this one file; json-c would build a tree of every row first (a
 * listing may hold a million devices) and add a library to a program that
 * handles keys.
 */
#ifndef CLI_JSON_H
#define CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_JSON_DEPTH	8	/* arrays and objects open at once */

struct cli_json {
	FILE *f;
	unsigned int depth;
	bool first[CLI_JSON_DEPTH];	/* nothing in it yet, per level */
	bool after_key;			/* a value completes "key": */
};

void cli_json_init(struct cli_json *j, FILE *f);

/* '[' or '{', as a value (after a key, or in an array); up to DEPTH. */
void cli_json_open(struct cli_json *j, char bracket);
/* ']' or '}', closing the innermost; a newline after the outermost. */
void cli_json_close(struct cli_json *j, char bracket);

/* "name": inside an object; a value call must follow. */
void cli_json_key(struct cli_json *j, const char *name);

/*
 * A string value: '"', '\\' and the control characters U+0000-U+001F and
 * U+007F escaped (\" \\ \n \r \t, else \u00XX); valid UTF-8 kept as it is;
 * a byte that is not part of valid UTF-8 written as U+FFFD.
 */
void cli_json_str(struct cli_json *j, const char *s);
void cli_json_int(struct cli_json *j, int64_t v);
void cli_json_bool(struct cli_json *j, bool v);
void cli_json_null(struct cli_json *j);

/* "name": value, for the common cases. */
void cli_json_kstr(struct cli_json *j, const char *name, const char *s);
void cli_json_kint(struct cli_json *j, const char *name, int64_t v);
void cli_json_kbool(struct cli_json *j, const char *name, bool v);

#endif /* CLI_JSON_H */
