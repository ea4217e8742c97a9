/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_io.h - whole reads and writes on a file descriptor, in the manner of
 * OpenSSH's atomicio(): read(2) and write(2) may do less than asked (a
 * pipe, a signal), so every caller that means "all of it" loops; these
 * are that loop, once.
 */
#ifndef CLI_IO_H
#define CLI_IO_H

#include <stddef.h>

/*
 * cli_write_full() - all @len bytes of @buf to @fd, resuming after short
 * writes and EINTR.
 * Return: 0; or -errno of the write(2) that failed (some bytes may have
 * been written).
 */
int cli_write_full(int fd, const void *buf, size_t len);

/*
 * cli_read_full() - read @fd into @buf until @len bytes or end of file,
 * resuming after short reads and EINTR
 * @got: out: the bytes read (also on failure)
 * Return: 0 (*@got < @len only at end of file); or -errno of the read(2)
 * that failed.
 */
int cli_read_full(int fd, void *buf, size_t len, size_t *got);

#endif /* CLI_IO_H */
