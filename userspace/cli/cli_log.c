// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_log.c - key=value lines on stderr, written whole with one write(2) so
 * that lines never interleave (cli_log.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli_log.h"

#define CLI_LOG_LINE_MAX	1024
#define CLI_Q_MAX		96

static enum cli_log_level cli_log_level = CLI_LOG_INFO;
static enum cli_log_style cli_log_style = CLI_LOG_IDENT;
static const char *cli_log_ident;	/* NULL: none */

static const char *const cli_level_names[] = {
	[CLI_LOG_ERROR] = "error",
	[CLI_LOG_WARN] = "warn",
	[CLI_LOG_INFO] = "info",
	[CLI_LOG_DEBUG] = "debug",
};

void cli_log_setup(const char *ident, enum cli_log_style style)
{
	cli_log_ident = ident;
	cli_log_style = style;
}

void cli_log_set_level(enum cli_log_level level)
{
	cli_log_level = level;
}

int cli_log_parse_level(const char *name, enum cli_log_level *level)
{
	size_t i;

	for (i = 0; i < sizeof(cli_level_names) / sizeof(cli_level_names[0]);
	     i++)
		if (strcmp(name, cli_level_names[i]) == 0) {
			*level = (enum cli_log_level)i;
			return 0;
		}
	return -1;
}

/* @n bytes used of @size, after a printf that returned @w: cut to fit. */
static size_t cli_log_used(size_t n, int w, size_t size)
{
	if (w <= 0)
		return n;
	return (size_t)w < size - n ? n + (size_t)w : size - 1;
}

/* The line's stamp: "IDENT: time=...Z" or "ts=....mmmZ". */
static void cli_log_stamp(char *buf, size_t size)
{
	char date[32];
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	if (cli_log_style == CLI_LOG_TS_MS)
		snprintf(buf, size, "ts=%s.%03ldZ", date,
			 (long)tv.tv_usec / 1000);
	else
		snprintf(buf, size, "%s%stime=%sZ",
			 cli_log_ident ? cli_log_ident : "",
			 cli_log_ident ? ": " : "", date);
}

void cli_log(enum cli_log_level level, const char *event, const char *fmt,
	     ...)
{
	char line[CLI_LOG_LINE_MAX], stamp[128];
	size_t n;
	va_list ap;

	if (level > cli_log_level)
		return;
	cli_log_stamp(stamp, sizeof(stamp));
	n = cli_log_used(0, snprintf(line, sizeof(line),
				     "%s level=%s event=%s%s", stamp,
				     cli_level_names[level], event,
				     fmt && *fmt ? " " : ""), sizeof(line));
	if (fmt && *fmt) {
		va_start(ap, fmt);
		n = cli_log_used(n, vsnprintf(line + n, sizeof(line) - n, fmt,
					      ap), sizeof(line));
		va_end(ap);
	}
	/* a cut line still ends the line */
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* one write: lines of concurrent writers never mix */
	if (write(STDERR_FILENO, line, n) < 0) {
		/* nowhere left to say it */
	}
}

static int cli_log_q_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-_.:/@+,", c);
}

const char *cli_log_q(const char *s)
{
	/* per thread: rks-server quotes from its workers too */
	static __thread char ring[8][CLI_Q_MAX * 4 + 3];
	static __thread unsigned int next;
	char *out = ring[next++ % 8], *p = out;
	size_t i, len = s ? strnlen(s, CLI_Q_MAX) : 0;
	int quote = len == 0;

	for (i = 0; i < len && !quote; i++)
		quote = !cli_log_q_plain((unsigned char)s[i]);
	if (!quote) {
		memcpy(out, s, len);
		out[len] = '\0';
		return out;
	}
	*p++ = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20 || c > 0x7e) {
			p += sprintf(p, "\\x%02x", c);
		} else {
			*p++ = (char)c;
		}
	}
	*p++ = '"';
	*p = '\0';
	return out;
}
