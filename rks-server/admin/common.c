// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common.c - opening the database for a command, reporting its refusals,
 * and the formats every listing uses.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "admin.h"
#include "keystore.h"

struct cli_opt admin_global_opts[ADMIN_N_GLOBAL] = {
	[ADMIN_OPT_DB] = { .name = "--db", .optional = true },
	[ADMIN_OPT_MK] = { .name = "--master-key", .optional = true },
	[ADMIN_OPT_TOKEN] = { .name = "--token", .optional = true },
	[ADMIN_OPT_MODULE] = { .name = "--pkcs11-module", .optional = true },
	[ADMIN_OPT_PIN_FILE] = { .name = "--pin-file", .optional = true },
};

static struct rks_keystore *admin_ks;

static const char *choose(int opt, const char *env, const char *def)
{
	const char *v = admin_global_opts[opt].value;

	if (v)
		return v;
	v = getenv(env);
	return v && *v ? v : def;
}

const char *admin_db_path(void)
{
	return choose(ADMIN_OPT_DB, "RKS_DB", ADMIN_DEFAULT_DB);
}

const char *admin_mk_path(void)
{
	return choose(ADMIN_OPT_MK, "RKS_MASTER_KEY", ADMIN_DEFAULT_MK);
}

struct cli_json *admin_json;

void admin_json_begin(const struct cli_opt *opt)
{
	static struct cli_json json;

	if (!opt->value)
		return;
	cli_json_init(&json, stdout);
	admin_json = &json;
	cli_json_open(admin_json, '[');
}

int admin_json_end(int ret)
{
	if (admin_json && ret == CLI_EXIT_OK)
		cli_json_close(admin_json, ']');
	admin_json = NULL;
	return ret;
}

void admin_json_time(const char *name, int64_t t)
{
	cli_json_key(admin_json, name);
	if (t)
		cli_json_str(admin_json, admin_time(t));
	else
		cli_json_null(admin_json);
}

int admin_run(int argc, char *argv[], const struct cli_help *help,
	      int (*fn)(struct rks_db *db))
{
	struct cli_opt opts[] = { ADMIN_OPT_JSON };
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, help, opts, ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = admin_open(&db);
	if (ret)
		return ret;
	admin_json_begin(&opts[0]);
	ret = fn(db);
	ret = ret ? admin_db_error(db, ret) : CLI_EXIT_OK;
	rks_db_close(db);
	return admin_json_end(ret);
}

bool admin_kcv_matches(char alg, const uint8_t *key, size_t len,
		       const uint8_t want[RKS_KCV_LEN])
{
	uint8_t kcv[RKS_KCV_LEN] = { 0 };

	if (!rks_key_kcv(alg, key, len, kcv) &&
	    !CRYPTO_memcmp(kcv, want, sizeof(kcv)))
		return true;
	cli_err("--kcv: the key's KCV is %s, not %s: a typing error?",
		admin_kcv(kcv), admin_kcv(want));
	return false;
}

void admin_ks_config(struct rks_ks_config *cfg)
{
	const char *token = choose(ADMIN_OPT_TOKEN, "RKS_TOKEN", NULL);

	memset(cfg, 0, sizeof(*cfg));
	if (!token) {
		cfg->kind = RKS_KS_FILE;
		cfg->master_key = admin_mk_path();
		return;
	}
	cfg->kind = RKS_KS_PKCS11;
	cfg->token = token;
	cfg->module = choose(ADMIN_OPT_MODULE, "RKS_PKCS11_MODULE",
			     ADMIN_DEFAULT_MODULE);
	/* NULL: the systemd credential */
	cfg->pin_file = choose(ADMIN_OPT_PIN_FILE, "RKS_TOKEN_PIN_FILE", NULL);
}

static void admin_ks_close(void)
{
	rks_ks_close(admin_ks);
	admin_ks = NULL;
}

struct rks_keystore *admin_keystore(bool create)
{
	struct rks_ks_config cfg;
	char msg[512];

	if (admin_ks)
		return admin_ks;
	admin_ks_config(&cfg);
	if (rks_ks_open(&cfg, create, &admin_ks, msg, sizeof(msg))) {
		cli_err("%s", msg);
		return NULL;
	}
	atexit(admin_ks_close);
	return admin_ks;
}

void admin_keystore_forget_made(void)
{
	rks_ks_forget_made(admin_ks);
}

int admin_open_flags(struct rks_db **db, unsigned int flags)
{
	const char *path = admin_db_path();
	struct rks_keystore *ks;
	char msg[512];
	int ret;

	/* a missing database file is said first, as before the key store
	 * (a PostgreSQL database is only known missing by connecting) */
	if (!rks_db_target_is_file(path) || access(path, F_OK) == 0 ||
	    errno != ENOENT) {
		ks = admin_keystore(false);
		if (!ks)
			return CLI_EXIT_SETUP;
		ret = rks_db_open_ks(path, ks, flags, db, msg, sizeof(msg));
	} else {
		ret = rks_db_open_ex(path, admin_mk_path(), flags, db, msg,
				     sizeof(msg));
	}
	if (ret) {
		cli_err("%s", msg);
		return CLI_EXIT_SETUP;
	}
	return CLI_EXIT_OK;
}

int admin_open_ro(struct rks_db **db)
{
	struct rks_keystore *ks = NULL;
	struct rks_ks_config cfg;
	char msg[512];
	int ret;

	/*
	 * Without a master key file to read, what needs none still works
	 * (the audit trail); a token named must open.
	 */
	admin_ks_config(&cfg);
	if (cfg.kind != RKS_KS_FILE || !access(cfg.master_key, R_OK)) {
		ks = admin_keystore(false);
		if (!ks)
			return CLI_EXIT_SETUP;
	}
	ret = rks_db_open_ro(admin_db_path(), ks, db, msg, sizeof(msg));
	if (ret) {
		cli_err("%s", msg);
		return CLI_EXIT_SETUP;
	}
	return CLI_EXIT_OK;
}

int admin_open(struct rks_db **db)
{
	return admin_open_flags(db, 0);
}

int admin_db_error(struct rks_db *db, int err)
{
	const char *msg = rks_db_errmsg(db);

	cli_err("%s", *msg ? msg : strerror(-err));
	switch (err) {
	case -EINVAL:
	case -ENOENT:
	case -EEXIST:
	case -ESTALE:
	case -EALREADY:
	case -EPERM:	/* e.g. a DIK1 the token does not let out */
		return CLI_EXIT_REFUSED;
	}
	return CLI_EXIT_INTEGRITY;
}

const char *admin_actor(void)
{
	static char actor[96];
	struct passwd *pw = getpwuid(getuid());

	if (pw)
		snprintf(actor, sizeof(actor), "rks-admin:%s", pw->pw_name);
	else
		snprintf(actor, sizeof(actor), "rks-admin:uid %u",
			 (unsigned int)getuid());
	return actor;
}

const char *admin_time(int64_t t)
{
	static char ring[4][32];
	static unsigned int next;
	char *buf = ring[next++ % 4];
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !gmtime_r(&tt, &tm))
		return "-";
	strftime(buf, sizeof(ring[0]), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *admin_kcv(const uint8_t kcv[RKS_KCV_LEN])
{
	static char ring[4][2 * RKS_KCV_LEN + 1];
	static unsigned int next;
	char *buf = ring[next++ % 4];

	cli_hex(kcv, RKS_KCV_LEN, buf);
	return buf;
}

bool admin_check_slot_usage(const char *what, uint32_t slot,
			    unsigned int usage)
{
	if (rks_slot_fits_usage(slot, usage))
		return true;
	if (usage == RKS_USAGE_TMK)
		cli_err("%s: slot %u cannot hold a tmk key: TMKs go in slots "
			"0-15", what, slot);
	else
		cli_err("%s: slot %u cannot hold a %s key: PIN, MAC and DATA "
			"keys go in slots 16-47", what, slot,
			rks_usage_name(usage));
	return false;
}
