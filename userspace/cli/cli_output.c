// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_output.c - listings and standard output, for every CLI program;
 * error messages are cli_report.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli_common.h"

const char *cli_printable(const char *s)
{
	static char buf[1100];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(buf); i++)
		buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

int cli_finish_output(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		cli_err("writing output: %s", strerror(errno));
		return ret ? ret : cli_exit_output;
	}
	return ret;
}

void cli_hex(const uint8_t *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[buf[i] >> 4];
		out[2 * i + 1] = digits[buf[i] & 15];
	}
	out[2 * len] = '\0';
}
