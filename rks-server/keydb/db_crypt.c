// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_crypt.c - keys at rest: the master key file, and AES-256-GCM sealing
 * of every stored key value with its row's identity as associated data.
 *
 * A sealed value is nonce[12] || ciphertext || tag[16], with a random
 * nonce per seal. The associated data names the table and the row (and,
 * for a key to deliver, its DSN, slot, usage and length), so a ciphertext
 * copied into another row, or a row whose slot or usage was edited, fails
 * to authenticate instead of yielding a key for the wrong place.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "cli_io.h"
#include "db_internal.h"

/* A master key file must be readable by its owner and nobody else. */
static bool master_key_mode_ok(mode_t mode)
{
	mode &= 07777;
	return mode == 0600 || mode == 0400;
}

static int read_exact_key(int fd, const char *path, uint8_t *mk, char *msg,
			  size_t msg_size)
{
	uint8_t buf[RKS_MASTER_KEY_LEN + 1];
	size_t got = 0;
	int ret = 0;

	/* One byte more than needed tells "too long" from "just right". */
	ret = cli_read_full(fd, buf, sizeof(buf), &got);
	if (ret) {
		snprintf(msg, msg_size, "reading master key file '%s': %s",
			 path, strerror(-ret));
		goto out;
	}
	if (got != RKS_MASTER_KEY_LEN) {
		ret = -EINVAL;
		snprintf(msg, msg_size, "master key file '%s' holds %s%zu "
			 "bytes; it must hold exactly %d", path,
			 got > RKS_MASTER_KEY_LEN ? "more than " : "",
			 got > RKS_MASTER_KEY_LEN ? got - 1 : got,
			 RKS_MASTER_KEY_LEN);
		goto out;
	}
	memcpy(mk, buf, RKS_MASTER_KEY_LEN);
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

int rks_master_key_load(const char *path, uint8_t mk[RKS_MASTER_KEY_LEN],
			char *msg, size_t msg_size)
{
	struct stat sb;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msg_size, "cannot open master key file '%s': %s",
			 path, strerror(errno));
		return ret;
	}
	/* fstat the file we read, not the name: no race with a rename. */
	if (fstat(fd, &sb)) {
		ret = -errno;
		snprintf(msg, msg_size, "master key file '%s': %s", path,
			 strerror(errno));
	} else if (!S_ISREG(sb.st_mode)) {
		ret = -EINVAL;
		snprintf(msg, msg_size, "master key file '%s' is not a "
			 "regular file", path);
	} else if (!master_key_mode_ok(sb.st_mode)) {
		ret = -EPERM;
		snprintf(msg, msg_size, "master key file '%s' has mode %04o; "
			 "it must be 0600 (readable by its owner only): "
			 "chmod 600 '%s'", path,
			 (unsigned int)(sb.st_mode & 07777), path);
	} else {
		ret = read_exact_key(fd, path, mk, msg, msg_size);
	}
	close(fd);
	return ret;
}

int rks_master_key_create(const char *path, char *msg, size_t msg_size)
{
	uint8_t mk[RKS_MASTER_KEY_LEN];
	int fd, ret;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msg_size, "cannot create master key file '%s': "
			 "%s", path, strerror(errno));
		return ret;
	}
	if (RAND_priv_bytes(mk, sizeof(mk)) != 1) {
		ret = -EIO;
		snprintf(msg, msg_size, "no random bytes for the master key");
		goto fail;
	}
	/* The mode was masked by umask at most: make it exactly 0600. */
	ret = fchmod(fd, 0600) ? -errno : cli_write_full(fd, mk, sizeof(mk));
	if (!ret && fsync(fd))
		ret = -errno;
	if (ret) {
		snprintf(msg, msg_size, "writing master key file '%s': %s",
			 path, strerror(-ret));
		goto fail;
	}
	OPENSSL_cleanse(mk, sizeof(mk));
	return close(fd) ? -errno : 0;
fail:
	OPENSSL_cleanse(mk, sizeof(mk));
	close(fd);
	unlink(path);
	return ret;
}

int rks_seal(const uint8_t *mk, const char *aad, const uint8_t *pt,
	     size_t len, uint8_t *out)
{
	uint8_t *nonce = out, *ct = out + RKS_GCM_NONCE_LEN;
	uint8_t *tag = ct + len;
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EIO;

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	n = 0;
	if (RAND_bytes(nonce, RKS_GCM_NONCE_LEN) != 1 ||
	    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, mk, nonce) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &n, (const uint8_t *)aad,
			      (int)strlen(aad)) != 1 ||
	    (len && EVP_EncryptUpdate(ctx, ct, &n, pt, (int)len) != 1) ||
	    EVP_EncryptFinal_ex(ctx, ct + (len ? n : 0), &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, RKS_GCM_TAG_LEN,
				tag) != 1)
		goto out;
	ret = 0;
out:
	EVP_CIPHER_CTX_free(ctx);	/* wipes the key schedule */
	return ret;
}

int rks_unseal(const uint8_t *mk, const char *aad, const uint8_t *in,
	       size_t in_len, uint8_t *pt, size_t pt_len)
{
	const uint8_t *ct;
	uint8_t none[1], *end;
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EBADMSG;

	if (!in || in_len != RKS_SEALED_LEN(pt_len))
		return -EBADMSG;
	ct = in + RKS_GCM_NONCE_LEN;
	/* An empty value (the master key check) only authenticates. */
	end = pt_len ? pt + pt_len : none;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, mk, in) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, (const uint8_t *)aad,
			      (int)strlen(aad)) != 1 ||
	    (pt_len && (EVP_DecryptUpdate(ctx, pt, &n, ct, (int)pt_len) != 1 ||
			(size_t)n != pt_len)) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, RKS_GCM_TAG_LEN,
				(void *)(ct + pt_len)) != 1 ||
	    EVP_DecryptFinal_ex(ctx, end, &n) != 1) {
		if (pt_len)
			OPENSSL_cleanse(pt, pt_len);
		goto out;
	}
	ret = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

/*
 * The associated data of each kind of row. Every field but the DSN is a
 * number with a fixed name before it, and the DSN comes last, so no two
 * rows share an encoding.
 */
void rks_aad_dik1(char aad[RKS_AAD_MAX], int64_t id)
{
	snprintf(aad, RKS_AAD_MAX, "rks-db/1 dik1s id=%" PRId64, id);
}

void rks_aad_key(char aad[RKS_AAD_MAX], int64_t id, const char *dsn,
		 unsigned int slot, unsigned int usage, unsigned int len,
		 const struct rks_key_attr *attr)
{
	struct rks_key_attr def;
	int n;

	n = snprintf(aad, RKS_AAD_MAX, "rks-db/1 keys id=%" PRId64 " slot=%u "
		     "usage=%u len=%u dsn=%s", id, slot, usage, len, dsn);
	rks_key_attr_default(usage, &def);
	if (n > 0 && n < RKS_AAD_MAX && memcmp(attr, &def, sizeof(def)))
		snprintf(aad + n, RKS_AAD_MAX - (size_t)n,
			 " alg=%c kb=%.2s%c%.2s", attr->alg, attr->usage,
			 attr->mode, attr->version);
}

void rks_aad_meta(char aad[RKS_AAD_MAX], const char *name)
{
	snprintf(aad, RKS_AAD_MAX, "rks-db/1 meta name=%s", name);
}
