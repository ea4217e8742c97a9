// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_audit_proof.c - the audit trail that proves itself (#16): `audit
 * verify` (the hash chain and the checkpoints, db_chain_verify.c), `audit
 * checkpoint`, and `audit export --format json` with filters. verify and
 * export read the database read-only and need no master key.
 */
#define _GNU_SOURCE		/* timegm */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"

static const struct cli_help chain_verify_help = {
	.synopsis = "",
	.details =
	"Checks the audit trail: every record against the SHA-256 hash "
	"chain it\ncarries (ids follow each other; each chain covers the "
	"record and the one\nbefore), and every checkpoint against its "
	"record and, when the master key\ncan be read, against its MAC. "
	"Reads the database read-only and needs no\nmaster key for the "
	"chain: it works on a copy. The first record deleted,\naltered or "
	"out of place is named (exit code 4).\n",
};

static const struct cli_help checkpoint_help = {
	.synopsis = "",
	.details =
	"Checkpoints the audit trail now: the last record's chain under a "
	"MAC by the\nmaster key, through the key store (rks-server makes "
	"one every 64 records).\nA trail rewritten from some record on, its "
	"chain recomputed, then fails\n`audit verify` with the master "
	"key.\n",
};

static const struct cli_help export_help = {
	.synopsis = "--format json [--dsn DSN] [--since DATE] [--until DATE] "
		    "[--outcome O]",
	.details =
	"Writes the audit records that pass the filters, oldest first, as "
	"one JSON\narray (the fields of `audit --json`). Reads the database "
	"read-only and\nneeds no master key.\n\n"
	"  --format json   the only format\n"
	"  --dsn DSN       one device's records\n"
	"  --since DATE    records at or after DATE (YYYY-MM-DD or\n"
	"                  YYYY-MM-DDTHH:MM:SSZ, UTC)\n"
	"  --until DATE    records before DATE\n"
	"  --outcome O     records with this outcome (e.g. delivered, "
	"auth-failed)\n",
};

static int chain_verify_main(int argc, char *argv[])
{
	struct rks_audit_verdict v;
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &chain_verify_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = admin_open_ro(&db);
	if (ret)
		return ret;
	ret = rks_db_audit_verify(db, &v);
	if (ret == -EBADMSG) {
		printf("first bad record: %" PRId64 "\n", v.bad_id);
		cli_err("%s", v.why);
		ret = CLI_EXIT_INTEGRITY;
	} else if (ret) {
		ret = admin_db_error(db, ret);
	} else {
		printf("audit trail intact: %" PRIu64 " records follow the hash "
		       "chain; %" PRIu64 " checkpoints agree%s\n", v.rows,
		       v.checkpoints, v.macs ? ", their MACs checked" :
		       " (MACs not checked: no master key)");
	}
	rks_db_close(db);
	return ret;
}

static int checkpoint_main(int argc, char *argv[])
{
	struct rks_db *db;
	int64_t id;
	int ret;

	ret = cli_parse_args(argc, argv, &checkpoint_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_audit_checkpoint(db, &id);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("audit checkpoint at record %" PRId64 "\n", id);
	rks_db_close(db);
	return ret;
}

static bool parse_when(const char *what, const char *s, int64_t *t)
{
	if (admin_parse_date(s, t))
		return true;
	cli_err("%s %s: a date is YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)",
		what, cli_quote(s));
	return false;
}

static int export_record(const struct rks_audit_info *a, void *arg)
{
	(void)arg;
	admin_json_audit(a);
	return 0;
}

static int export_main(int argc, char *argv[])
{
	enum { E_FORMAT, E_DSN, E_SINCE, E_UNTIL, E_OUTCOME };
	struct cli_opt opts[] = {
		[E_FORMAT] = { .name = "--format" },
		[E_DSN] = { .name = "--dsn", .optional = true },
		[E_SINCE] = { .name = "--since", .optional = true },
		[E_UNTIL] = { .name = "--until", .optional = true },
		[E_OUTCOME] = { .name = "--outcome", .optional = true },
	};
	struct rks_audit_filter f = { 0 };
	struct cli_opt json = { .value = "" };
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &export_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (strcmp(opts[E_FORMAT].value, "json"))
		return cli_usage_error(&export_help, "--format %s: the format "
				       "is json", cli_quote(opts[E_FORMAT].value));
	f.dsn = opts[E_DSN].value;
	f.outcome = opts[E_OUTCOME].value;
	if ((f.dsn && !cli_parse_dsn("--dsn", f.dsn)) ||
	    (opts[E_SINCE].value &&
	     !parse_when("--since", opts[E_SINCE].value, &f.since)) ||
	    (opts[E_UNTIL].value &&
	     !parse_when("--until", opts[E_UNTIL].value, &f.until)))
		return CLI_EXIT_USAGE;
	ret = admin_open_ro(&db);
	if (ret)
		return ret;
	admin_json_begin(&json);
	ret = rks_db_audit_query(db, &f, export_record, NULL);
	ret = ret ? admin_db_error(db, ret) : CLI_EXIT_OK;
	rks_db_close(db);
	return admin_json_end(ret);
}

int audit_proof_main(const char *cmd, int argc, char *argv[])
{
	if (!strcmp(cmd, "verify"))
		return chain_verify_main(argc, argv);
	if (!strcmp(cmd, "checkpoint"))
		return checkpoint_main(argc, argv);
	if (!strcmp(cmd, "export"))
		return export_main(argc, argv);
	return CLI_CONTINUE;
}
