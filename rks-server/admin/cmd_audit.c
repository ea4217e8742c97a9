// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_audit.c - `audit` (the trail of sessions and changes), `audit
 * archive` and `audit verify-archive` (its retention: db_archive.c), and
 * `verify` (every stored key against the master key and its KCV).
 */
#define _GNU_SOURCE		/* timegm */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"

static const struct cli_help audit_help = {
	.synopsis = "[--dsn DSN] [--limit N] [--json]",
	.details =
	"Shows the newest audit records, oldest first: id, time (UTC), DSN, "
	"peer (the\nterminal's address, or the administrator), outcome, "
	"detail, and for a\ndelivery the keys delivered as SLOT:KCV.\n\n"
	"  --dsn DSN   only the records of this device\n"
	"  --limit N   how many (default 100; 0: all)\n"
	"  --json      one JSON array, an object per record: id, time, dsn "
	"(null if\n              none), peer, outcome, detail, keys\n\n"
	"Retention: `audit archive --before DATE --out FILE` moves the "
	"older records\ninto FILE; `audit verify-archive FILE` checks one.\n",
};

static const struct cli_help archive_help = {
	.synopsis = "--before DATE --out FILE",
	.details =
	"Moves the audit records older than DATE (YYYY-MM-DD, UTC midnight, "
	"or\nYYYY-MM-DDTHH:MM:SSZ) out of the database into FILE, a new file "
	"(mode 0600),\nin one transaction: one record per line under a "
	"SHA-256 hash chain, whose\nend the database keeps with the range and "
	"count. The oldest records go, up\nto the first one that is not "
	"older than DATE. Check FILE later with\n`audit verify-archive "
	"FILE`.\n",
};

static const struct cli_help verify_archive_help = {
	.synopsis = "FILE",
	.details =
	"Checks an archive made by `audit archive`: its format, its hash "
	"chain line by\nline (a line altered, deleted, moved or added is "
	"named), and that the\ndatabase recorded this archive with the same "
	"range, count and final hash.\nExit code 4 if it is not intact.\n",
	.arg_name = "FILE",
};

static const struct cli_help verify_help = {
	.synopsis = "",
	.details =
	"Decrypts every stored DIK1 and key with the master key, as "
	"rks-server would,\nand checks it against its row and its KCV. A "
	"value altered, or moved from\nanother row, is reported (exit code "
	"4); key values are never shown.\n",
};

/* cli_printable() has one buffer: one call per printf. */
static void field(const char *fmt, const char *s)
{
	printf(fmt, cli_printable(s));
}

void admin_json_audit(const struct rks_audit_info *a)
{
	struct cli_json *j = admin_json;

	cli_json_open(j, '{');
	cli_json_kint(j, "id", a->id);
	admin_json_time("time", a->time);
	cli_json_key(j, "dsn");
	if (a->dsn)
		cli_json_str(j, a->dsn);
	else
		cli_json_null(j);
	cli_json_kstr(j, "peer", a->peer);
	cli_json_kstr(j, "outcome", a->outcome);
	cli_json_kstr(j, "detail", a->detail);
	cli_json_kstr(j, "keys", a->keys);
	cli_json_close(j, '}');
}

static int print_record(const struct rks_audit_info *a, void *arg)
{
	(void)arg;
	if (admin_json) {
		admin_json_audit(a);
		return 0;
	}
	printf("%-6" PRId64 " %s  ", a->id, admin_time(a->time));
	field("%-16s ", a->dsn ? a->dsn : "-");
	field("%-21s ", *a->peer ? a->peer : "-");
	field("%s", a->outcome);
	if (*a->detail)
		field(": %s", a->detail);
	if (*a->keys)
		field(" [%s]", a->keys);
	putchar('\n');
	return 0;
}

bool admin_parse_date(const char *s, int64_t *t)
{
	struct tm tm = { 0 };
	const char *end;

	end = strptime(s, "%Y-%m-%d", &tm);
	if (end && *end == 'T')
		end = strptime(end, "T%H:%M:%SZ", &tm);
	if (!end || *end)
		return false;
	*t = (int64_t)timegm(&tm);
	return true;
}

static int archive_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--before" }, { .name = "--out" } };
	struct rks_archive_info a;
	struct rks_db *db;
	int64_t before;
	int ret;

	ret = cli_parse_args(argc, argv, &archive_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!admin_parse_date(opts[0].value, &before))
		return cli_usage_error(&archive_help, "--before %s: a date is "
				       "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ "
				       "(UTC)", cli_quote(opts[0].value));
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_audit_archive(db, before, opts[1].value, admin_actor(),
				   &a);
	if (ret) {
		ret = admin_db_error(db, ret);
	} else {
		printf("archive %" PRId64 ": records %" PRId64 "-%" PRId64
		       " (%" PRIu64 ", older than %s) moved to %s\n"
		       "SHA-256 chain end: %s\n", a.id, a.first_id,
		       a.last_id, a.count, admin_time(before), opts[1].value,
		       a.sha256);
	}
	rks_db_close(db);
	return ret;
}

static int verify_archive_main(int argc, char *argv[])
{
	struct rks_archive_info file, rec;
	unsigned long bad = 0;
	struct rks_db *db;
	char why[256];
	char *path;
	FILE *f;
	int ret;

	ret = cli_parse_args(argc, argv, &verify_archive_help, NULL, 0, &path,
			     1);
	if (ret != CLI_CONTINUE)
		return ret;
	f = fopen(path, "r");
	if (!f) {
		cli_err("%s: %s", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	ret = rks_audit_archive_check(f, &file, &bad, why, sizeof(why));
	fclose(f);
	if (ret == -EBADMSG) {
		cli_err("%s:%lu: %s", path, bad, why);
		return CLI_EXIT_INTEGRITY;
	}
	if (ret) {
		cli_err("%s: %s", path, why);
		return CLI_EXIT_USAGE;
	}
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_archive_find(db, &file, &rec);
	if (ret) {
		cli_err("%s: %s", path, rks_db_errmsg(db));
		ret = CLI_EXIT_INTEGRITY;
	} else {
		printf("%s: intact: records %" PRId64 "-%" PRId64 " (%" PRIu64
		       "), chain end %s; the database recorded it as archive "
		       "%" PRId64 " on %s\n", path, file.first_id,
		       file.last_id, file.count, file.sha256, rec.id,
		       admin_time(rec.time));
	}
	rks_db_close(db);
	return ret;
}

int audit_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--dsn", .optional = true },
		{ .name = "--limit", .optional = true },
		ADMIN_OPT_JSON,
	};
	struct rks_db *db;
	uint32_t limit = 100;
	int ret;

	/* two subcommands; without one, `audit` shows the trail */
	if (argc > 1 && !strcmp(argv[1], "archive")) {
		cli_cmd = "audit archive";
		return archive_main(argc - 1, argv + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "verify-archive")) {
		cli_cmd = "audit verify-archive";
		return verify_archive_main(argc - 1, argv + 1);
	}
	if (argc > 1) {
		static char cmd[32];

		const char *was = cli_cmd;

		snprintf(cmd, sizeof(cmd), "audit %.20s", argv[1]);
		cli_cmd = cmd;
		ret = audit_proof_main(argv[1], argc - 1, argv + 1);
		if (ret != CLI_CONTINUE)
			return ret;
		cli_cmd = was;
	}
	ret = cli_parse_args(argc, argv, &audit_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if ((opts[0].value && !cli_parse_dsn("--dsn", opts[0].value)) ||
	    (opts[1].value && !cli_parse_u32("--limit", opts[1].value, 0,
					     UINT32_MAX, &limit)))
		return CLI_EXIT_USAGE;
	ret = admin_open_ro(&db);
	if (ret)
		return ret;
	admin_json_begin(&opts[2]);
	if (!admin_json)
		printf("%-6s %-20s  %-16s %-21s %s\n", "ID", "TIME", "DSN",
		       "PEER", "OUTCOME: DETAIL [SLOT:KCV ...]");
	ret = rks_db_audit_list(db, opts[0].value, limit, print_record, NULL);
	ret = ret ? admin_db_error(db, ret) : CLI_EXIT_OK;
	rks_db_close(db);
	return admin_json_end(ret);
}

static int report_bad(const char *table, int64_t id, int err, void *arg)
{
	(void)arg;
	printf("%s %" PRId64 ": %s\n", !strcmp(table, "dik1s") ? "DIK1" :
	       "key", id, err == -EBADMSG ?
	       "does not authenticate for its row (altered, or moved from "
	       "another row)" : "decrypts, but not to a key with its stored "
	       "KCV");
	return 0;
}

int verify_main(int argc, char *argv[])
{
	size_t checked, bad;
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &verify_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_verify(db, report_bad, NULL, &checked, &bad);
	if (ret) {
		ret = admin_db_error(db, ret);
	} else if (bad) {
		cli_err("%zu of %zu stored keys fail their checks", bad,
			checked);
		ret = CLI_EXIT_INTEGRITY;
	} else {
		printf("%zu stored keys checked: all authenticate and match "
		       "their KCV\n", checked);
	}
	rks_db_close(db);
	return ret;
}
