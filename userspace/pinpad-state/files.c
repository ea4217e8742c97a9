// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * files.c - atomic replacement, reads, erasure and locking of the files
 * pinpad-state keeps: the device key file and the sealed state blob.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_io.h"
#include "files.h"

static const char *const ps_pause_names[] = {
	[PS_PAUSE_AFTER_WRITE] = "after-write",
	[PS_PAUSE_AFTER_FSYNC] = "after-fsync",
	[PS_PAUSE_AFTER_RENAME] = "after-rename",
};

int ps_pause_parse(const char *value, enum ps_pause *pause)
{
	unsigned int i;

	*pause = PS_PAUSE_NONE;
	if (!value || !*value)
		return 0;
	for (i = PS_PAUSE_AFTER_WRITE; i <= PS_PAUSE_AFTER_RENAME; i++)
		if (!strcmp(value, ps_pause_names[i])) {
			*pause = i;
			return 0;
		}
	return -EINVAL;
}

/*
 * The test hook: say where we are on stdout, where the VM harness streams
 * it to the test, and wait to be killed with the machine.
 */
static void ps_pause_at(enum ps_pause want, enum ps_pause here)
{
	if (want != here)
		return;
	printf("PINPAD-STATE-PAUSE=%s\n", ps_pause_names[here]);
	fflush(stdout);
	for (;;)
		pause();
}

/* The directory part of @path ("." for a bare name), in @dir. */
static int ps_dirname(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		snprintf(dir, size, ".");
		return 0;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return 0;
}

static int ps_open_dir(const char *path, const char **step)
{
	char dir[PATH_MAX];
	int fd, ret;

	*step = "open directory";
	ret = ps_dirname(path, dir, sizeof(dir));
	if (ret)
		return ret;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int ps_sync_dir(const char *path, const char **step)
{
	int fd, ret = 0;

	fd = ps_open_dir(path, step);
	if (fd < 0)
		return fd;
	*step = "fsync directory";
	if (fsync(fd))
		ret = -errno;
	close(fd);
	return ret;
}

int ps_lock(const char *path, const char **step)
{
	int fd;

	fd = ps_open_dir(path, step);
	if (fd < 0)
		return fd;
	*step = "lock directory";
	while (flock(fd, LOCK_EX)) {
		if (errno != EINTR) {
			int ret = -errno;

			close(fd);
			return ret;
		}
	}
	return fd;
}

int ps_write_atomic(const char *path, const void *buf, size_t len,
		    mode_t mode, enum ps_pause pause, const char **step)
{
	char tmp[PATH_MAX];
	int fd, ret;

	*step = "temporary file name";
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	*step = "create temporary file";
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  mode);
	if (fd < 0)
		return -errno;
	*step = "write temporary file";
	ret = cli_write_full(fd, buf, len);
	if (ret)
		goto err_close;
	ps_pause_at(pause, PS_PAUSE_AFTER_WRITE);
	*step = "fsync temporary file";
	if (fsync(fd)) {
		ret = -errno;
		goto err_close;
	}
	ps_pause_at(pause, PS_PAUSE_AFTER_FSYNC);
	*step = "close temporary file";
	if (close(fd)) {
		ret = -errno;
		goto err_unlink;
	}
	*step = "rename";
	if (rename(tmp, path)) {
		ret = -errno;
		goto err_unlink;
	}
	ps_pause_at(pause, PS_PAUSE_AFTER_RENAME);
	/* Until the directory is synced, the rename may not survive. */
	return ps_sync_dir(path, step);

err_close:
	close(fd);
err_unlink:
	unlink(tmp);
	return ret;
}

int ps_read_file(const char *path, void *buf, size_t cap, size_t *len,
		 const char **step)
{
	struct stat st;
	size_t got = 0;
	int fd, ret = 0;

	*len = 0;
	*step = "open";
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	*step = "stat";
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out;
	}
	*step = "size";
	if ((unsigned long long)st.st_size > cap) {
		*len = st.st_size;
		ret = -EFBIG;
		goto out;
	}
	*step = "read";
	ret = cli_read_full(fd, buf, cap, &got);
	if (ret)
		goto out;
	if (got == cap && cap) {	/* grew since fstat? */
		char c;

		if (read(fd, &c, 1) == 1) {
			ret = -EFBIG;
			goto out;
		}
	}
	*len = got;
out:
	close(fd);
	return ret;
}

int ps_erase_file(const char *path, const char **step)
{
	static const char zeros[4096];
	struct stat st;
	off_t left;
	int fd, ret = 0;

	*step = "open for erasure";
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	*step = "stat";
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	/* Overwrite in place (not O_TRUNC: that would free the blocks). */
	*step = "overwrite";
	for (left = S_ISREG(st.st_mode) ? st.st_size : 0; left > 0;) {
		size_t n = left > (off_t)sizeof(zeros) ? sizeof(zeros) :
			   (size_t)left;

		ret = cli_write_full(fd, zeros, n);
		if (ret)
			goto out;
		left -= n;
	}
	*step = "fsync";
	if (fsync(fd))
		ret = -errno;
out:
	close(fd);
	/* Unlink even if overwriting failed: the name must go. */
	if (unlink(path) && !ret) {
		*step = "unlink";
		ret = -errno;
	}
	return ret;
}

int ps_rename_sync(const char *from, const char *to, const char **step)
{
	*step = "rename";
	if (rename(from, to))
		return -errno;
	return ps_sync_dir(to, step);
}

/* Call @fn on every DIR/BASE.tmp.* of @path; how many, or -errno. */
static int ps_for_temps(const char *path, int (*fn)(const char *))
{
	char dir[PATH_MAX], prefix[NAME_MAX + 8], full[PATH_MAX];
	const char *base = strrchr(path, '/');
	struct dirent *de;
	size_t plen;
	DIR *d;
	int n = 0;

	base = base ? base + 1 : path;
	if (ps_dirname(path, dir, sizeof(dir)) ||
	    snprintf(prefix, sizeof(prefix), "%s.tmp.", base) >=
	    (int)sizeof(prefix))
		return -ENAMETOOLONG;
	plen = strlen(prefix);
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, plen))
			continue;
		if (snprintf(full, sizeof(full), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(full))
			continue;
		if (!fn(full))
			n++;
	}
	closedir(d);
	return n;
}

static int ps_unlink(const char *p)
{
	return unlink(p);
}

static int ps_erase(const char *p)
{
	const char *step;

	return ps_erase_file(p, &step);
}

int ps_remove_temps(const char *path)
{
	return ps_for_temps(path, ps_unlink);
}

int ps_erase_temps(const char *path)
{
	return ps_for_temps(path, ps_erase);
}
