// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_migrate.c - `migrate-to-token`: a database whose values are sealed
 * under a master key file moves to a PKCS#11 token (rks_db_migrate()):
 * the token's master key is made if missing, every DIK1 becomes a
 * non-extractable token object, every sealed value is sealed again, and
 * the work private key (--work-key) is imported as a non-extractable
 * object. The master key file and work key file can then be destroyed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "admin.h"
#include "keystore.h"

static const struct cli_help migrate_help = {
	.synopsis = "--token LABEL [--work-key FILE]",
	.details =
	"Moves the database from its master key file (--master-key) into "
	"the PKCS#11\ntoken --token (a global option, with --pkcs11-module "
	"and --pin-file), in one\ntransaction: the token's master key "
	"(rks-master-key, AES-256) is made if\nmissing; every DIK1 becomes a "
	"sensitive, non-extractable token object; every\nkey value and the "
	"master key check are sealed again under the token's key.\n"
	"With --work-key, the work private key (PEM, 0600) is imported too, "
	"as a\nnon-extractable object (rks-work-key); rks-server then runs "
	"with\n--pkcs11-token. Afterwards the master key file and the work "
	"key file are no\nlonger needed: destroy them (shred -u).\n\n"
	"  --work-key FILE  the work private key to move into the token\n",
};

static EVP_PKEY *read_key(const char *path)
{
	char msg[512];
	EVP_PKEY *key;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		cli_err("--work-key: %s: %s", path, strerror(errno));
		return NULL;
	}
	if (rks_secret_file_check(fileno(f), path, "work private key", msg,
				  sizeof(msg))) {
		cli_err("--work-key: %s", msg);
		fclose(f);
		return NULL;
	}
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!key)
		cli_err("--work-key: %s is not a PEM private key without a "
			"passphrase", path);
	return key;
}

int migrate_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--work-key", .optional = true },
	};
	struct rks_ks_config cfg;
	struct rks_keystore *to;
	struct rks_db *db = NULL;
	EVP_PKEY *work = NULL;
	size_t n_dik1s, n_keys;
	char msg[512];
	int ret;

	ret = cli_parse_args(argc, argv, &migrate_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	admin_ks_config(&cfg);
	if (cfg.kind != RKS_KS_PKCS11) {
		cli_err("migrate-to-token needs --token LABEL (the token to "
			"move to)");
		return CLI_EXIT_USAGE;
	}
	if (opts[0].value && !(work = read_key(opts[0].value)))
		return CLI_EXIT_USAGE;
	/* the database as it is: sealed under the master key file */
	ret = rks_db_open_ex(admin_db_path(), admin_mk_path(), 0, &db, msg,
			     sizeof(msg));
	if (ret) {
		cli_err("%s", msg);
		ret = CLI_EXIT_SETUP;
		goto out;
	}
	to = admin_keystore(true);
	if (!to) {
		ret = CLI_EXIT_SETUP;
		goto out;
	}
	if (work) {
		ret = rks_ks_work_key_import(to, work);
		if (ret) {
			cli_err("%s: cannot import the work key: %s%s",
				rks_ks_describe(to), strerror(-ret),
				ret == -EEXIST ? " (the token has one)" : "");
			ret = CLI_EXIT_SETUP;
			goto out;
		}
	}
	ret = rks_db_migrate(db, to, admin_actor(), &n_dik1s, &n_keys);
	if (ret) {
		ret = admin_db_error(db, ret);
		goto out;
	}
	printf("database:   %s\nnow sealed: %s\nmoved:      %zu DIK1s, %zu "
	       "keys%s\nThe master key file %s is no longer needed: destroy "
	       "it (shred -u).\n", admin_db_path(), rks_ks_describe(to),
	       n_dik1s, n_keys, work ? ", the work private key" : "",
	       admin_mk_path());
	ret = CLI_EXIT_OK;
out:
	rks_db_close(db);
	EVP_PKEY_free(work);
	return ret;
}
