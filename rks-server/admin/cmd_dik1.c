// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_dik1.c - `dik1 generate|import|list|export`: the per-batch device
 * identity keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "admin.h"
#include "cli_io.h"

static const struct cli_help generate_help = {
	.synopsis = "[--label TEXT]",
	.details =
	"Makes a new random DIK1 (TDES, 24 bytes, odd parity, not "
	"degenerate) and\nstores it, sealed under the master key. Prints its "
	"id and KCV.\n\n"
	"  --label TEXT   what it is for (0-64 printable ASCII "
	"characters),\n"
	"                 e.g. \"batch 2025-11 line 3\"\n",
};

static const struct cli_help import_help = {
	.synopsis = "--hex HEX|- | --file FILE [--kcv HEX] [--label TEXT]",
	.details =
	"Stores a DIK1 made elsewhere (24 bytes: 48 hex digits).\n\n"
	"  --hex HEX      the key in hex; '-' reads it from stdin, which "
	"keeps it out\n"
	"                 of the process list and the shell history\n"
	"  --file FILE    a file of one line of 48 hex digits ('#' lines "
	"are\n"
	"                 comments), mode 0600, e.g. from `dik1 export`\n"
	"  --kcv HEX      the KCV the key must have (6 hex digits): a "
	"typing check\n"
	"  --label TEXT   what it is for (0-64 printable ASCII characters)\n",
	.secret = true,
};

static const struct cli_help list_help = {
	.synopsis = "[--json]",
	.details = "Lists every DIK1: id, KCV, creation time (UTC) and "
		   "label.\n\n"
		   "  --json   one JSON array, an object per DIK1: id, kcv, "
		   "created, label\n",
};

static const struct cli_help export_help = {
	.synopsis = "--id N --out FILE",
	.details =
	"The key ceremony step: writes DIK1 N in clear (48 hex digits, with "
	"'#'\ncomment lines naming it) to FILE, a new file of mode 0600, "
	"for the key\nmother POS (rks-factory provision --dik1-file FILE). "
	"The export is recorded\nin the audit trail. Write FILE only to the "
	"ceremony's removable media, load\nit into the key mother POS under "
	"dual control, then destroy it (shred -u).\nFILE must not exist.\n",
};

/* Stores @dik1 (wiped after) under @label, says its id and KCV, closes @db. */
static int store_dik1(struct rks_db *db, const char *label,
		      uint8_t dik1[RKS_DIK1_LEN])
{
	struct rks_dik1_info info;
	int ret;

	ret = rks_db_dik1_add(db, label, dik1, admin_actor(), &info);
	OPENSSL_cleanse(dik1, RKS_DIK1_LEN);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("DIK1 %" PRId64 ": KCV %s\n", info.id,
		       admin_kcv(info.kcv));
	rks_db_close(db);
	return ret;
}

static int generate_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--label", .optional = true } };
	uint8_t dik1[RKS_DIK1_LEN];
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &generate_help, opts, 1, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (opts[0].value && !rks_label_valid(opts[0].value)) {
		cli_err("--label: 0-%d printable ASCII characters",
			RKS_LABEL_MAX);
		return CLI_EXIT_USAGE;
	}
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_tdes_generate(dik1, sizeof(dik1));
	if (ret) {
		cli_err("no random bytes for the key");
		rks_db_close(db);
		return CLI_EXIT_INTEGRITY;
	}
	return store_dik1(db, opts[0].value, dik1);
}

enum { IMP_HEX, IMP_FILE, IMP_KCV, IMP_LABEL };

/* The key from --hex or --file, and its KCV checked against --kcv. */
static int read_dik1(struct cli_opt *opts, uint8_t *dik1)
{
	uint8_t want[RKS_KCV_LEN];
	size_t len;

	if (!opts[IMP_HEX].value == !opts[IMP_FILE].value) {
		cli_err("give the key with --hex or --file (one of them)");
		return CLI_EXIT_USAGE;
	}
	if (opts[IMP_KCV].value &&
	    !cli_parse_hex("--kcv", opts[IMP_KCV].value, false, want,
			   RKS_KCV_LEN, RKS_KCV_LEN, &len))
		return CLI_EXIT_USAGE;
	if (opts[IMP_LABEL].value && !rks_label_valid(opts[IMP_LABEL].value)) {
		cli_err("--label: 0-%d printable ASCII characters",
			RKS_LABEL_MAX);
		return CLI_EXIT_USAGE;
	}
	if (opts[IMP_FILE].value || !strcmp(opts[IMP_HEX].value, "-")) {
		if (!cli_read_key_file(opts[IMP_FILE].value ? "--file" :
				       "--hex", opts[IMP_FILE].value ?
				       opts[IMP_FILE].value : "-", dik1,
				       RKS_DIK1_LEN))
			return CLI_EXIT_USAGE;
	} else if (!cli_parse_hex("--hex", opts[IMP_HEX].value, true, dik1,
				  RKS_DIK1_LEN, RKS_DIK1_LEN, &len)) {
		return CLI_EXIT_USAGE;
	}
	if (rks_tdes_degenerate(dik1, RKS_DIK1_LEN)) {
		cli_err("the key is a degenerate TDES key (K1 = K2 or K2 = K3)");
		return CLI_EXIT_USAGE;
	}
	if (opts[IMP_KCV].value &&
	    !admin_kcv_matches(dik1, RKS_DIK1_LEN, want))
		return CLI_EXIT_USAGE;
	return CLI_EXIT_OK;
}

static int import_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		[IMP_HEX] = { .name = "--hex", .optional = true },
		[IMP_FILE] = { .name = "--file", .optional = true },
		[IMP_KCV] = { .name = "--kcv", .optional = true },
		[IMP_LABEL] = { .name = "--label", .optional = true },
	};
	uint8_t dik1[RKS_DIK1_LEN] = { 0 };
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &import_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = read_dik1(opts, dik1);
	if (ret)
		goto out;
	ret = admin_open(&db);
	if (ret)
		goto out;
	ret = store_dik1(db, opts[IMP_LABEL].value, dik1);
out:
	OPENSSL_cleanse(dik1, sizeof(dik1));
	cli_wipe_arg(opts[IMP_HEX].value);
	return ret;
}

static int print_dik1(const struct rks_dik1_info *d, void *arg)
{
	struct cli_json *j = admin_json;

	(void)arg;
	if (j) {
		cli_json_open(j, '{');
		cli_json_kint(j, "id", d->id);
		cli_json_kstr(j, "kcv", admin_kcv(d->kcv));
		admin_json_time("created", d->created);
		cli_json_kstr(j, "label", d->label);
		cli_json_close(j, '}');
		return 0;
	}
	printf("%-6" PRId64 " %-6s  %-20s  %s\n", d->id, admin_kcv(d->kcv),
	       admin_time(d->created), cli_printable(d->label));
	return 0;
}

static int list_dik1s(struct rks_db *db)
{
	if (!admin_json)
		printf("%-6s %-6s  %-20s  %s\n", "ID", "KCV", "CREATED", "LABEL");
	return rks_db_dik1_list(db, print_dik1, NULL);
}

static int list_main(int argc, char *argv[])
{
	return admin_run(argc, argv, &list_help, list_dik1s);
}

struct export {
	const char *path;
	int fd;
	bool failed;	/* writing the file failed (not the database) */
};

static int write_export(const uint8_t dik1[RKS_DIK1_LEN],
			const struct rks_dik1_info *info, void *arg)
{
	struct export *e = arg;
	char text[1024], hex[2 * RKS_DIK1_LEN + 1];
	int n, ret;

	cli_hex(dik1, RKS_DIK1_LEN, hex);
	n = snprintf(text, sizeof(text),
		     "# pinpad-rkd DIK1 %" PRId64 ", KCV %s, label \"%s\"\n"
		     "# exported %s by %s from %s\n"
		     "# SECRET: the clear DIK1, for the key mother POS "
		     "(rks-factory --dik1-file).\n"
		     "# Keep it on the ceremony's media only; destroy it "
		     "after loading (shred -u).\n"
		     "%s\n", info->id, admin_kcv(info->kcv),
		     cli_printable(info->label), admin_time((int64_t)time(NULL)),
		     admin_actor(), admin_db_path(), hex);
	ret = n > 0 && (size_t)n < sizeof(text) ?
	      cli_write_full(e->fd, text, (size_t)n) : -EOVERFLOW;
	if (!ret && fsync(e->fd))
		ret = -errno;
	OPENSSL_cleanse(text, sizeof(text));
	OPENSSL_cleanse(hex, sizeof(hex));
	if (ret) {
		cli_err("writing %s: %s", e->path, strerror(-ret));
		e->failed = true;
	}
	return ret;
}

static int export_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--id" }, { .name = "--out" } };
	struct export e;
	struct rks_db *db;
	char detail[600];
	int64_t id;
	int ret;

	ret = cli_parse_args(argc, argv, &export_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_i64("--id", opts[0].value, 1, INT64_MAX, &id))
		return CLI_EXIT_USAGE;
	e.path = opts[1].value;
	e.failed = false;
	ret = admin_open(&db);
	if (ret)
		return ret;
	e.fd = open(e.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW, 0600);
	if (e.fd < 0) {
		cli_err("--out: cannot create %s: %s%s", e.path,
			strerror(errno), errno == EEXIST ?
			" (an export never replaces a file)" : "");
		rks_db_close(db);
		return errno == EEXIST ? CLI_EXIT_USAGE : CLI_EXIT_SETUP;
	}
	snprintf(detail, sizeof(detail), "%s", e.path);
	ret = rks_db_dik1_export(db, id, admin_actor(), detail, write_export,
				 &e);
	if (close(e.fd) && !ret) {
		cli_err("writing %s: %s", e.path, strerror(errno));
		e.failed = true;
		ret = -EIO;
	}
	if (ret) {
		unlink(e.path);
		ret = e.failed ? CLI_EXIT_SETUP : admin_db_error(db, ret);
	} else {
		printf("DIK1 %" PRId64 " written to %s (mode 0600). Load it "
		       "into the key mother POS,\nthen destroy the file: "
		       "shred -u %s\n", id, e.path, e.path);
	}
	rks_db_close(db);
	return ret;
}

static const struct cli_command dik1_commands[] = {
	{ "generate", generate_main, "Makes and stores a new random DIK1" },
	{ "import", import_main, "Stores a DIK1 given in hex" },
	{ "list", list_main, "Lists the DIK1s: id, KCV, label" },
	{ "export", export_main, "Writes a DIK1 in clear for the key mother "
				 "POS (ceremony)" },
	{ "retire", dik1_retire_main, "Replaces a DIK1 by another for new "
				      "devices" },
};

int dik1_main(int argc, char *argv[])
{
	return cli_dispatch(dik1_commands, ARRAY_SIZE(dik1_commands), argc,
			    argv);
}
