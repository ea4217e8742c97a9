// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cli_fake.c - pinpadctl against the fake device (pinpadctl-fake):
 * what each subcommand prints, what it sends, how it opens the device,
 * and how a refusal is reported (exit 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

static const char *ctl;
static char log_path[] = "/tmp/pinpad-fake-log-XXXXXX";
static char log_env[sizeof(log_path) + 32];

/* Runs pinpadctl-fake on /dev/null with the command log in log_path. */
#define FAKE(env_errno, args, code, out, err) do {			\
	const char *env_[] = { log_env, env_errno, NULL };		\
	if (truncate(log_path, 0))					\
		perror("truncate");					\
	EXPECT(ctl, env_, args, code, out, err);			\
} while (0)

#define OK NULL
#define FAIL_WITH(name) "PINPAD_FAKE_ERRNO=" name

/* The command log of the last run. */
static char *read_log(void)
{
	static char buf[4096];
	FILE *f = fopen(log_path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

#define LOG_HAS(text) CHECK_HAS(read_log(), text)

static void test_queries(void)
{
	FAKE(OK, ARGS("--device", "/dev/null", "status"), 0,
	     "state:        factory\n", NULL);
	LOG_HAS("[rdonly] STATUS\n[rdonly] STATUS\n");
	FAKE(OK, ARGS("--device", "/dev/null", "status"), 0,
	     "dsn:          PP-0001\n"
	     "dik2:         kcv ABCDEF, factor 16 bytes\n"
	     "root:         sha256 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
	     "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf\n"
	     "slots:        2 loaded of 48 (16 tmk, 32 working)\n", NULL);
	/* the fake has no TPM and no device key: never silent about it */
	FAKE(OK, ARGS("--device", "/dev/null", "status"), 0,
	     "sealing:      software, not protected from root (no device key loaded)\n",
	     NULL);
	FAKE(OK, ARGS("--device", "/dev/null", "slots"), 0,
	     "slot  usage  len  kcv\n"
	     "   0  tmk     16  123456\n"
	     "   1  -        -  (empty)\n", NULL);
	LOG_HAS("[rdonly] SLOT_INFO");
	FAKE(OK, ARGS("--device", "/dev/null", "slots"), 0,
	     "  16  data    24  9ABCDE\n", NULL);
	FAKE(OK, ARGS("--device", "/dev/null", "slots"), 0,
	     "  47  -        -  (empty)\n", NULL);
	FAKE(OK, ARGS("--device", "/dev/null", "slot", "16"), 0,
	     "slot  usage  len  kcv\n  16  data    24  9ABCDE\n", NULL);
	FAKE("PINPAD_FAKE_API=1", ARGS("--device", "/dev/null", "status"), 3,
	     NULL, "another pinpad API version (EPROTONOSUPPORT)");
}

static const char *root_file(void)
{
	static char path[] = "/tmp/pinpad-root-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, "\x30\x82\x01\x0a", 4) != 4)
		perror("root_file");
	if (fd >= 0)
		close(fd);
	return path;
}

static void test_factory(void)
{
	const char *root = root_file();

	FAKE(OK, ARGS("--device", "/dev/null", "set-dsn", "PP-42"), 0, NULL,
	     NULL);
	LOG_HAS("[rdwr] SET_DSN len=5 dsn=PP-42");
	FAKE(OK, ARGS("--device", "/dev/null", "set-dik2", "--dik2", DIK2,
		      "--factor", FACTOR), 0, NULL, NULL);
	LOG_HAS("[rdwr] SET_DIK2 factor_len=8");
	FAKE(OK, ARGS("--device", "/dev/null", "set-root", root), 0, NULL,
	     NULL);
	LOG_HAS("[rdwr] SET_ROOT len=4");
	FAKE(FAIL_WITH("EKEYREJECTED"), ARGS("--device", "/dev/null",
		      "set-root", root), 1, NULL,
	     "set-root: device refused: the certificate's key is not RSA of "
	     "at least 2048 bits, or the kernel cannot use it (EKEYREJECTED)");
	FAKE(FAIL_WITH("EBADMSG"), ARGS("--device", "/dev/null", "set-root",
		      root), 1, NULL, "not a well-formed X.509 certificate");
	unlink(root);
	FAKE(OK, ARGS("--device", "/dev/null", "inject", "--slot", "0",
		      "--usage", "tmk", "--key", KEY16, "--kcv", "a1b2c3"), 0,
	     NULL, NULL);
	LOG_HAS("[rdwr] INJECT_KEY slot=0 usage=1 key_len=16 flags=1");
	FAKE(OK, ARGS("--device", "/dev/null", "inject", "--slot=20",
		      "--usage=PIN", "--key=" KEY24), 0, NULL, NULL);
	LOG_HAS("[rdwr] INJECT_KEY slot=20 usage=2 key_len=24 flags=0");
	FAKE(FAIL_WITH("EBADMSG"), ARGS("--device", "/dev/null", "inject",
		      "--slot", "0", "--usage", "tmk", "--key", KEY16, "--kcv",
		      "a1b2c3"), 1, NULL,
	     "pinpadctl inject: device refused: key check value mismatch / "
	     "malformed input (EBADMSG)");
	FAKE(FAIL_WITH("EPERM"), ARGS("--device", "/dev/null", "set-dsn",
		      "PP-42"), 1, NULL, "needs CAP_SYS_ADMIN (EPERM)");
	FAKE(OK, ARGS("--device", "/dev/null", "seal"), 0, NULL, NULL);
	LOG_HAS("[rdwr] SEAL");
	FAKE(FAIL_WITH("ENODATA"), ARGS("--device", "/dev/null", "seal"), 1,
	     NULL, "device identity incomplete");
	FAKE(FAIL_WITH("EACCES"), ARGS("--device", "/dev/null", "seal"), 1,
	     NULL, "not allowed in the device's current lifecycle state");
}

static void test_keys(void)
{
	FAKE(OK, ARGS("--device", "/dev/null", "load-wk", "--slot", "17",
		      "--tmk-slot", "0", "--block", "B0080M3TC00N0000"), 0,
	     NULL, NULL);
	LOG_HAS("[rdwr] LOAD_WK slot=17 kbpk_slot=0 block_len=16");
	FAKE(OK, ARGS("--device", "/dev/null", "load-wk", "--slot", "17",
		      "--tmk-slot", "5", "--block", "B0080M3TC00N0000"), 1,
	     NULL, "device refused: slot is empty (ENOKEY)");
	FAKE(OK, ARGS("--device", "/dev/null", "clear-slot", "5"), 0, NULL,
	     NULL);
	LOG_HAS("[rdwr] CLEAR_SLOT slot=5");
	FAKE(OK, ARGS("--device", "/dev/null", "tamper"), 0, NULL, NULL);
	LOG_HAS("[rdwr] TAMPER");
}

/* Issue #13: recovery without a reload, and the rate limits. */
static void test_limits(void)
{
	FAKE(OK, ARGS("--device", "/dev/null", "recover"), 0, NULL, NULL);
	LOG_HAS("[rdwr] RECOVER");
	FAKE(OK, ARGS("--device", "/dev/null", "limits"), 0,
	     "pin-block          120/hour, burst 10: 10 available, 0 refused\n"
	     "load-wk-failed     60/hour, burst 20: 20 available, 0 refused\n"
	     "mac-verify-failed  60/hour, burst 20: 20 available, 0 refused\n",
	     NULL);
	FAKE(OK, ARGS("--device", "/dev/null", "set-limit", "pin-block", "60",
		      "5"), 0,
	     "pin-block          60/hour, burst 5: 5 available, 0 refused\n",
	     NULL);
	LOG_HAS("[rdwr] LIMIT_SET limit=0 per_hour=60 burst=5");
	/* never above PCI PTS POI's rate */
	FAKE(OK, ARGS("--device", "/dev/null", "set-limit", "pin-block", "121",
		      "5"), 1, NULL, "(EINVAL)");
	FAKE(OK, ARGS("--device", "/dev/null", "set-limit", "pin-blocks", "1",
		      "1"), 2, NULL, "is not pin-block");
	FAKE(FAIL_WITH("EAGAIN"), ARGS("--device", "/dev/null", "pin-block",
		      "--slot", "30", "--pin", "1234", "--pan", "4012345678909"),
	     1, NULL, "rate limit reached: try again later (see 'limits') "
	     "(EAGAIN)");
}

static void test_cipher(void)
{
	/* the fake XORs with 0x5A, and the IV into the first block */
	FAKE(OK, ARGS("--device", "/dev/null", "encrypt", "--slot", "16",
		      "--data", "1111111122222222"), 0, "4B4B4B4B78787878\n",
	     NULL);
	LOG_HAS("[rdwr] CIPHER slot=16 mode=1 op=1 len=8");
	FAKE(OK, ARGS("--device", "/dev/null", "decrypt", "--slot", "16",
		      "--mode", "ecb", "--data", "4b4b4b4b78787878"), 0,
	     "1111111122222222\n", NULL);
	LOG_HAS("op=2");
	FAKE(OK, ARGS("--device", "/dev/null", "encrypt", "--slot", "16",
		      "--mode", "cbc", "--iv", "0102030405060708", "--data",
		      "11111111222222221111111122222222"), 0,
	     "4A49484F7D7E7F704B4B4B4B78787878\n", NULL);
	LOG_HAS("[rdwr] CIPHER slot=16 mode=2 op=1 len=16");
	FAKE(OK, ARGS("--device", "/dev/null", "encrypt", "--slot", "17",
		      "--data", "1111111122222222"), 1, NULL,
	     "device refused: slot is empty (ENOKEY)");
	FAKE(FAIL_WITH("EKEYREJECTED"), ARGS("--device", "/dev/null",
		      "encrypt", "--slot", "16", "--data", "1111111122222222"),
	     1, NULL, "device refused: key usage does not permit this "
	     "(EKEYREJECTED)\n");
}

#define TOKEN16 "5050543110000000" "8877665544332211" \
	"A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"

static void test_ops(void)
{
	/* the fake "encrypts" the format 0 block 041274EDCBA9876F ^ 0x5A */
	FAKE(OK, ARGS("--device", "/dev/null", "pin-block", "--slot", "30",
		      "--pin", "1234", "--pan", "4012345678909"), 0,
	     "5E482EB791F3DD35\n", NULL);
	LOG_HAS("[rdwr] PIN_BLOCK slot=30 format=0 pin_len=4 pan_len=13\n");
	EXPECT("/bin/sh", NULL, ARGS("-c", "echo 1234 | exec \"$0\" --device "
				     "/dev/null pin-block --slot 30 --pin - "
				     "--pan 4012345678909", ctl), 0,
	       "5E482EB791F3DD35\n", NULL);
	FAKE(OK, ARGS("--device", "/dev/null", "pin-block", "--slot", "16",
		      "--pin", "1234", "--pan", "4012345678909"), 1, NULL,
	     "key usage does not permit this (EKEYREJECTED)");
	FAKE(OK, ARGS("--device", "/dev/null", "pin-block", "--slot", "17",
		      "--pin", "1234", "--pan", "4012345678909"), 1, NULL,
	     "slot is empty (ENOKEY)");

	/* the fake's MAC: 0x5A ^ padding, XOR the data */
	FAKE(OK, ARGS("--device", "/dev/null", "mac", "generate", "--slot",
		      "31", "--data", "0102"), 0, "5A595B5B5B5B5B5B\n", NULL);
	LOG_HAS("[rdwr] MAC_GENERATE slot=31 padding=1 len=2 mac_len=8\n");
	FAKE(OK, ARGS("--device", "/dev/null", "mac", "generate", "--slot",
		      "31", "--padding", "2", "--length", "4", "--text", "AB"),
	     0, "191A5858\n", NULL);
	LOG_HAS("[rdwr] MAC_GENERATE slot=31 padding=2 len=2 mac_len=4\n");
	FAKE(OK, ARGS("--device", "/dev/null", "mac", "verify", "--slot",
		      "31", "--data", "0102", "--mac", "5A595B5B"), 0,
	     "MAC verified\n", NULL);
	LOG_HAS("[rdwr] MAC_VERIFY slot=31 padding=1 len=2 mac_len=4\n");
	FAKE(OK, ARGS("--device", "/dev/null", "mac", "verify", "--slot",
		      "31", "--data", "0102", "--mac", "5A595B5C"), 1, NULL,
	     "pinpadctl mac verify: device refused: MAC does not match "
	     "(EBADMSG)");
	FAKE(OK, ARGS("--device", "/dev/null", "mac", "generate", "--slot",
		      "30", "--data", "0102"), 1, NULL, "(EKEYREJECTED)");

	FAKE(OK, ARGS("--device", "/dev/null", "token", "get", "--slot",
		      "16"), 0, TOKEN16 "\n", NULL);
	LOG_HAS("[rdwr] TOKEN_GET slot=16\n");
	FAKE(OK, ARGS("--device", "/dev/null", "token", "get", "--slot",
		      "30"), 1, NULL, "(EKEYREJECTED)");
	FAKE(FAIL_WITH("ENOSPC"), ARGS("--device", "/dev/null", "token", "get",
		      "--slot", "16"), 1, NULL,
	     "too many live tokens (revoke some) (ENOSPC)");
	FAKE(OK, ARGS("--device", "/dev/null", "token", "revoke", TOKEN16), 0,
	     NULL, NULL);
	LOG_HAS("[rdwr] TOKEN_REVOKE slot=16\n");
	FAKE(OK, ARGS("--device", "/dev/null", "token", "revoke",
		      "5050543110000000" "8877665544332211"
		      "A0A1A2A3A4A5A6A7A8A9AAABACADAE00"), 1, NULL,
	     "device refused: not a live token (ENOKEY)");
	/*
	 * kcapi-encrypt --slot: a token from the device, which is revoked
	 * again even though this host has no pinpad skcipher to use it with
	 */
	FAKE(OK, ARGS("--device", "/dev/null", "kcapi-encrypt", "--slot", "16",
		      "--data", "0011223344556677"), 3, NULL,
	     "cannot reach ecb(pinpad-tdes) through AF_ALG");
	LOG_HAS("[rdwr] TOKEN_GET slot=16\n[rdwr] TOKEN_REVOKE slot=16\n");
	FAKE(OK, ARGS("--device", "/dev/null", "kcapi-encrypt", "--slot", "30",
		      "--data", "0011223344556677"), 1, NULL,
	     "(EKEYREJECTED)");
}

/* Output that cannot be written is a failure, not a silent success. */
static void test_output_error(void)
{
	EXPECT("/bin/sh", NULL, ARGS("-c", "exec \"$0\" --device /dev/null "
				     "status >/dev/full", ctl), 1, NULL,
	       "pinpadctl status: writing output: No space left on device");
}

void test_cli_fake(const char *pinpadctl_fake)
{
	int fd = mkstemp(log_path);

	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	snprintf(log_env, sizeof(log_env), "PINPAD_FAKE_LOG=%s", log_path);
	ctl = pinpadctl_fake;
	test_queries();
	test_factory();
	test_keys();
	test_limits();
	test_cipher();
	test_ops();
	test_output_error();
	unlink(log_path);
}
