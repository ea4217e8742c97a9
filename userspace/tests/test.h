/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test.h - the little the host unit tests need: counted checks that are
 * never compiled out, stderr capture, and running a program.
 */
#ifndef PINPAD_TEST_H
#define PINPAD_TEST_H

#include <stdbool.h>
#include <stddef.h>

/* Counts a check; on failure prints where and what. */
void check_at(bool ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define CHECK(expr) check_at(!!(expr), __FILE__, __LINE__, "%s", #expr)

#define CHECK_INT(got, want) do {					\
	long long got_ = (got), want_ = (want);				\
	check_at(got_ == want_, __FILE__, __LINE__,			\
		 "%s == %lld, expected %lld", #got, got_, want_);	\
} while (0)

#define CHECK_HAS(text, needle) do {					\
	const char *text_ = (text), *needle_ = (needle);		\
	check_at(text_ && strstr(text_, needle_), __FILE__, __LINE__,	\
		 "%s lacks \"%s\"; it is \"%s\"", #text, needle_,	\
		 text_ ? text_ : "(null)");				\
} while (0)

/* Prints how many checks @name's suite passed and failed. */
void suite_done(const char *name);

/* Prints "N passed, M failed"; returns the exit status for main(). */
int test_summary(void);

/* Collects what is written to stderr between begin and end. */
void capture_stderr_begin(void);
char *capture_stderr_end(void);		/* malloc'd, NUL-terminated */

struct run_result {
	int code;	/* exit code; -1 if killed by a signal */
	char *out;	/* stdout, malloc'd */
	char *err;	/* stderr, malloc'd */
};

/*
 * run_program() - run @argv with @env ("NAME=value"s, NULL-terminated, or
 * NULL) added to an environment cleared of PINPAD_* variables; stdin is
 * /dev/null.
 */
void run_program(struct run_result *r, const char *const *env,
		 const char *const *argv);
void run_result_free(struct run_result *r);

/* The suites. */
void test_parse(void);
void test_strerror(void);
void test_lib(void);
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
