// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_report.c - error messages that never show key bytes.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_common.h"

const char *cli_cmd;

void cli_err(const char *fmt, ...)
{
	va_list ap;

	if (cli_cmd && cli_cmd[0])
		fprintf(stderr, "%s %s: ", cli_prog, cli_cmd);
	else
		fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *cli_quote(const char *s)
{
	static char buf[64 + 32];
	size_t len = strlen(s);
	size_t i;

	if (len > cli_quote_max || len + 3 > sizeof(buf)) {
		snprintf(buf, sizeof(buf), "a value of %zu characters", len);
		return buf;
	}
	buf[0] = '\'';
	for (i = 0; i < len; i++)
		buf[i + 1] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[len + 1] = '\'';
	buf[len + 2] = '\0';
	return buf;
}

void cli_wipe_arg(char *arg)
{
	if (arg)
		explicit_bzero(arg, strlen(arg));
}
