// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_dik2.c - `dik2`: F(DSN, factor, DIK1) in hex, for testing a factory
 * or a server against this one.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli_common.h"
#include "factory.h"
#include "rkd_crypto.h"

static const struct cli_help dik2_help = {
	.synopsis = "--dik1 HEX --dsn DSN --factor HEX",
	.details =
	"Prints DIK2 = F(DSN, factor, DIK1) in hex (Documentation/protocol.md):"
	"\n  KEY1 = TDES-ECB-E(DIK1, first 24 bytes of SHA-256(DSN))\n"
	"  DIK2 = TDES-ECB-D(KEY1, first 24 bytes of SHA-256(factor))\n"
	"A test aid: it prints a secret. On a real line, `provision` computes "
	"DIK2\nand installs it without ever showing it.\n\n"
	"  --dik1 HEX     DIK1, 48 hex digits\n"
	"  --dsn DSN      the device serial number, 1-32 graphic ASCII "
	"characters\n"
	"  --factor HEX   the factor, 1-64 bytes (2-128 hex digits)\n",
	.secret = true,
};

enum { OPT_DIK1, OPT_DSN, OPT_FACTOR };

int dik2_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		[OPT_DIK1] = { .name = "--dik1" },
		[OPT_DSN] = { .name = "--dsn" },
		[OPT_FACTOR] = { .name = "--factor" },
	};
	uint8_t dik1[PINPAD_DIK2_LEN], dik2[PINPAD_DIK2_LEN];
	uint8_t factor[PINPAD_FACTOR_MAX];
	char hex[2 * PINPAD_DIK2_LEN + 1];
	size_t len, factor_len;
	bool degenerate;
	int ret;

	ret = cli_parse_args(argc, argv, &dik2_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = CLI_EXIT_USAGE;
	if (!cli_parse_hex("--dik1", opts[OPT_DIK1].value, true, dik1,
			   PINPAD_DIK2_LEN, PINPAD_DIK2_LEN, &len) ||
	    !cli_parse_dsn("--dsn", opts[OPT_DSN].value) ||
	    !cli_parse_hex("--factor", opts[OPT_FACTOR].value, true, factor, 1,
			   PINPAD_FACTOR_MAX, &factor_len))
		goto out;
	if (rkd_dik2(opts[OPT_DSN].value, strlen(opts[OPT_DSN].value),
		     factor, factor_len, dik1, dik2, &degenerate)) {
		cli_err("OpenSSL failed to compute DIK2");
		ret = CLI_EXIT_REFUSED;
		goto out;
	}
	cli_hex(dik2, sizeof(dik2), hex);
	printf("%s\n", hex);
	if (degenerate)
		cli_err("warning: KEY1 or DIK2 is a degenerate TDES key; "
			"provision would draw another factor");
	ret = CLI_EXIT_OK;
out:
	OPENSSL_cleanse(dik1, sizeof(dik1));
	OPENSSL_cleanse(dik2, sizeof(dik2));
	OPENSSL_cleanse(factor, sizeof(factor));
	OPENSSL_cleanse(hex, sizeof(hex));
	cli_wipe_arg(opts[OPT_DIK1].value);
	cli_wipe_arg(opts[OPT_FACTOR].value);
	return ret;
}
