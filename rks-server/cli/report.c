// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - listings and output, shared by rks-admin and rks-factory;
 * their error messages are cli_common.h's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Long enough for any number, usage, slot or DSN; shorter than key hex. */
const size_t cli_quote_max = 32;

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
