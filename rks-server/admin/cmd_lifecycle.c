// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_lifecycle.c - `device retire`, `key cancel`, `dik1 retire`
 * (db_lifecycle.c): the end of a device, of a key before delivery, of a
 * DIK1 for new devices.
 */
#include <inttypes.h>
#include <stdio.h>

#include "admin.h"

static const struct cli_help retire_help = {
	.synopsis = "DSN",
	.details =
	"Retires a device for good: it never authenticates again (unlock "
	"refuses it),\nand its pending keys are cancelled. For a device "
	"taken out of service or\ndestroyed. Audited.\n",
	.arg_name = "DSN",
};

static const struct cli_help cancel_help = {
	.synopsis = "--id N",
	.details =
	"Cancels pending key N (see `key list`): it is removed and will "
	"not be\ndelivered; a delivered key cannot be cancelled. Audited, "
	"with its KCV.\n",
};

static const struct cli_help dik1_retire_help = {
	.synopsis = "--id N --by M",
	.details =
	"Replaces DIK1 N by DIK1 M for new devices: `device add` and "
	"`device import`\nrefuse N from now on; the devices made with N keep "
	"it. M must exist and\nnot be retired (make it with `dik1 generate` "
	"or `dik1 import`, hand it to\nthe factory, then retire N). "
	"Audited.\n",
};

int device_retire_main(int argc, char *argv[])
{
	unsigned int cancelled;
	struct rks_db *db;
	char *dsn;
	int ret;

	ret = cli_parse_args(argc, argv, &retire_help, NULL, 0, &dsn, 1);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_dsn("DSN", dsn))
		return CLI_EXIT_USAGE;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_device_retire(db, dsn, admin_actor(), &cancelled);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("device %s retired: no more sessions; %u pending keys "
		       "cancelled\n", dsn, cancelled);
	rks_db_close(db);
	return ret;
}

int key_cancel_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--id" } };
	struct rks_key_info k;
	struct rks_db *db;
	int64_t id;
	int ret;

	ret = cli_parse_args(argc, argv, &cancel_help, opts, 1, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_i64("--id", opts[0].value, 1, INT64_MAX, &id))
		return CLI_EXIT_USAGE;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_key_cancel(db, id, admin_actor(), &k);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("key %" PRId64 " cancelled: DSN %s slot %u %s, KCV %s; "
		       "it will not be delivered\n", id, k.dsn, k.slot,
		       rks_usage_name(k.usage), admin_kcv(k.kcv));
	rks_db_close(db);
	return ret;
}

int dik1_retire_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--id" }, { .name = "--by" } };
	int64_t id, by;
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &dik1_retire_help, opts, 2, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!cli_parse_i64("--id", opts[0].value, 1, INT64_MAX, &id) ||
	    !cli_parse_i64("--by", opts[1].value, 1, INT64_MAX, &by))
		return CLI_EXIT_USAGE;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_dik1_retire(db, id, by, admin_actor());
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("DIK1 %" PRId64 " retired for new devices; DIK1 %" PRId64
		       " replaces it\n", id, by);
	rks_db_close(db);
	return ret;
}
