/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test.h - what the key database, rks-factory and rks-server tests add to
 * the shared harness (tests/lib/host-test.h): a scratch directory, files,
 * the output of a shell command, and hex.
 */
#ifndef RKS_TEST_H
#define RKS_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "host-test.h"

/* Prints how many checks @name's suite passed and failed. */
static inline void suite_done(const char *name)
{
	test_suite_done(name, 16);
}

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
void test_db_migrate(void);
void test_db_binding(void);
void test_db_devices(void);
void test_db_keys(void);
void test_db_delivery(void);
void test_db_import(void);
void test_db_batch(void);
void test_db_custody(void);

#endif /* RKS_TEST_H */
