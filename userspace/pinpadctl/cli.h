/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - what every pinpadctl subcommand shares: exit codes, error
 * reporting, and opening the device; arguments and the messages of
 * cli_common.h.
 */
#ifndef PINPADCTL_CLI_H
#define PINPADCTL_CLI_H

#include "cli_common.h"
#include "libpinpad.h"

/* The help texts and pinpadctl(1) spell these numbers out. */
_Static_assert(PINPAD_TMK_SLOTS == 16 && PINPAD_SLOTS == 48 &&
	       PINPAD_KBPK_FAIL_MAX == 5 && PINPAD_KEY_BLOCK_MAX == 512 &&
	       PINPAD_DSN_MAX == 32 && PINPAD_FACTOR_MAX == 64 &&
	       PINPAD_CERT_MAX == 8192 && PINPAD_DATA_MAX == 4096,
	       "update the help texts and Documentation/pinpadctl.1");

/*
 * Exit codes (cli_common.h's table), documented in `pinpadctl --help` and
 * pinpadctl(1): CLI_EXIT_OK 0, CLI_EXIT_REFUSED 1 (the device refused, or
 * output failed), CLI_EXIT_USAGE 2 (bad arguments or unreadable input
 * file), CLI_EXIT_NODEV 3 (cannot open the device, or not a pinpad).
 */

/* Explains an error the device returned; returns CLI_EXIT_REFUSED. */
int cli_refused(int err);

/* The same, for a command that gives @err a meaning of its own. */
int cli_refused_because(int err, const char *why);

/*
 * cli_open() - open the node of @role (enum pinpad_role) with PINPAD_OPEN_*
 * @flags; or @device, when the user named one (--device, $PINPAD_DEVICE)
 *
 * Return: CLI_EXIT_OK with *@pp set, or CLI_EXIT_NODEV after saying why.
 */
int cli_open(const char *device, uint32_t role, int flags,
	     struct pinpad **pp);

/* Closes @pp; turns the device's answer @err into an exit code. */
int cli_close(struct pinpad *pp, int err);

#endif /* PINPADCTL_CLI_H */
