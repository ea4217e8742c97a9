// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * comp_split.c - rks-admin's side of components (components.h): splitting
 * a key for its custodians, and naming them in the audit. Apart from
 * components.c, which rks-factory links too, since these need the key
 * database's TDES rules.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "admin.h"
#include "components.h"

int comp_split(const uint8_t *key, size_t len, unsigned int n,
	       uint8_t comp[][24], uint8_t kcv[][RKD_KCV_LEN])
{
	unsigned int i;
	size_t j;

	memcpy(comp[n - 1], key, len);
	for (i = 0; i + 1 < n; i++) {
		if (RAND_priv_bytes(comp[i], (int)len) != 1)
			return -EIO;
		rks_tdes_odd_parity(comp[i], len);
		for (j = 0; j < len; j++)
			comp[n - 1][j] ^= comp[i][j];
	}
	for (i = 0; i < n; i++)
		if (rks_tdes_kcv(comp[i], len, kcv[i]))
			return -EIO;
	return 0;
}

const char *comp_actor(const struct comp_custodians *c, char *buf,
		       size_t size)
{
	char names[COMP_MAX * (COMP_NAME_MAX + 2) + 1];

	if (!c->n)
		return admin_actor();
	snprintf(buf, size, "%s, custodians %s", admin_actor(),
		 comp_names(c, names, sizeof(names)));
	return buf;
}
