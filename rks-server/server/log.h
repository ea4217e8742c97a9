/* SPDX-License-Identifier: GPL-2.0 */
/*
 * log.h - rks-server's structured log: one line per event on stderr,
 *
 *   ts=2026-11-26T15:31:26.123Z level=info event=session-end conn=7 ...
 *
 * made of key=value pairs so that it can be grepped and parsed. Values
 * that came from the network (a DSN) go through rks_q(), which quotes and
 * escapes them. Key material is never logged: not a key, not a MAC, not a
 * ciphertext; a KCV is the most a log line says about a key.
 */
#ifndef RKS_LOG_H
#define RKS_LOG_H

enum rks_log_level {
	RKS_LOG_ERROR	= 0,
	RKS_LOG_WARN	= 1,
	RKS_LOG_INFO	= 2,
	RKS_LOG_DEBUG	= 3,
};

void rks_log_set_level(enum rks_log_level level);
/* "error", "warn", "info", "debug" -> level; -1 if none. */
int rks_log_level_parse(const char *name);

/* One line: ts, level, event, then @fmt (key=value pairs, no newline). */
void rks_log(enum rks_log_level level, const char *event, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

#define log_error(ev, ...)	rks_log(RKS_LOG_ERROR, ev, __VA_ARGS__)
#define log_warn(ev, ...)	rks_log(RKS_LOG_WARN, ev, __VA_ARGS__)
#define log_info(ev, ...)	rks_log(RKS_LOG_INFO, ev, __VA_ARGS__)
#define log_debug(ev, ...)	rks_log(RKS_LOG_DEBUG, ev, __VA_ARGS__)

/*
 * rks_q() - @s as a log value: as is if it is made only of characters
 * that need no quoting, else in double quotes with ", \ and anything not
 * printable escaped (\xHH). At most 96 characters of @s. The result lives
 * in a ring of 8 static buffers: use it within the next few calls.
 */
const char *rks_q(const char *s);

#endif /* RKS_LOG_H */
