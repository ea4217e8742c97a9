/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ps.h - what the subcommands of pinpad-state share.
 */
#ifndef PINPAD_STATE_PS_H
#define PINPAD_STATE_PS_H

#include <stdbool.h>
#include <stdint.h>

#include "files.h"
#include "libpinpad.h"
#include "cli_log.h"

/* Exit status (documented in the help text and persistence.md). */
enum ps_exit {
	PS_OK		= 0,
	PS_USAGE	= 1,	/* bad option or argument */
	PS_DEVICE	= 2,	/* the device is missing or refused */
	PS_REFUSED	= 3,	/* restore: the device refused the blob */
	PS_FILE		= 4,	/* a key or blob file: I/O or malformed */
};

struct ps_opts {
	const char *device;	/* PINPAD_DEV_ADMIN */
	const char *file;	/* KEYFILE or BLOBFILE: the argument */
	const char *key_file;	/* watch --key */
	enum ps_pause pause;	/* PINPAD_STATE_PAUSE (test hook) */
};

int ps_init_key(const struct ps_opts *o);
int ps_load_key(const struct ps_opts *o);
int ps_save(const struct ps_opts *o);
int ps_restore(const struct ps_opts *o);
int ps_status(const struct ps_opts *o);
int ps_watch(const struct ps_opts *o);

/* Open the device, logging why not; PS_OK or PS_DEVICE. */
int ps_open(const struct ps_opts *o, int flags, struct pinpad **pp);

/* Nothing provisioned and no key: a freshly loaded module. */
bool ps_pristine(const struct pinpad_status *st);

/*
 * ps_save_locked() - export the state and replace the blob file with it,
 * under the directory lock. On failure logs why and returns a negative
 * errno; *export_err tells an export failure (the device's) from a file
 * failure (0).
 */
int ps_save_locked(struct pinpad *pp, const struct ps_opts *o,
		   const char *blob, int *export_err);

/*
 * ps_erase_all() - the emulated tamper circuit: erase the key file, the
 * blob, its temporary files and a refused blob, then sync the directories.
 * Return: PS_OK or PS_FILE.
 */
int ps_erase_all(const char *key_file, const char *blob);

/* Suffix of a blob that restore refused, kept for a post-mortem. */
#define PS_REFUSED_SUFFIX ".refused"

#endif /* PINPAD_STATE_PS_H */
