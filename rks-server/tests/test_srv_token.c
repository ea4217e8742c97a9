// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_token.c - rks-server with its keys in a PKCS#11 token (SoftHSM2,
 * Debian's softhsm2): a database made with a master key file is migrated
 * into the token (rks_db_migrate()), the file key is destroyed, and the
 * server then serves a full download over TCP to the software device
 * (with privilege separation) with the master key, the DIK1 and the work
 * private key in the token;
 * the keys stored before the migration are still delivered, among them an
 * AES-256 TMK with X9.143 attributes of its own (#11: they are in its
 * sealed value's associated data, which the migration binds again). Then the
 * token's objects are read through PKCS#11: every one is sensitive and
 * not extractable, and the token refuses to hand out CKA_VALUE.
 */
/* RSA_padding_add_PKCS1_OAEP_mgf1(): deprecated in OpenSSL 3, kept */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <dlfcn.h>
#include <pwd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <p11-kit/pkcs11.h>

#include "keystore.h"
#include "ks_internal.h"
#include "rkd_keyblock.h"
#include "rkd_crypto.h"
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

/*
 * The AES-256 TMK in slot AES_SLOT, K1/B version "07" (a TMK's defaults
 * are K0/D "00"): TR-31:2018 A.7.4's key (Documentation/test-vectors.md,
 * D-A74), KCV AES-CMAC over 16 zero bytes (X9.24-1:2017 A.3) by openssl
 * mac -cipher AES-256-CBC CMAC, as test_srv_session.c has it.
 */
#define AES_SLOT	6
#define AES_KEY		"88E1AB2A2E3DD38C1FA039A536500CC8" \
			"A87AB9D62DC92C01058FA79F44657DE6"
static const uint8_t aes_kcv[3] = { 0x23, 0x31, 0x55 };
static const struct rks_key_attr aes_attr = { 'A', "K1", 'B', "07" };

/* A database sealed under a file key, then moved into the token. */
static struct rks_db *migrated_db(struct rks_keystore *ks, const char *path)
{
	static char mk[512];
	struct rks_dik1_info info;
	struct rks_key_info key;
	size_t n_dik1s, n_keys, checked = 0, bad = 1;
	uint8_t dik1[24], k[16], aes[32];
	struct rks_new_key nk = {
		DSN, AES_SLOT, RKS_USAGE_TMK, aes, sizeof(aes), &aes_attr,
	};
	struct rks_db *db;
	EVP_PKEY *wk = work_key();
	char msg[512];

	snprintf(mk, sizeof(mk), "%s", test_path("token-era.key"));
	if (rks_master_key_create(mk, msg, sizeof(msg)) ||
	    rks_db_open_ex(path, mk, RKS_DB_CREATE, &db, msg, sizeof(msg)))
		die(msg);
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	unhex(KEY_GOOD, k, sizeof(k));
	unhex(AES_KEY, aes, sizeof(aes));
	if (rks_db_dik1_add(db, "batch", dik1, "test", &info) ||
	    rks_db_device_add(db, DSN, info.id, "test") ||
	    rks_db_key_add(db, DSN, 5, RKS_USAGE_TMK, k, 16, "test", &key) ||
	    rks_db_key_add_many(db, &nk, 1, "test", &key, NULL))
		die(rks_db_errmsg(db));
	CHECK_MEM(key.kcv, aes_kcv, sizeof(aes_kcv));
	CHECK_INT(rks_ks_work_key_import(ks, wk), 0);
	CHECK_INT(rks_ks_work_key_import(ks, wk), -EEXIST);
	EVP_PKEY_free(wk);
	CHECK_INT(rks_db_migrate(db, ks, "test", &n_dik1s, &n_keys), 0);
	CHECK_INT(n_dik1s, 1);
	CHECK_INT(n_keys, 2);
	CHECK_INT(rks_db_migrate(db, ks, "test", &n_dik1s, &n_keys), -EINVAL);
	rks_db_close(db);
	/* the file key is destroyed: the database opens with the token */
	CHECK_INT(unlink(mk), 0);
	CHECK_INT(rks_db_open_ex(path, mk, 0, &db, msg, sizeof(msg)), -ENOENT);
	CHECK_INT(rks_db_open_ks(path, ks, 0, &db, msg, sizeof(msg)), 0);
	CHECK_INT(rks_db_verify(db, NULL, NULL, &checked, &bad), 0);
	CHECK_INT(checked, 3);
	CHECK_INT(bad, 0);
	return db;
}

/*
 * Raw RSA in the token, OAEP decoded here (ks_oaep.c): what OpenSSL
 * encrypts (RSAES-OAEP, SHA-256, MGF1-SHA-256) comes back; a tampered or
 * random ciphertext, or one too long for the buffer, is -EBADMSG; and the
 * DIK2 the token derives is rkd_dik2()'s.
 */
static void check_ops(struct rks_keystore *ks)
{
	uint8_t msg[40] = "FACTOR: sixteen+ bytes of plaintext....";
	uint8_t ct[256], out[256], dik1[24], want[24], got[24];
	struct rks_dik1_ref ref;
	size_t ct_len = sizeof(ct), n = 0;
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pub;
	X509 *cert;
	FILE *f = fopen(pki("work2048.pem"), "r");
	char why[256] = "";

	cert = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!cert)
		die("cannot read work2048.pem");
	pub = X509_get0_pubkey(cert);
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, 256, out, sizeof(out), &n),
		  -ENOKEY);
	CHECK_INT(rks_ks_work_key(ks, pub, why, sizeof(why)), 0);
	CHECK_STR(why, "");
	ctx = EVP_PKEY_CTX_new(pub, NULL);
	CHECK(ctx && EVP_PKEY_encrypt_init(ctx) == 1 &&
	      EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
	      EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) == 1 &&
	      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1 &&
	      EVP_PKEY_encrypt(ctx, ct, &ct_len, msg, sizeof(msg)) == 1);
	EVP_PKEY_CTX_free(ctx);
	CHECK_INT(ct_len, 256);
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, 256, out, sizeof(out), &n), 0);
	CHECK_INT(n, sizeof(msg));
	CHECK_MEM(out, msg, sizeof(msg));
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, 256, out, 39, &n), -EBADMSG);
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, 255, out, sizeof(out), &n),
		  -EINVAL);
	ct[100] ^= 1;
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, 256, out, sizeof(out), &n),
		  -EBADMSG);
	CHECK_INT(n, 0);
	memset(ct, 0xff, sizeof(ct));	/* larger than the modulus */
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, 256, out, sizeof(out), &n),
		  -EBADMSG);
	X509_free(cert);

	/* F(DSN, factor, DIK1) in the token = rkd_dik2() */
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	CHECK_INT(rks_ks_dik1_store(ks, dik1, &ref), 0);
	CHECK_INT(rkd_dik2("PP-0042", 7, msg, 16, dik1, want, NULL), 0);
	CHECK_INT(rks_ks_dik2(ks, &ref, "PP-0042", 7, msg, 16, got), 0);
	CHECK_MEM(got, want, sizeof(want));
	/* a DIK1 the token does not hold: a random DIK2, not an error */
	rks_ks_dik1_forget(ks, &ref);
	CHECK_INT(rks_ks_dik2(ks, &ref, "PP-0042", 7, msg, 16, got), 0);
	CHECK(memcmp(got, want, sizeof(want)) != 0);
	CHECK_INT(rks_ks_dik1_kcv(ks, &ref, got), -ENOENT);
	CHECK_INT(rks_ks_dik1_export(ks, &ref, got), -EPERM);
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
		/* the migrated work key was imported: CKA_LOCAL tells
		 * (test_srv_token_init() sees it true for a generated one) */
		if (cls == CKO_PRIVATE_KEY) {
			CK_BBOOL local = CK_TRUE;
			CK_ATTRIBUTE l = { CKA_LOCAL, &local, sizeof(local) };

			CHECK_INT(f->C_GetAttributeValue(s, objs[i], &l, 1),
				  CKR_OK);
			CHECK(local == CK_FALSE);
		}
	}
	f->C_CloseSession(s);
	dlclose(dl);
}

/* rks-server dumps no core: RLIMIT_CORE is 0 (and it is not dumpable). */
static void check_no_core(const struct srv *s)
{
	char path[64], line[256], soft[32], hard[32];
	bool zero = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/limits", (int)s->pid);
	f = fopen(path, "r");
	/* "Max core file size        0         0         bytes" */
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Max core file size", 18))
			zero = sscanf(line + 18, "%31s %31s", soft, hard) == 2 &&
			       !strcmp(soft, "0") && !strcmp(hard, "0");
	if (f)
		fclose(f);
	CHECK(zero);
}

/* The migrated AES-256 key arrived whole, with its own attributes. */
static void check_aes_delivered(const struct rkd_softdev *d)
{
	uint8_t usage = 0, len = 0, kcv[3] = { 0 };
	struct rkd_kb_attr a;

	CHECK_INT(rkd_softdev_slot(d, AES_SLOT, &usage, &len, kcv), RKD_OK);
	CHECK_INT(usage, RKS_USAGE_TMK);
	CHECK_INT(len, 32);
	CHECK_MEM(kcv, aes_kcv, sizeof(aes_kcv));
	CHECK_INT(rkd_softdev_slot_attr(d, AES_SLOT, &a), RKD_OK);
	CHECK(a.algorithm == 'A' && !memcmp(a.usage, "K1", 2) &&
	      a.mode == 'B' && !memcmp(a.version, "07", 2));
}

/*
 * The host half of the token's RSA-OAEP (ks_oaep.c): a module's raw RSA
 * output of fewer than k bytes (leading zeros stripped) is put back as
 * I2OSP(m, k) for every length, and decodes as the whole one does. EM is
 * made by OpenSSL's EME-OAEP encoding (RFC 8017 7.1.1 step 2, SHA-256,
 * empty label), whose first byte is zero.
 */
static void test_oaep_realign(void)
{
	static const char msg[] = "a FACTOR's plaintext";
	enum { K = 256 };
	uint8_t em[K], buf[K], want[K], out[64];
	size_t n, len = 0;

	CHECK_INT(RSA_padding_add_PKCS1_OAEP_mgf1(em, K,
		(const uint8_t *)msg, sizeof(msg), NULL, 0, EVP_sha256(),
		EVP_sha256()), 1);
	CHECK_INT(em[0], 0);
	/* a module that strips it: k - 1 bytes, then whatever is there */
	memset(buf, 0xA5, sizeof(buf));
	memcpy(buf, em + 1, K - 1);
	rks_oaep_realign(buf, K - 1, K);
	CHECK(memcmp(buf, em, K) == 0);
	CHECK_INT(rks_oaep_decode(buf, K, out, sizeof(out), &len), 0);
	CHECK(len == sizeof(msg) && memcmp(out, msg, len) == 0);
	/* a first byte not zero is refused */
	em[0] = 1;
	CHECK_INT(rks_oaep_decode(em, K, out, sizeof(out), &len),
		  -EBADMSG);
	/* every length: the bytes at the end, zeros before them */
	for (n = 0; n <= K; n++) {
		CHECK_INT(rkd_random(buf, sizeof(buf)), 0);
		memset(want, 0, K - n);
		memcpy(want + (K - n), buf, n);
		rks_oaep_realign(buf, n, K);
		if (memcmp(buf, want, K)) {
			CHECK_INT((int)n, -1);
			break;
		}
	}
}

void test_srv_token(void)
{
	static char path[512];
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
	/* with privilege separation: the token session is the server's */
	const char *extra[] = {
		"--pkcs11-module", MODULE, "--pkcs11-token", TOKEN,
		"--pkcs11-pin-file", NULL, "--privsep", "1", "--net-user",
		getpwnam("rks-net") ? "rks-net" : "nobody", NULL,
	};

	test_oaep_realign();
	snprintf(path, sizeof(path), "%s", test_path("token.db"));
	make_token();
	cfg.pin_file = pin_path;
	extra[5] = pin_path;
	/* no master key yet: only `init --token` or a migration makes it */
	CHECK_INT(rks_ks_open(&cfg, false, &ks, msg, sizeof(msg)), -ENOENT);
	CHECK_HAS(msg, "no master key");
	CHECK_INT(rks_ks_open(&cfg, true, &ks, msg, sizeof(msg)), 0);
	db = migrated_db(ks, path);
	check_ops(ks);

	/* the harness's helpers now add to the token's database */
	env_db = db;
	env_db_path = path;
	srv_start(&s, "token.log", extra);
	/* the keys stored before the migration, then a new device */
	d = dev_new(DSN, 0, false);
	CHECK_INT(dev_run(&s, d, &err, NULL), 0);
	CHECK_INT(rkd_softdev_keys_stored(d), 2);
	check_aes_delivered(d);
	rkd_softdev_free(d);
	CHECK(good_session(&s));
	check_no_core(&s);
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

/*
 * One attribute of the work private key on the token labelled @label:
 * through a session of this test's own (the key store in this process
 * initialised the module and logged in, which covers every session).
 */
static void check_work_key_attrs(const char *label, EVP_PKEY *cert_pub)
{
	CK_RV (*get_list)(CK_FUNCTION_LIST_PTR_PTR);
	CK_OBJECT_CLASS priv = CKO_PRIVATE_KEY;
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE find[] = {
		{ CKA_CLASS, &priv, sizeof(priv) },
		{ CKA_LABEL, RKS_KS_LABEL_WORK, strlen(RKS_KS_LABEL_WORK) },
	};
	CK_ATTRIBUTE on_token = { CKA_TOKEN, &yes, sizeof(yes) };
	CK_BBOOL local = 0, never_ext = 0, always_sens = 0, sens = 0;
	CK_BBOOL ext = 1, dec = 0, sign = 1, unwrap = 1;
	uint8_t n[512];
	CK_ATTRIBUTE a[] = {
		{ CKA_LOCAL, &local, sizeof(local) },
		{ CKA_NEVER_EXTRACTABLE, &never_ext, sizeof(never_ext) },
		{ CKA_ALWAYS_SENSITIVE, &always_sens, sizeof(always_sens) },
		{ CKA_SENSITIVE, &sens, sizeof(sens) },
		{ CKA_EXTRACTABLE, &ext, sizeof(ext) },
		{ CKA_DECRYPT, &dec, sizeof(dec) },
		{ CKA_SIGN, &sign, sizeof(sign) },
		{ CKA_UNWRAP, &unwrap, sizeof(unwrap) },
		{ CKA_MODULUS, n, sizeof(n) },
	};
	CK_OBJECT_HANDLE objs[8];
	CK_FUNCTION_LIST_PTR f;
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slots[8];
	CK_TOKEN_INFO ti;
	CK_ULONG nslots = 8, i, found = 0;
	BIGNUM *cert_n = NULL, *tok_n;
	void *dl = dlopen(MODULE, RTLD_NOW);

	CHECK(dl != NULL);
	if (!dl)
		return;
	*(void **)&get_list = dlsym(dl, "C_GetFunctionList");
	CHECK(get_list && get_list(&f) == CKR_OK);
	CHECK_INT(f->C_GetSlotList(CK_TRUE, slots, &nslots), CKR_OK);
	for (i = 0; i < nslots; i++)
		if (f->C_GetTokenInfo(slots[i], &ti) == CKR_OK &&
		    !memcmp(ti.label, label, strlen(label)) &&
		    ti.label[strlen(label)] == ' ')
			break;
	CHECK(i < nslots);
	if (i == nslots || f->C_OpenSession(slots[i], CKF_SERIAL_SESSION,
					    NULL, NULL, &s) != CKR_OK) {
		dlclose(dl);
		return;
	}
	/* only the master key and the work private key: no public key */
	CHECK_INT(f->C_FindObjectsInit(s, &on_token, 1), CKR_OK);
	CHECK_INT(f->C_FindObjects(s, objs, 8, &found), CKR_OK);
	f->C_FindObjectsFinal(s);
	CHECK_INT(found, 2);
	CHECK_INT(f->C_FindObjectsInit(s, find, 2), CKR_OK);
	CHECK_INT(f->C_FindObjects(s, objs, 8, &found), CKR_OK);
	f->C_FindObjectsFinal(s);
	CHECK_INT(found, 1);
	CHECK_INT(f->C_GetAttributeValue(s, objs[0], a, 9), CKR_OK);
	/* generated on the token, never imported (PKCS#11 v2.40 4.4) */
	CHECK(local == CK_TRUE);
	CHECK(never_ext == CK_TRUE);
	CHECK(always_sens == CK_TRUE);
	CHECK(sens == CK_TRUE && ext == CK_FALSE);
	CHECK(dec == CK_TRUE && sign == CK_FALSE && unwrap == CK_FALSE);
	/* the work certificate certifies this key */
	tok_n = BN_bin2bn(n, (int)a[8].ulValueLen, NULL);
	CHECK(EVP_PKEY_get_bn_param(cert_pub, "n", &cert_n) == 1);
	CHECK(tok_n && cert_n && !BN_cmp(tok_n, cert_n));
	BN_free(tok_n);
	BN_free(cert_n);
	f->C_CloseSession(s);
	dlclose(dl);
}

static X509 *read_der_cert(const char *path)
{
	X509 *c = NULL;
	FILE *f = fopen(path, "rb");

	if (f) {
		c = d2i_X509_fp(f, NULL);
		fclose(f);
	}
	if (!c)
		die(path);
	return c;
}

/*
 * The file key store's rks_ks_work_key_generate(): a new 0600 PEM file
 * whose key decrypts what its public key encrypts; an existing file is
 * refused and left alone.
 */
static void check_file_generate(void)
{
	static char mk[512], wk[512];
	struct rks_ks_config cfg = { .kind = RKS_KS_FILE };
	uint8_t ct[256], pt[64];
	size_t ct_len = sizeof(ct), pt_len = 0;
	struct rks_keystore *ks;
	EVP_PKEY *pub = NULL;
	EVP_PKEY_CTX *ctx;
	struct stat st;
	char msg[512];

	snprintf(mk, sizeof(mk), "%s", test_path("gen.key"));
	snprintf(wk, sizeof(wk), "%s", test_path("gen-work.pem"));
	cfg.master_key = mk;
	CHECK_INT(rks_ks_open(&cfg, true, &ks, msg, sizeof(msg)), 0);
	/* no work key file named */
	CHECK_INT(rks_ks_work_key_generate(ks, 2048, &pub, msg, sizeof(msg)),
		  -EINVAL);
	CHECK_HAS(msg, "no work private key file");
	rks_ks_close(ks);
	cfg.work_key = wk;
	CHECK_INT(rks_ks_open(&cfg, false, &ks, msg, sizeof(msg)), 0);
	CHECK_INT(rks_ks_work_key_generate(ks, 1024, &pub, msg, sizeof(msg)),
		  -EINVAL);
	CHECK_HAS(msg, "RSA key size 1024");
	CHECK_INT(rks_ks_work_key_generate(ks, 2048, &pub, msg, sizeof(msg)),
		  0);
	CHECK(stat(wk, &st) == 0 && (st.st_mode & 07777) == 0600);
	ctx = pub ? EVP_PKEY_CTX_new(pub, NULL) : NULL;
	CHECK(ctx && EVP_PKEY_encrypt_init(ctx) == 1 &&
	      EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
	      EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) == 1 &&
	      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1 &&
	      EVP_PKEY_encrypt(ctx, ct, &ct_len, (const uint8_t *)"factor",
			       6) == 1);
	/* bound at once: it decrypts without rks_ks_work_key() */
	CHECK_INT(rks_ks_oaep_decrypt(ks, ct, ct_len, pt, sizeof(pt),
				      &pt_len), 0);
	CHECK(pt_len == 6 && !memcmp(pt, "factor", 6));
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pub);
	pub = NULL;
	CHECK_INT(rks_ks_work_key_generate(ks, 2048, &pub, msg, sizeof(msg)),
		  -EEXIST);
	CHECK_HAS(msg, "cannot create work key file");
	CHECK(pub == NULL);
	rks_ks_close(ks);
}

void test_srv_token_init(const char *admin)
{
	static char db_path[512], ca[512], wd[512], cert[600], root[600];
	struct rks_ks_config cfg = {
		.kind = RKS_KS_PKCS11, .module = MODULE, .token = "rks-init",
		.pin_file = pin_path,
	};
	const char *extra[] = {
		"--pkcs11-module", MODULE, "--pkcs11-token", "rks-init",
		"--pkcs11-pin-file", pin_path, "--privsep", "1",
		"--net-user", getpwnam("rks-net") ? "rks-net" : "nobody",
		"--database", db_path, "--work-cert", cert, NULL,
	};
	struct rks_db *saved_db = env_db, *db;
	const char *saved_path = env_db_path;
	struct rks_keystore *ks;
	struct rks_dik1_info info;
	struct rks_key_info key;
	struct rkd_softdev *d;
	X509 *root_cert, *work_cert;
	EVP_PKEY *pub = NULL;
	uint8_t dik1[24], k[16], err = 0;
	char cmd[4096], msg[512];
	struct srv s;

	check_file_generate();
	snprintf(db_path, sizeof(db_path), "%s", test_path("init.db"));
	snprintf(ca, sizeof(ca), "%s", test_path("init-ca"));
	snprintf(wd, sizeof(wd), "%s", test_path("init-work"));
	snprintf(cert, sizeof(cert), "%s/work-cert.der", wd);
	snprintf(root, sizeof(root), "%s/root-cert.der", ca);
	/* a second token beside make_token()'s, in the same directory */
	if (system("softhsm2-util --init-token --free --label rks-init "
		   "--so-pin 87654321 --pin 12345678 >/dev/null"))
		die("softhsm2-util --init-token rks-init");
	snprintf(cmd, sizeof(cmd), "RKS_DB='%s' '%s' --token rks-init "
		 "--pin-file '%s' init --ca-dir '%s' --work-dir '%s' "
		 ">/dev/null", db_path, admin, pin_path, ca, wd);
	CHECK_INT(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/work-key.pem", wd);
	CHECK(access(cmd, F_OK) != 0);	/* no key file, anywhere */

	CHECK_INT(rks_ks_open(&cfg, false, &ks, msg, sizeof(msg)), 0);
	root_cert = read_der_cert(root);
	work_cert = read_der_cert(cert);
	check_work_key_attrs("rks-init", X509_get0_pubkey(work_cert));
	/* the token's one work key: a second is refused */
	CHECK_INT(rks_ks_work_key_generate(ks, 2048, &pub, msg, sizeof(msg)),
		  -EEXIST);
	CHECK_HAS(msg, "has a work private key");
	CHECK(pub == NULL);

	/* a device and a key, then a whole session through rks-server */
	CHECK_INT(rks_db_open_ks(db_path, ks, 0, &db, msg, sizeof(msg)), 0);
	unhex(ENV_DIK1, dik1, sizeof(dik1));
	unhex(KEY_GOOD, k, sizeof(k));
	if (rks_db_dik1_add(db, "batch", dik1, "test", &info) ||
	    rks_db_device_add(db, "INIT-0001", info.id, "test") ||
	    rks_db_key_add(db, "INIT-0001", 5, RKS_USAGE_TMK, k, 16, "test",
			   &key))
		die(rks_db_errmsg(db));
	env_db = db;
	env_db_path = db_path;
	srv_start(&s, "token-init.log", extra);
	d = dev_new_root("INIT-0001", 0, false, NULL, NULL, root_cert);
	CHECK_INT(dev_run(&s, d, &err, NULL), 0);
	CHECK_INT(err, 0);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	rkd_softdev_free(d);
	CHECK_INT(srv_stop(&s), 0);
	env_db = saved_db;
	env_db_path = saved_path;
	rks_db_close(db);
	X509_free(root_cert);
	X509_free(work_cert);
	rks_ks_close(ks);
}
