// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_backup.c - `backup --out FILE` and `restore --from FILE`
 * (db_backup.c: SQLite's online backup API, the installation id).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"

static const struct cli_help backup_help = {
	.synopsis = "--out FILE",
	.details =
	"Writes a consistent copy of the database to FILE (a new file, mode "
	"0600),\nwhile rks-server runs: SQLite's online backup API copies one "
	"snapshot (a\ncopy of rks.db with cp may catch its WAL half-merged "
	"and lose records).\nThe copy is checked (integrity_check), on disk "
	"when the command returns,\nand records the backup in its own audit "
	"trail. Its keys stay sealed under\nthe master key: keep the master "
	"key apart from it.\n",
};

static const struct cli_help restore_help = {
	.synopsis = "--from FILE",
	.details =
	"Restores a backup made by `rks-admin backup` into the database "
	"(--db),\ncreating it if it does not exist. Refused: a backup that "
	"does not open\nunder this master key (another installation's), "
	"and, over a database\nthat exists, a backup of another installation "
	"(its installation id). Stop\nrks-server first when restoring over "
	"the database it serves. The restore\nis recorded in the restored "
	"audit trail.\n",
};

int backup_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--out" } };
	char id[RKS_INSTALLATION_ID_LEN + 1];
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &backup_help, opts, 1, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_backup(db, opts[0].value, admin_actor(), id);
	if (ret == -EEXIST) {
		cli_err("%s", rks_db_errmsg(db));
		ret = CLI_EXIT_USAGE;	/* as any output file that exists */
	} else if (ret == -EMEDIUMTYPE) {	/* PostgreSQL: pg_dump */
		cli_err("%s", rks_db_errmsg(db));
		ret = CLI_EXIT_REFUSED;
	} else if (ret) {
		ret = admin_db_error(db, ret);
	}
	else
		printf("backup of installation %s written to %s\n", id,
		       opts[0].value);
	rks_db_close(db);
	return ret;
}

int restore_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--from" } };
	char id[RKS_INSTALLATION_ID_LEN + 1] = "", msg[768];
	struct rks_keystore *ks;
	int ret;

	ret = cli_parse_args(argc, argv, &restore_help, opts, 1, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ks = admin_keystore(false);
	if (!ks)
		return CLI_EXIT_SETUP;
	ret = rks_db_restore(opts[0].value, admin_db_path(), ks, admin_actor(),
			     id, msg, sizeof(msg));
	if (ret) {
		cli_err("%s", msg);
		return ret == -EKEYREJECTED || ret == -EXDEV ||
		       ret == -EMEDIUMTYPE ?
		       CLI_EXIT_REFUSED : ret == -ENOENT ? CLI_EXIT_USAGE :
		       CLI_EXIT_SETUP;
	}
	printf("installation %s restored from %s into %s\n", id,
	       opts[0].value, admin_db_path());
	return CLI_EXIT_OK;
}
