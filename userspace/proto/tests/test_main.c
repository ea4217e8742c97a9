// SPDX-License-Identifier: MIT
/*
 * test_main.c - unit-tests PKI_DIR: every suite, then "N passed, M failed".
 */
#include <stdio.h>

#include "test.h"

const char *pki_dir;

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PKI_DIR (from tests/make-pki.sh)\n",
			argv[0]);
		return 2;
	}
	pki_dir = argv[1];
	test_buf();
	suite_done("buf");
	test_frame();
	suite_done("frame");
	test_frame_io();
	suite_done("frame-io");
	test_msg();
	suite_done("msg");
	test_crypto();
	suite_done("crypto");
	test_kdf();
	suite_done("kdf");
	test_softdev();
	suite_done("softdev");
	test_rules();
	suite_done("rules");
	test_keyblock();
	suite_done("keyblock");
	return test_summary();
}
