/* SPDX-License-Identifier: GPL-2.0-or-later */
/* softdev_internal.h - shared by the software device's own files only. */
#ifndef RKD_SOFTDEV_INTERNAL_H
#define RKD_SOFTDEV_INTERNAL_H

#include <time.h>

#include "rkd_softdev.h"

/* Report one message to the params' trace callback, if any. */
void rkd_softdev_trace(const struct rkd_softdev *d, char dir,
		       unsigned int type, const uint8_t *body, size_t len);

/*
 * softdev_cache.c: the key of a WORK_CERT that matches the cache's entry
 * (root, certificate and list bytes), valid at @now, with a list not
 * older than *@rl_seen (none only if *@rl_seen is 0), *@rl_seen raised
 * to its number; a reference to free. NULL: check in full.
 */
EVP_PKEY *rkd_softdev_cache_get(struct rkd_softdev_cache *c, X509 *root,
				const uint8_t *der, size_t der_len,
				const uint8_t *rl, size_t rl_len, time_t now,
				uint64_t *rl_seen);
/* A WORK_CERT that passed every check: the cache's entry now. */
void rkd_softdev_cache_put(struct rkd_softdev_cache *c, X509 *root,
			   const uint8_t *der, size_t der_len,
			   const uint8_t *rl, size_t rl_len,
			   uint64_t rl_number, X509 *work, EVP_PKEY *pk);
/* A WORK_CERT checked in full (whatever came of it) */
void rkd_softdev_cache_missed(struct rkd_softdev_cache *c);

#endif /* RKD_SOFTDEV_INTERNAL_H */
