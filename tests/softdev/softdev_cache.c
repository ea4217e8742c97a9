// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * softdev_cache.c - the opt-in WORK_CERT verdict cache of the software
 * device, for load generators (rkd_softdev.h, rkd_softdev_cache_new()).
 * It holds one entry: the last certificate and list that passed every
 * check. It only ever accepts; every refusal is the full checks'.
 */
#include <stdbool.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "rkd_cert.h"
#include "rkd_err.h"
#include "softdev_internal.h"

struct rkd_softdev_cache {
	X509 *root;		/* the root it passed against (a reference) */
	uint8_t *cert;		/* RKS_WCRT as sent, DER; NULL: empty */
	size_t cert_len;
	uint8_t *rl;		/* the list sent with it; NULL if none */
	size_t rl_len;
	uint64_t rl_number;	/* that list's number; 0: none */
	X509 *work;		/* the certificate, parsed */
	EVP_PKEY *pk;		/* its public key */
	unsigned long hits, misses;
};

/* Forget the entry (the counters stay). */
static void rkd_softdev_cache_clear(struct rkd_softdev_cache *c)
{
	X509_free(c->root);
	X509_free(c->work);
	EVP_PKEY_free(c->pk);
	OPENSSL_free(c->cert);
	OPENSSL_free(c->rl);
	c->root = c->work = NULL;
	c->pk = NULL;
	c->cert = c->rl = NULL;
	c->cert_len = c->rl_len = 0;
	c->rl_number = 0;
}

int rkd_softdev_cache_new(struct rkd_softdev_cache **out)
{
	*out = OPENSSL_zalloc(sizeof(**out));
	return *out ? RKD_OK : RKD_ERR_ALLOC;
}

void rkd_softdev_cache_free(struct rkd_softdev_cache *c)
{
	if (!c)
		return;
	rkd_softdev_cache_clear(c);
	OPENSSL_free(c);
}

void rkd_softdev_cache_stats(const struct rkd_softdev_cache *c,
			     unsigned long *hits, unsigned long *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}

static bool rkd_bytes_eq(const uint8_t *a, size_t a_len, const uint8_t *b,
			 size_t b_len)
{
	return a_len == b_len && (!a_len || memcmp(a, b, a_len) == 0);
}

EVP_PKEY *rkd_softdev_cache_get(struct rkd_softdev_cache *c, X509 *root,
				const uint8_t *der, size_t der_len,
				const uint8_t *rl, size_t rl_len, time_t now,
				uint64_t *rl_seen)
{
	if (!c->cert || c->root != root ||
	    !rkd_bytes_eq(c->cert, c->cert_len, der, der_len) ||
	    !rkd_bytes_eq(c->rl, c->rl_len, rl, rl_len))
		return NULL;
	/*
	 * What may have changed with the same bytes. The clock: every check
	 * of the profile that needs no root, the validity dates among them
	 * (the root's signature and names cannot change). The device's
	 * newest list: the rules of rkd_softdev_check_rl() that depend on
	 * it. Either failing: the full checks, which then refuse.
	 */
	if (rkd_work_profile(c->work, NULL, now))
		return NULL;
	if (rl_len ? c->rl_number < *rl_seen : *rl_seen != 0)
		return NULL;
	if (!EVP_PKEY_up_ref(c->pk))
		return NULL;
	if (c->rl_number > *rl_seen)
		*rl_seen = c->rl_number;
	c->hits++;
	return c->pk;
}

void rkd_softdev_cache_missed(struct rkd_softdev_cache *c)
{
	c->misses++;
}

void rkd_softdev_cache_put(struct rkd_softdev_cache *c, X509 *root,
			   const uint8_t *der, size_t der_len,
			   const uint8_t *rl, size_t rl_len,
			   uint64_t rl_number, X509 *work, EVP_PKEY *pk)
{
	rkd_softdev_cache_clear(c);
	if (!X509_up_ref(root))
		return;
	c->root = root;
	if (!X509_up_ref(work))
		goto fail;
	c->work = work;
	if (!EVP_PKEY_up_ref(pk))
		goto fail;
	c->pk = pk;
	c->cert = OPENSSL_memdup(der, der_len);
	c->rl = rl_len ? OPENSSL_memdup(rl, rl_len) : NULL;
	if (!c->cert || (rl_len && !c->rl))
		goto fail;
	c->cert_len = der_len;
	c->rl_len = rl_len;
	c->rl_number = rl_number;
	return;
fail:
	/* no entry: every session checked in full */
	rkd_softdev_cache_clear(c);
}
