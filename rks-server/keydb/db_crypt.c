// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_crypt.c - keys at rest: every stored key value is sealed by the key
 * store (keystore.h: AES-256-GCM under the master key, in this process or
 * in a PKCS#11 token) with its row's identity as associated data.
 *
 * A sealed value is nonce[12] || ciphertext || tag[16], with a random
 * nonce per seal. The associated data names the table and the row (and,
 * for a key to deliver, its DSN, slot, usage and length), so a ciphertext
 * copied into another row, or a row whose slot or usage was edited, fails
 * to authenticate instead of yielding a key for the wrong place.
 */
#include <inttypes.h>
#include <stdio.h>

#include "db_internal.h"

int rks_master_key_create(const char *path, char *msg, size_t msg_size)
{
	return rks_ks_file_create(path, msg, msg_size);
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
		 unsigned int slot, unsigned int usage, unsigned int len)
{
	snprintf(aad, RKS_AAD_MAX, "rks-db/1 keys id=%" PRId64 " slot=%u "
		 "usage=%u len=%u dsn=%s", id, slot, usage, len, dsn);
}

void rks_aad_meta(char aad[RKS_AAD_MAX], const char *name)
{
	snprintf(aad, RKS_AAD_MAX, "rks-db/1 meta name=%s", name);
}
