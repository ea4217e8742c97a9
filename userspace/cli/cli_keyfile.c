// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_keyfile.c - reading a file holding one clear key in hex (what
 * `rks-admin dik1 export` writes); other input files are cli_read_file()'s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_common.h"

/* The file a clear key comes from must be its owner's alone. */
static bool key_file_mode_ok(const char *what, const char *path, FILE *f)
{
	struct stat sb;

	if (fstat(fileno(f), &sb)) {
		cli_err("%s: %s: %s", what, path, strerror(errno));
		return false;
	}
	if (!S_ISREG(sb.st_mode)) {
		cli_err("%s: %s is not a regular file", what, path);
		return false;
	}
	if (sb.st_mode & 077) {
		cli_err("%s: %s has mode %04o: a file holding a clear key must "
			"be readable by its owner only (chmod 600 '%s')", what,
			path, (unsigned int)(sb.st_mode & 07777), path);
		return false;
	}
	return true;
}

/* Strips the line end and trailing blanks of @line; is it blank? */
static bool trim(char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		     line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = '\0';
	return n == 0;
}

static bool parse_key_lines(const char *what, const char *path, FILE *f,
			    uint8_t *buf, size_t len)
{
	char *line = NULL, where[320];
	size_t cap = 0, got;
	unsigned int lineno = 0, keys = 0;
	bool ok = true;

	while (ok && getline(&line, &cap, f) >= 0) {
		lineno++;
		if (trim(line) || line[0] == '#')
			continue;
		snprintf(where, sizeof(where), "%s: %s:%u", what, path,
			 lineno);
		if (++keys > 1) {
			cli_err("%s: a second key line; the file holds one "
				"key", where);
			ok = false;
		} else {
			ok = cli_parse_hex(where, line, true, buf, len, len,
					   &got);
		}
	}
	if (ok && ferror(f)) {
		cli_err("%s: %s: %s", what, path, strerror(errno));
		ok = false;
	} else if (ok && !keys) {
		cli_err("%s: %s holds no key (one line of %zu hex digits)",
			what, path, 2 * len);
		ok = false;
	}
	if (line)
		explicit_bzero(line, cap);
	free(line);
	return ok;
}

bool cli_read_key_file(const char *what, const char *path, uint8_t *buf,
		       size_t len)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "re");
	bool ok;

	if (!f) {
		cli_err("%s: %s: %s", what, path, strerror(errno));
		return false;
	}
	/* No stdio buffer may keep a copy of the key behind. */
	setvbuf(f, NULL, _IONBF, 0);
	ok = (is_stdin || key_file_mode_ok(what, path, f)) &&
	     parse_key_lines(what, path, f, buf, len);
	if (!is_stdin)
		fclose(f);
	if (!ok)
		explicit_bzero(buf, len);
	return ok;
}
