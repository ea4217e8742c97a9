// SPDX-License-Identifier: GPL-2.0
/*
 * The revocation list of work certificates (Documentation/protocol.md,
 * "Revocation list"): a small structure the root signs, with a number
 * that only grows. The device keeps the highest number it has seen in its
 * sealed state, refuses a list older than that, and refuses a work
 * certificate the list names.
 *
 *   "PPRL" | version 01 | number (be64, >= 1) | count k (be16, <= 100) |
 *   k x SHA-256 of a revoked work certificate's DER |
 *   RSASSA-PKCS1-v1_5 SHA-256 signature by the root over all before it
 */
#include <crypto/hash_info.h>
#include <crypto/public_key.h>
#include <crypto/sha2.h>
#include <keys/asymmetric-type.h>
#include <linux/key.h>
#include <linux/string.h>

#include "compat.h"
#include "device.h"
#include "revocation.h"
#include "seal.h"

#define PINPAD_RL_HDR_LEN	15
#define PINPAD_RL_MAX		100

/*
 * pinpad_revocation_check() - the revocation list sent with @cert (S303)
 * @rl: @rl_len bytes after the certificate in WORK_CERT; 0: no list
 *
 * The list must be the root's (signature), not older than the newest one
 * this device has seen, and must not name @cert; a newer list's number is
 * kept (and the state marked for sealing). A device that has seen a list
 * refuses a WORK_CERT without one. The reason goes to the kernel log
 * (through its own rate limit, device.h). Caller holds dev->lock.
 *
 * Return: 0; -EKEYREJECTED; -ENOMEM.
 */
int pinpad_revocation_check(struct pinpad_device *dev, const u8 *cert,
			    u32 cert_len, const u8 *rl, u32 rl_len)
{
	struct public_key_signature sig = {};
	u8 digest[SHA256_DIGEST_SIZE], hash[SHA256_DIGEST_SIZE];
	const char *why = NULL;
	u32 count, signed_len, i;
	u64 number;
	int err;

	lockdep_assert_held(&dev->lock);

	if (!rl_len) {
		if (!dev->rl_number)
			return 0;
		pinpad_cert_warn_rl(dev, "certs: work certificate refused: %s %llu)\n",
				    "no revocation list (this device has seen list",
				    dev->rl_number);
		return -EKEYREJECTED;
	}
	if (rl_len < PINPAD_RL_HDR_LEN || memcmp(rl, "PPRL\x01", 5)) {
		why = "the revocation list is malformed";
		goto refuse;
	}
	number = get_unaligned_be64(rl + 5);
	count = get_unaligned_be16(rl + 13);
	signed_len = PINPAD_RL_HDR_LEN + count * SHA256_DIGEST_SIZE;
	if (!number || count > PINPAD_RL_MAX || rl_len <= signed_len) {
		why = "the revocation list is malformed";
		goto refuse;
	}

	sha256(rl, signed_len, digest);
	sig.s = (u8 *)rl + signed_len;
	sig.s_size = rl_len - signed_len;
	sig.digest = digest;
	sig.digest_size = sizeof(digest);
	sig.pkey_algo = "rsa";
	sig.hash_algo = "sha256";
	sig.encoding = "pkcs1";
	err = verify_signature(dev->root_key, &sig);
	if (err == -ENOMEM)
		return err;
	if (err) {
		why = "the revocation list is not signed by the root";
		goto refuse;
	}
	if (number < dev->rl_number) {
		pinpad_cert_warn_rl(dev, "certs: work certificate refused: %s (%llu < %llu)\n",
				    "the revocation list is older than one seen",
				    number, dev->rl_number);
		return -EKEYREJECTED;
	}
	/* authentic and not older: keep its number, whatever comes next */
	if (number > dev->rl_number) {
		dev->rl_number = number;
		pinpad_device_changed(dev);
		pr_info("certs: revocation list %llu\n", number);
	}
	sha256(cert, cert_len, hash);
	for (i = 0; i < count; i++)
		if (!memcmp(rl + PINPAD_RL_HDR_LEN + i * SHA256_DIGEST_SIZE,
			    hash, sizeof(hash))) {
			why = "revoked (named by the revocation list)";
			goto refuse;
		}
	return 0;

refuse:
	pinpad_cert_warn_rl(dev, "certs: work certificate refused: %s\n", why);
	return -EKEYREJECTED;
}
