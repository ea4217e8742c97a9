// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_log.c - key=value lines on stderr, written whole with one write(2) so
 * that lines never interleave (cli_log.h).
 */
#define _GNU_SOURCE		/* program_invocation_short_name */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cli_log.h"

#define CLI_LOG_LINE_MAX	1024
#define CLI_Q_MAX		96

static enum cli_log_level cli_log_level = CLI_LOG_INFO;
static enum cli_log_style cli_log_style = CLI_LOG_IDENT;
static const char *cli_log_ident;	/* NULL: none */
static enum cli_log_sink cli_log_to = CLI_LOG_STDERR;

static const char *const cli_level_names[] = {
	[CLI_LOG_ERROR] = "error",
	[CLI_LOG_WARN] = "warn",
	[CLI_LOG_INFO] = "info",
	[CLI_LOG_DEBUG] = "debug",
};

/* Is stderr the stream $JOURNAL_STREAM ("DEV:INODE") names? */
static int cli_log_stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char end;

	if (!js || sscanf(js, "%llu:%llu%c", &dev, &ino, &end) != 2 ||
	    fstat(STDERR_FILENO, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

void cli_log_setup(const char *ident, enum cli_log_style style)
{
	const char *want = getenv("PINPAD_LOG");

	cli_log_ident = ident;
	cli_log_style = style;
	if (want && !strcmp(want, "syslog")) {
		if (cli_log_to != CLI_LOG_SYSLOG)
			openlog(ident ? ident : program_invocation_short_name,
				LOG_PID, LOG_DAEMON);
		cli_log_to = CLI_LOG_SYSLOG;
	} else {
		cli_log_to = cli_log_stderr_is_journal() ? CLI_LOG_JOURNAL :
			     CLI_LOG_STDERR;
	}
}

enum cli_log_sink cli_log_sink(void)
{
	return cli_log_to;
}

int cli_log_priority(enum cli_log_level level)
{
	static const int prio[] = {
		[CLI_LOG_ERROR] = LOG_ERR,
		[CLI_LOG_WARN] = LOG_WARNING,
		[CLI_LOG_INFO] = LOG_INFO,
		[CLI_LOG_DEBUG] = LOG_DEBUG,
	};

	return (unsigned int)level < sizeof(prio) / sizeof(prio[0]) ?
	       prio[level] : LOG_DEBUG;
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

/*
 * The line in @line (@n bytes used, room for a newline left), to where
 * cli_log_setup() said: one write(2) on stderr, so lines of concurrent
 * writers never mix, after the journal's "<N>" (room for it at @line - 3,
 * the caller's).
 */
static void cli_log_emit(enum cli_log_level level, char *line, size_t n)
{
	char *start = line;

	if (cli_log_to == CLI_LOG_SYSLOG) {
		line[n] = '\0';
		syslog(cli_log_priority(level), "%s", line);
		return;
	}
	line[n++] = '\n';
	if (cli_log_to == CLI_LOG_JOURNAL) {
		start = line - 3;
		start[0] = '<';
		start[1] = (char)('0' + cli_log_priority(level));
		start[2] = '>';
		n += 3;
	}
	if (write(STDERR_FILENO, start, n) < 0) {
		/* nowhere left to say it */
	}
}

void cli_log_msg(enum cli_log_level level, const char *fmt, ...)
{
	char buf[3 + CLI_LOG_LINE_MAX], *line = buf + 3;
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	n = cli_log_used(0, vsnprintf(line, CLI_LOG_LINE_MAX, fmt, ap),
			 CLI_LOG_LINE_MAX);
	va_end(ap);
	if (n >= CLI_LOG_LINE_MAX - 1)
		n = CLI_LOG_LINE_MAX - 2;
	cli_log_emit(level, line, n);
}

void cli_log(enum cli_log_level level, const char *event, const char *fmt,
	     ...)
{
	/* 3 bytes ahead of the line for the journal's "<N>" */
	char buf[3 + CLI_LOG_LINE_MAX], *line = buf + 3, stamp[128];
	const size_t size = CLI_LOG_LINE_MAX;
	size_t n;
	va_list ap;

	if (level > cli_log_level)
		return;
	cli_log_stamp(stamp, sizeof(stamp));
	n = cli_log_used(0, snprintf(line, size,
				     "%s level=%s event=%s%s", stamp,
				     cli_level_names[level], event,
				     fmt && *fmt ? " " : ""), size);
	if (fmt && *fmt) {
		va_start(ap, fmt);
		n = cli_log_used(n, vsnprintf(line + n, size - n, fmt, ap),
				 size);
		va_end(ap);
	}
	/* a cut line still ends the line */
	if (n >= size - 1)
		n = size - 2;
	cli_log_emit(level, line, n);
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
