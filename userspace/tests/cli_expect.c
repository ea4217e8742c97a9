// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_expect.c - running pinpadctl and checking what it did.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

/* Enough of each secret that finding it means the secret leaked. */
static const char *const secrets[] = {
	KEY16, DIK2, FACTOR, WRAPPED, &KEY24[32],
};

static bool shows_secret(const char *text)
{
	char prefix[17];
	size_t i;

	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		snprintf(prefix, sizeof(prefix), "%s", secrets[i]);
		if (strcasestr(text, prefix))
			return true;
	}
	return false;
}

static bool shows_sanitizer_report(const char *text)
{
	return strstr(text, "Sanitizer") || strstr(text, "runtime error");
}

void cli_expect(const char *file, int line, const char *bin,
		const char *const *env, const char *const *args, int code,
		const char *out, const char *err)
{
	const char *argv[32] = { bin };
	struct run_result r;
	size_t i;

	for (i = 0; args[i] && i + 2 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[i + 1] = args[i];
	run_program(&r, env, argv);
	check_at(r.code == code, file, line,
		 "%s exited %d, expected %d; stderr: %s", args[0] ? args[0]
		 : "(no args)", r.code, code, r.err);
	if (out)
		check_at(strstr(r.out, out) != NULL, file, line,
			 "stdout lacks \"%s\": \"%s\"", out, r.out);
	if (err)
		check_at(strstr(r.err, err) != NULL, file, line,
			 "stderr lacks \"%s\": \"%s\"", err, r.err);
	check_at(!shows_secret(r.out) && !shows_secret(r.err), file, line,
		 "output shows key material: \"%s\" \"%s\"", r.out, r.err);
	check_at(!shows_sanitizer_report(r.err), file, line,
		 "sanitizer report: %s", r.err);
	run_result_free(&r);
}
