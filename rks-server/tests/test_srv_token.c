// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_token.c - rks-server with its keys in a PKCS#11 token (SoftHSM2,
 * Debian's softhsm2): a database made with a master key file is migrated
 * into the token (rks_db_migrate()), the file key is destroyed, and the
 * server then serves a full download over TCP to the software device
 * with the master key, the DIK1 and the work private key in the token;
 * the key stored before the migration is still delivered. Then the
 * token's objects are read through PKCS#11: every one is sensitive and
 * not extractable, and the token refuses to hand out CKA_VALUE.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <p11-kit/pkcs11.h>

#include "keystore.h"
#include "rkd_err.h"
#include "srv_harness.h"

#define MODULE	"/usr/lib/softhsm/libsofthsm2.so"
#define TOKEN	"rks-test"
#define DSN	"TOKEN-0001"

static const char *pin_path;

/* A fresh SoftHSM2 token in the test directory (inherited by rks-server). */
static void make_token(void)
{
	char conf[1024], cmd[2048];
	FILE *f;

	snprintf(conf, sizeof(conf), "%s", test_path("tokens"));
	mkdir(conf, 0700);
	f = fopen(test_path("softhsm2.conf"), "w");
	if (!f)
		die("cannot write softhsm2.conf");
	fprintf(f, "directories.tokendir = %s\nobjectstore.backend = file\n"
		"log.level = ERROR\n", conf);
	fclose(f);
	setenv("SOFTHSM2_CONF", test_path("softhsm2.conf"), 1);
	snprintf(cmd, sizeof(cmd), "softhsm2-util --init-token --free --label "
		 TOKEN " --so-pin 87654321 --pin 12345678 >/dev/null");
	if (system(cmd) != 0)
		die("softhsm2-util --init-token failed (is softhsm2 installed? "
		    "scripts/install-deps)");
	pin_path = strdup(test_path("token.pin"));
	write_file(pin_path, "12345678\n", 9, 0600);
}

static EVP_PKEY *work_key(void)
{
	EVP_PKEY *k = NULL;
	FILE *f = fopen(pki("work2048.key"), "r");

	if (f) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!k)
		die("cannot read work2048.key");
	return k;
}

/* A database sealed under a file key, then moved into the token. */
static struct rks_db *migrated_db(struct rks_keystore *ks, const char *path)
{
	const char *mk = strdup(test_path("token-era.key"));
	struct rks_dik1_info info;
	struct rks_key_info key;
	size_t n_dik1s, n_keys, checked = 0, bad = 1;
	uint8_t dik1[24], k[16];
	struct rks_db *db;
	EVP_PKEY *wk = work_key();
	char msg[512];

	if (rks_master_key_create(mk, msg, sizeof(msg)) ||
	    rks_db_open_ex(path, mk, RKS_DB_CREATE, &db, msg, sizeof(msg)))
		die(msg);
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	unhex(KEY_GOOD, k, sizeof(k));
	if (rks_db_dik1_add(db, "batch", dik1, "test", &info) ||
	    rks_db_device_add(db, DSN, info.id, "test") ||
	    rks_db_key_add(db, DSN, 5, RKS_USAGE_TMK, k, 16, "test", &key))
		die(rks_db_errmsg(db));
	CHECK_INT(rks_ks_work_key_import(ks, wk), 0);
	CHECK_INT(rks_ks_work_key_import(ks, wk), -EEXIST);
	EVP_PKEY_free(wk);
	CHECK_INT(rks_db_migrate(db, ks, "test", &n_dik1s, &n_keys), 0);
	CHECK_INT(n_dik1s, 1);
	CHECK_INT(n_keys, 1);
	CHECK_INT(rks_db_migrate(db, ks, "test", &n_dik1s, &n_keys), -EINVAL);
	rks_db_close(db);
	/* the file key is destroyed: the database opens with the token */
	CHECK_INT(unlink(mk), 0);
	CHECK_INT(rks_db_open_ex(path, mk, 0, &db, msg, sizeof(msg)), -ENOENT);
	CHECK_INT(rks_db_open_ks(path, ks, 0, &db, msg, sizeof(msg)), 0);
	CHECK_INT(rks_db_verify(db, NULL, NULL, &checked, &bad), 0);
	CHECK_INT(checked, 2);
	CHECK_INT(bad, 0);
	return db;
}

/* Every object of the token: sensitive, not extractable, no CKA_VALUE. */
static void check_objects(void)
{
	CK_RV (*get_list)(CK_FUNCTION_LIST_PTR_PTR);
	CK_OBJECT_HANDLE objs[64];
	CK_FUNCTION_LIST_PTR f;
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slots[8];
	CK_ULONG n = 8, i, found = 0;
	CK_BBOOL yes = CK_TRUE;
	/* the token's objects (this process's session keys aside) */
	CK_ATTRIBUTE on_token = { CKA_TOKEN, &yes, sizeof(yes) };
	void *dl = dlopen(MODULE, RTLD_NOW);

	CHECK(dl != NULL);
	if (!dl)
		return;
	*(void **)&get_list = dlsym(dl, "C_GetFunctionList");
	CHECK(get_list && get_list(&f) == CKR_OK);
	/* the key store in this process initialised it and logged in */
	CHECK_INT(f->C_Initialize(NULL), CKR_CRYPTOKI_ALREADY_INITIALIZED);
	CHECK_INT(f->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	CHECK_INT(f->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL,
				   &s), CKR_OK);
	CHECK_INT(f->C_FindObjectsInit(s, &on_token, 1), CKR_OK);
	CHECK_INT(f->C_FindObjects(s, objs, 64, &found), CKR_OK);
	f->C_FindObjectsFinal(s);
	/* the master key, one DIK1, the work key */
	CHECK_INT(found, 3);
	for (i = 0; i < found; i++) {
		CK_BBOOL sens = CK_FALSE, ext = CK_TRUE;
		uint8_t v[1024];
		CK_ATTRIBUTE a[] = {
			{ CKA_SENSITIVE, &sens, sizeof(sens) },
			{ CKA_EXTRACTABLE, &ext, sizeof(ext) },
		};
		CK_ATTRIBUTE val = { CKA_VALUE, v, sizeof(v) };
		CK_ATTRIBUTE prv = { CKA_PRIVATE_EXPONENT, v, sizeof(v) };
		CK_OBJECT_CLASS cls = 0;
		CK_ATTRIBUTE c = { CKA_CLASS, &cls, sizeof(cls) };

		CHECK_INT(f->C_GetAttributeValue(s, objs[i], a, 2), CKR_OK);
		CHECK_INT(f->C_GetAttributeValue(s, objs[i], &c, 1), CKR_OK);
		CHECK(sens == CK_TRUE);
		CHECK(ext == CK_FALSE);
		CHECK_INT(f->C_GetAttributeValue(s, objs[i],
						 cls == CKO_PRIVATE_KEY ?
						 &prv : &val, 1),
			  CKR_ATTRIBUTE_SENSITIVE);
	}
	f->C_CloseSession(s);
	dlclose(dl);
}

void test_srv_token(void)
{
	const char *path = strdup(test_path("token.db"));
	struct rks_ks_config cfg = {
		.kind = RKS_KS_PKCS11, .module = MODULE, .token = TOKEN,
	};
	struct rks_db *saved_db = env_db, *db;
	const char *saved_path = env_db_path;
	struct rks_keystore *ks;
	struct rkd_softdev *d;
	uint8_t err = 0;
	char msg[512];
	struct srv s;
	const char *extra[] = {
		"--pkcs11-module", MODULE, "--pkcs11-token", TOKEN,
		"--pkcs11-pin-file", NULL, NULL,
	};

	make_token();
	cfg.pin_file = pin_path;
	extra[5] = pin_path;
	/* no master key yet: only `init --token` or a migration makes it */
	CHECK_INT(rks_ks_open(&cfg, false, &ks, msg, sizeof(msg)), -ENOENT);
	CHECK_HAS(msg, "no master key");
	CHECK_INT(rks_ks_open(&cfg, true, &ks, msg, sizeof(msg)), 0);
	db = migrated_db(ks, path);

	/* the harness's helpers now add to the token's database */
	env_db = db;
	env_db_path = path;
	srv_start(&s, "token.log", extra);
	/* the key stored before the migration, then a new device */
	d = dev_new(DSN, 0, false);
	CHECK_INT(dev_run(&s, d, &err, NULL), 0);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	rkd_softdev_free(d);
	CHECK(good_session(&s));
	/* a wrong DIK2 still fails as it should, through the token */
	d = dev_new(DSN, 0, true);
	CHECK(dev_run(&s, d, &err, NULL) != 0);
	rkd_softdev_free(d);
	CHECK_INT(srv_stop(&s), 0);
	check_objects();

	env_db = saved_db;
	env_db_path = saved_path;
	rks_db_close(db);
	rks_ks_close(ks);
}
