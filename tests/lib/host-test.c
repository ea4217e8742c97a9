// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * host-test.c - counted checks, summaries, stderr capture, running
 * programs: the harness every host test suite links.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host-test.h"

static unsigned int passed, failed;

void check_at(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stdout, "FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void test_suite_done(const char *name, int width)
{
	static unsigned int passed_before, failed_before;

	printf("%-*s %4u passed, %u failed\n", width, name,
	       passed - passed_before, failed - failed_before);
	fflush(stdout);
	passed_before = passed;
	failed_before = failed;
}

int test_summary(void)
{
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* All of @f from the start, as a string. */
static char *slurp(FILE *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int c;

	rewind(f);
	while ((c = fgetc(f)) != EOF)
		fputc(c, mem);
	fclose(mem);
	return buf;
}

static FILE *capture_file;
static int saved_stderr = -1;

void capture_stderr_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	saved_stderr = dup(STDERR_FILENO);
	if (!capture_file || saved_stderr < 0 ||
	    dup2(fileno(capture_file), STDERR_FILENO) < 0) {
		perror("capture_stderr_begin");
		exit(2);
	}
}

char *capture_stderr_end(void)
{
	char *text;

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	text = slurp(capture_file);
	fclose(capture_file);
	return text;
}

static void child(const char *const *env, const char *const *argv,
		  FILE *out, FILE *err)
{
	static const char *const ours[] = {
		"PINPAD_DEVICE", "PINPAD_FAKE_ERRNO", "PINPAD_FAKE_API",
		"PINPAD_FAKE_LOG",
	};
	size_t i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		unsetenv(ours[i]);
	for (i = 0; env && env[i]; i++)
		putenv((char *)env[i]);
	if (!freopen("/dev/null", "r", stdin) ||
	    dup2(fileno(out), STDOUT_FILENO) < 0 ||
	    dup2(fileno(err), STDERR_FILENO) < 0)
		_exit(126);
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

void run_program(struct run_result *r, const char *const *env,
		 const char *const *argv)
{
	FILE *out = tmpfile(), *err = tmpfile();
	int status;
	pid_t pid;

	if (!out || !err) {
		perror("run_program: tmpfile");
		exit(2);
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("run_program: fork");
		exit(2);
	}
	if (pid == 0)
		child(env, argv, out, err);
	if (waitpid(pid, &status, 0) < 0) {
		perror("run_program: waitpid");
		exit(2);
	}
	r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->out = slurp(out);
	r->err = slurp(err);
	fclose(out);
	fclose(err);
}

void run_result_free(struct run_result *r)
{
	free(r->out);
	free(r->err);
}
