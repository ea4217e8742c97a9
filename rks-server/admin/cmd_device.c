// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_device.c - `device add|import|list|show|lock|unlock`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "csv.h"

static const struct cli_help add_help = {
	.synopsis = "--dsn DSN --dik1 ID",
	.details =
	"Adds a device: its serial number (1-32 graphic ASCII characters) "
	"and the id\nof the DIK1 its batch was made with (see `dik1 "
	"list`).\n",
};

static const struct cli_help import_help = {
	.synopsis = "--csv FILE [--chunk N] [--resume]",
	.details =
	"Adds many devices. FILE is CSV (RFC 4180) with one device per "
	"record,\nDSN,DIK1_ID: a field may be enclosed in double quotes (a "
	"DSN holding a\ncomma must be), a quote in it written twice; CRLF or "
	"LF line ends; a\nleading UTF-8 byte order mark is skipped. A first "
	"record \"dsn,dik1_id\",\nempty lines and lines starting with '#' "
	"are skipped.\n\n"
	"Every record is checked first; the first bad one (a NUL byte, "
	"broken\nquoting, a bad DSN or id, an unknown or retired DIK1, a DSN "
	"the database\nor the file has already) stops the import, naming "
	"FILE:LINE, and nothing\nis added. Then the devices are added N at "
	"a time (--chunk, default 1000),\neach part one transaction with its "
	"own audit record, so that a running\nrks-server is not held up for "
	"the whole file. If the import stops while\nadding (a crash, a full "
	"disk), the parts committed stay: run the same\nimport with "
	"--resume to add the rest.\n\n"
	"  --chunk N   devices per transaction (1 to 1000000)\n"
	"  --resume    a DSN the database has with the same DIK1 is counted "
	"as\n              already there, not refused\n"
	"FILE '-' reads stdin.\n",
};

static const struct cli_help list_help = {
	.synopsis = "[--json]",
	.details = "Lists every device by DSN: its DIK1 id, consecutive "
		   "failed\nauthentications, state (active or locked) and "
		   "creation time (UTC).\n\n"
		   "  --json   one JSON array, an object per device: dsn, "
		   "dik1_id, failures,\n           state (active, locked, "
		   "locked-until), locked_until, created\n",
};

static const struct cli_help show_help = {
	.synopsis = "DSN",
	.details = "Shows one device, and every key it has been given: "
		   "slot, usage,\nlength, KCV, status and times.\n",
	.arg_name = "DSN",
};

static const struct cli_help unlock_help = {
	.synopsis = "DSN",
	.details =
	"Clears a device's locks (an administrator's, and rks-server's\n"
	"temporary one: 5 consecutive failed authentications by default lock "
	"it\nfor 60 s, each next lock twice as long, up to 24 h), its count "
	"of\nconsecutive failures and its back-off. Find out why it failed "
	"first:\n`rks-admin audit --dsn DSN`.\n",
	.arg_name = "DSN",
};

static const struct cli_help lock_help = {
	.synopsis = "DSN",
	.details =
	"Locks a device for good: it authenticates no more (every session "
	"ends in\nAUTH_FAILED) until `rks-admin device unlock DSN`. For a "
	"device lost, stolen\nor under attack.\n",
	.arg_name = "DSN",
};

static int add_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--dsn" }, { .name = "--dik1" } };
	struct rks_db *db;
	int64_t dik1;
	int ret;

	ret = cli_parse_args(argc, argv, &add_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_dsn("--dsn", opts[0].value) ||
	    !cli_parse_i64("--dik1", opts[1].value, 1, INT64_MAX, &dik1))
		return CLI_EXIT_USAGE;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_device_add(db, opts[0].value, dik1, admin_actor());
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("device %s added (DIK1 %" PRId64 ")\n", opts[0].value,
		       dik1);
	rks_db_close(db);
	return ret;
}

/* A DIK1 id: 1 to 19 digits, no sign, not zero. */
static bool parse_id(const char *s, int64_t *id)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*id = (int64_t)v;
	return i > 0 && v > 0;
}

/*
 * One record of the CSV (c->field[]). Return: 0 added or skipped, else an
 * exit code after naming FILE:LINE.
 */
static int import_record(struct rks_import *imp, struct rks_db *db,
			 const char *path, const struct csv *c, bool first)
{
	char *const *f = c->field;
	int64_t id;
	int ret;

	if (first && c->n == 2 && !strcmp(f[0], "dsn") &&
	    !strcmp(f[1], "dik1_id"))
		return 0;
	if (c->n != 2) {
		cli_err("%s:%lu: expected DSN,DIK1_ID", path, c->line);
		return CLI_EXIT_USAGE;
	}
	if (!rks_dsn_valid(f[0])) {
		char where[4200];

		snprintf(where, sizeof(where), "%s:%lu", path, c->line);
		cli_parse_dsn(where, f[0]);
		return CLI_EXIT_USAGE;
	}
	if (!parse_id(f[1], &id)) {
		cli_err("%s:%lu: DIK1 id %s is not a number from 1 to 10^18 - 1",
			path, c->line, cli_quote(f[1]));
		return CLI_EXIT_USAGE;
	}
	ret = rks_db_import_add(imp, f[0], id);
	if (ret) {
		cli_err("%s:%lu: %s", path, c->line, rks_db_errmsg(db));
		return ret == -EINVAL || ret == -ENOENT || ret == -EEXIST ?
		       CLI_EXIT_REFUSED : CLI_EXIT_INTEGRITY;
	}
	return 0;
}

static int import_file(struct rks_db *db, const char *path, FILE *f,
		       const struct rks_import_opts *o)
{
	struct rks_import *imp;
	struct csv *c;
	size_t count, present;
	bool first = true;
	int ret, r;

	c = malloc(sizeof(*c));
	if (!c) {
		cli_err("out of memory");
		return CLI_EXIT_SETUP;
	}
	csv_init(c, f);
	ret = rks_db_import_begin_ex(db, o, &imp);
	if (ret) {
		free(c);
		return admin_db_error(db, ret);
	}
	while ((r = csv_next(c)) > 0) {
		ret = import_record(imp, db, path, c, first);
		first = false;
		if (ret)
			break;
	}
	if (r < 0) {
		cli_err("%s:%lu: %s", path, c->line, c->err);
		ret = CLI_EXIT_USAGE;
	}
	free(c);
	if (ret) {
		rks_db_import_abort(imp);
		cli_err("nothing was imported");
		return ret;
	}
	present = rks_db_import_present(imp);
	ret = rks_db_import_commit(imp, admin_actor(), path, &count);
	if (ret) {
		ret = admin_db_error(db, ret);
		if (count)
			cli_err("%zu devices were imported before that (they "
				"stay): `device import --resume` adds the "
				"rest", count);
		else
			cli_err("nothing was imported");
		return ret;
	}
	if (present)
		printf("%zu devices imported from %s (%zu there already)\n",
		       count, path, present);
	else
		printf("%zu devices imported from %s\n", count, path);
	return CLI_EXIT_OK;
}

static int import_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--csv" },
		{ .name = "--chunk", .optional = true },
		{ .name = "--resume", .optional = true, .flag = true },
	};
	struct rks_import_opts o = { .chunk = RKS_IMPORT_CHUNK };
	uint32_t chunk;
	const char *path;
	struct rks_db *db;
	FILE *f;
	int ret;

	ret = cli_parse_args(argc, argv, &import_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (opts[1].value) {
		if (!cli_parse_u32("--chunk", opts[1].value, 1, 1000000,
				   &chunk))
			return CLI_EXIT_USAGE;
		o.chunk = chunk;
	}
	o.resume = opts[2].value != NULL;
	path = opts[0].value;
	f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	if (!f) {
		cli_err("--csv: %s: %s", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	ret = admin_open(&db);
	if (!ret) {
		ret = import_file(db, path, f, &o);
		rks_db_close(db);
	}
	if (f != stdin)
		fclose(f);
	return ret;
}

/* "active", "locked" (by an administrator) or "locked until TIME". */
static const char *lock_state(const struct rks_device_info *d)
{
	static char buf[48];

	if (d->retired)
		return "retired";
	if (d->for_good)
		return "locked";
	if (!d->locked)
		return "active";
	snprintf(buf, sizeof(buf), "locked until %s",
		 admin_time(d->locked_until));
	return buf;
}

static int print_device(const struct rks_device_info *d, void *arg)
{
	struct cli_json *j = admin_json;

	(void)arg;
	if (j) {
		cli_json_open(j, '{');
		cli_json_kstr(j, "dsn", d->dsn);
		cli_json_kint(j, "dik1_id", d->dik1_id);
		cli_json_kint(j, "failures", d->failures);
		cli_json_kstr(j, "state", d->retired ? "retired" :
			      d->for_good ? "locked" : d->locked ?
			      "locked-until" : "active");
		admin_json_time("locked_until", d->locked && !d->for_good ?
				d->locked_until : 0);
		admin_json_time("created", d->created);
		cli_json_close(j, '}');
		return 0;
	}
	printf("%-32s %-6" PRId64 " %-8u %-6s  %s\n", d->dsn, d->dik1_id,
	       d->failures, lock_state(d), admin_time(d->created));
	return 0;
}

static int list_devices(struct rks_db *db)
{
	if (!admin_json)
		printf("%-32s %-6s %-8s %-6s  %s\n", "DSN", "DIK1", "FAILURES",
	       "STATE", "CREATED");
	return rks_db_device_list(db, print_device, NULL);
}

static int list_main(int argc, char *argv[])
{
	return admin_run(argc, argv, &list_help, list_devices);
}

static int print_key(const struct rks_key_info *k, void *arg)
{
	(void)arg;
	printf("  %-4u %-5s %-3u %-6s  %-9s  %-20s  %s\n", k->slot,
	       rks_usage_name(k->usage), k->len, admin_kcv(k->kcv),
	       k->delivered ? "delivered" : "pending", admin_time(k->created),
	       admin_time(k->delivered_at));
	return 0;
}

/*
 * The prologue of a command whose one argument is a DSN: parse it, open the
 * database. Return: CLI_CONTINUE with *@db open, or the exit code.
 */
static int open_for_dsn(int argc, char *argv[], const struct cli_help *help,
			char **dsn, struct rks_db **db)
{
	int ret;

	ret = cli_parse_args(argc, argv, help, NULL, 0, dsn, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_dsn("DSN", *dsn))
		return CLI_EXIT_USAGE;
	ret = admin_open(db);
	return ret ? ret : CLI_CONTINUE;
}

static int show_main(int argc, char *argv[])
{
	struct rks_device_info d;
	struct rks_db *db;
	char *dsn;
	int ret;

	ret = open_for_dsn(argc, argv, &show_help, &dsn, &db);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = rks_db_device_get(db, dsn, &d);
	if (ret)
		goto fail;
	printf("DSN:       %s\nDIK1:      %" PRId64 "\nstate:     %s\n"
	       "failures:  %u consecutive\ncreated:   %s\n"
	       "keys:      %u pending, %u delivered\n", d.dsn, d.dik1_id,
	       lock_state(&d), d.failures,
	       admin_time(d.created), d.pending, d.delivered);
	if (d.locks)
		printf("locks:     %u since the last delivery (the next one "
		       "lasts twice as long)\n", d.locks);
	if (d.pending + d.delivered) {
		printf("  %-4s %-5s %-3s %-6s  %-9s  %-20s  %s\n", "SLOT",
		       "USAGE", "LEN", "KCV", "STATUS", "CREATED",
		       "DELIVERED");
		ret = rks_db_key_list(db, dsn, print_key, NULL);
		if (ret)
			goto fail;
	}
	rks_db_close(db);
	return CLI_EXIT_OK;
fail:
	ret = admin_db_error(db, ret);
	rks_db_close(db);
	return ret;
}

static int unlock_main(int argc, char *argv[])
{
	struct rks_device_info d;
	struct rks_db *db;
	bool changed;
	char *dsn;
	int ret;

	ret = open_for_dsn(argc, argv, &unlock_help, &dsn, &db);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = rks_db_device_get(db, dsn, &d);
	if (!ret)
		ret = rks_db_device_unlock(db, dsn, admin_actor(), &changed);
	if (ret)
		ret = admin_db_error(db, ret);
	else if (!changed)
		printf("device %s was not locked and had no failures; nothing "
		       "changed\n", dsn);
	else
		printf("device %s unlocked (it was %s, with %u consecutive "
		       "failures)\n", dsn, d.locked ? "locked" : "active",
		       d.failures);
	rks_db_close(db);
	return ret;
}

static int lock_main(int argc, char *argv[])
{
	struct rks_db *db;
	bool changed;
	char *dsn;
	int ret;

	ret = open_for_dsn(argc, argv, &lock_help, &dsn, &db);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = rks_db_device_lock(db, dsn, admin_actor(), &changed);
	if (ret)
		ret = admin_db_error(db, ret);
	else if (!changed)
		printf("device %s was locked already; nothing changed\n", dsn);
	else
		printf("device %s locked until an administrator unlocks it\n",
		       dsn);
	rks_db_close(db);
	return ret;
}

static const struct cli_command device_commands[] = {
	{ "add", add_main, "Adds a device: DSN and DIK1 id" },
	{ "import", import_main, "Adds devices from a CSV file, checked first" },
	{ "list", list_main, "Lists the devices" },
	{ "show", show_main, "Shows a device and its keys" },
	{ "lock", lock_main, "Locks a device for good" },
	{ "unlock", unlock_main, "Clears a device's locks and failures" },
	{ "retire", device_retire_main, "Retires a device for good, its "
					"pending keys cancelled" },
};

int device_main(int argc, char *argv[])
{
	return cli_dispatch(device_commands, ARRAY_SIZE(device_commands), argc,
			    argv);
}
