// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * harness.c - a scratch directory, files, shell commands, hex; the checks
 * are the shared harness's (tests/lib/host-test.c).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

static char dir[256];

const char *test_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/rks-test.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return dir;
}

void test_cleanup(void)
{
	char cmd[300];

	if (!dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	dir[0] = '\0';
}

const char *test_path(const char *name)
{
	static char ring[256][320];
	static unsigned int next;
	char *p = ring[next++ % 256];

	snprintf(p, sizeof(ring[0]), "%s/%s", test_dir(), name);
	return p;
}

void write_file(const char *path, const void *buf, size_t len, int mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len ||
	    fchmod(fd, (mode_t)mode) || close(fd)) {
		perror(path);
		exit(2);
	}
}

char *run_shell(const char *cmd, int *status)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	FILE *p;
	int c, st;

	fflush(NULL);
	p = popen(cmd, "r");
	if (!p || !mem) {
		perror("popen");
		exit(2);
	}
	while ((c = fgetc(p)) != EOF)
		fputc(c, mem);
	st = pclose(p);
	fclose(mem);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return buf;
}

const char *hex(const uint8_t *buf, size_t len)
{
	static char ring[4][2 * 64 + 1];
	static unsigned int next;
	char *p = ring[next++ % 4];
	size_t i;

	for (i = 0; i < len && i < 64; i++)
		sprintf(p + 2 * i, "%02X", buf[i]);
	p[2 * i] = '\0';
	return p;
}

void unhex(const char *s, uint8_t *out, size_t len)
{
	size_t i;
	unsigned int b;

	if (strlen(s) != 2 * len) {
		fprintf(stderr, "unhex: bad length of '%s'\n", s);
		exit(2);
	}
	for (i = 0; i < len; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1) {
			fprintf(stderr, "unhex: bad hex '%s'\n", s);
			exit(2);
		}
		out[i] = (uint8_t)b;
	}
}
