// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_state.c - host tests of pinpad-state: its file work (atomic
 * replacement, reads, erasure, leftovers of interrupted saves), its command
 * line, and the persistence calls of libpinpad that need no device. The
 * device side runs in the VM: tests/e2e/persistence-e2e.
 *
 * Usage: state-tests PINPAD-STATE
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "libpinpad.h"
#include "test.h"

static char dir[PATH_MAX / 2];

static const char *path_in(const char *name)
{
	static char p[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static size_t count_prefix(const char *prefix)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return (size_t)-1;
	while ((de = readdir(d)))
		n += !strncmp(de->d_name, prefix, strlen(prefix));
	closedir(d);
	return n;
}

static void test_atomic_write(void)
{
	const char *blob = path_in("state.blob"), *step = NULL;
	char buf[64];
	struct stat st;
	size_t len;

	CHECK_INT(ps_write_atomic(blob, "first", 5, 0600, PS_PAUSE_NONE,
				  &step), 0);
	CHECK_INT(ps_read_file(blob, buf, sizeof(buf), &len, &step), 0);
	CHECK(len == 5 && !memcmp(buf, "first", 5));
	CHECK(!stat(blob, &st) && (st.st_mode & 0777) == 0600);
	/* replaced whole, and no temporary file stays behind */
	CHECK_INT(ps_write_atomic(blob, "second!", 7, 0600, PS_PAUSE_NONE,
				  &step), 0);
	CHECK_INT(ps_read_file(blob, buf, sizeof(buf), &len, &step), 0);
	CHECK(len == 7 && !memcmp(buf, "second!", 7));
	CHECK_INT(count_prefix("state.blob.tmp."), 0);
	/* a directory that is not there: an error naming the step */
	CHECK_INT(ps_write_atomic(path_in("nodir/x"), "x", 1, 0600,
				  PS_PAUSE_NONE, &step), -ENOENT);
	CHECK_HAS(step, "temporary");
}

static void test_read(void)
{
	const char *step = NULL;
	char buf[4];
	size_t len = 99;

	CHECK_INT(ps_read_file(path_in("missing"), buf, sizeof(buf), &len,
			       &step), -ENOENT);
	CHECK_INT(len, 0);
	put(path_in("big"), "12345");
	CHECK_INT(ps_read_file(path_in("big"), buf, sizeof(buf), &len, &step),
		  -EFBIG);
	CHECK_INT(len, 5);	/* says how big it is */
	put(path_in("fits"), "1234");
	CHECK_INT(ps_read_file(path_in("fits"), buf, sizeof(buf), &len,
			       &step), 0);
	CHECK_INT(len, 4);
	put(path_in("empty"), "");
	CHECK_INT(ps_read_file(path_in("empty"), buf, sizeof(buf), &len,
			       &step), 0);
	CHECK_INT(len, 0);
	CHECK_INT(ps_read_file(dir, buf, sizeof(buf), &len, &step), -EINVAL);
}

static void test_erase(void)
{
	const char *f = path_in("secret"), *link_path = path_in("secret.link");
	const char *step = NULL;
	char buf[16];
	size_t len, i;
	bool zero = true;

	put(f, "0123456789");
	/* a second name shows what became of the bytes */
	CHECK(!link(f, link_path));
	CHECK_INT(ps_erase_file(f, &step), 0);
	CHECK(access(f, F_OK) && errno == ENOENT);
	CHECK_INT(ps_read_file(link_path, buf, sizeof(buf), &len, &step), 0);
	CHECK_INT(len, 10);
	for (i = 0; i < len; i++)
		zero &= !buf[i];
	CHECK(zero);
	CHECK_INT(ps_erase_file(f, &step), -ENOENT);
	CHECK_INT(ps_sync_dir(f, &step), 0);
}

static void test_temps(void)
{
	put(path_in("state.blob.tmp.123"), "torn");
	put(path_in("state.blob.tmp.456"), "torn");
	put(path_in("state.blob.tmpx"), "not ours");
	put(path_in("other.blob.tmp.1"), "not ours");
	CHECK_INT(ps_remove_temps(path_in("state.blob")), 2);
	CHECK_INT(count_prefix("state.blob.tmp."), 0);
	CHECK(!access(path_in("state.blob.tmpx"), F_OK));
	CHECK(!access(path_in("other.blob.tmp.1"), F_OK));
	put(path_in("state.blob.tmp.789"), "torn");
	CHECK_INT(ps_erase_temps(path_in("state.blob")), 1);
	CHECK_INT(ps_remove_temps(path_in("state.blob")), 0);
}

static void test_lock_and_pause(void)
{
	enum ps_pause p = PS_PAUSE_AFTER_FSYNC;
	const char *step = NULL;
	int fd = ps_lock(path_in("state.blob"), &step);

	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	CHECK_INT(ps_pause_parse(NULL, &p), 0);
	CHECK_INT(p, PS_PAUSE_NONE);
	CHECK_INT(ps_pause_parse("after-write", &p), 0);
	CHECK_INT(p, PS_PAUSE_AFTER_WRITE);
	CHECK_INT(ps_pause_parse("after-fsync", &p), 0);
	CHECK_INT(p, PS_PAUSE_AFTER_FSYNC);
	CHECK_INT(ps_pause_parse("after-rename", &p), 0);
	CHECK_INT(p, PS_PAUSE_AFTER_RENAME);
	CHECK_INT(ps_pause_parse("after-lunch", &p), -EINVAL);
	CHECK_INT(ps_pause_parse("", &p), 0);
	CHECK_INT(p, PS_PAUSE_NONE);
}

static void test_persist_lib(void)
{
	uint8_t key[PINPAD_DEVICE_KEY_LEN] = { 0 }, buf[8];
	size_t len = 1;

	CHECK_INT(pinpad_device_key_load(NULL, key, sizeof(key)), -EINVAL);
	CHECK_INT(pinpad_state_export(NULL, NULL, 0, &len, NULL), -EINVAL);
	CHECK_INT(pinpad_state_export(NULL, buf, sizeof(buf), NULL, NULL),
		  -EINVAL);
	CHECK_INT(pinpad_state_import(NULL, NULL, 1), -EINVAL);
	CHECK_INT(pinpad_state_import(NULL, buf, 1), -EINVAL);
	CHECK_INT(pinpad_fd(NULL), -EINVAL);
	CHECK_INT(pinpad_wait_change(NULL, 0), -EINVAL);
	/* TPM sealing: an object to unseal, or a buffer for a new one */
	CHECK_INT(pinpad_tpm_key(NULL, NULL, 1, NULL, 0, NULL, NULL), -EINVAL);
	CHECK_INT(pinpad_tpm_key(NULL, buf, PINPAD_TPM_OBJ_MAX + 1, NULL, 0,
				 NULL, NULL), -EINVAL);
	CHECK_INT(pinpad_tpm_key(NULL, buf, 1, buf, sizeof(buf), &len, NULL),
		  -EINVAL);
	CHECK_INT(pinpad_tpm_key(NULL, NULL, 0, NULL, 0, &len, NULL), -EINVAL);
	CHECK_INT(pinpad_tpm_key(NULL, NULL, 0, buf, sizeof(buf), NULL, NULL),
		  -EINVAL);
	CHECK_INT(pinpad_tpm_key(NULL, buf, 1, NULL, 0, NULL, NULL), -EINVAL);
	CHECK_INT(pinpad_state_commit(NULL, 1), -EINVAL);
	/* per command: the same number, the meaning of the command */
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, -EKEYREJECTED),
		  "sealed by another device");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, -EBADMSG),
		  "corrupted or truncated");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, -EBUSY),
		  "already provisioned");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_STATE_EXPORT, -ENOKEY),
		  "no device key");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_DEVICE_KEY, -EEXIST),
		  "already loaded");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, -ESTALE),
		  "rolled back");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_TPM_KEY, -EKEYREJECTED),
		  "another TPM");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_TPM_KEY, -EKEYEXPIRED),
		  "capped");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_TPM_KEY, -EKEYREVOKED),
		  "belongs to another device key");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_DEVICE_KEY, -EOPNOTSUPP),
		  "seals with the TPM");
	/* LOAD_WK's key blocks (#11) have texts of their own */
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_LOAD_WK, -EBADMSG),
		  "does not authenticate");
	CHECK_HAS(pinpad_cmd_strerror(PINPAD_IOC_LOAD_WK, -EKEYREVOKED),
		  "locked");
	/* other commands keep the general texts */
	CHECK(pinpad_cmd_strerror(PINPAD_IOC_CIPHER, -EKEYREJECTED) ==
	      pinpad_strerror(-EKEYREJECTED));
	CHECK(pinpad_cmd_strerror(PINPAD_IOC_STATE_IMPORT, -ENOMEM) ==
	      pinpad_strerror(-ENOMEM));
	CHECK_HAS(pinpad_strerror(-EBUSY), "already provisioned");
}

static void run(struct run_result *r, const char *prog, const char *env,
		const char *a1, const char *a2, const char *a3)
{
	const char *const envv[] = { env, NULL };
	const char *const argv[] = { prog, a1, a2, a3, NULL };

	run_program(r, env ? envv : NULL, argv);
}

static void test_cli(const char *prog)
{
	char key[PATH_MAX], blob[PATH_MAX];
	struct run_result r;
	struct stat st;

	/* path_in() reuses its buffers: keep copies */
	snprintf(key, sizeof(key), "%s", path_in("k/device.key"));
	snprintf(blob, sizeof(blob), "%s", path_in("s.blob"));

	run(&r, prog, NULL, "--help", NULL, NULL);
	CHECK_INT(r.code, 0);
	CHECK_HAS(r.out, "Exit status");
	CHECK_HAS(r.out, "PINPAD_STATE_PAUSE");
	run_result_free(&r);
	run(&r, prog, NULL, NULL, NULL, NULL);
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "no command");
	run_result_free(&r);
	run(&r, prog, NULL, "frobnicate", NULL, NULL);
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "'frobnicate'");
	run_result_free(&r);
	run(&r, prog, NULL, "save", NULL, NULL);
	CHECK_INT(r.code, 1);
	run_result_free(&r);
	run(&r, prog, NULL, "watch", blob, NULL);
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "--key");
	run_result_free(&r);
	run(&r, prog, NULL, "save", blob, "extra");
	CHECK_INT(r.code, 1);
	run_result_free(&r);
	run(&r, prog, "PINPAD_STATE_PAUSE=later", "save", blob, NULL);
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "'later'");
	run_result_free(&r);

	/* init-key: a new 32-byte key, 0600, in a new 0700 directory */
	run(&r, prog, NULL, "init-key", key, NULL);
	CHECK_INT(r.code, 0);
	CHECK_HAS(r.err, "event=key-created");
	CHECK(!stat(key, &st) && st.st_size == 32 &&
	      (st.st_mode & 0777) == 0600);
	CHECK(!stat(path_in("k"), &st) && (st.st_mode & 0777) == 0700);
	run_result_free(&r);
	run(&r, prog, NULL, "init-key", key, NULL);
	CHECK_INT(r.code, 0);
	CHECK_HAS(r.err, "event=key-present");
	run_result_free(&r);
	/* a key file of the wrong size is refused and left alone */
	put(path_in("short.key"), "short");
	run(&r, prog, NULL, "init-key", path_in("short.key"), NULL);
	CHECK_INT(r.code, 4);
	CHECK_HAS(r.err, "size=5 want=32");
	CHECK(!stat(path_in("short.key"), &st) && st.st_size == 5);
	run_result_free(&r);
	run(&r, prog, NULL, "load-key", path_in("short.key"), NULL);
	CHECK_INT(r.code, 4);
	run_result_free(&r);
	run(&r, prog, NULL, "load-key", path_in("none.key"), NULL);
	CHECK_INT(r.code, 4);
	CHECK_HAS(r.err, "init-key");
	run_result_free(&r);
	/* no blob: a fresh device, whatever the device */
	run(&r, prog, NULL, "restore", blob, NULL);
	CHECK_INT(r.code, 0);
	CHECK_HAS(r.err, "event=no-blob");
	run_result_free(&r);
	/* a blob, but no device */
	put(blob, "sealed bytes");
	{
		const char *const argv[] = { prog, "--device",
					     "/nonexistent/pinpad", "restore",
					     blob, NULL };

		run_program(&r, NULL, argv);
		CHECK_INT(r.code, 2);
		CHECK_HAS(r.err, "event=device-error");
		run_result_free(&r);
	}
	/* the blob is kept: only a refusal by the device moves it aside */
	CHECK(!access(blob, F_OK));
	run(&r, prog, NULL, "restore", path_in("nodir/s.blob"), NULL);
	CHECK_INT(r.code, 4);
	run_result_free(&r);
}

int main(int argc, char *argv[])
{
	char cmd[PATH_MAX + 16];
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PINPAD-STATE\n", argv[0]);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/pinpad-state-test.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_atomic_write();
	test_read();
	test_erase();
	test_temps();
	test_lock_and_pause();
	suite_done("state-files");
	test_persist_lib();
	suite_done("state-lib");
	test_cli(argv[1]);
	suite_done("state-cli");
	ret = test_summary();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	return ret;
}
