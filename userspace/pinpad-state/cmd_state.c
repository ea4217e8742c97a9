// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_state.c - `save`, `restore` and `status`, and what watch shares
 * with them: saving under the lock, and the tamper erasure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps.h"

#define PS_IDENTITY (PINPAD_STATUS_HAS_DSN | PINPAD_STATUS_HAS_DIK2 | \
		     PINPAD_STATUS_HAS_ROOT)

int ps_open(const struct ps_opts *o, int flags, struct pinpad **pp)
{
	int ret = pinpad_open(o->device, flags, pp);

	if (!ret)
		return PS_OK;
	/* pinpad_strerror() words -EACCES as the device's; here it is open(2)'s */
	log_error("device-error", "device=%s error=\"%s\"", o->device,
		  ret == -EACCES ? strerror(EACCES) : pinpad_strerror(ret));
	return PS_DEVICE;
}

bool ps_pristine(const struct pinpad_status *st)
{
	return st->state == PINPAD_STATE_FACTORY && !(st->flags & PS_IDENTITY) &&
	       !st->keys_loaded;
}

static void ps_log_status(enum cli_log_level level, const char *event,
			  const struct pinpad_status *st, const char *extra)
{
	cli_log(level, event, "state=%s dsn=%.*s keys=%u generation=%llu%s%s",
		pinpad_state_name(st->state),
		(st->flags & PINPAD_STATUS_HAS_DSN) ? (int)st->dsn_len : 1,
		(st->flags & PINPAD_STATUS_HAS_DSN) ? (const char *)st->dsn : "-",
		st->keys_loaded, (unsigned long long)st->generation,
		extra ? " " : "", extra ? extra : "");
}

int ps_save_locked(struct pinpad *pp, const struct ps_opts *o,
		   const char *blob, int *export_err)
{
	static uint8_t buf[PINPAD_STATE_MAX];
	const char *step;
	uint64_t gen;
	size_t len;
	int lock, ret;

	*export_err = 0;
	lock = ps_lock(blob, &step);
	if (lock < 0) {
		log_error("save-failed", "file=%s step=\"%s\" error=\"%s\"",
			  blob, step, strerror(-lock));
		return lock;
	}
	/* Export under the lock: the last rename is then the newest state. */
	ret = pinpad_state_export(pp, buf, sizeof(buf), &len, &gen);
	if (ret) {
		*export_err = ret;
		log_error("export-failed", "device=%s error=\"%s\"", o->device,
			  pinpad_cmd_strerror(PINPAD_IOC_STATE_EXPORT, ret));
		goto out;
	}
	/*
	 * 0640: the blob is sealed (only this device's module opens it); its
	 * group (the state directory's, rkd) may read the generation in its
	 * header, so rkd withholds a RECEIPT until the keys are on disk.
	 */
	ret = ps_write_atomic(blob, buf, len, 0640, o->pause, &step);
	if (ret) {
		log_error("save-failed", "file=%s step=\"%s\" error=\"%s\" detail=\"the previous blob, if any, is intact\"",
			  blob, step, strerror(-ret));
		goto out;
	}
	log_info("state-saved", "file=%s generation=%llu bytes=%zu", blob,
		 (unsigned long long)gen, len);
	/* durable now: the module may advance its rollback counter to it */
	ret = pinpad_state_commit(pp, gen);
	if (ret)
		log_warn("commit-failed", "device=%s generation=%llu error=\"%s\" detail=\"the blob is saved; the next save commits\"",
			 o->device, (unsigned long long)gen,
			 pinpad_cmd_strerror(PINPAD_IOC_STATE_COMMIT, ret));
	ret = 0;
out:
	close(lock);
	return ret;
}

int ps_save(const struct ps_opts *o)
{
	struct pinpad *pp;
	int ret, export_err;

	ret = ps_open(o, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = ps_save_locked(pp, o, o->file, &export_err);
	pinpad_close(pp);
	if (!ret)
		return PS_OK;
	return export_err ? PS_DEVICE : PS_FILE;
}

/* Keep a refused blob for a post-mortem, out of the way of the next save. */
static void ps_set_aside(const char *blob)
{
	char aside[PATH_MAX];
	const char *step;
	int ret;

	if (snprintf(aside, sizeof(aside), "%s%s", blob, PS_REFUSED_SUFFIX) >=
	    (int)sizeof(aside))
		return;
	ret = ps_rename_sync(blob, aside, &step);
	if (ret)
		log_error("blob-not-moved", "file=%s step=\"%s\" error=\"%s\"",
			  blob, step, strerror(-ret));
	else
		log_info("blob-kept", "file=%s detail=\"the refused blob, for a post-mortem; the next save writes a new blob\"",
			 aside);
}

static const char *ps_refusal_advice(int err)
{
	switch (err) {
	case -EKEYREJECTED:
		return "this device key did not seal it: a blob of another terminal, or from before a tamper erased the key. The terminal needs provisioning again";
	case -ESTALE:
		return "an older state than the TPM's rollback counter allows: a blob saved before a tamper or a key's retirement (replayed, or a power cut right after the retirement). The terminal needs provisioning again";
	case -EBADMSG:
	case -EINVAL:
		return "the file is damaged (storage fault or tampering). The terminal needs provisioning again";
	}
	return "the device is unchanged";
}

int ps_restore(const struct ps_opts *o)
{
	static uint8_t buf[PINPAD_STATE_MAX];
	struct pinpad_status st;
	struct pinpad *pp;
	const char *step;
	size_t len;
	int lock, ret, n;

	lock = ps_lock(o->file, &step);
	if (lock < 0) {
		log_error("blob-file-error", "file=%s step=\"%s\" error=\"%s\"",
			  o->file, step, strerror(-lock));
		return PS_FILE;
	}
	/* A save cut short before its rename left these; never the state. */
	n = ps_remove_temps(o->file);
	if (n > 0)
		log_info("stale-temp-removed", "file=%s count=%d detail=\"a save was interrupted before its rename; the blob is the one before it\"",
			 o->file, n);
	ret = ps_read_file(o->file, buf, sizeof(buf), &len, &step);
	if (ret == -ENOENT) {
		log_info("no-blob", "file=%s detail=\"no sealed state: a fresh device (first boot, or after a tamper)\"",
			 o->file);
		ret = PS_OK;
		goto out_unlock;
	}
	if (ret && ret != -EFBIG) {
		log_error("blob-file-error", "file=%s step=%s error=\"%s\"",
			  o->file, step, strerror(-ret));
		ret = PS_FILE;
		goto out_unlock;
	}
	ret = ps_open(o, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out_unlock;
	/*
	 * A module that holds a state already (a restart of the boot
	 * script, or a device provisioned since it was loaded) is newer than
	 * any blob: leave both alone.
	 */
	if (!pinpad_status(pp, &st) && !ps_pristine(&st)) {
		ps_log_status(CLI_LOG_WARN, "restore-skipped", &st,
			      "detail=\"the module already holds a state; the blob was not imported\"");
		ret = PS_OK;
		goto out_close;
	}
	/* Empty or too large: refused here, as the device would. */
	if (len == 0 || len > PINPAD_STATE_MAX)
		ret = -EINVAL;
	else
		ret = pinpad_state_import(pp, buf, len);
	if (!ret) {
		pinpad_status(pp, &st);
		ps_log_status(CLI_LOG_INFO, "state-restored", &st, NULL);
		ret = PS_OK;
	} else if (ret == -EKEYREJECTED || ret == -EBADMSG || ret == -EINVAL ||
		   ret == -ESTALE) {
		log_error("blob-refused", "file=%s bytes=%zu reason=\"%s\" detail=\"%s\"",
			  o->file, len,
			  pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, ret),
			  ps_refusal_advice(ret));
		if (!pinpad_status(pp, &st))
			ps_log_status(CLI_LOG_INFO, "device-unchanged", &st,
				      NULL);
		ps_set_aside(o->file);
		ret = PS_REFUSED;
	} else {
		log_error("restore-failed", "file=%s device=%s error=\"%s\"",
			  o->file, o->device,
			  pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, ret));
		ret = PS_DEVICE;
	}
out_close:
	pinpad_close(pp);
out_unlock:
	close(lock);
	return ret;
}

int ps_status(const struct ps_opts *o)
{
	struct pinpad_status st;
	struct pinpad *pp;
	int ret;

	ret = ps_open(o, PINPAD_OPEN_RDONLY, &pp);
	if (ret)
		return ret;
	ret = pinpad_status(pp, &st);
	pinpad_close(pp);
	if (ret) {
		log_error("device-error", "device=%s error=\"%s\"", o->device,
			  pinpad_strerror(ret));
		return PS_DEVICE;
	}
	/* dsn last: it is free text, and scripts cut the line before it */
	printf("state=%s keys=%u generation=%llu device_key=%s sealing=%s provisioned=%s dsn=%.*s\n",
	       pinpad_state_name(st.state), st.keys_loaded,
	       (unsigned long long)st.generation,
	       (st.flags & PINPAD_STATUS_HAS_DEVICE_KEY) ? "yes" : "no",
	       (st.flags & PINPAD_STATUS_SEAL_TPM) ? "tpm" : "software",
	       ps_pristine(&st) ? "no" : "yes",
	       (st.flags & PINPAD_STATUS_HAS_DSN) ? (int)st.dsn_len : 1,
	       (st.flags & PINPAD_STATUS_HAS_DSN) ? (const char *)st.dsn : "-");
	return PS_OK;
}

static int ps_erase_one(const char *path, const char *what, int *count)
{
	const char *step;
	int ret = ps_erase_file(path, &step);

	if (ret == -ENOENT)
		return 0;
	if (ret) {
		log_error("erase-failed", "file=%s what=%s step=\"%s\" error=\"%s\"",
			  path, what, step, strerror(-ret));
		return ret;
	}
	++*count;
	log_info("erased", "file=%s what=%s", path, what);
	return 0;
}

int ps_erase_all(const char *key_file, const char *blob)
{
	char aside[PATH_MAX];
	const char *step;
	int count = 0, failed = 0, n;

	/* The key first: without it, every blob is useless. */
	failed |= ps_erase_one(key_file, "device-key", &count);
	failed |= ps_sync_dir(key_file, &step);
	failed |= ps_erase_one(blob, "blob", &count);
	n = ps_erase_temps(blob);
	if (n > 0)
		count += n;
	if (snprintf(aside, sizeof(aside), "%s%s", blob, PS_REFUSED_SUFFIX) <
	    (int)sizeof(aside))
		failed |= ps_erase_one(aside, "refused-blob", &count);
	failed |= ps_sync_dir(blob, &step);
	if (failed) {
		log_error("erase-incomplete", "key=%s blob=%s", key_file, blob);
		return PS_FILE;
	}
	log_info("tamper-erased", "key=%s blob=%s files=%d detail=\"no blob sealed before the tamper can be restored\"",
		 key_file, blob, count);
	return PS_OK;
}
