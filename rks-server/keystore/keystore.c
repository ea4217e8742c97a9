// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keystore.c - the key store's entry points: argument checks shared by
 * both back ends, then the back end's operation (ks_internal.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "ks_internal.h"

int rks_ks_open(const struct rks_ks_config *cfg, bool create,
		struct rks_keystore **out, char *msg, size_t msg_size)
{
	*out = NULL;
	msg[0] = '\0';
	if (cfg && cfg->kind == RKS_KS_FILE)
		return rks_ks_file_open(cfg, create, out, msg, msg_size);
	if (cfg && cfg->kind == RKS_KS_PKCS11)
		return rks_ks_pkcs11_open(cfg, create, out, msg, msg_size);
	snprintf(msg, msg_size, "no key store given");
	return -EINVAL;
}

void rks_ks_close(struct rks_keystore *ks)
{
	if (ks)
		ks->ops->close(ks);
}

enum rks_ks_kind rks_ks_kind(const struct rks_keystore *ks)
{
	return ks->kind;
}

const char *rks_ks_describe(const struct rks_keystore *ks)
{
	return ks->desc;
}

int rks_ks_seal(struct rks_keystore *ks, const char *aad, const uint8_t *pt,
		size_t len, uint8_t *out)
{
	if (!aad || (len && !pt) || len > 4096)
		return -EINVAL;
	return ks->ops->seal(ks, aad, pt, len, out);
}

int rks_ks_unseal(struct rks_keystore *ks, const char *aad,
		  const uint8_t *in, size_t in_len, uint8_t *pt,
		  size_t pt_len)
{
	int ret;

	if (!aad || !in || in_len != RKS_KS_SEALED_LEN(pt_len))
		ret = -EBADMSG;
	else
		ret = ks->ops->unseal(ks, aad, in, in_len, pt, pt_len);
	if (ret && pt_len)
		OPENSSL_cleanse(pt, pt_len);
	return ret;
}

int rks_ks_dik1_store(struct rks_keystore *ks,
		      const uint8_t dik1[RKS_KS_DIK1_LEN],
		      struct rks_dik1_ref *ref)
{
	int ret = ks->ops->dik1_store(ks, dik1, ref);

	if (ret)
		OPENSSL_cleanse(ref, sizeof(*ref));
	return ret;
}

void rks_ks_dik1_forget(struct rks_keystore *ks,
			const struct rks_dik1_ref *ref)
{
	if (ks->ops->dik1_forget)
		ks->ops->dik1_forget(ks, ref);
}

int rks_ks_dik1_kcv(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		    uint8_t kcv[RKS_KS_KCV_LEN])
{
	int ret = ks->ops->dik1_kcv(ks, ref, kcv);

	if (ret)
		memset(kcv, 0, RKS_KS_KCV_LEN);
	return ret;
}

int rks_ks_dik1_export(struct rks_keystore *ks,
		       const struct rks_dik1_ref *ref,
		       uint8_t dik1[RKS_KS_DIK1_LEN])
{
	memset(dik1, 0, RKS_KS_DIK1_LEN);
	return ks->ops->dik1_export ? ks->ops->dik1_export(ks, ref, dik1)
				    : -EPERM;
}

int rks_ks_dik2(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		const char *dsn, size_t dsn_len, const uint8_t *factor,
		size_t factor_len, uint8_t dik2[RKS_KS_DIK1_LEN])
{
	int ret;

	if (!dsn || !dsn_len || !factor || !factor_len)
		return -EINVAL;
	ret = ks->ops->dik2(ks, ref, dsn, dsn_len, factor, factor_len, dik2);
	if (ret)
		OPENSSL_cleanse(dik2, RKS_KS_DIK1_LEN);
	return ret;
}

int rks_ks_work_key(struct rks_keystore *ks, EVP_PKEY *pub, char *why,
		    size_t why_size)
{
	return ks->ops->work_key(ks, pub, why, why_size);
}

int rks_ks_oaep_decrypt(struct rks_keystore *ks, const uint8_t *in,
			size_t in_len, uint8_t *out, size_t out_cap,
			size_t *out_len)
{
	int ret;

	*out_len = 0;
	ret = ks->ops->oaep_decrypt(ks, in, in_len, out, out_cap, out_len);
	if (ret) {
		*out_len = 0;
		OPENSSL_cleanse(out, out_cap);
	}
	return ret;
}

int rks_ks_work_key_import(struct rks_keystore *ks, EVP_PKEY *key)
{
	return ks->ops->work_key_import ? ks->ops->work_key_import(ks, key)
					: -ENOTSUP;
}

int rks_ks_work_key_generate(struct rks_keystore *ks, unsigned int bits,
			     EVP_PKEY **pub, char *msg, size_t msg_size)
{
	*pub = NULL;
	msg[0] = '\0';
	/* 4096: the largest modulus the back ends' buffers take */
	if (bits < 2048 || bits > 4096 || bits % 8) {
		snprintf(msg, msg_size, "RSA key size %u: 2048 to 4096 bits, "
			 "a multiple of 8", bits);
		return -EINVAL;
	}
	return ks->ops->work_key_generate(ks, bits, pub, msg, msg_size);
}

void rks_ks_forget_made(struct rks_keystore *ks)
{
	if (ks && ks->ops->forget_made)
		ks->ops->forget_made(ks);
}

const char *rks_ossl_reason(void)
{
	static __thread char buf[160];
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	if (!e)
		return "not in a format OpenSSL reads";
	ERR_error_string_n(e, buf, sizeof(buf));
	return buf;
}

int rks_secret_file_check(int fd, const char *path, const char *what,
			  char *msg, size_t msg_size)
{
	struct stat sb;

	if (fstat(fd, &sb)) {
		snprintf(msg, msg_size, "%s '%s': %s", what, path,
			 strerror(errno));
		return -errno;
	}
	return rks_secret_stat_check(&sb, path, what, msg, msg_size);
}

int rks_secret_stat_check(const struct stat *st, const char *path,
			  const char *what, char *msg, size_t msg_size)
{
	const struct stat sb = *st;

	if (!S_ISREG(sb.st_mode)) {
		snprintf(msg, msg_size, "%s '%s' is not a regular file", what,
			 path);
		return -EINVAL;
	}
	/* no group or other bits, no execute: 0600 or 0400 */
	if ((sb.st_mode & 07777) != 0600 && (sb.st_mode & 07777) != 0400) {
		snprintf(msg, msg_size, "%s '%s' has mode %04o; it must be "
			 "0600 (readable by its owner only): chmod 600 '%s'",
			 what, path, (unsigned int)(sb.st_mode & 07777), path);
		return -EPERM;
	}
	/* another user's file could be swapped or read by that user */
	if (sb.st_uid != geteuid()) {
		snprintf(msg, msg_size, "%s '%s' is owned by uid %u, not by "
			 "this process's user (uid %u): chown it", what, path,
			 (unsigned int)sb.st_uid, (unsigned int)geteuid());
		return -EPERM;
	}
	return 0;
}
