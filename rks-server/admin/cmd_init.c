// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_init.c - `init` (root CA, work certificate, master key, database)
 * and `work-cert` (a new work key pair and certificate from the root).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "admin.h"
#include "ca.h"
#include "components.h"
#include "keystore.h"
#include "rkd_cert.h"
#include "rkd_crypto.h"

static const struct cli_help init_help = {
	.synopsis = "--ca-dir DIR [--work-dir DIR] [--bits 2048|3072] "
		    "[--days N] [--root-days N]\n"
		    "           [--custodians A,B[,C] [--component-files "
		    "F1,F2[,F3]]\n"
		    "           --component-kcvs K1,K2[,K3]]",
	.details =
	"Sets up a new RKS, refusing to replace any file that exists:\n"
	"  - the root CA RKS_RCRT in DIR: root-key.pem (its private key, "
	"0600) and\n"
	"    root-cert.der (self-signed, X.509 v3 DER). DIR is the offline "
	"part:\n"
	"    move it to removable media after init and keep it off the "
	"server.\n"
	"    root-cert.der is what the factory installs in every terminal\n"
	"    (rks-factory provision --root DIR/root-cert.der);\n"
	"  - the work key pair and certificate RKS_WCRT, signed by the root, "
	"in the\n"
	"    work directory: work-key.pem (0600) and work-cert.der, for "
	"rks-server;\n"
	"  - the master key file (32 random bytes, 0600) and the database, "
	"unless\n"
	"    they exist (then the database must open with the master key).\n"
	"With the global --token LABEL, the master key (AES-256) and the work "
	"private\nkey are generated inside that PKCS#11 token as sensitive, "
	"non-extractable\nobjects instead of files; the root certifies the "
	"token's public key (the token\nitself is made first, e.g. "
	"softhsm2-util --init-token).\n"
	"\n"
	"  --ca-dir DIR     the root CA's directory (created 0700 if missing)\n"
	"  --work-dir DIR   where rks-server finds its key and certificate\n"
	"                   (default " ADMIN_DEFAULT_WORK_DIR ")\n"
	"  --bits N         RSA key size of both key pairs: 2048 (default) "
	"or 3072\n"
	"  --days N         validity of the work certificate (default 730)\n"
	"  --root-days N    validity of the root certificate (default 7305)\n"
	"  --custodians A,B[,C]\n"
	"                   the master key (file key store only) is not "
	"random but\n"
	"                   the XOR of 2 or 3 custodians' components of 32 "
	"bytes, each\n"
	"                   typed without echo or read from its own file, "
	"each checked\n"
	"                   against its own AES KCV (X9.24-1 A.3); the key's "
	"own KCV\n"
	"                   is printed, never the key; the audit names the "
	"custodians\n"
	"  --component-files F1,F2[,F3]  one 0600 file of hex per custodian\n"
	"  --component-kcvs K1,K2[,K3]   each component's KCV (required)\n",
};

static const struct cli_help work_cert_help = {
	.synopsis = "--ca-dir DIR [--work-dir DIR] [--bits 2048|3072] "
		    "[--days N] [--replace]",
	.details =
	"Issues a new work key pair and certificate RKS_WCRT, signed by the "
	"root CA in\nDIR, into the work directory (work-key.pem, 0600, and "
	"work-cert.der). Run it\nwhere the root CA is (offline), then "
	"install both files for rks-server.\n\n"
	"  --ca-dir DIR     the root CA's directory, as `init` made it\n"
	"  --work-dir DIR   where to write (default "
	ADMIN_DEFAULT_WORK_DIR ")\n"
	"  --bits N         RSA key size: 2048 (default) or 3072\n"
	"  --days N         validity (default 730)\n"
	"  --replace        replace existing work files (each written "
	"beside the old\n"
	"                   one, then renamed over it)\n",
};

/* Paths this run created, removed again if it fails. */
struct created {
	char paths[8][4096];
	bool dir[8];
	int n;
};

static void undo(struct created *c)
{
	while (c->n-- > 0) {
		if (c->dir[c->n])
			rmdir(c->paths[c->n]);
		else
			unlink(c->paths[c->n]);
	}
}

static void remember(struct created *c, const char *path, bool dir)
{
	if (c->n < 8) {
		snprintf(c->paths[c->n], sizeof(c->paths[0]), "%s", path);
		c->dir[c->n++] = dir;
	}
}

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* @dir, made 0700 if missing (its parent must exist). */
static int make_dir(const char *dir, struct created *c)
{
	struct stat sb;

	if (!stat(dir, &sb)) {
		if (S_ISDIR(sb.st_mode))
			return 0;
		cli_err("%s is not a directory", dir);
		return -1;
	}
	if (mkdir(dir, 0700)) {
		cli_err("cannot create directory %s: %s", dir,
			strerror(errno));
		return -1;
	}
	remember(c, dir, true);
	return 0;
}

/* The directory part of @path, for making it. */
static const char *dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	snprintf(buf, size, "%.*s", (int)(slash - path), path);
	return buf;
}

static void join(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

struct ca_args {
	const char *ca_dir;
	const char *work_dir;
	uint32_t bits, days, root_days;
};

/* The options both commands share, from their values (NULL: default). */
static bool parse_ca_args(const char *ca_dir, const char *work_dir,
			  const char *bits, const char *days,
			  const char *root_days, struct ca_args *a)
{
	a->ca_dir = ca_dir;
	a->work_dir = work_dir ? work_dir : ADMIN_DEFAULT_WORK_DIR;
	a->bits = 2048;
	a->days = 730;
	a->root_days = 7305;
	if (!*a->ca_dir || !*a->work_dir) {
		cli_err("%s: empty directory name", !*a->ca_dir ? "--ca-dir" :
			"--work-dir");
		return false;
	}
	if (bits) {
		if (!cli_parse_u32("--bits", bits, 0, 65536, &a->bits))
			return false;
		if (a->bits != 2048 && a->bits != 3072) {
			cli_err("--bits: %u; the RSA key size is 2048 or 3072",
				a->bits);
			return false;
		}
	}
	return (!days || cli_parse_u32("--days", days, 1, 36525, &a->days)) &&
	       (!root_days || cli_parse_u32("--root-days", root_days, 1,
					    36525, &a->root_days));
}

/* Files that must not exist yet; says which does. */
static bool none_exist(const char *const *paths, size_t n, const char *hint)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (exists(paths[i])) {
			cli_err("%s exists already; nothing was changed%s",
				paths[i], hint);
			return false;
		}
	}
	return true;
}

/* Is the key store a token (--token)? Then no master key or work key file. */
static bool use_token(void)
{
	struct rks_ks_config cfg;

	admin_ks_config(&cfg);
	return cfg.kind == RKS_KS_PKCS11;
}

/*
 * The master key and the database, made if missing; with --token, the
 * token's master key (a sensitive, non-extractable AES-256 object).
 */
static int init_store(struct created *c, const uint8_t *mk,
		      const struct comp_custodians *cust, bool *mk_new,
		      bool *db_new)
{
	const char *db_path = admin_db_path(), *mk_path = admin_mk_path();
	struct rks_keystore *ks;
	struct rks_db *db;
	char msg[512], dir[4096], actor[256];
	int ret;

	*mk_new = !use_token() && !exists(mk_path);
	/* A PostgreSQL database is its administrator's (createdb): init
	 * makes its tables, and neither makes nor removes the database. */
	*db_new = rks_db_target_is_file(db_path) && !exists(db_path);
	if (*mk_new) {
		if (make_dir(dir_of(mk_path, dir, sizeof(dir)), c))
			return -1;
		/* from the custodians' components, or random */
		ret = mk ? rks_ks_file_write(mk_path, mk, msg, sizeof(msg)) :
		      rks_master_key_create(mk_path, msg, sizeof(msg));
		if (ret) {
			cli_err("%s", msg);
			return -1;
		}
		remember(c, mk_path, false);
	}
	ks = admin_keystore(use_token());
	if (!ks || (*db_new && make_dir(dir_of(db_path, dir, sizeof(dir)), c)))
		return -1;
	ret = rks_db_open_ks(db_path, ks, RKS_DB_CREATE, &db, msg,
			     sizeof(msg));
	if (ret) {
		cli_err("%s", msg);
		return -1;
	}
	if (*db_new) {
		remember(c, db_path, false);
		ret = rks_db_audit(db, NULL, comp_actor(cust, actor,
							sizeof(actor)),
				   "admin: init",
				   "database created");
	}
	rks_db_close(db);
	if (*db_new) {
		/* The WAL files go with the database if the rest fails. */
		snprintf(dir, sizeof(dir), "%s-wal", db_path);
		remember(c, dir, false);
		snprintf(dir, sizeof(dir), "%s-shm", db_path);
		remember(c, dir, false);
	}
	return ret ? -1 : 0;
}

/*
 * With --token: the work key pair made inside the token (its private key
 * never exists anywhere else), and the root's certificate of its public
 * key, which is all @key receives.
 */
static int token_work_key(const struct ca_args *a, X509 *root,
			  EVP_PKEY *root_key, EVP_PKEY **key, X509 **cert)
{
	struct rks_keystore *ks = admin_keystore(true);
	char msg[512];
	int ret;

	*key = NULL;
	*cert = NULL;
	if (!ks)
		return -1;
	ret = rks_ks_work_key_generate(ks, a->bits, key, msg, sizeof(msg));
	if (ret) {
		cli_err("%s", msg);
		return -1;
	}
	if (ca_certify(*key, (int)a->days, CA_WORK_CN, root, root_key, cert)) {
		EVP_PKEY_free(*key);
		*key = NULL;
		return -1;
	}
	return 0;
}

static int issue_work(const struct ca_args *a, X509 *root,
		      EVP_PKEY *root_key, bool replace, struct created *c)
{
	char key_path[4096], cert_path[4096], fpr[65], until[32];
	const char *why;
	EVP_PKEY *key;
	X509 *cert;
	int ret;

	join(key_path, sizeof(key_path), a->work_dir, CA_WORK_KEY);
	join(cert_path, sizeof(cert_path), a->work_dir, CA_WORK_CERT);
	if (use_token() ? token_work_key(a, root, root_key, &key, &cert) :
	    ca_issue((int)a->bits, (int)a->days, CA_WORK_CN, root, root_key,
		     &key, &cert))
		return -1;
	/* what every device will check at S303, checked before it is kept */
	why = rkd_work_profile(cert, root, time(NULL));
	if (why) {
		cli_err("the new work certificate fails the device profile: "
			"%s; nothing was written", why);
		EVP_PKEY_free(key);
		X509_free(cert);
		return -1;
	}
	if (use_token()) {
		/* made in the token, non-extractable; no file */
		ret = 0;
		snprintf(key_path, sizeof(key_path), "%s",
			 rks_ks_describe(admin_keystore(true)));
	} else {
		ret = ca_write_key(key_path, key, replace);
		if (!ret && c)
			remember(c, key_path, false);
	}
	if (!ret)
		ret = ca_write_cert(cert_path, cert, replace);
	if (!ret && c)
		remember(c, cert_path, false);
	if (!ret) {
		ca_fingerprint(cert, fpr);
		ca_not_after(cert, until, sizeof(until));
		printf("work key:         %s (RSA-%u, %s)\n"
		       "work certificate: %s (valid until %s)\n"
		       "                  SHA-256 %s\n",
		       key_path, a->bits, use_token() ?
		       "made in the token, non-extractable" :
		       "0600", cert_path, until, fpr);
	}
	EVP_PKEY_free(key);
	X509_free(cert);
	return ret;
}

static int issue_root(const struct ca_args *a, struct created *c,
		      EVP_PKEY **key, X509 **cert)
{
	char key_path[4096], cert_path[4096], fpr[65], until[32];

	join(key_path, sizeof(key_path), a->ca_dir, CA_ROOT_KEY);
	join(cert_path, sizeof(cert_path), a->ca_dir, CA_ROOT_CERT);
	if (ca_issue((int)a->bits, (int)a->root_days, CA_ROOT_CN, NULL, NULL,
		     key, cert))
		return -1;
	if (ca_write_key(key_path, *key, false))
		return -1;
	remember(c, key_path, false);
	if (ca_write_cert(cert_path, *cert, false))
		return -1;
	remember(c, cert_path, false);
	ca_fingerprint(*cert, fpr);
	ca_not_after(*cert, until, sizeof(until));
	printf("root key:         %s (RSA-%u, 0600: keep offline)\n"
	       "root certificate: %s (valid until %s)\n"
	       "                  SHA-256 %s\n",
	       key_path, a->bits, cert_path, until, fpr);
	return 0;
}

/*
 * The master key from its custodians' components (--custodians), read
 * before anything is created: a token makes its master key inside (there
 * components apply to imported keys), and an existing master key file
 * would be kept, so both are refused rather than the components ignored.
 * Each component is an AES-256 key checked by its A.3 KCV; @kcv is the
 * master key's own.
 */
static int init_mk_components(const struct cli_opt *comp,
			      struct comp_custodians *cust, uint8_t *mk,
			      uint8_t kcv[RKD_KCV_LEN])
{
	int ret;

	if (use_token()) {
		cli_err("--custodians: with --token the token generates the "
			"master key inside it; components apply to keys "
			"imported later (dik1 import, key import)");
		return CLI_EXIT_USAGE;
	}
	if (exists(admin_mk_path())) {
		cli_err("%s exists already; nothing was changed (--custodians "
			"makes a new master key)", admin_mk_path());
		return CLI_EXIT_USAGE;
	}
	ret = comp_read(comp, cust, 'A', mk, RKS_KS_MASTER_KEY_LEN);
	if (ret)
		return ret;
	if (rkd_kcv_alg('A', mk, RKS_KS_MASTER_KEY_LEN, kcv)) {
		OPENSSL_cleanse(mk, RKS_KS_MASTER_KEY_LEN);
		cli_err("no KCV for the master key");
		return CLI_EXIT_SETUP;
	}
	return CLI_EXIT_OK;
}

int init_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--ca-dir" },
		{ .name = "--work-dir", .optional = true },
		{ .name = "--bits", .optional = true },
		{ .name = "--days", .optional = true },
		{ .name = "--root-days", .optional = true },
		COMP_OPTS
	};
	const struct cli_opt *comp = opts + 5;
	struct comp_custodians cust = { 0 };
	uint8_t mk[RKS_KS_MASTER_KEY_LEN], kcv[RKD_KCV_LEN];
	char paths[4][4096];
	const char *check[4];
	struct created c = { .n = 0 };
	struct ca_args a;
	EVP_PKEY *root_key = NULL;
	X509 *root = NULL;
	bool mk_new, db_new;
	int ret, i;

	ret = cli_parse_args(argc, argv, &init_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_ca_args(opts[0].value, opts[1].value, opts[2].value,
			   opts[3].value, opts[4].value, &a))
		return CLI_EXIT_USAGE;
	join(paths[0], sizeof(paths[0]), a.ca_dir, CA_ROOT_KEY);
	join(paths[1], sizeof(paths[1]), a.ca_dir, CA_ROOT_CERT);
	join(paths[2], sizeof(paths[2]), a.work_dir, CA_WORK_KEY);
	join(paths[3], sizeof(paths[3]), a.work_dir, CA_WORK_CERT);
	for (i = 0; i < 4; i++)
		check[i] = paths[i];
	if (!none_exist(check, 4, " (`rks-admin work-cert` issues a new "
			"work certificate)"))
		return CLI_EXIT_USAGE;
	if (comp[COMP_OPT_CUSTODIANS].value) {
		ret = init_mk_components(comp, &cust, mk, kcv);
		if (ret)
			return ret;
	} else if (comp[COMP_OPT_FILES].value || comp[COMP_OPT_KCVS].value) {
		cli_err("--component-files and --component-kcvs need "
			"--custodians");
		return CLI_EXIT_USAGE;
	}

	ret = CLI_EXIT_SETUP;
	if (init_store(&c, cust.n ? mk : NULL, &cust, &mk_new, &db_new) || make_dir(a.ca_dir, &c) ||
	    make_dir(a.work_dir, &c))
		goto fail;
	printf("master key:       %s (%s)\n"
	       "database:         %s (%s)\n", use_token() ?
	       rks_ks_describe(admin_keystore(true)) : admin_mk_path(),
	       use_token() ? "in the token" : mk_new ? "created, 0600" : "kept",
	       admin_db_path(),
	       db_new ? "created" : "kept; it opens with the master key");
	if (cust.n)
		printf("                  from %u components, KCV %s\n",
		       cust.n, admin_kcv(kcv));
	if (issue_root(&a, &c, &root_key, &root) ||
	    issue_work(&a, root, root_key, false, &c))
		goto fail;
	printf("\nFor the factory: %s\n(rks-factory provision --root %s; "
	       "pinpadctl status shows its SHA-256).\n"
	       "Move %s to offline storage now: rks-server needs only the "
	       "work files.\n", paths[1], paths[1], a.ca_dir);
	ret = CLI_EXIT_OK;
	goto out;
fail:
	cli_err("init failed; what it had created was removed");
	undo(&c);
	/* and in a token: its master key and work key, if this run made
	 * them (a work key left there made the next init fail) */
	if (use_token())
		admin_keystore_forget_made();
out:
	OPENSSL_cleanse(mk, sizeof(mk));
	EVP_PKEY_free(root_key);
	X509_free(root);
	return ret;
}

int work_cert_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--ca-dir" },
		{ .name = "--work-dir", .optional = true },
		{ .name = "--bits", .optional = true },
		{ .name = "--days", .optional = true },
		{ .name = "--replace", .optional = true, .flag = true },
	};
	char paths[2][4096];
	const char *check[2] = { paths[0], paths[1] };
	struct ca_args a;
	EVP_PKEY *root_key;
	X509 *root;
	bool replace;
	int ret;

	ret = cli_parse_args(argc, argv, &work_cert_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (!parse_ca_args(opts[0].value, opts[1].value, opts[2].value,
			   opts[3].value, NULL, &a))
		return CLI_EXIT_USAGE;
	replace = opts[4].value != NULL;
	join(paths[0], sizeof(paths[0]), a.work_dir, CA_WORK_KEY);
	join(paths[1], sizeof(paths[1]), a.work_dir, CA_WORK_CERT);
	if (!replace && !none_exist(check, 2, " (--replace replaces it)"))
		return CLI_EXIT_USAGE;
	if (ca_load_root(a.ca_dir, &root_key, &root))
		return CLI_EXIT_SETUP;
	ret = issue_work(&a, root, root_key, replace, NULL) ? CLI_EXIT_SETUP
							    : CLI_EXIT_OK;
	EVP_PKEY_free(root_key);
	X509_free(root);
	return ret;
}
