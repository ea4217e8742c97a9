// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_db.c - rks-admin db: the database itself (its schema version).
 */
#include <stdio.h>

#include "admin.h"

static const struct cli_help migrate_help = {
	.synopsis = "",
	.details = "Upgrades the database's schema to this program's version, "
		   "in one\ntransaction, on SQLite or PostgreSQL (--db PATH "
		   "or --db postgresql://...).\nThe server refuses a schema "
		   "older than its own: run this after an\nupgrade of the "
		   "programs, with every rks-server stopped. A schema at this "
		   "\nversion is left as it is.\n",
};

static int schema_migrate_main(int argc, char *argv[])
{
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &migrate_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = admin_open_flags(&db, RKS_DB_MIGRATE);
	if (ret != CLI_EXIT_OK)
		return ret;
	printf("schema version %d on %s\n", rks_db_schema_version(),
	       rks_db_backend(db));
	rks_db_close(db);
	return CLI_EXIT_OK;
}

static const struct cli_command db_commands[] = {
	{ "migrate", schema_migrate_main,
	  "Upgrades the schema to this version's" },
};

int db_main(int argc, char *argv[])
{
	return cli_dispatch(db_commands, ARRAY_SIZE(db_commands), argc, argv);
}
