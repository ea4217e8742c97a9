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
#include "components.h"

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
	.synopsis = "--hex HEX|- | --file FILE | --custodians A,B[,C] "
		    "[--component-files F1,F2[,F3]] --component-kcvs K1,K2[,K3] "
		    "[--kcv HEX] [--label TEXT]",
	.details =
	"Stores a DIK1 made elsewhere (24 bytes: 48 hex digits).\n\n"
	"  --hex HEX      the key in hex; '-' reads it from stdin, which "
	"keeps it out\n"
	"                 of the process list and the shell history\n"
	"  --file FILE    a file of one line of 48 hex digits ('#' lines "
	"are\n"
	"                 comments), mode 0600, e.g. from `dik1 export`\n"
	"  --custodians A,B[,C]\n"
	"                 instead of --hex or --file: the key as 2 or 3 "
	"components\n"
	"                 (XOR), one per custodian, each named in the audit; "
	"each\n"
	"                 custodian types a component at the terminal "
	"(not shown)\n"
	"  --component-files F1,F2[,F3]\n"
	"                 each custodian's component from its own file "
	"(mode 0600,\n"
	"                 one line of 48 hex digits), instead of the terminal\n"
	"  --component-kcvs K1,K2[,K3]\n"
	"                 each component's KCV, as on its custodian's form; "
	"a\n"
	"                 mismatch is refused, naming the custodian\n"
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
	.synopsis = "--id N --out FILE --custodians A,B[,C] | "
		    "--unsafe-single-file",
	.details =
	"The key ceremony step: hands DIK1 N to the factory for the key "
	"mother POS.\n"
	"With --custodians, the DIK1 is split into 2 or 3 random components "
	"(XOR),\n"
	"one per custodian: FILE.1, FILE.2 (, FILE.3), new files of mode "
	"0600, each\n"
	"holding one component (48 hex digits) and '#' lines naming its "
	"custodian and\n"
	"its KCV. No file and no screen shows the whole DIK1. The factory "
	"combines them\n"
	"(rks-factory provision --custodians ... --component-files ...). The "
	"export,\n"
	"with each custodian's name, file and component KCV, is recorded in "
	"the audit.\n"
	"Hand each file to its custodian on separate media; destroy them "
	"after loading.\n\n"
	"  --custodians A,B[,C]  2 or 3 custodians (a single one is "
	"refused)\n"
	"  --unsafe-single-file  instead: the whole DIK1 in clear in FILE "
	"(no split\n"
	"                        knowledge; for tests and legacy factories "
	"only)\n"
	"FILE (and FILE.1, ...) must not exist.\n",
};

/*
 * Stores @dik1 (wiped after) under @label, says its id and KCV, closes @db.
 * @actor: who, for the audit (the custodians too, for components).
 */
static int store_dik1(struct rks_db *db, const char *label,
		      uint8_t dik1[RKS_DIK1_LEN], const char *actor)
{
	struct rks_dik1_info info;
	int ret;

	ret = rks_db_dik1_add(db, label, dik1, actor, &info);
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
	return store_dik1(db, opts[0].value, dik1, admin_actor());
}

enum { IMP_HEX, IMP_FILE, IMP_KCV, IMP_LABEL, IMP_COMP };

/*
 * The key from --hex, --file or components (@c), and its KCV checked
 * against --kcv.
 */
static int read_dik1(struct cli_opt *opts, uint8_t *dik1,
		     struct comp_custodians *c)
{
	bool comp = opts[IMP_COMP + COMP_OPT_CUSTODIANS].value;
	uint8_t want[RKS_KCV_LEN];
	size_t len;
	int ret;

	if (!!opts[IMP_HEX].value + !!opts[IMP_FILE].value + comp != 1) {
		cli_err("give the key with --hex or --file (one of them), or "
			"as components with --custodians");
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
	if (comp) {
		ret = comp_read(opts + IMP_COMP, c, 'T', dik1, RKS_DIK1_LEN);
		if (ret)
			return ret;
	} else if (opts[IMP_FILE].value || !strcmp(opts[IMP_HEX].value, "-")) {
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
	    !admin_kcv_matches('T', dik1, RKS_DIK1_LEN, want))
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
		COMP_OPTS
	};
	uint8_t dik1[RKS_DIK1_LEN] = { 0 };
	struct comp_custodians c = { 0 };
	char actor[256];
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &import_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = read_dik1(opts, dik1, &c);
	if (ret)
		goto out;
	ret = admin_open(&db);
	if (ret)
		goto out;
	ret = store_dik1(db, opts[IMP_LABEL].value, dik1,
			 comp_actor(&c, actor, sizeof(actor)));
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
	struct comp_custodians c;	/* none: --unsafe-single-file */
	char paths[COMP_MAX][4096];	/* FILE.1...: one per custodian */
	int fd[COMP_MAX];
	unsigned int created;		/* how many of paths[] exist */
	uint8_t kcv[COMP_MAX][RKS_KCV_LEN];	/* each component's */
	bool failed;	/* writing a file failed (not the database) */
};

/* Writes @text (@n bytes) to file @i of @e and syncs it. */
static int write_one(struct export *e, unsigned int i, const char *text,
		     int n, size_t size)
{
	int ret;

	ret = n > 0 && (size_t)n < size ?
	      cli_write_full(e->fd[i], text, (size_t)n) : -EOVERFLOW;
	if (!ret && fsync(e->fd[i]))
		ret = -errno;
	if (ret) {
		cli_err("writing %s: %s", e->paths[i], strerror(-ret));
		e->failed = true;
	}
	return ret;
}

static int write_export(const uint8_t dik1[RKS_DIK1_LEN],
			const struct rks_dik1_info *info, void *arg)
{
	struct export *e = arg;
	uint8_t comp[COMP_MAX][24];
	char text[1024], hex[2 * RKS_DIK1_LEN + 1], what[160];
	unsigned int i, n = e->c.n ? e->c.n : 1;
	int len, ret = 0;

	if (e->c.n && comp_split(dik1, RKS_DIK1_LEN, n, comp, e->kcv)) {
		cli_err("no random bytes for the components");
		return -EIO;
	}
	for (i = 0; i < n && !ret; i++) {
		if (e->c.n) {
			cli_hex(comp[i], RKS_DIK1_LEN, hex);
			snprintf(what, sizeof(what), "component %u of %u, for "
				 "custodian %s, KCV %s", i + 1, n,
				 e->c.name[i], admin_kcv(e->kcv[i]));
		} else {
			cli_hex(dik1, RKS_DIK1_LEN, hex);
			snprintf(what, sizeof(what), "the whole key in clear");
		}
		len = snprintf(text, sizeof(text),
			"# pinpad-rkd DIK1 %" PRId64 ", KCV %s, label \"%s\"\n"
			"# %s\n"
			"# exported %s by %s from %s\n"
			"# SECRET: for the key mother POS (rks-factory).\n"
			"# Keep it on the ceremony's media only; destroy it "
			"after loading (shred -u).\n"
			"%s\n", info->id, admin_kcv(info->kcv),
			cli_printable(info->label), what,
			admin_time((int64_t)time(NULL)), admin_actor(),
			admin_db_path(), hex);
		ret = write_one(e, i, text, len, sizeof(text));
	}
	OPENSSL_cleanse(text, sizeof(text));
	OPENSSL_cleanse(hex, sizeof(hex));
	OPENSSL_cleanse(comp, sizeof(comp));
	return ret;
}

/* Creates the export's files (O_EXCL, 0600); false after saying why. */
static bool create_files(struct export *e, int *exit_code)
{
	unsigned int i, n = e->c.n ? e->c.n : 1;

	for (i = 0; i < COMP_MAX; i++)
		e->fd[i] = -1;
	for (i = 0; i < n; i++) {
		if (e->c.n)
			snprintf(e->paths[i], sizeof(e->paths[i]), "%s.%u",
				 e->path, i + 1);
		else
			snprintf(e->paths[i], sizeof(e->paths[i]), "%s",
				 e->path);
		e->fd[i] = open(e->paths[i], O_WRONLY | O_CREAT | O_EXCL |
				O_CLOEXEC | O_NOFOLLOW, 0600);
		if (e->fd[i] < 0) {
			cli_err("--out: cannot create %s: %s%s", e->paths[i],
				strerror(errno), errno == EEXIST ?
				" (an export never replaces a file)" : "");
			*exit_code = errno == EEXIST ? CLI_EXIT_USAGE :
				     CLI_EXIT_SETUP;
			return false;
		}
		e->created = i + 1;
	}
	return true;
}

/* Closes the files; removes them too if @undo. Did every close work? */
static bool close_files(struct export *e, bool undo)
{
	unsigned int i;
	bool ok = true;

	for (i = 0; i < COMP_MAX; i++) {
		if (e->fd[i] >= 0 && close(e->fd[i]) && !undo) {
			cli_err("writing %s: %s", e->paths[i],
				strerror(errno));
			ok = false;
		}
		e->fd[i] = -1;
	}
	for (i = 0; undo && i < e->created; i++)
		unlink(e->paths[i]);
	return ok;
}

/* The audit detail: where it went, and each component's custodian. */
static void export_detail(const struct export *e, char *buf, size_t size)
{
	size_t used;
	unsigned int i;

	if (!e->c.n) {
		snprintf(buf, size, "%s (whole key, --unsafe-single-file)",
			 e->path);
		return;
	}
	used = (size_t)snprintf(buf, size, "components:");
	for (i = 0; i < e->c.n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used,
					 " %s to custodian %s;", e->paths[i],
					 e->c.name[i]);
}

enum { EXP_ID, EXP_OUT, EXP_CUSTODIANS, EXP_UNSAFE };

static int export_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		[EXP_ID] = { .name = "--id" },
		[EXP_OUT] = { .name = "--out" },
		[EXP_CUSTODIANS] = { .name = "--custodians", .optional = true },
		[EXP_UNSAFE] = { .name = "--unsafe-single-file",
				 .optional = true, .flag = true },
	};
	static struct export e;
	struct rks_db *db;
	char detail[600];
	unsigned int i;
	int64_t id;
	int ret;

	ret = cli_parse_args(argc, argv, &export_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_i64("--id", opts[EXP_ID].value, 1, INT64_MAX, &id))
		return CLI_EXIT_USAGE;
	if (!opts[EXP_CUSTODIANS].value == !opts[EXP_UNSAFE].value) {
		cli_err("give --custodians A,B[,C] (the DIK1 in components, "
			"one file per custodian) or --unsafe-single-file "
			"(one of them)");
		return CLI_EXIT_USAGE;
	}
	memset(&e, 0, sizeof(e));
	if (opts[EXP_CUSTODIANS].value &&
	    !comp_parse_custodians(opts[EXP_CUSTODIANS].value, &e.c))
		return CLI_EXIT_USAGE;
	e.path = opts[EXP_OUT].value;
	ret = admin_open(&db);
	if (ret)
		return ret;
	if (!create_files(&e, &ret)) {
		close_files(&e, true);
		rks_db_close(db);
		return ret;
	}
	export_detail(&e, detail, sizeof(detail));
	ret = rks_db_dik1_export(db, id, admin_actor(), detail, write_export,
				 &e);
	if (!close_files(&e, ret != 0) && !ret) {
		e.failed = true;
		ret = -EIO;
		close_files(&e, true);
	}
	if (ret) {
		ret = e.failed ? CLI_EXIT_SETUP : admin_db_error(db, ret);
	} else if (e.c.n) {
		for (i = 0; i < e.c.n; i++)
			printf("DIK1 %" PRId64 ": component %u of %u for "
			       "custodian %s written to %s (mode 0600), KCV "
			       "%s\n", id, i + 1, e.c.n, e.c.name[i],
			       e.paths[i], admin_kcv(e.kcv[i]));
		printf("Hand each file to its custodian only. After loading "
		       "the key mother POS,\ndestroy them: shred -u "
		       "%s.*\n", e.path);
	} else {
		printf("DIK1 %" PRId64 " written to %s (mode 0600): the "
		       "WHOLE key in one file.\nLoad it into the key mother "
		       "POS, then destroy the file: shred -u %s\n", id,
		       e.path, e.path);
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
