// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - error messages and output, shared by rks-admin and
 * rks-factory.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

char cli_cmd[64];

void cli_err(const char *fmt, ...)
{
	va_list ap;

	if (cli_cmd[0])
		fprintf(stderr, "%s %s: ", cli_prog, cli_cmd);
	else
		fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Long enough for any number, usage, slot or DSN; shorter than key hex. */
#define CLI_QUOTE_MAX 32

const char *cli_quote(const char *s)
{
	static char buf[CLI_QUOTE_MAX + 32];
	size_t len = strlen(s);
	size_t i;

	if (len > CLI_QUOTE_MAX) {
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
		return ret ? ret : CLI_EXIT_SETUP;
	}
	return ret;
}

void cli_wipe_arg(char *arg)
{
	if (arg)
		explicit_bzero(arg, strlen(arg));
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
