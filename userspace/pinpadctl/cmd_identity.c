// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_identity.c - the factory commands that give the device its
 * identity: `set-dsn`, `set-dik2`, `set-root`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help set_dsn_help = {
	.synopsis = "DSN",
	.details =
	"Sets the device serial number: 1..32 printable ASCII characters.\n"
	"FACTORY state only; needs CAP_SYS_ADMIN.\n",
	.arg_name = "DSN",
};

static const struct cli_help set_dik2_help = {
	.synopsis = "--dik2 HEX --factor HEX",
	.details =
	"Sets DIK2 (24 bytes, as 48 hex digits) and the factor (1..64 bytes)\n"
	"together. Both are secrets: they are never shown, and their argv\n"
	"copies are overwritten once read (ps may still catch them before).\n"
	"FACTORY state only; needs CAP_SYS_ADMIN.\n",
	.secret = true,
};

static const struct cli_help set_root_help = {
	.synopsis = "FILE.der",
	.details =
	"Installs the root certificate RKS_RCRT: X.509, DER, at most 8192\n"
	"bytes, with an RSA key of at least 2048 bits. FILE '-' reads stdin.\n"
	"`pinpadctl status` then shows its SHA-256, to hold against\n"
	"`sha256sum FILE.der`.\n"
	"FACTORY state only; needs CAP_SYS_ADMIN.\n",
	.arg_name = "FILE.der",
};

int set_dsn_main(int argc, char *argv[], const char *device)
{
	struct pinpad *pp;
	char *dsn;
	size_t len;
	int ret;

	ret = cli_parse_args(argc, argv, &set_dsn_help, NULL, 0, &dsn, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_dsn("DSN", dsn, &len))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	return cli_close(pp, pinpad_set_dsn(pp, dsn, len));
}

enum { OPT_DIK2, OPT_FACTOR };

int set_dik2_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_DIK2] = { .name = "--dik2" },
		[OPT_FACTOR] = { .name = "--factor" },
	};
	uint8_t dik2[PINPAD_DIK2_LEN];
	uint8_t factor[PINPAD_FACTOR_MAX];
	size_t dik2_len, factor_len;
	struct pinpad *pp;
	int ret;

	ret = cli_parse_args(argc, argv, &set_dik2_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	if (!parse_hex("--dik2", opts[OPT_DIK2].value, true, dik2,
		       PINPAD_DIK2_LEN, PINPAD_DIK2_LEN, &dik2_len) ||
	    !parse_hex("--factor", opts[OPT_FACTOR].value, true, factor, 1,
		       PINPAD_FACTOR_MAX, &factor_len)) {
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out;
	ret = cli_close(pp, pinpad_set_dik2(pp, dik2, dik2_len, factor,
					    factor_len));
out:
	explicit_bzero(dik2, sizeof(dik2));
	explicit_bzero(factor, sizeof(factor));
	cli_wipe_arg(opts[OPT_DIK2].value);
	cli_wipe_arg(opts[OPT_FACTOR].value);
	return ret;
}

/* SET_ROOT gives two errors meanings about the certificate. */
static int set_root_refused(int err)
{
	switch (err) {
	case 0:
		return CLI_EXIT_OK;
	case -EKEYREJECTED:
		return cli_refused_because(err, "the certificate's key is not "
					   "RSA of at least 2048 bits, or the "
					   "kernel cannot use it");
	case -EBADMSG:
		return cli_refused_because(err, "not a well-formed X.509 "
					   "certificate in DER");
	}
	return cli_refused(err);
}

int set_root_main(int argc, char *argv[], const char *device)
{
	static uint8_t der[PINPAD_CERT_MAX + 1];
	struct pinpad *pp;
	char *path;
	size_t len;
	int ret;

	ret = cli_parse_args(argc, argv, &set_root_help, NULL, 0, &path, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_read_file(path, der, PINPAD_CERT_MAX, &len))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = pinpad_set_root(pp, der, len);
	pinpad_close(pp);
	return set_root_refused(ret);
}
