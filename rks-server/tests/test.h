/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test.h - the little the key database and rks-factory tests need: counted
 * checks that are never compiled out, a scratch directory, files, and the
 * output of a shell command.
 */
#ifndef RKS_TEST_H
#define RKS_TEST_H

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

/* Prints how many checks @name's suite passed and failed. */
void suite_done(const char *name);

/* Prints "N passed, M failed" last; returns the exit status for main(). */
int test_summary(void);

/* A fresh scratch directory, removed by test_cleanup(). */
const char *test_dir(void);
void test_cleanup(void);

/* test_dir()/@name, in a static ring of buffers (256 live at a time). */
const char *test_path(const char *name);

/* Writes @len bytes to @path with @mode (replacing it). */
void write_file(const char *path, const void *buf, size_t len, int mode);

/* The stdout of `sh -c @cmd`, malloc'd; *@status its exit status. */
char *run_shell(const char *cmd, int *status);

/* Hex of @len bytes, upper case, in a static ring of buffers. */
const char *hex(const uint8_t *buf, size_t len);

/* Parses @len bytes of hex (either case); aborts the test on bad input. */
void unhex(const char *s, uint8_t *out, size_t len);

/* The suites of test-db. */
void test_db_schema(void);
void test_db_binding(void);
void test_db_devices(void);
void test_db_keys(void);
void test_db_delivery(void);
void test_db_import(void);

#endif /* RKS_TEST_H */
