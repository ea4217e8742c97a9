// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_audit.c - `audit` (the trail of sessions and changes) and `verify`
 * (every stored key against the master key and its KCV).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"

static const struct cli_help audit_help = {
	.synopsis = "[--dsn DSN] [--limit N]",
	.details =
	"Shows the newest audit records, oldest first: id, time (UTC), DSN, "
	"peer (the\nterminal's address, or the administrator), outcome, "
	"detail, and for a\ndelivery the keys delivered as SLOT:KCV.\n\n"
	"  --dsn DSN   only the records of this device\n"
	"  --limit N   how many (default 100; 0: all)\n",
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

static int print_record(const struct rks_audit_info *a, void *arg)
{
	(void)arg;
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

int audit_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--dsn", .optional = true },
		{ .name = "--limit", .optional = true },
	};
	struct rks_db *db;
	uint32_t limit = 100;
	int ret;

	ret = cli_parse_args(argc, argv, &audit_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if ((opts[0].value && !cli_parse_dsn("--dsn", opts[0].value)) ||
	    (opts[1].value && !cli_parse_u32("--limit", opts[1].value, 0,
					     UINT32_MAX, &limit)))
		return CLI_EXIT_USAGE;
	ret = admin_open(&db);
	if (ret)
		return ret;
	printf("%-6s %-20s  %-16s %-21s %s\n", "ID", "TIME", "DSN", "PEER",
	       "OUTCOME: DETAIL [SLOT:KCV ...]");
	ret = rks_db_audit_list(db, opts[0].value, limit, print_record, NULL);
	ret = ret ? admin_db_error(db, ret) : CLI_EXIT_OK;
	rks_db_close(db);
	return ret;
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
