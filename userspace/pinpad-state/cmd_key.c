// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_key.c - `init-key` and `load-key`: the device key file, which stands
 * for the terminal's OTP fuses or battery-backed key store.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
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

/*
 * The module's sealing, from its status: 1 TPM, 0 software, or -PS_DEVICE
 * (logged) when the device cannot be asked. A missing device node counts
 * as software sealing, so that the key file's checks come first and the
 * device's error after them, as without a TPM.
 */
static int ps_sealing_tpm(const struct ps_opts *o)
{
	struct pinpad_status st;
	struct pinpad *pp = NULL;
	int ret;

	ret = pinpad_open(o->device, PINPAD_OPEN_RDONLY, &pp);
	if (ret == -ENOENT)
		return 0;
	if (!ret)
		pinpad_close(pp);
	ret = ps_open(o, PINPAD_OPEN_RDONLY, &pp);
	if (ret)
		return -PS_DEVICE;
	ret = pinpad_status(pp, &st);
	pinpad_close(pp);
	if (ret) {
		log_error("device-error", "device=%s error=\"%s\"", o->device,
			  pinpad_strerror(ret));
		return -PS_DEVICE;
	}
	return !!(st.flags & PINPAD_STATUS_SEAL_TPM);
}

int ps_init_key(const struct ps_opts *o)
{
	uint8_t key[PINPAD_DEVICE_KEY_LEN];
	const char *step;
	struct stat st;
	int ret;

	ret = ps_sealing_tpm(o);
	if (ret < 0)
		return -ret;
	if (ret) {
		/* the module makes the key: load-key */
		if (lstat(o->file, &st))
			log_info("key-deferred", "file=%s sealing=tpm detail=\"load-key has the module make the device key and the TPM seal it\"",
				 o->file);
		else
			log_info("key-present", "file=%s sealing=tpm", o->file);
		return PS_OK;
	}
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

static int ps_tpm_key(const struct ps_opts *o);

int ps_load_key(const struct ps_opts *o)
{
	uint8_t key[PINPAD_DEVICE_KEY_LEN];
	struct pinpad *pp;
	const char *step;
	struct stat st;
	size_t len;
	int ret;

	ret = ps_sealing_tpm(o);
	if (ret < 0)
		return -ret;
	if (ret)
		return ps_tpm_key(o);
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
	log_warn("sealing-software", "device=%s detail=\"sealing: software, not protected from root: no TPM 2.0, the device key is a file root can read\"",
		 o->device);
	return PS_OK;
}

/*
 * load-key with TPM sealing. An existing sealed-object file is handed to the
 * module, which unseals it; a missing one is made by the module (a new
 * device key) and written atomically. A file this TPM refuses (another
 * TPM's, damaged) is kept aside as FILE.refused and a new key is made:
 * the device starts empty, and the old blob will be refused.
 */
static int ps_tpm_key_new(struct pinpad *pp, const struct ps_opts *o)
{
	uint8_t obj[PINPAD_TPM_OBJ_MAX];
	const char *step;
	uint64_t counter;
	size_t len;
	int ret;

	ret = ps_make_parent(o->file);
	if (!ret)
		ret = pinpad_tpm_key(pp, NULL, 0, obj, sizeof(obj), &len,
				     &counter);
	if (ret) {
		log_error("key-create-failed", "device=%s error=\"%s\"", o->device,
			  pinpad_cmd_strerror(PINPAD_IOC_TPM_KEY, ret));
		return PS_DEVICE;
	}
	ret = ps_write_atomic(o->file, obj, len, 0600, PS_PAUSE_NONE, &step);
	if (ret) {
		log_error("key-file-error", "file=%s step=\"%s\" error=\"%s\" detail=\"the new key lives until the module is unloaded; its sealed object is lost\"",
			  o->file, step, strerror(-ret));
		return PS_FILE;
	}
	log_info("key-created", "file=%s bytes=%zu sealing=tpm counter=%llu detail=\"a new device key, made and sealed by the TPM: this terminal starts as a fresh device\"",
		 o->file, len, (unsigned long long)counter);
	return PS_OK;
}

static int ps_tpm_key(const struct ps_opts *o)
{
	uint8_t obj[PINPAD_TPM_OBJ_MAX];
	char aside[PATH_MAX];
	struct pinpad *pp;
	const char *step;
	uint64_t counter;
	size_t len;
	int ret;

	ret = ps_open(o, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = ps_read_file(o->file, obj, sizeof(obj), &len, &step);
	if (ret == -ENOENT) {
		ret = ps_tpm_key_new(pp, o);
		goto out;
	}
	if (ret) {
		log_error("key-file-error", "file=%s step=%s error=\"%s\"",
			  o->file, step, strerror(-ret));
		ret = PS_FILE;
		goto out;
	}
	ret = pinpad_tpm_key(pp, obj, len, NULL, 0, NULL, &counter);
	if (!ret) {
		log_info("key-loaded", "device=%s file=%s sealing=tpm counter=%llu",
			 o->device, o->file, (unsigned long long)counter);
		goto out;
	}
	if (ret == -EEXIST) {
		log_warn("key-already-loaded", "device=%s detail=\"the module has a device key since it was loaded; kept\"",
			 o->device);
		ret = PS_OK;
		goto out;
	}
	log_error("key-refused", "device=%s file=%s bytes=%zu error=\"%s\"",
		  o->device, o->file, len,
		  pinpad_cmd_strerror(PINPAD_IOC_TPM_KEY, ret));
	if (ret != -EKEYREJECTED && ret != -EKEYREVOKED && ret != -EBADMSG) {
		ret = PS_DEVICE;	/* e.g. capped: the file stays */
		goto out;
	}
	if (snprintf(aside, sizeof(aside), "%s%s", o->file,
		     PS_REFUSED_SUFFIX) >= (int)sizeof(aside) ||
	    ps_rename_sync(o->file, aside, &step)) {
		log_error("key-file-error", "file=%s step=\"set aside\"",
			  o->file);
		ret = PS_FILE;
		goto out;
	}
	log_info("key-kept", "file=%s detail=\"the refused sealed object; a new device key replaces it\"",
		 aside);
	ret = ps_tpm_key_new(pp, o);
out:
	pinpad_close(pp);
	return ret;
}
