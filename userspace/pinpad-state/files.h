/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * files.h - the file work of pinpad-state: atomic replacement (temporary
 * file, write, fsync, rename, fsync of the directory), whole-file reads,
 * erasure (overwrite, fsync, unlink), and a lock that serialises savers.
 * Every function returns 0 or a negative errno and, on failure, names the
 * step that failed in *step, for the log.
 */
#ifndef PINPAD_STATE_FILES_H
#define PINPAD_STATE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Test hook: where PINPAD_STATE_PAUSE stops a save (see pinpad-state.c). */
enum ps_pause { PS_PAUSE_NONE, PS_PAUSE_AFTER_WRITE, PS_PAUSE_AFTER_FSYNC,
		PS_PAUSE_AFTER_RENAME };

/* Parse PINPAD_STATE_PAUSE; -EINVAL for a value that names no point. */
int ps_pause_parse(const char *value, enum ps_pause *pause);

/*
 * ps_write_atomic() - replace @path with @len bytes of @buf, all or nothing
 * @mode:  permissions of the new file (the umask applies too)
 * @pause: stop at this point, print a marker line and sleep (test hook)
 *
 * Writes PATH.tmp.PID in @path's directory (O_EXCL), fsyncs it, renames it
 * over @path and fsyncs the directory, so that after a power cut at any
 * instant @path holds the old bytes or the new, never a mix. A failure
 * removes the temporary file and leaves @path as it was.
 */
int ps_write_atomic(const char *path, const void *buf, size_t len,
		    mode_t mode, enum ps_pause pause, const char **step);

/* Read all of @path into @buf; -ENOENT missing, -EFBIG longer than @cap. */
int ps_read_file(const char *path, void *buf, size_t cap, size_t *len,
		 const char **step);

/*
 * ps_erase_file() - overwrite @path with zeros, fsync, unlink it
 *
 * The directory is not synced: call ps_sync_dir() after the last one.
 * Return: 0, -ENOENT if there was nothing to erase, or another error.
 */
int ps_erase_file(const char *path, const char **step);

/* fsync the directory that holds @path. */
int ps_sync_dir(const char *path, const char **step);

/* rename @from to @to and fsync their directory (the same one). */
int ps_rename_sync(const char *from, const char *to, const char **step);

/*
 * ps_lock() - take an exclusive flock(2) on the directory of @path
 *
 * Serialises savers and restore, so that the newest export is the one
 * renamed last. Return: a descriptor to close to unlock, or -errno.
 */
int ps_lock(const char *path, const char **step);

/*
 * ps_remove_temps() - remove PATH.tmp.* left by a save that a crash or a
 * power cut interrupted before its rename; they are never the state.
 * Return: how many were removed, or a negative errno.
 */
int ps_remove_temps(const char *path);

/* Erase every PATH.tmp.* (see ps_erase_file()); how many, or -errno. */
int ps_erase_temps(const char *path);

#endif /* PINPAD_STATE_FILES_H */
