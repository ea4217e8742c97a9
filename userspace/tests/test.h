/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test.h - the userspace host unit tests: their suites and the CLI
 * helpers, on the shared harness (tests/lib/host-test.h).
 */
#ifndef PINPAD_TEST_H
#define PINPAD_TEST_H

#include "host-test.h"

/* Prints how many checks @name's suite passed and failed. */
static inline void suite_done(const char *name)
{
	test_suite_done(name, 9);
}

/* The suites. */
void test_parse(void);
void test_strerror(void);
void test_cli_json(void);
void test_cli_log(void);
void test_lib(void);
void test_load_wk(void);
void test_cli_args(const char *pinpadctl);
void test_rkd(const char *rkd);
void test_cli_fake(const char *pinpadctl_fake);

/*
 * cli_expect() - run @bin with @args and check its exit code, that its
 * stdout and stderr hold @out and @err (unless NULL), and that neither
 * shows a test key or a sanitizer report.
 */
void cli_expect(const char *file, int line, const char *bin,
		const char *const *env, const char *const *args, int code,
		const char *out, const char *err);

#define EXPECT(bin, env, args, code, out, err) \
	cli_expect(__FILE__, __LINE__, bin, env, args, code, out, err)

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_ARGS ((const char *const[]){ NULL })

/* Key material the CLI tests pass; none may appear in any output. */
#define KEY16 "0123456789ABCDEFFEDCBA9876543210"
#define KEY24 KEY16 "89ABCDEF01234567"
#define DIK2 "00112233445566778899AABBCCDDEEFF0011223344556677"
#define FACTOR "F00DF00DF00DF00D"
#define WRAPPED "13579BDF02468ACE13579BDF02468ACE"

#endif /* PINPAD_TEST_H */
