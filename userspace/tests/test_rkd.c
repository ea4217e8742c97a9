// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_rkd.c - rkd's settings parser, its retry delays, and its command
 * line as a user meets it (the real binary, run with bad arguments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pinpad.h"
#include "../rkd/backoff.h"
#include "../rkd/config.h"
#include "test.h"

static char *write_temp(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	strcpy(path, "/tmp/rkd-test-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Load @text as a config file; returns rkd_config_load's result. */
static int load_text(struct rkd_config *c, const char *text, char **err)
{
	char *path = write_temp(text);
	int r;

	rkd_config_defaults(c);
	capture_stderr_begin();
	r = rkd_config_load(c, path, true);
	*err = capture_stderr_end();
	unlink(path);
	return r;
}

static void test_config(void)
{
	struct rkd_config c;
	char *err;

	rkd_config_defaults(&c);
	CHECK(!strcmp(c.server, "127.0.0.1"));
	CHECK_INT(c.port, 7010);
	CHECK(!strcmp(c.device, PINPAD_DEV_DOWNLOAD));	/* issue #13 */

	CHECK_INT(load_text(&c, "# comment\n\nserver = rks.example\n"
			    "port=7443\n  read_timeout =  5 \nretries = 3\n"
			    "log_level = debug\n", &err), 0);
	CHECK(!strcmp(c.server, "rks.example"));
	CHECK_INT(c.port, 7443);
	CHECK_INT(c.read_timeout, 5);
	CHECK_INT(c.retries, 3);
	CHECK_INT(c.log_level, CLI_LOG_DEBUG);
	free(err);

	/* each bad line names file:line, the key and what was wrong */
	CHECK_INT(load_text(&c, "port = 7010\nport = 70000\n", &err), -1);
	CHECK_HAS(err, ":2: port: bad value '70000'");
	free(err);
	CHECK_INT(load_text(&c, "state_file = /var/lib/pinpad/state.blob\n"
			    "save_timeout = 5\n", &err), 0);
	CHECK(!strcmp(c.state_file, "/var/lib/pinpad/state.blob"));
	CHECK_INT(c.save_timeout, 5);
	free(err);
	CHECK_INT(load_text(&c, "interval = 3600\n", &err), 0);
	CHECK_INT(c.interval, 3600);
	free(err);
	CHECK_INT(load_text(&c, "interval = soon\n", &err), -1);
	CHECK_HAS(err, "interval: bad value 'soon'");
	free(err);
	CHECK_INT(load_text(&c, "save_timeout = 0\n", &err), -1);
	CHECK_HAS(err, "save_timeout: bad value '0'");
	free(err);
	CHECK_INT(load_text(&c, "port = 0x10\n", &err), -1);
	CHECK_HAS(err, "port: bad value '0x10'");
	free(err);
	CHECK_INT(load_text(&c, "port = -1\n", &err), -1);
	free(err);
	CHECK_INT(load_text(&c, "port =\n", &err), -1);
	free(err);
	CHECK_INT(load_text(&c, "colour = blue\n", &err), -1);
	CHECK_HAS(err, ":1: colour: unknown setting");
	free(err);
	CHECK_INT(load_text(&c, "just words\n", &err), -1);
	CHECK_HAS(err, "expected 'key = value'");
	free(err);
	CHECK_INT(load_text(&c, "log_level = loud\n", &err), -1);
	CHECK_HAS(err, "expected error, warn, info or debug");
	free(err);
	CHECK_INT(load_text(&c, "read_timeout = 99999999999999999999\n",
			    &err), -1);
	free(err);
	{
		char line[700];

		memset(line, 'a', sizeof(line) - 2);
		line[sizeof(line) - 2] = '\n';
		line[sizeof(line) - 1] = '\0';
		CHECK_INT(load_text(&c, line, &err), -1);
		CHECK_HAS(err, "line too long");
		free(err);
	}
	rkd_config_defaults(&c);
	capture_stderr_begin();
	CHECK_INT(rkd_config_load(&c, "/nonexistent/rkd.conf", true), -1);
	err = capture_stderr_end();
	CHECK_HAS(err, "/nonexistent/rkd.conf");
	free(err);
	/* the default file may be absent */
	CHECK_INT(rkd_config_load(&c, "/nonexistent/rkd.conf", false), 0);
}

static void test_backoff(void)
{
	struct rkd_backoff b = { .min_ms = 1000, .max_ms = 8000 };
	unsigned int i, d, bound = 1000;

	/* within [min/2, bound], bound doubling up to max */
	for (i = 0; i < 10; i++) {
		d = rkd_backoff_next(&b, 0);
		CHECK_INT(d, 500);
	}
	rkd_backoff_reset(&b);
	for (i = 0; i < 10; i++) {
		d = rkd_backoff_next(&b, 0xffffffffu);
		CHECK(d >= 500 && d <= bound);
		if (bound < 8000)
			bound *= 2;
	}
	CHECK_INT(rkd_backoff_next(&b, 7500), 8000);
	/* many failures never overflow past the cap */
	for (i = 0; i < 1000; i++)
		CHECK(rkd_backoff_next(&b, (unsigned int)rand()) <= 8000);
}

static void test_cli(const char *rkd)
{
	struct run_result r;

	run_program(&r, NULL, (const char *const[]){ rkd, "--help", NULL });
	CHECK_INT(r.code, 0);
	CHECK_HAS(r.out, "Exit status:");
	run_result_free(&r);

	run_program(&r, NULL, (const char *const[]){ rkd, "--bogus", NULL });
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "try 'rkd --help'");
	run_result_free(&r);

	run_program(&r, NULL, (const char *const[]){ rkd, "--port", "0",
						     NULL });
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "port: bad value '0'");
	run_result_free(&r);

	run_program(&r, NULL, (const char *const[]){ rkd, "--config",
						     "/nonexistent.conf",
						     NULL });
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "/nonexistent.conf");
	run_result_free(&r);

	run_program(&r, NULL, (const char *const[]){ rkd, "extra", NULL });
	CHECK_INT(r.code, 1);
	run_result_free(&r);

	run_program(&r, NULL, (const char *const[]){ rkd, "--backoff-min",
						     "5000", "--backoff-max",
						     "1000", NULL });
	CHECK_INT(r.code, 1);
	CHECK_HAS(r.err, "backoff_min_ms (5000) is above");
	run_result_free(&r);

	/* no device: exit 2, naming it */
	run_program(&r, NULL, (const char *const[]){ rkd, "--device",
						     "/nonexistent/pinpad",
						     "--once", NULL });
	CHECK_INT(r.code, 2);
	CHECK_HAS(r.err, "device=/nonexistent/pinpad");
	run_result_free(&r);
}

void test_rkd(const char *rkd)
{
	test_config();
	test_backoff();
	test_cli(rkd);
}
