// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_token.c - `token get|revoke`, and `kcapi-encrypt` / `kcapi-decrypt`:
 * TDES with a slot's DATA key through the kernel crypto API (AF_ALG, by
 * libkcapi), keyed by a token (Documentation/crypto-api.md).
 */
#include <errno.h>
#include <kcapi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "format.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help token_get_help = {
	.synopsis = "--slot N [--hold]",
	.details =
	"Prints, as hex, a token for the DATA key in slot N (16..47): the key\n"
	"to give the kernel crypto API algorithms " PINPAD_ALG_ECB " and\n"
	PINPAD_ALG_CBC " (see kcapi-encrypt). Whoever holds it can use the\n"
	"key, never read it, until it is revoked, its slot is cleared or\n"
	"refilled, the device is tampered with, the module is reloaded, or\n"
	"the device file that took it is closed: when pinpadctl exits, unless\n"
	"--hold keeps it open (and the token alive) until a signal ends\n"
	"pinpadctl. Keep it secret. At most 64 tokens live at a time, 16 per\n"
	"open file. FACTORY or SEALED state; opens the key-use node read-write.\n",
};

static const struct cli_help token_revoke_help = {
	.synopsis = "TOKEN",
	.details =
	"Revokes TOKEN (hex, as `token get` prints it): every later use of\n"
	"it fails, including by AF_ALG sockets already keyed with it.\n"
	"FACTORY or SEALED state; opens the device read-write.\n",
	.arg_name = "TOKEN",
	.secret = true,
};

static const struct cli_help token_help = {
	.synopsis = "get|revoke [<args>]",
	.details =
	"  get     prints a token for a DATA key (crypto API)\n"
	"  revoke  kills one\n"
	"See `pinpadctl token get --help`, `pinpadctl token revoke --help`.\n",
};

/* A token as hex: exactly sizeof(struct pinpad_token) bytes. */
static bool parse_token(const char *what, const char *hex,
			struct pinpad_token *tok)
{
	size_t len;

	return parse_hex(what, hex, true, (uint8_t *)tok, sizeof(*tok),
			 sizeof(*tok), &len);
}

static int token_get(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		{ .name = "--slot" },
		{ .name = "--hold", .optional = true, .flag = true },
	};
	struct pinpad_token tok;
	struct pinpad *pp;
	uint32_t slot;
	int ret;

	ret = cli_parse_args(argc, argv, &token_get_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_wk_slot("--slot", opts[0].value, &slot))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = pinpad_token_get(pp, slot, &tok);
	if (!ret) {
		print_hex(stdout, (const uint8_t *)&tok, sizeof(tok));
		putchar('\n');
	}
	explicit_bzero(&tok, sizeof(tok));
	if (!ret && opts[1].value) {
		/* the token lives while this file is open: until a signal */
		if (fflush(stdout) == EOF)
			return cli_close(pp, -EIO);
		for (;;)
			pause();
	}
	return cli_close(pp, ret);
}

static int token_revoke(int argc, char *argv[], const char *device)
{
	struct pinpad_token tok;
	struct pinpad *pp;
	char *arg = NULL;
	int ret;

	ret = cli_parse_args(argc, argv, &token_revoke_help, NULL, 0, &arg,
			     1);
	if (ret != CLI_CONTINUE)
		goto out;
	if (!parse_token("TOKEN", arg, &tok)) {
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out;
	ret = pinpad_token_revoke(pp, &tok);
	pinpad_close(pp);
	if (ret == -ENOKEY)
		ret = cli_refused_because(ret, "not a live token");
	else if (ret)
		ret = cli_refused(ret);
out:
	explicit_bzero(&tok, sizeof(tok));
	cli_wipe_arg(arg);
	return ret;
}

int token_main(int argc, char *argv[], const char *device)
{
	if (argc >= 2 && !strcmp(argv[1], "get")) {
		cli_cmd = "token get";
		return token_get(argc - 1, argv + 1, device);
	}
	if (argc >= 2 && !strcmp(argv[1], "revoke")) {
		cli_cmd = "token revoke";
		return token_revoke(argc - 1, argv + 1, device);
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		cli_print_help(&token_help);
		return CLI_EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error(&token_help, "missing get|revoke");
	return cli_usage_error(&token_help, "unknown action %s",
			       cli_quote(argv[1]));
}

static const struct cli_help kcapi_help = {
	.synopsis = "--slot N|--token HEX [--alg tdes|aes] [--mode ecb|cbc] "
		    "[--iv HEX] --data HEX",
	.details =
	"Encrypts or decrypts --data (8..4096 bytes of hex, a multiple of the\n"
	"key's block) with a D0 key through the kernel crypto API: AF_ALG, by\n"
	"libkcapi, with the algorithm " PINPAD_ALG_ECB " or " PINPAD_ALG_CBC "\n"
	"(--alg tdes, the default), " PINPAD_ALG_AES_ECB " or\n"
	PINPAD_ALG_AES_CBC " (--alg aes: the key's algorithm). The result is\n"
	"the same as `encrypt` / `decrypt` give; --iv is 8 bytes for TDES, 16\n"
	"for AES.\n"
	"With --slot N (16..47), gets a token for the slot from the device\n"
	"(read-write), uses it, and revokes it. With --token (hex, from\n"
	"`token get`) the device is not opened at all: the token is the only\n"
	"credential. --mode defaults to ecb; --iv (cbc only) to zeros.\n",
	.secret = true,
};

enum { OPT_SLOT, OPT_TOKEN, OPT_MODE, OPT_IV, OPT_DATA, OPT_ALG };

/* Reports a failure of libkcapi; returns the exit code. */
static int kcapi_failed(const char *alg, bool init, int err)
{
	if (err == -ENOKEY)
		return cli_refused_because(err, "token invalid, forged, "
					   "revoked or stale");
	if (init) {
		cli_err("cannot reach %s through AF_ALG: %s (is pinpad.ko "
			"loaded?)", alg, strerror(-err));
		return CLI_EXIT_NODEV;
	}
	return cli_refused(err);
}

/* One AF_ALG operation with @tok; 0 or the exit code after a message. */
static int kcapi_run(const struct pinpad_token *tok,
		     enum pinpad_cipher_mode mode, bool aes, bool encrypt,
		     uint8_t *data, size_t len, const uint8_t *iv)
{
	bool cbc = mode == PINPAD_MODE_CBC;
	const char *alg = aes ? (cbc ? PINPAD_ALG_AES_CBC : PINPAD_ALG_AES_ECB)
			      : (cbc ? PINPAD_ALG_CBC : PINPAD_ALG_ECB);
	struct kcapi_handle *h = NULL;
	ssize_t n;
	int err;

	kcapi_set_verbosity(KCAPI_LOG_NONE);
	err = kcapi_cipher_init(&h, alg, 0);
	if (err)
		return kcapi_failed(alg, true, err);
	err = kcapi_cipher_setkey(h, (const uint8_t *)tok, sizeof(*tok));
	if (err) {
		kcapi_cipher_destroy(h);
		return kcapi_failed(alg, false, err);
	}
	/* In place, as `encrypt` does. */
	if (encrypt)
		n = kcapi_cipher_encrypt(h, data, len, iv, data, len,
					 KCAPI_ACCESS_HEURISTIC);
	else
		n = kcapi_cipher_decrypt(h, data, len, iv, data, len,
					 KCAPI_ACCESS_HEURISTIC);
	kcapi_cipher_destroy(h);
	if (n < 0)
		return kcapi_failed(alg, false, (int)n);
	if ((size_t)n != len)
		return cli_refused(-EIO);
	return CLI_EXIT_OK;
}

/* A token from --token, or from the device for --slot; *@pp if opened. */
static int kcapi_token(const struct cli_opt *opts, const char *device,
		       struct pinpad **pp, struct pinpad_token *tok)
{
	uint32_t slot;
	int ret;

	*pp = NULL;
	if (!opts[OPT_SLOT].value == !opts[OPT_TOKEN].value) {
		cli_err("give either --slot or --token");
		return CLI_EXIT_USAGE;
	}
	if (opts[OPT_TOKEN].value)
		return parse_token("--token", opts[OPT_TOKEN].value, tok) ?
		       CLI_EXIT_OK : CLI_EXIT_USAGE;
	if (!parse_wk_slot("--slot", opts[OPT_SLOT].value, &slot))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, pp);
	if (ret)
		return ret;
	ret = pinpad_token_get(*pp, slot, tok);
	if (ret) {
		ret = cli_refused(ret);
		pinpad_close(*pp);
		*pp = NULL;
	}
	return ret;
}

int kcapi_cipher_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_SLOT] = { .name = "--slot", .optional = true },
		[OPT_TOKEN] = { .name = "--token", .optional = true },
		[OPT_MODE] = { .name = "--mode", .optional = true },
		[OPT_IV] = { .name = "--iv", .optional = true },
		[OPT_DATA] = { .name = "--data" },
		[OPT_ALG] = { .name = "--alg", .optional = true },
	};
	bool encrypt = !strcmp(argv[0], "kcapi-encrypt");
	uint8_t data[PINPAD_DATA_MAX], iv[PINPAD_AES_BLOCK_LEN] = { 0 };
	uint32_t alg = PINPAD_ALG_TDES;
	enum pinpad_cipher_mode mode = PINPAD_MODE_ECB;
	struct pinpad_token tok;
	struct pinpad *pp = NULL;
	size_t len, iv_len;
	int ret, err;

	memset(&tok, 0, sizeof(tok));
	ret = cli_parse_args(argc, argv, &kcapi_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = CLI_EXIT_USAGE;
	if (opts[OPT_ALG].value &&
	    pinpad_alg_parse(opts[OPT_ALG].value, &alg)) {
		cli_err("--alg: %s is not tdes or aes",
			cli_quote(opts[OPT_ALG].value));
		goto out;
	}
	if ((opts[OPT_MODE].value &&
	     !parse_mode("--mode", opts[OPT_MODE].value, &mode)) ||
	    !parse_data("--data", opts[OPT_DATA].value, data, &len))
		goto out;
	if (opts[OPT_IV].value &&
	    (mode != PINPAD_MODE_CBC ||
	     !parse_hex("--iv", opts[OPT_IV].value, false, iv,
			alg == PINPAD_ALG_AES ? PINPAD_AES_BLOCK_LEN
					      : PINPAD_BLOCK_LEN,
			alg == PINPAD_ALG_AES ? PINPAD_AES_BLOCK_LEN
					      : PINPAD_BLOCK_LEN, &iv_len))) {
		if (mode != PINPAD_MODE_CBC)
			cli_err("--iv: only meaningful with --mode cbc");
		goto out;
	}
	ret = kcapi_token(opts, device, &pp, &tok);
	if (ret)
		goto out;
	ret = kcapi_run(&tok, mode, alg == PINPAD_ALG_AES, encrypt, data, len,
			mode == PINPAD_MODE_CBC ? iv : NULL);
	if (!ret) {
		print_hex(stdout, data, len);
		putchar('\n');
	}
	if (pp) {	/* the token we made dies with this command */
		err = pinpad_token_revoke(pp, &tok);
		pinpad_close(pp);
		if (err && !ret)
			ret = cli_refused(err);
	}
out:
	explicit_bzero(data, sizeof(data));
	explicit_bzero(&tok, sizeof(tok));
	cli_wipe_arg(opts[OPT_DATA].value);
	cli_wipe_arg(opts[OPT_TOKEN].value);
	return ret;
}
