// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_cipher.c - `encrypt` and `decrypt`: TDES with a DATA key held in a
 * slot; hex in on the command line, hex out on stdout.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "format.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help cipher_help = {
	.synopsis = "--slot N [--mode ecb|cbc] [--iv HEX] --data HEX",
	.details =
	"Encrypts or decrypts --data (8..4096 bytes of hex, a multiple of the\n"
	"key's block: 8 for TDES, 16 for AES) with the D0 (data) key in slot N\n"
	"(16..47), if its mode of use allows the direction (E encrypt, D\n"
	"decrypt, B both), and prints the result as hex. --mode defaults to\n"
	"ecb. --iv (cbc only; 8 bytes of hex for TDES, 16 for AES) defaults\n"
	"to zeros; to chain a following call, pass as --iv the last ciphertext\n"
	"block (of the output when encrypting, of the input when decrypting).\n"
	"FACTORY or SEALED state; opens the device read-write.\n",
	.secret = true,	/* the data may be sensitive */
};

enum { OPT_SLOT, OPT_MODE, OPT_IV, OPT_DATA };

/*
 * --mode and --iv, checked together since --iv needs cbc. @iv holds
 * PINPAD_AES_BLOCK_LEN bytes; without --iv, CBC starts from 16 zero bytes,
 * which is the zero IV of a TDES key (its first 8 bytes) and of an AES one.
 */
static bool parse_chaining(const struct cli_opt *opts,
			   enum pinpad_cipher_mode *mode, uint8_t *iv,
			   size_t *iv_len)
{
	*mode = PINPAD_MODE_ECB;
	*iv_len = 0;
	memset(iv, 0, PINPAD_AES_BLOCK_LEN);
	if (opts[OPT_MODE].value &&
	    !parse_mode("--mode", opts[OPT_MODE].value, mode))
		return false;
	if (*mode == PINPAD_MODE_CBC)
		*iv_len = PINPAD_AES_BLOCK_LEN;
	if (!opts[OPT_IV].value)
		return true;
	if (*mode != PINPAD_MODE_CBC) {
		cli_err("--iv: only meaningful with --mode cbc");
		return false;
	}
	if (!parse_hex("--iv", opts[OPT_IV].value, false, iv,
		       PINPAD_BLOCK_LEN, PINPAD_AES_BLOCK_LEN, iv_len))
		return false;
	if (*iv_len != PINPAD_BLOCK_LEN && *iv_len != PINPAD_AES_BLOCK_LEN) {
		cli_err("--iv: %zu bytes, expected 8 (TDES) or 16 (AES)",
			*iv_len);
		return false;
	}
	return true;
}

int cipher_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_SLOT] = { .name = "--slot" },
		[OPT_MODE] = { .name = "--mode", .optional = true },
		[OPT_IV] = { .name = "--iv", .optional = true },
		[OPT_DATA] = { .name = "--data" },
	};
	enum pinpad_cipher_op op = strcmp(argv[0], "decrypt") ?
				   PINPAD_OP_ENCRYPT : PINPAD_OP_DECRYPT;
	uint8_t data[PINPAD_DATA_MAX];
	uint8_t iv[PINPAD_AES_BLOCK_LEN];
	enum pinpad_cipher_mode mode;
	struct pinpad *pp;
	size_t len, iv_len;
	uint32_t slot;
	int ret;

	ret = cli_parse_args(argc, argv, &cipher_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	if (!parse_wk_slot("--slot", opts[OPT_SLOT].value, &slot) ||
	    !parse_chaining(opts, &mode, iv, &iv_len) ||
	    !parse_data("--data", opts[OPT_DATA].value, data, &len)) {
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out;
	/* In place: the output replaces the input in one buffer. */
	ret = pinpad_cipher(pp, slot, mode, op, data, data, len, iv, iv_len);
	if (!ret) {
		print_hex(stdout, data, len);
		putchar('\n');
	}
	ret = cli_close(pp, ret);
out:
	explicit_bzero(data, sizeof(data));
	cli_wipe_arg(opts[OPT_DATA].value);
	return ret;
}
