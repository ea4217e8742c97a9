// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cli_args.c - pinpadctl's argument handling, with the real binary:
 * bad arguments exit 2 and name the problem before any device is opened;
 * a device that is missing or not ours exits 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

#define NODEV "/nonexistent/pinpad"
#define KEY15 "0123456789ABCDEFFEDCBA98765432"

static const char *ctl;

static void test_global(void)
{
	static const char *const cmds[] = {
		"status", "slots", "slot", "set-dsn", "set-dik2", "set-root",
		"inject", "seal", "load-wk", "encrypt", "decrypt",
		"clear-slot", "tamper", "pin-block", "mac", "mac generate",
		"mac verify", "token", "token get", "token revoke",
		"kcapi-encrypt", "kcapi-decrypt",
	};
	char usage[80];
	size_t i;

	EXPECT(ctl, NULL, NO_ARGS, 2, NULL, "Usage: pinpadctl");
	EXPECT(ctl, NULL, ARGS("--help"), 0, "Exit codes:", NULL);
	EXPECT(ctl, NULL, ARGS("--help"), 0, "  3  cannot open the device",
	       NULL);
	EXPECT(ctl, NULL, ARGS("-h"), 0, "Commands:", NULL);
	EXPECT(ctl, NULL, ARGS("--version"), 0,
	       "pinpadctl 0.1.0 (pinpad ioctl API 4)", NULL);	/* #13 */
	EXPECT(ctl, NULL, ARGS("frob"), 2, NULL, "unknown command 'frob'");
	EXPECT(ctl, NULL, ARGS("--frob", "status"), 2, NULL,
	       "unknown option '--frob'");
	EXPECT(ctl, NULL, ARGS("--device"), 2, NULL, "--device needs a value");
	EXPECT(ctl, NULL, ARGS("--device=", "status"), 2, NULL,
	       "--device: empty path");
	EXPECT(ctl, NULL, ARGS("--device", NODEV), 2, NULL, "Usage:");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char cmd[32], *action;

		snprintf(usage, sizeof(usage),
			 "Usage: pinpadctl [--device PATH] %s", cmds[i]);
		snprintf(cmd, sizeof(cmd), "%s", cmds[i]);
		action = strchr(cmd, ' ');
		if (action)	/* "mac generate": two words */
			*action++ = '\0';
		if (action)
			EXPECT(ctl, NULL, ARGS(cmd, action, "--help"), 0,
			       usage, NULL);
		else
			EXPECT(ctl, NULL, ARGS(cmd, "--help"), 0, usage,
			       NULL);
	}
	/* --help wins even over a bad value given with it */
	EXPECT(ctl, NULL, ARGS("inject", "--key", KEY15, "--help"), 0,
	       "Usage:", NULL);
}

static void test_slot_numbers(void)
{
	EXPECT(ctl, NULL, ARGS("status", "extra"), 2, NULL,
	       "unexpected argument 'extra'");
	EXPECT(ctl, NULL, ARGS("slot"), 2, NULL, "pinpadctl slot: missing N");
	EXPECT(ctl, NULL, ARGS("slot", "48"), 2, NULL,
	       "N: '48' is out of range 0..47");
	EXPECT(ctl, NULL, ARGS("slot", "x1"), 2, NULL,
	       "N: 'x1' is not a decimal number");
	EXPECT(ctl, NULL, ARGS("slot", "99999999999999999999"), 2, NULL,
	       "is out of range 0..47");
	EXPECT(ctl, NULL, ARGS("slot", "1", "2"), 2, NULL,
	       "unexpected argument '2'");
	EXPECT(ctl, NULL, ARGS("clear-slot", ""), 2, NULL, "N: empty");
	EXPECT(ctl, NULL, ARGS("clear-slot", "-1"), 2, NULL, NULL);
}

static void test_inject(void)
{
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key", KEY15), 2, NULL,
	       "--key: 15 bytes, expected 16 or 24");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key", KEY15 "0G"), 2, NULL,
	       "--key: character 32 is not a hex digit");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key", KEY15 "0"), 2, NULL,
	       "--key: odd number of hex digits (31)");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key="), 2, NULL, "--key: empty");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk"), 2,
	       NULL, "missing --key");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "foo",
			       "--key", KEY16), 2, NULL,
	       "--usage: 'foo' is not one of tmk, pin, mac, data");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "3", "--usage", "pin",
			       "--key", KEY16), 2, NULL,
	       "slot 3 holds TMKs only");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "20", "--usage", "tmk",
			       "--key", KEY16), 2, NULL, "TMKs go in 0..15");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--kye=" KEY16), 2, NULL,
	       "unknown option '--kye'");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--slot", "1"), 2,
	       NULL, "--slot given twice");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key", KEY16, KEY16), 2, NULL,
	       "unexpected argument #7");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "--usage", "tmk"), 2, NULL,
	       "--slot needs a value");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key", KEY16, "--kcv", "12345"), 2, NULL,
	       "--kcv: odd number of hex digits (5)");
	EXPECT(ctl, NULL, ARGS("inject", "--slot", "0", "--usage", "tmk",
			       "--key", KEY16, "--kcv", "12345X"), 2, NULL,
	       "--kcv: '12345X': character 6 is not a hex digit");
	/* good arguments, no device */
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "inject", "--slot", "0",
			       "--usage", "tmk", "--key", KEY24), 3, NULL,
	       "cannot open '" NODEV "'");
}

static void test_load_wk(void)
{
	EXPECT(ctl, NULL, ARGS("load-wk", "--slot", "16", "--tmk-slot", "16",
			       "--block", "B0080"), 2, NULL,
	       "--tmk-slot: '16' is out of range 0..15");
	EXPECT(ctl, NULL, ARGS("load-wk", "--slot", "3", "--tmk-slot", "0",
			       "--block", "B0080"), 2, NULL,
	       "--slot: '3' is out of range 16..47");
	EXPECT(ctl, NULL, ARGS("load-wk", "--slot", "16", "--tmk-slot", "0"),
	       2, NULL, "missing --block");
	EXPECT(ctl, NULL, ARGS("load-wk", "--slot", "16", "--tmk-slot", "0",
			       "--block", ""), 2, NULL,
	       "--block: 1..512 characters");
}

static void test_cipher(void)
{
	EXPECT(ctl, NULL, ARGS("encrypt", "--slot", "16", "--data", "111"), 2,
	       NULL, "--data: odd number of hex digits (3)");
	EXPECT(ctl, NULL, ARGS("encrypt", "--slot", "16", "--data",
			       "11111111222222223333"), 2, NULL,
	       "--data: 10 bytes, not a multiple of 8");
	EXPECT(ctl, NULL, ARGS("encrypt", "--slot", "16", "--data", "1111"), 2,
	       NULL, "--data: 2 bytes, expected 8 to 4096");
	EXPECT(ctl, NULL, ARGS("encrypt", "--slot", "16", "--iv",
			       "0102030405060708", "--data",
			       "1111111122222222"), 2, NULL,
	       "--iv: only meaningful with --mode cbc");
	EXPECT(ctl, NULL, ARGS("encrypt", "--slot", "16", "--mode", "ctr",
			       "--data", "1111111122222222"), 2, NULL,
	       "--mode: 'ctr' is not one of ecb, cbc");
	EXPECT(ctl, NULL, ARGS("decrypt", "--slot", "16", "--mode", "cbc",
			       "--iv", "0011", "--data", "1111111122222222"),
	       2, NULL, "--iv: 2 bytes, expected 8");
	EXPECT(ctl, NULL, ARGS("decrypt", "--slot", "16"), 2, NULL,
	       "missing --data");
	EXPECT(ctl, NULL, ARGS("decrypt", "--slot", "15", "--data",
			       "1111111122222222"), 2, NULL,
	       "--slot: '15' is out of range 16..47");
}

static void test_identity(void)
{
	EXPECT(ctl, NULL, ARGS("set-dsn", ""), 2, NULL,
	       "DSN: 0 characters, expected 1..32");
	EXPECT(ctl, NULL, ARGS("set-dsn", "012345678901234567890123456789012"),
	       2, NULL, "DSN: 33 characters, expected 1..32");
	EXPECT(ctl, NULL, ARGS("set-dsn", "a\tb"), 2, NULL,
	       "DSN: character 2 is not graphic ASCII");
	/* the module refuses a space: so does pinpadctl, before any ioctl */
	EXPECT(ctl, NULL, ARGS("set-dsn", "PP 1"), 2, NULL,
	       "DSN: character 3 is not graphic ASCII");
	EXPECT(ctl, NULL, ARGS("set-dsn"), 2, NULL, "missing DSN");
	/* "--" lets a DSN start with a dash; then only the device is missing */
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "set-dsn", "--", "-PP1"), 3,
	       NULL, "cannot open");
	EXPECT(ctl, NULL, ARGS("set-dik2", "--dik2", KEY16, "--factor",
			       FACTOR), 2, NULL,
	       "--dik2: 16 bytes, expected 24");
	EXPECT(ctl, NULL, ARGS("set-dik2", "--dik2", DIK2, "--factor", ""), 2,
	       NULL, "--factor: empty");
	EXPECT(ctl, NULL, ARGS("set-dik2", "--dik2", DIK2), 2, NULL,
	       "missing --factor");
	EXPECT(ctl, NULL, ARGS("set-root"), 2, NULL, "missing FILE.der");
	EXPECT(ctl, NULL, ARGS("set-root", "/nonexistent/root.der"), 2, NULL,
	       "/nonexistent/root.der: No such file or directory");
	EXPECT(ctl, NULL, ARGS("seal", "now"), 2, NULL,
	       "unexpected argument 'now'");
	EXPECT(ctl, NULL, ARGS("tamper", "--force"), 2, NULL,
	       "unknown option '--force'");
}

static void test_factor_too_long(void)
{
	char factor[2 * 65 + 1];

	memset(factor, 'F', sizeof(factor) - 1);
	factor[sizeof(factor) - 1] = '\0';
	EXPECT(ctl, NULL, ARGS("set-dik2", "--dik2", DIK2, "--factor",
			       factor), 2, NULL,
	       "--factor: 65 bytes, expected 1 to 64");
}

/* A file of @size bytes; returns its path (static). */
static const char *temp_file(size_t size)
{
	static char path[] = "/tmp/pinpad-test-XXXXXX";
	FILE *f;

	strcpy(path, "/tmp/pinpad-test-XXXXXX");
	f = fdopen(mkstemp(path), "w");
	while (f && size--)
		fputc(0x30, f);
	if (f)
		fclose(f);
	return path;
}

static void test_root_file_sizes(void)
{
	const char *path = temp_file(0);

	EXPECT(ctl, NULL, ARGS("set-root", path), 2, NULL, ": empty");
	unlink(path);
	path = temp_file(8193);
	EXPECT(ctl, NULL, ARGS("set-root", path), 2, NULL,
	       ": more than 8192 bytes");
	unlink(path);
}

#define PAN "4012345678909"

static void test_pin_block(void)
{
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "123",
			       "--pan", PAN), 2, NULL,
	       "pinpadctl pin-block: --pin: 3 digits, expected 4..12");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin",
			       "1234567890123", "--pan", PAN), 2, NULL,
	       "--pin: 13 digits, expected 4..12");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "12a4",
			       "--pan", PAN), 2, NULL,
	       "--pin: character 3 is not a digit");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "1234",
			       "--pan", "401234567890"), 2, NULL,
	       "--pan: 12 digits, expected 13..19");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "1234",
			       "--pan", "40123456789012345678"), 2, NULL,
	       "--pan: 20 digits, expected 13..19");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "1234",
			       "--pan", "4012-45678909"), 2, NULL,
	       "--pan: character 5 is not a digit");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "3", "--pin", "1234",
			       "--pan", PAN), 2, NULL, "out of range 16..47");
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pan", PAN), 2,
	       NULL, "missing --pin");
	/* stdin is /dev/null here */
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "-",
			       "--pan", PAN), 2, NULL,
	       "--pin -: nothing on stdin");
	/* a PIN never shows in an error, not even a stray one */
	EXPECT(ctl, NULL, ARGS("pin-block", "--slot", "16", "--pin", "1234",
			       "--pan", PAN, "9876"), 2, NULL,
	       "unexpected argument #7");
}

static void test_mac(void)
{
	EXPECT(ctl, NULL, ARGS("mac"), 2, NULL, "missing generate|verify");
	EXPECT(ctl, NULL, ARGS("mac", "frob"), 2, NULL,
	       "unknown action 'frob'");
	EXPECT(ctl, NULL, ARGS("mac", "generate", "--slot", "16"), 2, NULL,
	       "give either --data or --text");
	EXPECT(ctl, NULL, ARGS("mac", "generate", "--slot", "16", "--data",
			       "00", "--text", "x"), 2, NULL,
	       "give either --data or --text");
	EXPECT(ctl, NULL, ARGS("mac", "generate", "--slot", "16", "--data",
			       "00", "--length", "9"), 2, NULL,
	       "--length: '9' is out of range 4..8");
	EXPECT(ctl, NULL, ARGS("mac", "generate", "--slot", "16", "--data",
			       "00", "--length", "3"), 2, NULL,
	       "out of range 4..8");
	EXPECT(ctl, NULL, ARGS("mac", "generate", "--slot", "16", "--data",
			       "00", "--padding", "3"), 2, NULL,
	       "--padding: '3' is out of range 1..2");
	EXPECT(ctl, NULL, ARGS("mac", "generate", "--slot", "16", "--text",
			       ""), 2, NULL, "--text: 0 bytes, expected 1..4096");
	EXPECT(ctl, NULL, ARGS("mac", "verify", "--slot", "16", "--data",
			       "00"), 2, NULL, "pinpadctl mac verify: missing --mac");
	EXPECT(ctl, NULL, ARGS("mac", "verify", "--slot", "16", "--data",
			       "00", "--mac", "001122"), 2, NULL,
	       "--mac: 3 bytes, expected 4 to 8");
	EXPECT(ctl, NULL, ARGS("mac", "verify", "--slot", "16", "--data",
			       "00", "--mac", "00112233", "--length", "4"), 2,
	       NULL, "unknown option '--length'");
}

static void test_tokens(void)
{
	static const char zeros64[] = "0000000000000000000000000000000000000000"
				      "000000000000000000000000";

	EXPECT(ctl, NULL, ARGS("token"), 2, NULL, "missing get|revoke");
	EXPECT(ctl, NULL, ARGS("token", "get"), 2, NULL,
	       "pinpadctl token get: missing --slot");
	EXPECT(ctl, NULL, ARGS("token", "get", "--slot", "15"), 2, NULL,
	       "out of range 16..47");
	EXPECT(ctl, NULL, ARGS("token", "revoke"), 2, NULL, "missing TOKEN");
	EXPECT(ctl, NULL, ARGS("token", "revoke", "0011"), 2, NULL,
	       "TOKEN: 2 bytes, expected 32");
	EXPECT(ctl, NULL, ARGS("kcapi-encrypt", "--data", "0011223344556677"),
	       2, NULL, "give either --slot or --token");
	EXPECT(ctl, NULL, ARGS("kcapi-encrypt", "--slot", "16", "--token",
			       zeros64, "--data", "0011223344556677"), 2, NULL,
	       "give either --slot or --token");
	EXPECT(ctl, NULL, ARGS("kcapi-encrypt", "--token", zeros64, "--iv",
			       "0011223344556677", "--data",
			       "0011223344556677"), 2, NULL,
	       "--iv: only meaningful with --mode cbc");
	EXPECT(ctl, NULL, ARGS("kcapi-decrypt", "--token", zeros64, "--data",
			       "00112233"), 2, NULL,
	       "--data: 4 bytes, expected 8 to 4096");
	/* no pinpad.ko on this host: the algorithm is not there */
	EXPECT(ctl, NULL, ARGS("kcapi-encrypt", "--token", zeros64, "--mode",
			       "cbc", "--data", "0011223344556677"), 3, NULL,
	       "cannot reach cbc(pinpad-tdes) through AF_ALG");
}

static void test_no_device(void)
{
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "status"), 3, NULL,
	       "cannot open '" NODEV "': no such device node "
	       "(is pinpad.ko loaded?) (ENOENT)");
	EXPECT(ctl, ENV("PINPAD_DEVICE=/nonexistent/env"), ARGS("slots"), 3,
	       NULL, "cannot open '/nonexistent/env'");
	EXPECT(ctl, ENV("PINPAD_DEVICE=/nonexistent/env"),
	       ARGS("--device=/nonexistent/opt", "slots"), 3, NULL,
	       "cannot open '/nonexistent/opt'");
	EXPECT(ctl, NULL, ARGS("--device", "/dev/null", "status"), 3, NULL,
	       "not a pinpad device or unknown command (ENOTTY)");
	EXPECT(ctl, NULL, ARGS("--device", "/dev/null", "tamper"), 3, NULL,
	       "not a pinpad device");
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "pin-block", "--slot", "16",
			       "--pin", "1234", "--pan", "4012345678909"), 3,
	       NULL, "cannot open '" NODEV "'");
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "mac", "generate", "--slot",
			       "16", "--text", "x"), 3, NULL, "cannot open");
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "token", "get", "--slot",
			       "16"), 3, NULL, "cannot open");
	EXPECT(ctl, NULL, ARGS("--device", NODEV, "kcapi-encrypt", "--slot",
			       "16", "--data", "0011223344556677"), 3, NULL,
	       "cannot open");
	/* open(2)'s own errors keep the C library's words */
	EXPECT(ctl, NULL, ARGS("--device", "/", "tamper"), 3, NULL,
	       "cannot open '/': Is a directory (EISDIR)");
}

void test_cli_args(const char *pinpadctl)
{
	ctl = pinpadctl;
	test_global();
	test_slot_numbers();
	test_inject();
	test_load_wk();
	test_cipher();
	test_identity();
	test_factor_too_long();
	test_root_file_sizes();
	test_pin_block();
	test_mac();
	test_tokens();
	test_no_device();
}
