// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_rotate.c - `rotate-master-key --new FILE`: a file master key
 * replaced by a new one, every value sealed again by the migration
 * between key stores (db_migrate.c: one transaction, all or nothing, so
 * a rotation killed half-way leaves the database on the old key and the
 * same command run again does it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "keystore.h"

static const struct cli_help rotate_help = {
	.synopsis = "--new FILE",
	.details =
	"Replaces the master key file by a new one: FILE is made (32 random "
	"bytes,\nmode 0600) unless it exists from a rotation that did not "
	"finish, and every\nDIK1, key (pending and delivered), audit "
	"checkpoint MAC and the master key\ncheck is sealed again under it, "
	"in one transaction: killed half-way, the\ndatabase stays on the old "
	"key; run the same command again. Stop rks-server\nfirst. Then "
	"install FILE as the master key and destroy the old file\n(shred "
	"-u). For a database in a token, the token's own key management "
	"applies.\n",
};

int rotate_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--new" } };
	struct rks_ks_config cfg = { .kind = RKS_KS_FILE };
	struct rks_keystore *next = NULL;
	size_t n_dik1s, n_keys;
	struct rks_db *db = NULL;
	bool made = false;
	char msg[512];
	int ret;

	ret = cli_parse_args(argc, argv, &rotate_help, opts, 1, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	admin_ks_config(&cfg);
	if (cfg.kind != RKS_KS_FILE) {
		cli_err("the master key is in a token: rotate it there");
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(opts[0].value, cfg.master_key)) {
		cli_err("--new %s is the master key file in use",
			cli_quote(opts[0].value));
		return CLI_EXIT_USAGE;
	}
	ret = admin_open(&db);
	if (ret)
		return ret;
	/* a FILE that exists: the key of a rotation that did not finish */
	if (access(opts[0].value, F_OK)) {
		ret = rks_ks_file_create(opts[0].value, msg, sizeof(msg));
		if (ret) {
			cli_err("%s", msg);
			ret = CLI_EXIT_SETUP;
			goto out;
		}
		made = true;
	}
	cfg.master_key = opts[0].value;
	ret = rks_ks_open(&cfg, false, &next, msg, sizeof(msg));
	if (ret) {
		cli_err("%s", msg);
		ret = CLI_EXIT_SETUP;
		goto out;
	}
	ret = rks_db_migrate(db, next, admin_actor(), &n_dik1s, &n_keys);
	if (ret) {
		ret = admin_db_error(db, ret);
		goto out;
	}
	printf("master key rotated: %zu DIK1s and %zu keys sealed under %s.\n"
	       "Install it as the master key (mv %s %s) and destroy the old "
	       "one (shred -u).\n", n_dik1s, n_keys, opts[0].value,
	       opts[0].value, admin_mk_path());
	made = false;
out:
	rks_db_close(db);	/* before the key store it now uses */
	rks_ks_close(next);
	if (ret && made)
		unlink(opts[0].value);
	return ret;
}
