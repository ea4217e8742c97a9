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

#include <openssl/crypto.h>

#include "admin.h"
#include "components.h"
#include "keystore.h"
#include "rkd_crypto.h"

static const struct cli_help rotate_help = {
	.synopsis = "--new FILE [--custodians A,B[,C] [--component-files "
		    "F1,F2[,F3]]\n"
		    "           --component-kcvs K1,K2[,K3]]",
	.details =
	"Replaces the master key file by a new one: FILE is made (32 random "
	"bytes,\nmode 0600) unless it exists from a rotation that did not "
	"finish, and every\nDIK1, key (pending and delivered), audit "
	"checkpoint MAC and the master key\ncheck is sealed again under it, "
	"in one transaction: killed half-way, the\ndatabase stays on the old "
	"key; run the same command again. Stop rks-server\nfirst. Then "
	"install FILE as the master key and destroy the old file\n(shred "
	"-u). For a database in a token, the token's own key management "
	"applies.\n"
	"With --custodians (as init's), the new master key is the XOR of 2 "
	"or 3\ncustodians' components of 32 bytes, each checked against its "
	"AES KCV\n(X9.24-1 A.3); FILE must not exist then. The new key's KCV "
	"is printed and\nthe audit names the custodians.\n",
};

int rotate_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--new" }, COMP_OPTS };
	struct comp_custodians cust = { 0 };
	uint8_t mk[RKS_KS_MASTER_KEY_LEN], kcv[RKD_KCV_LEN];
	char actor[256];
	struct rks_ks_config cfg = { .kind = RKS_KS_FILE };
	struct rks_keystore *next = NULL;
	size_t n_dik1s, n_keys;
	struct rks_db *db = NULL;
	bool made = false;
	char msg[512];
	int ret;

	ret = cli_parse_args(argc, argv, &rotate_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
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
	if (opts[1 + COMP_OPT_CUSTODIANS].value) {
		/* a resumed rotation keeps its FILE: no components for it */
		if (!access(opts[0].value, F_OK)) {
			cli_err("--custodians: %s exists (an unfinished "
				"rotation: run it again without --custodians)",
				cli_quote(opts[0].value));
			return CLI_EXIT_USAGE;
		}
		ret = comp_read(opts + 1, &cust, 'A', mk, sizeof(mk));
		if (ret)
			return ret;
		if (rkd_kcv_alg('A', mk, sizeof(mk), kcv)) {
			cli_err("no KCV for the new master key");
			ret = CLI_EXIT_SETUP;
			goto wipe;
		}
	} else if (opts[1 + COMP_OPT_FILES].value ||
		   opts[1 + COMP_OPT_KCVS].value) {
		cli_err("--component-files and --component-kcvs need "
			"--custodians");
		return CLI_EXIT_USAGE;
	}
	ret = admin_open(&db);
	if (ret)
		goto wipe;
	/* a FILE that exists: the key of a rotation that did not finish */
	if (access(opts[0].value, F_OK)) {
		ret = cust.n ? rks_ks_file_write(opts[0].value, mk, msg,
						 sizeof(msg)) :
		      rks_ks_file_create(opts[0].value, msg, sizeof(msg));
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
	ret = rks_db_migrate(db, next, comp_actor(&cust, actor, sizeof(actor)),
			     &n_dik1s, &n_keys);
	if (ret) {
		ret = admin_db_error(db, ret);
		goto out;
	}
	printf("master key rotated: %zu DIK1s and %zu keys sealed under %s.\n"
	       "Install it as the master key (mv %s %s) and destroy the old "
	       "one (shred -u).\n", n_dik1s, n_keys, opts[0].value,
	       opts[0].value, admin_mk_path());
	if (cust.n)
		printf("The new master key is from %u components, KCV %s.\n",
		       cust.n, admin_kcv(kcv));
	made = false;
out:
	rks_db_close(db);	/* before the key store it now uses */
	rks_ks_close(next);
	if (ret && made)
		unlink(opts[0].value);
wipe:
	OPENSSL_cleanse(mk, sizeof(mk));
	return ret;
}
