/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * host-test.h - what every host test suite needs (userspace/tests,
 * userspace/proto/tests, rks-server/tests): counted checks that are never
 * compiled out, per-suite and overall summaries, stderr capture, and
 * running a program. Each suite's own test.h includes this and adds its
 * helpers and the width of its suite names (see suite_done()).
 */
#ifndef HOST_TEST_H
#define HOST_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Counts a check; on failure prints where and what. */
void check_at(bool ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define CHECK(expr) check_at(!!(expr), __FILE__, __LINE__, "%s", #expr)

#define CHECK_INT(got, want) do {					\
	long long got_ = (got), want_ = (want);				\
	check_at(got_ == want_, __FILE__, __LINE__,			\
		 "%s == %lld, expected %lld", #got, got_, want_);	\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *got_ = (got), *want_ = (want);			\
	check_at(got_ && !strcmp(got_, want_), __FILE__, __LINE__,	\
		 "%s is \"%s\", expected \"%s\"", #got,			\
		 got_ ? got_ : "(null)", want_);			\
} while (0)

#define CHECK_HAS(text, needle) do {					\
	const char *text_ = (text), *needle_ = (needle);		\
	check_at(text_ && strstr(text_, needle_), __FILE__, __LINE__,	\
		 "%s lacks \"%s\"; it is \"%s\"", #text, needle_,	\
		 text_ ? text_ : "(null)");				\
} while (0)

#define CHECK_MEM(got, want, len)					\
	check_at(!memcmp((got), (want), (len)), __FILE__, __LINE__,	\
		 "%s differs from %s", #got, #want)

/*
 * test_suite_done() - print "@name N passed, M failed" for the checks
 * since the last call, @name padded to @width columns. Each suite's
 * test.h wraps it as suite_done(name) with the width of its names.
 */
void test_suite_done(const char *name, int width);

/* Prints "N passed, M failed" last; returns the exit status for main(). */
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

#endif /* HOST_TEST_H */
