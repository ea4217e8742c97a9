// SPDX-License-Identifier: GPL-2.0
/*
 * log.c - key=value lines on stderr, written whole with one write(2) so
 * that lines never interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define RKS_LOG_LINE_MAX	1024
#define RKS_Q_MAX		96

static enum rks_log_level rks_log_level = RKS_LOG_INFO;

static const char *const rks_level_names[] = {
	[RKS_LOG_ERROR] = "error",
	[RKS_LOG_WARN] = "warn",
	[RKS_LOG_INFO] = "info",
	[RKS_LOG_DEBUG] = "debug",
};

void rks_log_set_level(enum rks_log_level level)
{
	rks_log_level = level;
}

int rks_log_level_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(rks_level_names) / sizeof(rks_level_names[0]);
	     i++)
		if (strcmp(name, rks_level_names[i]) == 0)
			return (int)i;
	return -1;
}

void rks_log(enum rks_log_level level, const char *event, const char *fmt,
	     ...)
{
	char line[RKS_LOG_LINE_MAX];
	struct timeval tv;
	struct tm tm;
	size_t n;
	va_list ap;
	int w;

	if (level > rks_log_level)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(line, sizeof(line), "ts=%Y-%m-%dT%H:%M:%S", &tm);
	w = snprintf(line + n, sizeof(line) - n, ".%03ldZ level=%s event=%s ",
		     (long)tv.tv_usec / 1000, rks_level_names[level], event);
	if (w > 0)
		n += (size_t)w < sizeof(line) - n ? (size_t)w :
						    sizeof(line) - n - 1;
	va_start(ap, fmt);
	w = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (w > 0)
		n += (size_t)w < sizeof(line) - n ? (size_t)w :
						    sizeof(line) - n - 1;
	/* a cut line still ends the line */
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* one write: lines of concurrent writers never mix */
	if (write(STDERR_FILENO, line, n) < 0) {
		/* nowhere left to say it */
	}
}

static int rks_q_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-_.:/@+,", c);
}

const char *rks_q(const char *s)
{
	static char ring[8][RKS_Q_MAX * 4 + 3];
	static unsigned int next;
	char *out = ring[next++ % 8], *p = out;
	size_t i, len = s ? strnlen(s, RKS_Q_MAX) : 0;
	int quote = len == 0;

	for (i = 0; i < len && !quote; i++)
		quote = !rks_q_plain((unsigned char)s[i]);
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
