// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_key.c - `init-key` and `load-key`: the device key file, which stands
 * for the terminal's OTP fuses or battery-backed key store.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "ps.h"

/* Make the key file's directory (one level, 0700) if it is missing. */
static int ps_make_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash || slash == path)
		return 0;
	n = slash - path;
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

static int ps_check_key_file(const char *path, const struct stat *st)
{
	if (!S_ISREG(st->st_mode)) {
		log_error("key-file-invalid", "file=%s detail=\"not a regular file\"",
			  path);
		return PS_FILE;
	}
	if (st->st_size != PINPAD_DEVICE_KEY_LEN) {
		log_error("key-file-invalid", "file=%s size=%lld want=%d detail=\"not a device key; left as is (remove it deliberately to make a new device, which cannot open the old blob)\"",
			  path, (long long)st->st_size, PINPAD_DEVICE_KEY_LEN);
		return PS_FILE;
	}
	if (st->st_mode & 077)
		log_warn("key-file-mode", "file=%s mode=%04o detail=\"readable by others than its owner; should be 0600\"",
			 path, (unsigned int)(st->st_mode & 07777));
	return PS_OK;
}

int ps_init_key(const struct ps_opts *o)
{
	uint8_t key[PINPAD_DEVICE_KEY_LEN];
	const char *step;
	struct stat st;
	int ret;

	if (!lstat(o->file, &st)) {
		ret = ps_check_key_file(o->file, &st);
		if (ret == PS_OK)
			log_info("key-present", "file=%s", o->file);
		return ret;
	}
	if (errno != ENOENT) {
		ret = -errno;
		log_error("key-file-error", "file=%s step=stat error=\"%s\"",
			  o->file, strerror(-ret));
		return PS_FILE;
	}
	ret = ps_make_parent(o->file);
	if (ret) {
		log_error("key-file-error", "file=%s step=mkdir error=\"%s\"",
			  o->file, strerror(-ret));
		return PS_FILE;
	}
	mlock(key, sizeof(key));
	if (getrandom(key, sizeof(key), 0) != sizeof(key)) {
		log_error("key-file-error", "file=%s step=getrandom error=\"%s\"",
			  o->file, strerror(errno));
		return PS_FILE;
	}
	ret = ps_write_atomic(o->file, key, sizeof(key), 0600, PS_PAUSE_NONE,
			      &step);
	explicit_bzero(key, sizeof(key));
	if (ret) {
		log_error("key-file-error", "file=%s step=\"%s\" error=\"%s\"",
			  o->file, step, strerror(-ret));
		return PS_FILE;
	}
	log_info("key-created", "file=%s bytes=%d detail=\"a new device key: this terminal starts as a fresh device\"",
		 o->file, PINPAD_DEVICE_KEY_LEN);
	return PS_OK;
}

int ps_load_key(const struct ps_opts *o)
{
	uint8_t key[PINPAD_DEVICE_KEY_LEN];
	struct pinpad *pp;
	const char *step;
	struct stat st;
	size_t len;
	int ret;

	if (stat(o->file, &st)) {
		log_error("key-file-error", "file=%s step=stat error=\"%s\"%s",
			  o->file, strerror(errno), errno == ENOENT ?
			  " detail=\"run init-key first\"" : "");
		return PS_FILE;
	}
	ret = ps_check_key_file(o->file, &st);
	if (ret)
		return ret;
	mlock(key, sizeof(key));
	ret = ps_read_file(o->file, key, sizeof(key), &len, &step);
	if (!ret && len != sizeof(key))
		ret = -EINVAL;
	if (ret) {
		explicit_bzero(key, sizeof(key));
		log_error("key-file-error", "file=%s step=%s error=\"%s\"",
			  o->file, step, ret == -EINVAL ? "not 32 bytes" :
			  strerror(-ret));
		return PS_FILE;
	}
	ret = ps_open(o, PINPAD_OPEN_RDWR, &pp);
	if (ret) {
		explicit_bzero(key, sizeof(key));
		return ret;
	}
	ret = pinpad_device_key_load(pp, key, len);
	explicit_bzero(key, sizeof(key));
	pinpad_close(pp);
	if (ret == -EEXIST) {
		log_warn("key-already-loaded", "device=%s detail=\"the module has a device key since it was loaded; kept\"",
			 o->device);
		return PS_OK;
	}
	if (ret) {
		log_error("key-load-failed", "device=%s file=%s error=\"%s\"",
			  o->device, o->file,
			  pinpad_cmd_strerror(PINPAD_IOC_DEVICE_KEY, ret));
		return PS_DEVICE;
	}
	log_info("key-loaded", "device=%s file=%s", o->device, o->file);
	return PS_OK;
}
