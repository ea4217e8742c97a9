/* SPDX-License-Identifier: MIT */
/*
 * test.h - hex helpers and the suites of librkdproto's unit tests, on the
 * shared harness (tests/lib/host-test.h).
 */
#ifndef RKD_TEST_H
#define RKD_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "host-test.h"

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

/* Prints how many checks @name's suite passed and failed. */
static inline void suite_done(const char *name)
{
	test_suite_done(name, 10);
}

/* Directory of make-pki.sh's certificates, from argv[1]. */
extern const char *pki_dir;

void test_buf(void);
void test_frame(void);
void test_frame_io(void);
void test_msg(void);
void test_crypto(void);
void test_kdf(void);
void test_softdev(void);
void test_rules(void);
void test_keyblock(void);

#endif /* RKD_TEST_H */
