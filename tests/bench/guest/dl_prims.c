// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dl_prims.c - each cryptographic primitive of a download's device side,
 * timed alone in the guest, so that a session's device time can be set
 * against the sum of its crypto.
 *
 * The two that dominate are timed through the kernel's own code, the code
 * pinpad.ko calls, reached from userspace by the keys API:
 *   cert     X.509 parse and RSA-2048/SHA-256 signature check of RKS_WCRT,
 *            by adding it to a keyring restricted to the root
 *            (key_or_keyring, as kmod/certs.c does)
 *   rsa      one raw RSA public operation with RKS_WCRT's key
 *            (KEYCTL_PKEY_ENCRYPT "enc=raw": encrypt_blob(), which
 *            kmod/rsa_oaep.c calls)
 * The small ones (SHA-256, HMAC-SHA-256, one TDES block) are timed with
 * OpenSSL in this process: the module uses the kernel's sha256 and libdes
 * instead, so those figures are estimates, and together they are a few
 * percent of the sum.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/keyctl.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <sys/syscall.h>

#include "dl_bench.h"
#include "gbench.h"

#define PRIM_MAX_OPS	1000000UL

static long add_key(const char *type, const char *desc, const void *p,
		    size_t len, long ring)
{
	return syscall(__NR_add_key, type, desc, p, len, ring);
}

static long keyctl(long cmd, long a, long b, long c, long d)
{
	return syscall(__NR_keyctl, cmd, a, b, c, d);
}

struct prim_ctx {
	const struct dl_file *work;
	long ring;		/* restricted to the root */
	long work_key;		/* RKS_WCRT's key, for raw RSA */
	uint8_t in[512], out[512];
	size_t mod_len;
	EVP_CIPHER_CTX *tdes;
	/* fetched once: OpenSSL 3 one-shot calls fetch again each time */
	EVP_MD *md;
	EVP_MD_CTX *md_ctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *mac_ctx;
};

static int prim_cert(void *p)
{
	struct prim_ctx *c = p;
	long id = add_key("asymmetric", NULL, c->work->data, c->work->len,
			  c->ring);

	if (id < 0)
		return -errno;
	keyctl(KEYCTL_UNLINK, id, c->ring, 0, 0);
	return 0;
}

static int prim_rsa(void *p)
{
	struct prim_ctx *c = p;
	struct keyctl_pkey_params kp = {
		.key_id = (int32_t)c->work_key,
		.in_len = (uint32_t)c->mod_len,
		.out_len = (uint32_t)c->mod_len,
	};

	if (keyctl(KEYCTL_PKEY_ENCRYPT, (long)&kp, (long)"enc=raw",
		   (long)c->in, (long)c->out) < 0)
		return -errno;
	return 0;
}

static int prim_sha(void *p)
{
	struct prim_ctx *c = p;
	unsigned int n = 0;

	/* OAEP's MGF1 hashes 36 bytes, TK_SHA2 24: one block either way */
	return EVP_DigestInit_ex(c->md_ctx, c->md, NULL) == 1 &&
	       EVP_DigestUpdate(c->md_ctx, c->in, 36) == 1 &&
	       EVP_DigestFinal_ex(c->md_ctx, c->out, &n) == 1 ? 0 : -EIO;
}

static int prim_hmac(void *p)
{
	struct prim_ctx *c = p;
	size_t n = 0;

	/* a KEY message's MAC: 32-byte K_MAC over type and 32 bytes */
	return EVP_MAC_init(c->mac_ctx, c->in, 32, NULL) == 1 &&
	       EVP_MAC_update(c->mac_ctx, c->in + 32, 33) == 1 &&
	       EVP_MAC_final(c->mac_ctx, c->out, &n, 32) == 1 ? 0 : -EIO;
}

static int prim_tdes(void *p)
{
	struct prim_ctx *c = p;
	int n = 0;

	return EVP_EncryptUpdate(c->tdes, c->out, &n, c->in, 8) == 1 ? 0 :
	       -EIO;
}

/* The keyrings: the root in one, and one that only it may sign into. */
static int prim_setup(struct prim_ctx *c, const struct dl_file *root)
{
	OSSL_PARAM hmac_params[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
		OSSL_PARAM_END,
	};
	char restriction[48];
	long root_ring;

	root_ring = add_key("keyring", "pinpad-bench-root", NULL, 0,
			    KEY_SPEC_PROCESS_KEYRING);
	if (root_ring < 0 ||
	    add_key("asymmetric", NULL, root->data, root->len,
		    root_ring) < 0)
		return -errno;
	c->ring = add_key("keyring", "pinpad-bench-work", NULL, 0,
			  KEY_SPEC_PROCESS_KEYRING);
	snprintf(restriction, sizeof(restriction), "key_or_keyring:%ld",
		 root_ring);
	if (c->ring < 0 ||
	    keyctl(KEYCTL_RESTRICT_KEYRING, c->ring, (long)"asymmetric",
		   (long)restriction, 0) < 0)
		return -errno;
	c->work_key = add_key("asymmetric", "pinpad-bench-wcrt",
			      c->work->data, c->work->len,
			      KEY_SPEC_PROCESS_KEYRING);
	if (c->work_key < 0)
		return -errno;
	c->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	c->md_ctx = EVP_MD_CTX_new();
	c->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	c->mac_ctx = c->mac ? EVP_MAC_CTX_new(c->mac) : NULL;
	if (!c->md || !c->md_ctx || !c->mac_ctx ||
	    EVP_MAC_CTX_set_params(c->mac_ctx, hmac_params) != 1)
		return -EIO;
	c->tdes = EVP_CIPHER_CTX_new();
	memset(c->in, 0x5a, sizeof(c->in));
	c->in[0] = 0;		/* raw RSA input below the modulus */
	if (!c->tdes ||
	    EVP_EncryptInit_ex(c->tdes, EVP_des_ede3_ecb(), NULL,
			       (const uint8_t *)"0123456789abcdefFEDCBA98",
			       NULL) != 1)
		return -EIO;
	return 0;
}

int dl_prims(const struct dl_file *work, const struct dl_file *root,
	     size_t mod_len, double secs, struct dl_prims *out)
{
	struct prim_ctx c = { .work = work, .mod_len = mod_len };
	static const struct {
		const char *name;
		gb_op_fn fn;
		size_t off;
	} prims[] = {
		{ "cert", prim_cert, offsetof(struct dl_prims, cert_us) },
		{ "rsa", prim_rsa, offsetof(struct dl_prims, rsa_us) },
		{ "sha", prim_sha, offsetof(struct dl_prims, sha_us) },
		{ "hmac", prim_hmac, offsetof(struct dl_prims, hmac_us) },
		{ "tdes", prim_tdes, offsetof(struct dl_prims, tdes_us) },
	};
	double rate;
	size_t i;
	int r;

	if (mod_len < 256 || mod_len > sizeof(c.in))
		return -EINVAL;
	r = prim_setup(&c, root);
	for (i = 0; r == 0 && i < sizeof(prims) / sizeof(prims[0]); i++) {
		rate = gb_rate(prims[i].fn, &c, secs, PRIM_MAX_OPS, NULL);
		if (rate <= 0) {
			r = rate < 0 ? (int)rate : -EIO;
			fprintf(stderr, "pinpad-dl-bench: primitive %s: %s\n",
				prims[i].name, strerror(-r));
			break;
		}
		*(double *)((char *)out + prims[i].off) = 1e6 / rate;
	}
	EVP_CIPHER_CTX_free(c.tdes);
	EVP_MD_CTX_free(c.md_ctx);
	EVP_MD_free(c.md);
	EVP_MAC_CTX_free(c.mac_ctx);
	EVP_MAC_free(c.mac);
	return r;
}
