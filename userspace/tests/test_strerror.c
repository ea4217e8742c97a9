// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_strerror.c - pinpad_strerror() and the name helpers of libpinpad.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "libpinpad.h"
#include "test.h"

/* The meanings pinpad.h gives; the C library's texts would mislead. */
static const struct {
	int err;
	const char *text;
} documented[] = {
	{ -EACCES, "not allowed in the device's current lifecycle state" },
	{ -EPERM, "needs CAP_SYS_ADMIN" },
	{ -EBADF, "device not opened for writing" },
	{ -ENOKEY, "slot is empty" },
	{ -EKEYREJECTED, "key usage does not permit this" },
	{ -EBADMSG, "key check value mismatch / malformed input" },
	{ -ENODATA, "device identity incomplete" },
	{ -ENOTTY, "not a pinpad device or unknown command" },
	{ -EINVAL, "invalid argument" },
	{ -EFAULT, "buffer not mapped" },
	{ -EPROTONOSUPPORT, "another pinpad API version" },
	{ -ENOENT, "is pinpad.ko loaded?" },
};

static void test_error_texts(void)
{
	size_t i;

	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
		const char *text = pinpad_strerror(documented[i].err);

		CHECK_HAS(text, documented[i].text);
		/* A positive errno reads the same. */
		CHECK(pinpad_strerror(-documented[i].err) == text);
	}
	CHECK(!strcmp(pinpad_strerror(0), "success"));
	/* Errors the device does not give: the C library's text. */
	CHECK(!strcmp(pinpad_strerror(-ENOMEM), strerror(ENOMEM)));
	CHECK(!strcmp(pinpad_strerror(-EIO), strerror(EIO)));
	CHECK(!strcmp(pinpad_strerror(INT_MIN), "unknown error"));
	CHECK(!strcmp(pinpad_strerror(INT_MAX), "unknown error"));
	CHECK(!strcmp(pinpad_strerror(-100000), "unknown error"));
}

static void test_names(void)
{
	enum pinpad_usage u = PINPAD_USAGE_NONE;
	uint32_t usage;

	CHECK(!strcmp(pinpad_state_name(PINPAD_STATE_FACTORY), "factory"));
	CHECK(!strcmp(pinpad_state_name(PINPAD_STATE_SEALED), "sealed"));
	CHECK(!strcmp(pinpad_state_name(PINPAD_STATE_ZEROIZED), "zeroized"));
	CHECK(!strcmp(pinpad_state_name(0), "unknown"));
	CHECK(!strcmp(pinpad_state_name(UINT32_MAX), "unknown"));
	CHECK(!strcmp(pinpad_usage_name(PINPAD_USAGE_NONE), "none"));
	CHECK(!strcmp(pinpad_usage_name(5), "unknown"));
	/* name and parse are inverses for every usage a key can have */
	for (usage = PINPAD_USAGE_TMK; usage <= PINPAD_USAGE_DATA; usage++)
		CHECK(!pinpad_usage_parse(pinpad_usage_name(usage), &u) &&
		      u == usage);
	CHECK(!pinpad_usage_parse("DATA", &u) && u == PINPAD_USAGE_DATA);
	CHECK_INT(pinpad_usage_parse("none", &u), -EINVAL);
	CHECK_INT(pinpad_usage_parse("unknown", &u), -EINVAL);
	CHECK_INT(pinpad_usage_parse("", &u), -EINVAL);
	CHECK_INT(pinpad_usage_parse("tmk ", &u), -EINVAL);
	CHECK_INT(pinpad_usage_parse(NULL, &u), -EINVAL);
	CHECK_INT(pinpad_usage_parse("tmk", NULL), -EINVAL);
	CHECK_INT(u, PINPAD_USAGE_DATA);	/* untouched by failures */
}

void test_strerror(void)
{
	test_error_texts();
	test_names();
}
