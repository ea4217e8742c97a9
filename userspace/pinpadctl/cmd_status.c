// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_status.c - `pinpadctl status`: lifecycle state and identity.
 */
#include <stdio.h>

#include "cli.h"
#include "format.h"
#include "subcommands.h"

static const struct cli_help status_help = {
	.synopsis = "",
	.details =
	"Shows the lifecycle state (factory, sealed, zeroized), which parts\n"
	"of the device identity are set (DSN; DIK2, by its KCV, and the\n"
	"factor, by its length; the root certificate, by the SHA-256 of its\n"
	"DER, as sha256sum(1) prints it), how many slots hold keys, and how\n"
	"the state is sealed: \"tpm\" (the device key sealed by a TPM 2.0,\n"
	"with its rollback counter) or \"software, not protected from root\"\n"
	"(no TPM: the device key is a file root can read).\n"
	"Opens the device read-only.\n",
};

static void print_status(const struct pinpad_status *st)
{
	printf("state:        %s\n", pinpad_state_name(st->state));
	printf("api version:  %u\n", st->api_version);
	printf("dsn:          ");
	if (st->flags & PINPAD_STATUS_HAS_DSN)
		print_dsn(stdout, st);
	else
		printf("(not set)");
	printf("\ndik2:         ");
	if (st->flags & PINPAD_STATUS_HAS_DIK2) {
		printf("kcv ");
		print_hex(stdout, st->dik2_kcv, PINPAD_KCV_LEN);
		printf(", factor %u bytes", st->factor_len);
	} else {
		printf("(not set)");
	}
	printf("\nroot:         ");
	if (st->flags & PINPAD_STATUS_HAS_ROOT) {
		printf("sha256 ");
		print_fingerprint(stdout, st->root_fpr, PINPAD_FPR_LEN);
	} else {
		printf("(not set)");
	}
	printf("\nslots:        %u loaded of %u (%u tmk, %u working)\n",
	       st->keys_loaded, st->tmk_slots + st->wk_slots, st->tmk_slots,
	       st->wk_slots);
	printf("sealing:      %s%s\n",
	       (st->flags & PINPAD_STATUS_SEAL_TPM) ? "tpm" :
	       "software, not protected from root",
	       (st->flags & PINPAD_STATUS_HAS_DEVICE_KEY) ? "" :
	       " (no device key loaded)");
}

int status_main(int argc, char *argv[], const char *device)
{
	struct pinpad_status st;
	struct pinpad *pp;
	int ret;

	ret = cli_parse_args(argc, argv, &status_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = cli_open(device, PINPAD_ROLE_STATUS, PINPAD_OPEN_RDONLY, &pp);
	if (ret)
		return ret;
	ret = pinpad_status(pp, &st);
	if (!ret)
		print_status(&st);
	return cli_close(pp, ret);
}
