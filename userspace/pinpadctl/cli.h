/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what every pinpadctl subcommand shares: exit codes, error
 * reporting, and opening the device.
 */
#ifndef PINPADCTL_CLI_H
#define PINPADCTL_CLI_H

#include "libpinpad.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The help texts and pinpadctl(1) spell these numbers out. */
_Static_assert(PINPAD_TMK_SLOTS == 16 && PINPAD_SLOTS == 48 &&
	       PINPAD_DSN_MAX == 32 && PINPAD_FACTOR_MAX == 64 &&
	       PINPAD_CERT_MAX == 8192 && PINPAD_DATA_MAX == 4096,
	       "update the help texts and Documentation/pinpadctl.1");

/* Exit codes; documented in `pinpadctl --help` and pinpadctl(1). */
enum cli_exit {
	CLI_EXIT_OK = 0,	/* done */
	CLI_EXIT_REFUSED = 1,	/* the device refused, or output failed */
	CLI_EXIT_USAGE = 2,	/* bad arguments or unreadable input file */
	CLI_EXIT_NODEV = 3,	/* cannot open the device, or not a pinpad */
};

/* Not an exit code: nothing wrong so far, go on with the command. */
#define CLI_CONTINUE (-1)

/* "pinpadctl", and the running subcommand; set by main(). */
extern const char *cli_prog;
extern const char *cli_cmd;

/* Prints "pinpadctl CMD: <message>" to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * cli_quote() - @s fit to be shown in an error message
 *
 * Short values come back quoted; long ones only as their length, since a
 * long value given to the wrong option may be key hex. The result lives in
 * a static buffer until the next call.
 */
const char *cli_quote(const char *s);

/* Explains an error the device returned; returns CLI_EXIT_REFUSED. */
int cli_refused(int err);

/* The same, for a command that gives @err a meaning of its own. */
int cli_refused_because(int err, const char *why);

/*
 * cli_open() - open @device with PINPAD_OPEN_* @flags
 *
 * Return: CLI_EXIT_OK with *@pp set, or CLI_EXIT_NODEV after saying why.
 */
int cli_open(const char *device, int flags, struct pinpad **pp);

/* Closes @pp; turns the device's answer @err into an exit code. */
int cli_close(struct pinpad *pp, int err);

/* Flushes stdout; a failure there turns @ret into CLI_EXIT_REFUSED. */
int cli_finish_output(int ret);

/* Overwrites an argv string that held key hex, so ps stops showing it. */
void cli_wipe_arg(char *arg);

#endif /* PINPADCTL_CLI_H */
