// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - pinpadctl's error messages, opening the device, and the
 * exit codes that follow from both.
 */
#define _GNU_SOURCE	/* strerrorname_np, strerrordesc_np */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "pinpadctl";
const char *cli_cmd;

void cli_err(const char *fmt, ...)
{
	va_list ap;

	if (cli_cmd)
		fprintf(stderr, "%s %s: ", cli_prog, cli_cmd);
	else
		fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Long enough for any number, usage or mode; shorter than key hex. */
#define CLI_QUOTE_MAX 16

const char *cli_quote(const char *s)
{
	static char buf[CLI_QUOTE_MAX + 32];
	size_t len = strlen(s);
	size_t i;

	if (len > CLI_QUOTE_MAX) {
		snprintf(buf, sizeof(buf), "a value of %zu characters", len);
		return buf;
	}
	buf[0] = '\'';
	for (i = 0; i < len; i++)
		buf[i + 1] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[len + 1] = '\'';
	buf[len + 2] = '\0';
	return buf;
}

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

int cli_open(const char *device, int flags, struct pinpad **pp)
{
	int ret = pinpad_open(device, flags, pp);

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

int cli_finish_output(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		cli_err("writing output: %s", strerror(errno));
		return ret ? ret : CLI_EXIT_REFUSED;
	}
	return ret;
}

void cli_wipe_arg(char *arg)
{
	if (arg)
		explicit_bzero(arg, strlen(arg));
}
