// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ks_file.c - the file key store, the RKS's behaviour before PKCS#11: the
 * master key read from a 0600 file, AES-256-GCM sealing in this process,
 * a DIK1's reference is the clear DIK1 itself, the work private key read
 * from a 0600 PEM file. Every secret is in this process's memory, mlock'ed
 * so that it does not reach swap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "cli_io.h"
#include "ks_internal.h"
#include "rkd_crypto.h"
#include "rkd_err.h"

struct ks_file {
	struct rks_keystore ks;
	uint8_t mk[RKS_KS_MASTER_KEY_LEN];
	const char *work_key_path;
	char work_key_buf[4096];
	EVP_PKEY *work_key;
};

static struct ks_file *to_file(struct rks_keystore *ks)
{
	return (struct ks_file *)ks;
}

static int read_exact_key(int fd, const char *path, uint8_t *mk, char *msg,
			  size_t msg_size)
{
	uint8_t buf[RKS_KS_MASTER_KEY_LEN + 1];
	size_t got = 0;
	int ret = 0;

	/* One byte more than needed tells "too long" from "just right". */
	ret = cli_read_full(fd, buf, sizeof(buf), &got);
	if (ret) {
		snprintf(msg, msg_size, "reading master key file '%s': %s",
			 path, strerror(-ret));
		goto out;
	}
	if (got != RKS_KS_MASTER_KEY_LEN) {
		ret = -EINVAL;
		snprintf(msg, msg_size, "master key file '%s' holds %s%zu "
			 "bytes; it must hold exactly %d", path,
			 got > RKS_KS_MASTER_KEY_LEN ? "more than " : "",
			 got > RKS_KS_MASTER_KEY_LEN ? got - 1 : got,
			 RKS_KS_MASTER_KEY_LEN);
		goto out;
	}
	memcpy(mk, buf, RKS_KS_MASTER_KEY_LEN);
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

static int master_key_load(const char *path, uint8_t *mk, char *msg,
			   size_t msg_size)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msg_size, "cannot open master key file '%s': %s",
			 path, strerror(errno));
		return ret;
	}
	ret = rks_secret_file_check(fd, path, "master key file", msg,
				    msg_size);
	if (!ret)
		ret = read_exact_key(fd, path, mk, msg, msg_size);
	close(fd);
	return ret;
}

int rks_ks_file_write(const char *path, const uint8_t mk[RKS_KS_MASTER_KEY_LEN],
		      char *msg, size_t msg_size)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msg_size, "cannot create master key file '%s': "
			 "%s", path, strerror(errno));
		return ret;
	}
	/* The mode was masked by umask at most: make it exactly 0600. */
	ret = fchmod(fd, 0600) ? -errno :
	      cli_write_full(fd, mk, RKS_KS_MASTER_KEY_LEN);
	if (!ret && fsync(fd))
		ret = -errno;
	if (ret) {
		snprintf(msg, msg_size, "writing master key file '%s': %s",
			 path, strerror(-ret));
		close(fd);
		unlink(path);
		return ret;
	}
	return close(fd) ? -errno : 0;
}

int rks_ks_file_create(const char *path, char *msg, size_t msg_size)
{
	uint8_t mk[RKS_KS_MASTER_KEY_LEN];
	int ret;

	if (RAND_priv_bytes(mk, sizeof(mk)) != 1) {
		snprintf(msg, msg_size, "no random bytes for the master key");
		return -EIO;
	}
	ret = rks_ks_file_write(path, mk, msg, msg_size);
	OPENSSL_cleanse(mk, sizeof(mk));
	return ret;
}

static int file_seal(struct rks_keystore *ks, const char *aad,
		     const uint8_t *pt, size_t len, uint8_t *out)
{
	uint8_t *nonce = out, *ct = out + RKS_KS_GCM_NONCE_LEN;
	uint8_t *tag = ct + len;
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EIO;

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	n = 0;
	if (RAND_bytes(nonce, RKS_KS_GCM_NONCE_LEN) != 1 ||
	    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, to_file(ks)->mk,
			       nonce) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &n, (const uint8_t *)aad,
			      (int)strlen(aad)) != 1 ||
	    (len && EVP_EncryptUpdate(ctx, ct, &n, pt, (int)len) != 1) ||
	    EVP_EncryptFinal_ex(ctx, ct + (len ? n : 0), &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, RKS_KS_GCM_TAG_LEN,
				tag) != 1)
		goto out;
	ret = 0;
out:
	EVP_CIPHER_CTX_free(ctx);	/* wipes the key schedule */
	return ret;
}

static int file_unseal(struct rks_keystore *ks, const char *aad,
		       const uint8_t *in, size_t in_len, uint8_t *pt,
		       size_t pt_len)
{
	const uint8_t *ct = in + RKS_KS_GCM_NONCE_LEN;
	uint8_t none[1], *end;
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EBADMSG;

	(void)in_len;	/* checked by rks_ks_unseal() */
	/* An empty value (the master key check) only authenticates. */
	end = pt_len ? pt + pt_len : none;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, to_file(ks)->mk,
			       in) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, (const uint8_t *)aad,
			      (int)strlen(aad)) != 1 ||
	    (pt_len && (EVP_DecryptUpdate(ctx, pt, &n, ct, (int)pt_len) != 1 ||
			(size_t)n != pt_len)) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, RKS_KS_GCM_TAG_LEN,
				(void *)(ct + pt_len)) != 1 ||
	    EVP_DecryptFinal_ex(ctx, end, &n) != 1)
		goto out;
	ret = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

/* The file back end's reference to a DIK1 is the DIK1. */
static int file_dik1_store(struct rks_keystore *ks, const uint8_t *dik1,
			   struct rks_dik1_ref *ref)
{
	(void)ks;
	memcpy(ref->b, dik1, RKS_KS_DIK1_LEN);
	return 0;
}

static int file_dik1_kcv(struct rks_keystore *ks,
			 const struct rks_dik1_ref *ref, uint8_t *kcv)
{
	(void)ks;
	return rkd_kcv(ref->b, RKS_KS_DIK1_LEN, kcv) ? -EIO : 0;
}

static int file_dik1_export(struct rks_keystore *ks,
			    const struct rks_dik1_ref *ref, uint8_t *dik1)
{
	(void)ks;
	memcpy(dik1, ref->b, RKS_KS_DIK1_LEN);
	return 0;
}

static int file_dik2(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		     const char *dsn, size_t dsn_len, const uint8_t *factor,
		     size_t factor_len, uint8_t *dik2)
{
	(void)ks;
	return rkd_dik2(dsn, dsn_len, factor, factor_len, ref->b, dik2,
			NULL) ? -EIO : 0;
}

/* The private key file must be this user's alone: 0600 or 0400. */
static EVP_PKEY *read_work_key(const char *path, char *why, size_t why_size)
{
	char iobuf[BUFSIZ];	/* the PEM text passes through it: wiped */
	EVP_PKEY *key;
	struct stat st;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		snprintf(why, why_size, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/* not stdio's own buffer, which fclose() frees unwiped */
	setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 077)) {
		snprintf(why, why_size, "%s: the work private key must be a "
			 "regular file of mode 0600 (it is %04o)", path,
			 (unsigned int)(st.st_mode & 07777));
		fclose(f);
		return NULL;
	}
	if (rks_secret_file_check(fileno(f), path, "the work private key",
				  why, why_size)) {
		fclose(f);
		return NULL;
	}
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	if (!key)
		snprintf(why, why_size, "%s: not a PEM private key without a "
			 "passphrase: %s", path, rks_ossl_reason());
	fclose(f);
	OPENSSL_cleanse(iobuf, sizeof(iobuf));
	return key;
}

static int file_work_key(struct rks_keystore *ks, EVP_PKEY *pub, char *why,
			 size_t why_size)
{
	struct ks_file *f = to_file(ks);
	EVP_PKEY *key;

	if (!f->work_key_path) {
		snprintf(why, why_size, "no work private key file given");
		return -EINVAL;
	}
	key = read_work_key(f->work_key_path, why, why_size);
	if (!key)
		return -EINVAL;
	if (EVP_PKEY_eq(pub, key) != 1) {
		snprintf(why, why_size, "%s does not hold the private key of "
			 "the work certificate", f->work_key_path);
		ERR_clear_error();
		EVP_PKEY_free(key);
		return -EKEYREJECTED;
	}
	EVP_PKEY_free(f->work_key);
	f->work_key = key;
	return 0;
}

static int file_oaep_decrypt(struct rks_keystore *ks, const uint8_t *in,
			     size_t in_len, uint8_t *out, size_t out_cap,
			     size_t *out_len)
{
	struct ks_file *f = to_file(ks);
	int r;

	if (!f->work_key)
		return -ENOKEY;
	r = rkd_oaep_decrypt(f->work_key, in, in_len, out, out_cap, out_len);
	if (r == RKD_ERR_DECRYPT)
		return -EBADMSG;
	return r ? -EINVAL : 0;
}

/* @key as a new PEM file @path of mode 0600; removed again if it fails. */
static int write_work_key(const char *path, EVP_PKEY *key, char *msg,
			  size_t msg_size)
{
	char iobuf[BUFSIZ];	/* the PEM text passes through it: wiped */
	int fd, ret = 0;
	FILE *out;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		snprintf(msg, msg_size, "cannot create work key file '%s': %s",
			 path, strerror(errno));
		return -errno;
	}
	/* the mode was masked by umask at most: make it exactly 0600 */
	out = fchmod(fd, 0600) ? NULL : fdopen(fd, "w");
	if (!out) {
		ret = -errno;
		close(fd);
	} else {
		/* not stdio's own buffer, which fclose() frees unwiped */
		setvbuf(out, iobuf, _IOFBF, sizeof(iobuf));
		if (PEM_write_PrivateKey(out, key, NULL, NULL, 0, NULL,
					 NULL) != 1)
			ret = -EIO;
		else if (fflush(out) || fsync(fd))
			ret = -errno;
		if (fclose(out) && !ret)
			ret = -errno;
		OPENSSL_cleanse(iobuf, sizeof(iobuf));
	}
	if (ret) {
		snprintf(msg, msg_size, "writing work key file '%s': %s", path,
			 ret == -EIO ? rks_ossl_reason() : strerror(-ret));
		unlink(path);
	}
	return ret;
}

/* The work key pair made by OpenSSL here, kept in its 0600 PEM file. */
static int file_work_key_generate(struct rks_keystore *ks, unsigned int bits,
				  EVP_PKEY **pub, char *msg, size_t msg_size)
{
	struct ks_file *f = to_file(ks);
	unsigned char *der = NULL;
	const unsigned char *q;
	EVP_PKEY *key;
	int len, ret;

	if (!f->work_key_path) {
		snprintf(msg, msg_size, "no work private key file given");
		return -EINVAL;
	}
	key = EVP_RSA_gen(bits);
	if (!key) {
		snprintf(msg, msg_size, "generating an RSA-%u key: %s", bits,
			 rks_ossl_reason());
		return -EIO;
	}
	ret = write_work_key(f->work_key_path, key, msg, msg_size);
	/* the public half alone, through its SubjectPublicKeyInfo */
	len = ret ? 0 : i2d_PUBKEY(key, &der);
	q = der;
	if (!ret && (len <= 0 || !(*pub = d2i_PUBKEY(NULL, &q, len)))) {
		snprintf(msg, msg_size, "the new public key: %s",
			 rks_ossl_reason());
		unlink(f->work_key_path);
		ret = -EIO;
	}
	OPENSSL_free(der);
	if (ret) {
		EVP_PKEY_free(key);
		return ret;
	}
	EVP_PKEY_free(f->work_key);
	f->work_key = key;
	return 0;
}

static void file_close(struct rks_keystore *ks)
{
	struct ks_file *f = to_file(ks);

	EVP_PKEY_free(f->work_key);
	OPENSSL_cleanse(f->mk, sizeof(f->mk));
	munlock(f, sizeof(*f));
	free(f);
}

static const struct rks_ks_ops file_ops = {
	.close = file_close,
	.seal = file_seal,
	.unseal = file_unseal,
	.dik1_store = file_dik1_store,
	.dik1_kcv = file_dik1_kcv,
	.dik1_export = file_dik1_export,
	.dik2 = file_dik2,
	.work_key = file_work_key,
	.oaep_decrypt = file_oaep_decrypt,
	.work_key_generate = file_work_key_generate,
};

int rks_ks_file_open(const struct rks_ks_config *cfg, bool create,
		     struct rks_keystore **out, char *msg, size_t msg_size)
{
	struct ks_file *f;
	int ret;

	if (!cfg->master_key || !*cfg->master_key) {
		snprintf(msg, msg_size, "no master key file given");
		return -EINVAL;
	}
	if (create && access(cfg->master_key, F_OK) &&
	    (ret = rks_ks_file_create(cfg->master_key, msg, msg_size)))
		return ret;
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(msg, msg_size, "out of memory");
		return -ENOMEM;
	}
	/* best effort: an unprivileged test run may have no lock quota */
	mlock(f, sizeof(*f));
	f->ks.ops = &file_ops;
	f->ks.kind = RKS_KS_FILE;
	snprintf(f->ks.desc, sizeof(f->ks.desc), "file %s", cfg->master_key);
	if (cfg->work_key) {
		snprintf(f->work_key_buf, sizeof(f->work_key_buf), "%s",
			 cfg->work_key);
		f->work_key_path = f->work_key_buf;
	}
	ret = master_key_load(cfg->master_key, f->mk, msg, msg_size);
	if (ret) {
		file_close(&f->ks);
		return ret;
	}
	*out = &f->ks;
	return 0;
}
