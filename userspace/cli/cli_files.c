// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_files.c - reading an input file whole (a certificate, a CSV, a key
 * block).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

bool cli_read_key_block(const char *path, char *buf, size_t max,
			size_t *len)
{
	/* room for the block, CR, LF and the byte that says "too big" */
	uint8_t *tmp = malloc(max + 3);
	size_t n = 0, i;
	bool ok;

	*len = 0;
	if (!tmp) {
		cli_err("%s: out of memory", path);
		return false;
	}
	ok = cli_read_file(path, tmp, max + 2, &n);
	if (ok && n && tmp[n - 1] == '\n')
		n--;
	if (ok && n && tmp[n - 1] == '\r')
		n--;
	if (ok && (n == 0 || n > max)) {
		cli_err("%s: a key block is 1..%zu characters on one line, "
			"not %zu", path, max, n);
		ok = false;
	}
	for (i = 0; ok && i < n; i++) {
		if (tmp[i] < 0x20 || tmp[i] > 0x7e) {
			cli_err("%s: character %zu is not printable ASCII; "
				"a key block is ASCII", path, i + 1);
			ok = false;
		}
	}
	if (ok) {
		memcpy(buf, tmp, n);
		*len = n;
	}
	free(tmp);
	return ok;
}
