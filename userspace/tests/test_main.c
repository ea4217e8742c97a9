// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_main.c - runs every suite of userspace's host unit tests.
 *
 * Usage: unit-tests PINPADCTL PINPADCTL-FAKE RKD
 * PINPADCTL is the real binary (for argument handling and for devices
 * that are missing or not ours); PINPADCTL-FAKE is the same program
 * linked with tests/fake_device.c.
 */
#include <stdio.h>

#include "test.h"

int main(int argc, char *argv[])
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s PINPADCTL PINPADCTL-FAKE RKD\n",
			argv[0]);
		return 2;
	}
	test_parse();
	suite_done("parse");
	test_strerror();
	suite_done("strerror");
	test_cli_json();
	suite_done("cli-json");
	test_cli_log();
	suite_done("cli-log");
	test_lib();
	suite_done("lib");
	test_load_wk();
	suite_done("load-wk");
	test_cli_args(argv[1]);
	suite_done("cli-args");
	test_cli_fake(argv[2]);
	suite_done("cli-fake");
	test_rkd(argv[3]);
	suite_done("rkd");
	return test_summary();
}
