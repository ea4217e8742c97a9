// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ks_pkcs11.c - the key store in a PKCS#11 token (PKCS#11 v2.40, through
 * p11-kit's pkcs11.h; the module is dlopen'ed by path, no vendor SDK).
 *
 * The token holds, as sensitive and non-extractable objects:
 *   rks-master-key  CKK_AES, 256 bits: seals and unseals values at rest
 *                   (CKM_AES_GCM, 96-bit nonce drawn here, 128-bit tag,
 *                   the same nonce || ciphertext || tag as the file back
 *                   end, so a value's format does not depend on where the
 *                   key is)
 *   rks-dik1        CKK_DES3, one per DIK1, named by a random CKA_ID;
 *                   CKA_DERIVE only: DIK2 = F(DSN, factor, DIK1) as
 *                   CKM_DES3_ECB_ENCRYPT_DATA (KEY1, a sensitive session
 *                   object) then CKM_DES3_ECB decryption under KEY1
 *   rks-work-key    CKK_RSA private key, CKA_DECRYPT only: raw RSA
 *                   (CKM_RSA_X_509), the OAEP decoding done here
 *                   (ks_oaep.c) since SoftHSM2 2.6 has no OAEP-SHA-256
 *
 * One session per handle, serialised by a mutex: each operation is a few
 * calls and a token is one device anyway. The module is initialised once
 * per process (C_Initialize, CKF_OS_LOCKING_OK) and shared by handles.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <p11-kit/pkcs11.h>

#include "cli_io.h"
#include "ks_internal.h"
#include "rkd_crypto.h"

#define PIN_MAX		256
#define N_ATTRS(t)	(sizeof(t) / sizeof((t)[0]))
#define RSA_MAX_BYTES	512	/* 4096 bits */

struct ks_p11 {
	struct rks_keystore ks;
	pthread_mutex_t lock;
	CK_SESSION_HANDLE session;
	CK_OBJECT_HANDLE master, decoy, work;
	size_t work_len;		/* the work key's modulus, bytes */
	/* token objects this handle made (rks_ks_forget_made()) */
	CK_OBJECT_HANDLE made_master, made_work;
};

/* The module, shared by every handle of this process. */
static struct {
	pthread_mutex_t lock;
	void *dl;
	CK_FUNCTION_LIST_PTR f;
	char path[4096];
	unsigned int users;
} mod = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct ks_p11 *to_p11(struct rks_keystore *ks)
{
	return (struct ks_p11 *)ks;
}

/* A token's answer as an errno. */
static int ckr_errno(CK_RV rv)
{
	switch (rv) {
	case CKR_OK:
		return 0;
	case CKR_HOST_MEMORY:
	case CKR_DEVICE_MEMORY:
		return -ENOMEM;
	case CKR_PIN_INCORRECT:
	case CKR_PIN_LOCKED:
	case CKR_USER_NOT_LOGGED_IN:
		return -EACCES;
	case CKR_ENCRYPTED_DATA_INVALID:
	case CKR_ENCRYPTED_DATA_LEN_RANGE:
		return -EBADMSG;
	case CKR_MECHANISM_INVALID:
	case CKR_MECHANISM_PARAM_INVALID:
	case CKR_ATTRIBUTE_TYPE_INVALID:
		return -ENOTSUP;
	case CKR_KEY_HANDLE_INVALID:
	case CKR_OBJECT_HANDLE_INVALID:
		return -ENOENT;
	}
	return -EIO;
}

static int module_get(const char *path, char *msg, size_t msg_size)
{
	CK_C_INITIALIZE_ARGS args = { .flags = CKF_OS_LOCKING_OK };
	CK_RV (*get_list)(CK_FUNCTION_LIST_PTR_PTR);
	int ret = 0;
	CK_RV rv;

	pthread_mutex_lock(&mod.lock);
	if (mod.users) {
		if (strcmp(path, mod.path)) {
			snprintf(msg, msg_size, "PKCS#11 module '%s': this "
				 "process uses '%s' already", path, mod.path);
			ret = -EINVAL;
		} else {
			mod.users++;
		}
		goto out;
	}
	if (path[0] != '/') {
		snprintf(msg, msg_size, "PKCS#11 module '%s': give an absolute "
			 "path", path);
		ret = -EINVAL;
		goto out;
	}
	mod.dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!mod.dl) {
		snprintf(msg, msg_size, "cannot load PKCS#11 module: %s",
			 dlerror());
		ret = -ENOENT;
		goto out;
	}
	*(void **)&get_list = dlsym(mod.dl, "C_GetFunctionList");
	if (!get_list || get_list(&mod.f) != CKR_OK || !mod.f) {
		snprintf(msg, msg_size, "PKCS#11 module '%s' has no function "
			 "list", path);
		ret = -EINVAL;
		goto fail;
	}
	rv = mod.f->C_Initialize(&args);
	if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
		snprintf(msg, msg_size, "PKCS#11 module '%s': C_Initialize: "
			 "error 0x%lx", path, (unsigned long)rv);
		ret = -EIO;
		goto fail;
	}
	snprintf(mod.path, sizeof(mod.path), "%s", path);
	mod.users = 1;
	goto out;
fail:
	dlclose(mod.dl);
	mod.dl = NULL;
	mod.f = NULL;
out:
	pthread_mutex_unlock(&mod.lock);
	return ret;
}

static void module_put(void)
{
	pthread_mutex_lock(&mod.lock);
	if (mod.users && --mod.users == 0) {
		mod.f->C_Finalize(NULL);
		dlclose(mod.dl);
		mod.dl = NULL;
		mod.f = NULL;
	}
	pthread_mutex_unlock(&mod.lock);
}

/* The slot whose token is labelled @label (blank-padded to 32). */
static int find_slot(const char *label, CK_SLOT_ID *slot, char *msg,
		     size_t msg_size)
{
	CK_SLOT_ID ids[64];
	CK_ULONG n = 64, i;
	CK_TOKEN_INFO ti;
	char want[32];
	size_t len = strlen(label);

	if (!len || len > sizeof(want)) {
		snprintf(msg, msg_size, "token label '%s': 1-32 characters",
			 label);
		return -EINVAL;
	}
	memset(want, ' ', sizeof(want));
	memcpy(want, label, len);
	if (mod.f->C_GetSlotList(CK_TRUE, ids, &n) != CKR_OK) {
		snprintf(msg, msg_size, "PKCS#11: cannot list slots");
		return -EIO;
	}
	for (i = 0; i < n; i++) {
		if (mod.f->C_GetTokenInfo(ids[i], &ti) == CKR_OK &&
		    !memcmp(ti.label, want, sizeof(want))) {
			*slot = ids[i];
			return 0;
		}
	}
	snprintf(msg, msg_size, "no PKCS#11 token labelled '%s' in %s", label,
		 mod.path);
	return -ENOENT;
}

/*
 * The user PIN from @path, or from the systemd credential; its file is a
 * secret file (owner, mode). One line; a final newline is not part of it.
 */
static int read_pin(const char *path, char *pin, size_t *len, char *msg,
		    size_t msg_size)
{
	char cred[4096];
	const char *dir;
	size_t got = 0;
	int fd, ret;

	if (!path) {
		dir = getenv("CREDENTIALS_DIRECTORY");
		if (!dir || !*dir) {
			snprintf(msg, msg_size, "no token PIN: give a PIN file "
				 "or the systemd credential "
				 RKS_KS_PIN_CREDENTIAL);
			return -EINVAL;
		}
		snprintf(cred, sizeof(cred), "%s/%s", dir,
			 RKS_KS_PIN_CREDENTIAL);
		path = cred;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msg_size, "cannot open token PIN file '%s': %s",
			 path, strerror(errno));
		return ret;
	}
	ret = rks_secret_file_check(fd, path, "token PIN file", msg,
				    msg_size);
	if (!ret && (ret = cli_read_full(fd, pin, PIN_MAX, &got)) != 0)
		snprintf(msg, msg_size, "reading token PIN file '%s': %s",
			 path, strerror(-ret));
	close(fd);
	while (!ret && got && (pin[got - 1] == '\n' || pin[got - 1] == '\r'))
		got--;
	if (!ret && (got == 0 || got >= PIN_MAX || memchr(pin, '\n', got))) {
		snprintf(msg, msg_size, "token PIN file '%s' must hold one "
			 "line of 1-%d characters", path, PIN_MAX - 1);
		ret = -EINVAL;
	}
	/* refused: what was read (a PIN, or near one) goes now */
	if (ret)
		OPENSSL_cleanse(pin, PIN_MAX);
	*len = ret ? 0 : got;
	return ret;
}

/* The one object of @class with @label (and @id, if not NULL). */
static int find_object(struct ks_p11 *p, CK_OBJECT_CLASS class,
		       const char *label, const void *id, size_t id_len,
		       CK_OBJECT_HANDLE *obj)
{
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &class, sizeof(class) },
		{ CKA_LABEL, (void *)label, strlen(label) },
		{ CKA_ID, (void *)id, id_len },
	};
	CK_OBJECT_HANDLE found[2];
	CK_ULONG n = 0;
	CK_RV rv;

	rv = mod.f->C_FindObjectsInit(p->session, t, id ? 3 : 2);
	if (rv != CKR_OK)
		return ckr_errno(rv);
	rv = mod.f->C_FindObjects(p->session, found, 2, &n);
	mod.f->C_FindObjectsFinal(p->session);
	if (rv != CKR_OK)
		return ckr_errno(rv);
	if (n == 0)
		return -ENOENT;
	if (n > 1)
		return -EEXIST;	/* ambiguous: refuse to guess */
	*obj = found[0];
	return 0;
}

static int make_master(struct ks_p11 *p)
{
	CK_MECHANISM m = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ULONG len = RKS_KS_MASTER_KEY_LEN;
	CK_ATTRIBUTE t[] = {
		{ CKA_LABEL, RKS_KS_LABEL_MASTER,
		  sizeof(RKS_KS_LABEL_MASTER) - 1 },
		{ CKA_VALUE_LEN, &len, sizeof(len) },
		{ CKA_TOKEN, &yes, sizeof(yes) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_ENCRYPT, &yes, sizeof(yes) },
		{ CKA_DECRYPT, &yes, sizeof(yes) },
		{ CKA_WRAP, &no, sizeof(no) },
		{ CKA_UNWRAP, &no, sizeof(no) },
		{ CKA_DERIVE, &no, sizeof(no) },
	};

	int ret = ckr_errno(mod.f->C_GenerateKey(p->session, &m, t,
						 sizeof(t) / sizeof(t[0]),
						 &p->master));

	if (!ret)
		p->made_master = p->master;
	return ret;
}

/* A session DES3 key for DIK1s the token does not hold (see dik2). */
static int make_decoy(struct ks_p11 *p)
{
	CK_MECHANISM m = { CKM_DES3_KEY_GEN, NULL, 0 };
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ATTRIBUTE t[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_DERIVE, &yes, sizeof(yes) },
	};

	return ckr_errno(mod.f->C_GenerateKey(p->session, &m, t,
					      sizeof(t) / sizeof(t[0]),
					      &p->decoy));
}

static int p11_seal(struct rks_keystore *ks, const char *aad,
		    const uint8_t *pt, size_t len, uint8_t *out)
{
	struct ks_p11 *p = to_p11(ks);
	uint8_t none[1];
	CK_GCM_PARAMS gcm = {
		.pIv = out, .ulIvLen = RKS_KS_GCM_NONCE_LEN,
		.ulIvBits = RKS_KS_GCM_NONCE_LEN * 8,
		.pAAD = (CK_BYTE_PTR)aad, .ulAADLen = strlen(aad),
		.ulTagBits = RKS_KS_GCM_TAG_LEN * 8,
	};
	CK_MECHANISM m = { CKM_AES_GCM, &gcm, sizeof(gcm) };
	CK_ULONG n = len + RKS_KS_GCM_TAG_LEN;
	CK_RV rv;

	if (RAND_bytes(out, RKS_KS_GCM_NONCE_LEN) != 1)
		return -EIO;
	pthread_mutex_lock(&p->lock);
	rv = mod.f->C_EncryptInit(p->session, &m, p->master);
	if (rv == CKR_OK)
		rv = mod.f->C_Encrypt(p->session, len ? (CK_BYTE_PTR)pt : none,
				      len, out + RKS_KS_GCM_NONCE_LEN, &n);
	pthread_mutex_unlock(&p->lock);
	if (rv == CKR_OK && n != len + RKS_KS_GCM_TAG_LEN)
		rv = CKR_GENERAL_ERROR;
	return ckr_errno(rv);
}

static int p11_unseal(struct rks_keystore *ks, const char *aad,
		      const uint8_t *in, size_t in_len, uint8_t *pt,
		      size_t pt_len)
{
	struct ks_p11 *p = to_p11(ks);
	CK_GCM_PARAMS gcm = {
		.pIv = (CK_BYTE_PTR)in, .ulIvLen = RKS_KS_GCM_NONCE_LEN,
		.ulIvBits = RKS_KS_GCM_NONCE_LEN * 8,
		.pAAD = (CK_BYTE_PTR)aad, .ulAADLen = strlen(aad),
		.ulTagBits = RKS_KS_GCM_TAG_LEN * 8,
	};
	CK_MECHANISM m = { CKM_AES_GCM, &gcm, sizeof(gcm) };
	uint8_t buf[4096 + RKS_KS_GCM_TAG_LEN];
	CK_ULONG n = sizeof(buf);
	CK_RV rv;
	int ret;

	if (in_len - RKS_KS_GCM_NONCE_LEN > sizeof(buf))
		return -EBADMSG;
	pthread_mutex_lock(&p->lock);
	rv = mod.f->C_DecryptInit(p->session, &m, p->master);
	if (rv == CKR_OK)
		rv = mod.f->C_Decrypt(p->session,
				      (CK_BYTE_PTR)in + RKS_KS_GCM_NONCE_LEN,
				      in_len - RKS_KS_GCM_NONCE_LEN, buf, &n);
	pthread_mutex_unlock(&p->lock);
	/* a tag that does not verify is all the token says: -EBADMSG */
	if (rv != CKR_OK || n != pt_len) {
		ret = -EBADMSG;
	} else {
		if (pt_len)
			memcpy(pt, buf, pt_len);
		ret = 0;
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

static int p11_dik1_store(struct rks_keystore *ks, const uint8_t *dik1,
			  struct rks_dik1_ref *ref)
{
	struct ks_p11 *p = to_p11(ks);
	CK_OBJECT_CLASS class = CKO_SECRET_KEY;
	CK_KEY_TYPE type = CKK_DES3;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &class, sizeof(class) },
		{ CKA_KEY_TYPE, &type, sizeof(type) },
		{ CKA_LABEL, RKS_KS_LABEL_DIK1,
		  sizeof(RKS_KS_LABEL_DIK1) - 1 },
		{ CKA_ID, ref->b, sizeof(ref->b) },
		{ CKA_VALUE, (void *)dik1, RKS_KS_DIK1_LEN },
		{ CKA_TOKEN, &yes, sizeof(yes) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_DERIVE, &yes, sizeof(yes) },
		{ CKA_ENCRYPT, &no, sizeof(no) },
		{ CKA_DECRYPT, &no, sizeof(no) },
		{ CKA_WRAP, &no, sizeof(no) },
		{ CKA_UNWRAP, &no, sizeof(no) },
		{ CKA_SIGN, &no, sizeof(no) },
		{ CKA_VERIFY, &no, sizeof(no) },
	};
	CK_OBJECT_HANDLE obj;
	CK_RV rv;

	/* 192 random bits: no two DIK1s ever share a name */
	if (RAND_bytes(ref->b, sizeof(ref->b)) != 1)
		return -EIO;
	pthread_mutex_lock(&p->lock);
	rv = mod.f->C_CreateObject(p->session, t, sizeof(t) / sizeof(t[0]),
				   &obj);
	pthread_mutex_unlock(&p->lock);
	return ckr_errno(rv);
}

static void p11_dik1_forget(struct rks_keystore *ks,
			    const struct rks_dik1_ref *ref)
{
	struct ks_p11 *p = to_p11(ks);
	CK_OBJECT_HANDLE obj;

	pthread_mutex_lock(&p->lock);
	if (!find_object(p, CKO_SECRET_KEY, RKS_KS_LABEL_DIK1, ref->b,
			 sizeof(ref->b), &obj))
		mod.f->C_DestroyObject(p->session, obj);
	pthread_mutex_unlock(&p->lock);
}

static int p11_dik1_kcv(struct rks_keystore *ks,
			const struct rks_dik1_ref *ref, uint8_t *kcv)
{
	struct ks_p11 *p = to_p11(ks);
	CK_ATTRIBUTE a = { CKA_CHECK_VALUE, kcv, RKS_KS_KCV_LEN };
	CK_OBJECT_HANDLE obj;
	int ret;

	pthread_mutex_lock(&p->lock);
	ret = find_object(p, CKO_SECRET_KEY, RKS_KS_LABEL_DIK1, ref->b,
			  sizeof(ref->b), &obj);
	if (!ret)
		ret = ckr_errno(mod.f->C_GetAttributeValue(p->session, obj,
							   &a, 1));
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/* KEY1 = TDES-ECB-E(DIK1, h_dsn) as a session object; DIK2 = D(KEY1, h_f) */
static int derive_dik2(struct ks_p11 *p, CK_OBJECT_HANDLE dik1,
		       uint8_t *h_dsn, uint8_t *h_factor, uint8_t *dik2)
{
	CK_KEY_DERIVATION_STRING_DATA data = { h_dsn, RKS_KS_DIK1_LEN };
	CK_MECHANISM derive = { CKM_DES3_ECB_ENCRYPT_DATA, &data,
				sizeof(data) };
	CK_MECHANISM ecb = { CKM_DES3_ECB, NULL, 0 };
	CK_OBJECT_CLASS class = CKO_SECRET_KEY;
	CK_KEY_TYPE type = CKK_DES3;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &class, sizeof(class) },
		{ CKA_KEY_TYPE, &type, sizeof(type) },
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_DECRYPT, &yes, sizeof(yes) },
	};
	CK_OBJECT_HANDLE key1 = CK_INVALID_HANDLE;
	CK_ULONG n = RKS_KS_DIK1_LEN;
	CK_RV rv;

	rv = mod.f->C_DeriveKey(p->session, &derive, dik1, t,
				sizeof(t) / sizeof(t[0]), &key1);
	if (rv == CKR_OK)
		rv = mod.f->C_DecryptInit(p->session, &ecb, key1);
	if (rv == CKR_OK)
		rv = mod.f->C_Decrypt(p->session, h_factor, RKS_KS_DIK1_LEN,
				      dik2, &n);
	if (key1 != CK_INVALID_HANDLE)
		mod.f->C_DestroyObject(p->session, key1);
	if (rv == CKR_OK && n != RKS_KS_DIK1_LEN)
		rv = CKR_GENERAL_ERROR;
	return ckr_errno(rv);
}

static int p11_dik2(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		    const char *dsn, size_t dsn_len, const uint8_t *factor,
		    size_t factor_len, uint8_t *dik2)
{
	struct ks_p11 *p = to_p11(ks);
	uint8_t h_dsn[32], h_factor[32];
	CK_OBJECT_HANDLE obj;
	bool found;
	int ret;

	if (rkd_sha256(dsn, dsn_len, h_dsn) ||
	    rkd_sha256(factor, factor_len, h_factor))
		return -EIO;
	pthread_mutex_lock(&p->lock);
	found = find_object(p, CKO_SECRET_KEY, RKS_KS_LABEL_DIK1, ref->b,
			    sizeof(ref->b), &obj) == 0;
	/* no such DIK1: the same work with the decoy, then a random DIK2 */
	ret = derive_dik2(p, found ? obj : p->decoy, h_dsn, h_factor, dik2);
	pthread_mutex_unlock(&p->lock);
	if (!ret && !found)
		ret = rkd_random(dik2, RKS_KS_DIK1_LEN) ? -EIO : 0;
	OPENSSL_cleanse(h_factor, sizeof(h_factor));
	return ret;
}

/* An attribute of @obj that is a big number, into a BIGNUM. */
static BIGNUM *get_bn(struct ks_p11 *p, CK_OBJECT_HANDLE obj,
		      CK_ATTRIBUTE_TYPE type)
{
	uint8_t buf[RSA_MAX_BYTES];
	CK_ATTRIBUTE a = { type, buf, sizeof(buf) };

	if (mod.f->C_GetAttributeValue(p->session, obj, &a, 1) != CKR_OK)
		return NULL;
	return BN_bin2bn(buf, (int)a.ulValueLen, NULL);
}

static int p11_work_key(struct rks_keystore *ks, EVP_PKEY *pub, char *why,
			size_t why_size)
{
	struct ks_p11 *p = to_p11(ks);
	BIGNUM *n = NULL, *e = NULL, *tn = NULL, *te = NULL;
	CK_OBJECT_HANDLE obj;
	int ret;

	pthread_mutex_lock(&p->lock);
	ret = find_object(p, CKO_PRIVATE_KEY, RKS_KS_LABEL_WORK, NULL, 0,
			  &obj);
	if (ret) {
		snprintf(why, why_size, "%s: %s work private key (label %s)",
			 ks->desc, ret == -EEXIST ? "more than one" : "no",
			 RKS_KS_LABEL_WORK);
		goto out;
	}
	tn = get_bn(p, obj, CKA_MODULUS);
	te = get_bn(p, obj, CKA_PUBLIC_EXPONENT);
	if (EVP_PKEY_get_bn_param(pub, OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
	    EVP_PKEY_get_bn_param(pub, OSSL_PKEY_PARAM_RSA_E, &e) != 1 ||
	    !tn || !te || BN_cmp(n, tn) || BN_cmp(e, te)) {
		snprintf(why, why_size, "%s: the token's work private key "
			 "(label %s) does not hold the private key of the "
			 "work certificate", ks->desc, RKS_KS_LABEL_WORK);
		ret = -EKEYREJECTED;
		goto out;
	}
	p->work = obj;
	p->work_len = (size_t)BN_num_bytes(n);
out:
	pthread_mutex_unlock(&p->lock);
	BN_free(n);
	BN_free(e);
	BN_free(tn);
	BN_free(te);
	return ret;
}

static int p11_oaep_decrypt(struct rks_keystore *ks, const uint8_t *in,
			    size_t in_len, uint8_t *out, size_t out_cap,
			    size_t *out_len)
{
	struct ks_p11 *p = to_p11(ks);
	CK_MECHANISM m = { CKM_RSA_X_509, NULL, 0 };
	uint8_t em[RSA_MAX_BYTES];
	CK_ULONG n = sizeof(em);
	CK_RV rv;
	int ret;

	if (!p->work)
		return -ENOKEY;
	if (in_len != p->work_len)
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	rv = mod.f->C_DecryptInit(p->session, &m, p->work);
	if (rv == CKR_OK)
		rv = mod.f->C_Decrypt(p->session, (CK_BYTE_PTR)in, in_len, em,
				      &n);
	pthread_mutex_unlock(&p->lock);
	if (rv != CKR_OK || n > in_len) {
		/* c >= n: not a ciphertext, the same answer as bad padding */
		ret = -EBADMSG;
	} else {
		/* a module may strip leading zero bytes: put them back,
		 * in constant time (ks_internal.h) */
		rks_oaep_realign(em, n, in_len);
		ret = rks_oaep_decode(em, in_len, out, out_cap, out_len);
	}
	/* EM held the plaintext, masked: it goes now */
	OPENSSL_cleanse(em, sizeof(em));
	return ret;
}

/*
 * The work private key's policy, fixed when it is made (imported or
 * generated): a private token object that decrypts and does nothing else
 * (9 attributes). @yes and @no are CK_BBOOL variables.
 */
#define WORK_KEY_POLICY(yes, no)					\
	{ CKA_LABEL, RKS_KS_LABEL_WORK, sizeof(RKS_KS_LABEL_WORK) - 1 },\
	{ CKA_TOKEN, &(yes), sizeof(yes) },				\
	{ CKA_PRIVATE, &(yes), sizeof(yes) },				\
	{ CKA_SENSITIVE, &(yes), sizeof(yes) },				\
	{ CKA_EXTRACTABLE, &(no), sizeof(no) },				\
	{ CKA_DECRYPT, &(yes), sizeof(yes) },				\
	{ CKA_SIGN, &(no), sizeof(no) },				\
	{ CKA_UNWRAP, &(no), sizeof(no) },				\
	{ CKA_DERIVE, &(no), sizeof(no) }

/* One RSA component as a big-endian attribute value (OPENSSL_malloc'ed). */
static int bn_attr(EVP_PKEY *key, const char *name, CK_ATTRIBUTE *a)
{
	BIGNUM *bn = NULL;
	int len;

	if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
		return -EINVAL;
	len = BN_num_bytes(bn);
	a->pValue = OPENSSL_secure_malloc(len ? (size_t)len : 1);
	a->ulValueLen = (CK_ULONG)len;
	if (a->pValue)
		BN_bn2bin(bn, a->pValue);
	BN_clear_free(bn);
	return a->pValue ? 0 : -ENOMEM;
}

static int p11_work_key_import(struct rks_keystore *ks, EVP_PKEY *key)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D, OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2,
		OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	static const CK_ATTRIBUTE_TYPE types[] = {
		CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT,
		CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1, CKA_EXPONENT_2,
		CKA_COEFFICIENT,
	};
	struct ks_p11 *p = to_p11(ks);
	CK_OBJECT_CLASS class = CKO_PRIVATE_KEY;
	CK_KEY_TYPE type = CKK_RSA;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ATTRIBUTE t[8 + 11] = {
		{ CKA_CLASS, &class, sizeof(class) },
		{ CKA_KEY_TYPE, &type, sizeof(type) },
		WORK_KEY_POLICY(yes, no),
	};
	CK_OBJECT_HANDLE obj;
	size_t i;
	int ret = 0;

	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return -EINVAL;
	for (i = 0; i < 8 && !ret; i++) {
		t[11 + i].type = types[i];
		ret = bn_attr(key, names[i], &t[11 + i]);
	}
	pthread_mutex_lock(&p->lock);
	if (!ret && find_object(p, CKO_PRIVATE_KEY, RKS_KS_LABEL_WORK, NULL,
				0, &obj) != -ENOENT)
		ret = -EEXIST;
	if (!ret)
		ret = ckr_errno(mod.f->C_CreateObject(p->session, t, 19,
						      &obj));
	pthread_mutex_unlock(&p->lock);
	for (i = 11; i < 19; i++)
		OPENSSL_secure_clear_free(t[i].pValue, t[i].ulValueLen);
	return ret;
}

/* The public key @obj holds (n, e read back from the token), OpenSSL's. */
static EVP_PKEY *rsa_public(struct ks_p11 *p, CK_OBJECT_HANDLE obj)
{
	BIGNUM *n = get_bn(p, obj, CKA_MODULUS);
	BIGNUM *e = get_bn(p, obj, CKA_PUBLIC_EXPONENT);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	OSSL_PARAM *params = NULL;
	EVP_PKEY *key = NULL;

	if (n && e && bld && ctx &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) &&
	    EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return key;
}

/*
 * The work key pair made inside the token: only the private key is a
 * token object; the public key, a session object, gives its n and e for
 * the certificate and goes. Nothing of the private key leaves the token.
 */
static int p11_work_key_generate(struct rks_keystore *ks, unsigned int bits,
				 EVP_PKEY **pub, char *msg, size_t msg_size)
{
	static const CK_BYTE f4[] = { 0x01, 0x00, 0x01 };	/* 65537 */
	struct ks_p11 *p = to_p11(ks);
	CK_MECHANISM m = { CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0 };
	CK_ULONG mod_bits = bits;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ATTRIBUTE pub_t[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_MODULUS_BITS, &mod_bits, sizeof(mod_bits) },
		{ CKA_PUBLIC_EXPONENT, (void *)f4, sizeof(f4) },
		{ CKA_ENCRYPT, &no, sizeof(no) },
		{ CKA_VERIFY, &no, sizeof(no) },
		{ CKA_WRAP, &no, sizeof(no) },
	};
	CK_ATTRIBUTE priv_t[] = { WORK_KEY_POLICY(yes, no) };
	CK_OBJECT_HANDLE pub_obj = CK_INVALID_HANDLE;
	CK_OBJECT_HANDLE priv_obj = CK_INVALID_HANDLE;
	int ret;

	pthread_mutex_lock(&p->lock);
	ret = find_object(p, CKO_PRIVATE_KEY, RKS_KS_LABEL_WORK, NULL, 0,
			  &priv_obj);
	if (ret != -ENOENT) {
		snprintf(msg, msg_size, "%s has a work private key (label %s) "
			 "already", ks->desc, RKS_KS_LABEL_WORK);
		ret = -EEXIST;
		goto out;
	}
	ret = ckr_errno(mod.f->C_GenerateKeyPair(p->session, &m, pub_t,
						 N_ATTRS(pub_t), priv_t,
						 N_ATTRS(priv_t), &pub_obj,
						 &priv_obj));
	if (ret) {
		snprintf(msg, msg_size, "%s: cannot generate an RSA-%u key "
			 "pair (%s)", ks->desc, bits, strerror(-ret));
		goto out;
	}
	*pub = rsa_public(p, pub_obj);
	mod.f->C_DestroyObject(p->session, pub_obj);
	if (!*pub) {
		snprintf(msg, msg_size, "%s: cannot read the new public key",
			 ks->desc);
		mod.f->C_DestroyObject(p->session, priv_obj);
		ret = -EIO;
		goto out;
	}
	p->work = priv_obj;
	p->work_len = bits / 8;
	p->made_work = priv_obj;
out:
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static void p11_forget_made(struct rks_keystore *ks)
{
	struct ks_p11 *p = to_p11(ks);

	pthread_mutex_lock(&p->lock);
	if (p->made_work != CK_INVALID_HANDLE) {
		mod.f->C_DestroyObject(p->session, p->made_work);
		if (p->work == p->made_work)
			p->work = CK_INVALID_HANDLE;
		p->made_work = CK_INVALID_HANDLE;
	}
	if (p->made_master != CK_INVALID_HANDLE) {
		mod.f->C_DestroyObject(p->session, p->made_master);
		if (p->master == p->made_master)
			p->master = CK_INVALID_HANDLE;
		p->made_master = CK_INVALID_HANDLE;
	}
	pthread_mutex_unlock(&p->lock);
}

static void p11_close(struct rks_keystore *ks)
{
	struct ks_p11 *p = to_p11(ks);

	if (p->session != CK_INVALID_HANDLE)
		mod.f->C_CloseSession(p->session);
	module_put();
	pthread_mutex_destroy(&p->lock);
	free(p);
}

static const struct rks_ks_ops p11_ops = {
	.close = p11_close,
	.seal = p11_seal,
	.unseal = p11_unseal,
	.dik1_store = p11_dik1_store,
	.dik1_forget = p11_dik1_forget,
	.dik1_kcv = p11_dik1_kcv,
	.dik2 = p11_dik2,
	.work_key = p11_work_key,
	.oaep_decrypt = p11_oaep_decrypt,
	.work_key_import = p11_work_key_import,
	.work_key_generate = p11_work_key_generate,
	.forget_made = p11_forget_made,
};

/* Session, login, the master key (made if @create), the decoy. */
static int p11_start(struct ks_p11 *p, const struct rks_ks_config *cfg,
		     bool create, char *msg, size_t msg_size)
{
	char pin[PIN_MAX];
	CK_SLOT_ID slot;
	size_t pin_len;
	CK_RV rv;
	int ret;

	ret = find_slot(cfg->token, &slot, msg, msg_size);
	if (ret)
		return ret;
	rv = mod.f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
				  NULL, NULL, &p->session);
	if (rv != CKR_OK) {
		snprintf(msg, msg_size, "%s: cannot open a session: error "
			 "0x%lx", p->ks.desc, (unsigned long)rv);
		return ckr_errno(rv);
	}
	ret = read_pin(cfg->pin_file, pin, &pin_len, msg, msg_size);
	if (ret)
		return ret;
	rv = mod.f->C_Login(p->session, CKU_USER, (CK_UTF8CHAR_PTR)pin,
			    pin_len);
	OPENSSL_cleanse(pin, sizeof(pin));
	if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
		snprintf(msg, msg_size, "%s: login refused (error 0x%lx)%s",
			 p->ks.desc, (unsigned long)rv,
			 rv == CKR_PIN_INCORRECT ? ": wrong PIN" : "");
		return ckr_errno(rv);
	}
	ret = find_object(p, CKO_SECRET_KEY, RKS_KS_LABEL_MASTER, NULL, 0,
			  &p->master);
	if (ret == -ENOENT && create)
		ret = make_master(p);
	if (ret) {
		snprintf(msg, msg_size, "%s: %s master key (label %s)%s",
			 p->ks.desc, ret == -EEXIST ? "more than one" :
			 ret == -ENOENT ? "no" : "cannot make the",
			 RKS_KS_LABEL_MASTER, ret == -ENOENT ?
			 " (`rks-admin init --token` makes it)" : "");
		return ret;
	}
	ret = make_decoy(p);
	if (ret)
		snprintf(msg, msg_size, "%s: cannot make a session DES3 key "
			 "(error %d)", p->ks.desc, ret);
	return ret;
}

int rks_ks_pkcs11_open(const struct rks_ks_config *cfg, bool create,
		       struct rks_keystore **out, char *msg, size_t msg_size)
{
	struct ks_p11 *p;
	int ret;

	if (!cfg->module || !*cfg->module || !cfg->token || !*cfg->token) {
		snprintf(msg, msg_size, "a PKCS#11 key store needs a module "
			 "path and a token label");
		return -EINVAL;
	}
	ret = module_get(cfg->module, msg, msg_size);
	if (ret)
		return ret;
	p = calloc(1, sizeof(*p));
	if (!p) {
		module_put();
		snprintf(msg, msg_size, "out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&p->lock, NULL);
	p->ks.ops = &p11_ops;
	p->ks.kind = RKS_KS_PKCS11;
	p->session = CK_INVALID_HANDLE;
	snprintf(p->ks.desc, sizeof(p->ks.desc), "PKCS#11 token '%s' (%s)",
		 cfg->token, cfg->module);
	ret = p11_start(p, cfg, create, msg, msg_size);
	if (ret) {
		/* a master key made before a later step failed goes too */
		if (p->session != CK_INVALID_HANDLE)
			p11_forget_made(&p->ks);
		p11_close(&p->ks);
		return ret;
	}
	*out = &p->ks;
	return 0;
}
