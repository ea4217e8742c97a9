// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_files.c - reading an input file whole (a certificate, a CSV).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli_common.h"

bool cli_read_file(const char *path, uint8_t *buf, size_t max, size_t *len)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	size_t n;
	bool ok;

	if (!f) {
		cli_err("%s: %s", path, strerror(errno));
		return false;
	}
	/* One byte more than allowed tells "too big" from "just fits". */
	n = fread(buf, 1, max + 1, f);
	ok = !ferror(f);
	if (!ok)
		cli_err("%s: %s", path, strerror(errno));
	else if (n == 0)
		cli_err("%s: empty", path);
	else if (n > max)
		cli_err("%s: more than %zu bytes", path, max);
	if (!is_stdin)
		fclose(f);
	*len = n;
	return ok && n >= 1 && n <= max;
}
