// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - pinpadctl's error messages, opening the device, and the
 * exit codes that follow from both.
 */
#define _GNU_SOURCE	/* strerrorname_np, strerrordesc_np */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "pinpadctl";
/* Long enough for any number, usage or mode; shorter than key hex. */
const size_t cli_quote_max = 16;
/* stdout that cannot be written: as if the device had refused */
const int cli_exit_output = CLI_EXIT_REFUSED;

/* "EBADMSG", so the error can be matched against pinpad.h. */
static const char *errno_name(int err)
{
	const char *name = strerrorname_np(err < 0 ? -err : err);

	return name ? name : "?";
}

int cli_refused_because(int err, const char *why)
{
	cli_err("device refused: %s (%s)", why, errno_name(err));
	return CLI_EXIT_REFUSED;
}

int cli_refused(int err)
{
	return cli_refused_because(err, pinpad_strerror(err));
}

/*
 * Why pinpad_open() failed. Most of its errors come from open(2), where
 * EACCES means file permissions, not the device's lifecycle state.
 */
static const char *open_error_text(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
	case -ENOTTY:
	case -EPROTONOSUPPORT:
		return pinpad_strerror(err);
	}
	return strerrordesc_np(-err) ? strerrordesc_np(-err)
				     : pinpad_strerror(err);
}

int cli_open(const char *device, uint32_t role, int flags,
	     struct pinpad **pp)
{
	int ret;

	if (!device)
		device = pinpad_node(role);
	ret = pinpad_open(device, flags, pp);

	if (ret) {
		cli_err("cannot open '%s': %s (%s)", device,
			open_error_text(ret), errno_name(ret));
		return CLI_EXIT_NODEV;
	}
	return CLI_EXIT_OK;
}

int cli_close(struct pinpad *pp, int err)
{
	pinpad_close(pp);
	return err ? cli_refused(err) : CLI_EXIT_OK;
}

