// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"

static enum rkd_log_level rkd_log_level = RKD_LOG_INFO;
static const char *rkd_log_ident = "rkd";
static const char *const rkd_log_names[] = { "error", "warn", "info",
					     "debug" };

void rkd_log_set_level(enum rkd_log_level level)
{
	rkd_log_level = level;
}

void rkd_log_set_ident(const char *ident)
{
	rkd_log_ident = ident;
}

int rkd_log_parse_level(const char *name, enum rkd_log_level *level)
{
	unsigned int i;

	for (i = 0; i < sizeof(rkd_log_names) / sizeof(rkd_log_names[0]); i++)
		if (!strcmp(name, rkd_log_names[i])) {
			*level = i;
			return 0;
		}
	return -1;
}

void rkd_log(enum rkd_log_level level, const char *event, const char *fmt,
	     ...)
{
	char stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (level > rkd_log_level)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s: time=%s level=%s event=%s", rkd_log_ident,
		stamp, rkd_log_names[level], event);
	if (fmt && *fmt) {
		fputc(' ', stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
}
