/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_log.h - the daemons' log (rkd, pinpad-state, rks-server): one line
 * per event on stderr, made of key=value pairs so that an operator can
 * grep it and a collector parse it:
 *
 *   rkd: time=2026-11-26T15:31:26Z level=info event=stored slot=3 ...
 *   ts=2026-11-26T15:31:26.123Z level=info event=session-end conn=7 ...
 *
 * The first is the CLI_LOG_IDENT style (rkd, pinpad-state), the second
 * CLI_LOG_TS_MS (rks-server). Each line is written whole with one
 * write(2), so the lines of concurrent writers never mix. Values that came
 * from outside (a DSN from the network, an error text) go through
 * cli_log_q(), which quotes and escapes them. Key material is never
 * logged: not a key, not a MAC, not a ciphertext; a KCV is the most a log
 * line says about a key.
 *
 * Where lines go, with their syslog priority (RFC 5424: err 3, warning 4,
 * info 6, debug 7), decided once by cli_log_setup():
 * - stderr connected to the journal (systemd sets $JOURNAL_STREAM to the
 *   "DEV:INODE" of the stream it gives the service, systemd.exec(5)): each
 *   line starts with "<N>", sd-daemon(3)'s prefix, which journald turns
 *   into the entry's priority;
 * - $PINPAD_LOG=syslog: syslog(3) (facility daemon) with that priority,
 *   the same key=value text;
 * - else stderr as it is.
 */
#ifndef CLI_LOG_H
#define CLI_LOG_H

/* Priorities: a line is written if its level is at most the set one. */
enum cli_log_level {
	CLI_LOG_ERROR	= 0,
	CLI_LOG_WARN	= 1,
	CLI_LOG_INFO	= 2,	/* the default */
	CLI_LOG_DEBUG	= 3,
};

enum cli_log_style {
	CLI_LOG_IDENT,		/* "IDENT: time=...Z" (seconds); the default */
	CLI_LOG_TS_MS,		/* "ts=...Z" (milliseconds), no ident */
};

/*
 * cli_log_setup() - how lines start, and where they go (above)
 * @ident: the program named at the start of each line (CLI_LOG_IDENT);
 *         kept, not copied; NULL (until set): none
 */
void cli_log_setup(const char *ident, enum cli_log_style style);

enum cli_log_sink {
	CLI_LOG_STDERR,		/* as it is */
	CLI_LOG_JOURNAL,	/* stderr, each line "<N>"-prefixed */
	CLI_LOG_SYSLOG,		/* syslog(3) */
};

/* Where cli_log_setup() sent the lines (for the tests). */
enum cli_log_sink cli_log_sink(void);

/* The syslog priority of @level: LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG. */
int cli_log_priority(enum cli_log_level level);

void cli_log_set_level(enum cli_log_level level);

/* "error", "warn", "info", "debug" -> *@level: 0, or -1 for anything else. */
int cli_log_parse_level(const char *name, enum cli_log_level *level);

/*
 * cli_log() - one line: the stamp, level, event, then @fmt (key=value
 * pairs, no newline; NULL or "" for none). Lines longer than 1 KiB are
 * cut, still ending in a newline.
 */
void cli_log(enum cli_log_level level, const char *event, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

/*
 * cli_log_msg() - a message in plain words (a start-up error, "PROG: what
 * went wrong"), not key=value, with @level's priority in the journal or
 * syslog; written whatever the set level. No newline in @fmt.
 */
void cli_log_msg(enum cli_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(ev, ...)	cli_log(CLI_LOG_ERROR, ev, __VA_ARGS__)
#define log_warn(ev, ...)	cli_log(CLI_LOG_WARN, ev, __VA_ARGS__)
#define log_info(ev, ...)	cli_log(CLI_LOG_INFO, ev, __VA_ARGS__)
#define log_debug(ev, ...)	cli_log(CLI_LOG_DEBUG, ev, __VA_ARGS__)

/*
 * cli_log_q() - @s as a log value: as is if it is made only of characters
 * that need no quoting, else in double quotes with ", \ and anything not
 * printable escaped (\xHH). At most 96 characters of @s. The result lives
 * in a ring of 8 static buffers: use it within the next few calls.
 */
const char *cli_log_q(const char *s);

#endif /* CLI_LOG_H */
