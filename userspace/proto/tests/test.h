/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test.h - counted checks that are never compiled out, and hex helpers,
 * for librkdproto's unit tests.
 */
#ifndef RKD_TEST_H
#define RKD_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void check_at(bool ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define CHECK(expr) check_at(!!(expr), __FILE__, __LINE__, "%s", #expr)

#define CHECK_INT(got, want) do {					\
	long long got_ = (got), want_ = (want);				\
	check_at(got_ == want_, __FILE__, __LINE__,			\
		 "%s == %lld, expected %lld", #got, got_, want_);	\
} while (0)

/* An rkd_err result: prints both names on failure. */
#define CHECK_ERR(got, want) do {					\
	int got_ = (got), want_ = (want);				\
	check_at(got_ == want_, __FILE__, __LINE__,			\
		 "%s == %s, expected %s", #got, rkd_errname(got_),	\
		 rkd_errname(want_));					\
} while (0)

/* @len bytes at @got equal the hex string @hex */
#define CHECK_HEX(got, len, hex) \
	check_hex_at(__FILE__, __LINE__, #got, got, len, hex)
void check_hex_at(const char *file, int line, const char *what,
		  const uint8_t *got, size_t len, const char *hex);

/* Decode @hex into @out (at most @cap bytes); returns the length. */
size_t unhex(const char *hex, uint8_t *out, size_t cap);

void suite_done(const char *name);
int test_summary(void);

/* Directory of make-pki.sh's certificates, from argv[1]. */
extern const char *pki_dir;

void test_buf(void);
void test_frame(void);
void test_frame_io(void);
void test_msg(void);
void test_crypto(void);
void test_softdev(void);

#endif /* RKD_TEST_H */
