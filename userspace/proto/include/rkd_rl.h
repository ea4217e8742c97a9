/* SPDX-License-Identifier: MIT */
/*
 * rkd_rl.h - the revocation list of work certificates
 * (Documentation/protocol.md, "Revocation list"), sent after the work
 * certificate in WORK_CERT:
 *
 *   "PPRL" | 01 | number (be64, >= 1) | count k (be16, 0..100) |
 *   k x SHA-256 of a revoked work certificate's DER |
 *   RSASSA-PKCS1-v1_5 SHA-256 signature by the root over all before it
 *
 * The module (kmod/revocation.c) checks it as rkd_rl_check() does.
 */
#ifndef RKD_RL_H
#define RKD_RL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#define RKD_RL_MAX		100	/* revoked certificates per list */
#define RKD_RL_HDR_LEN		15

/*
 * rkd_rl_make() - a list numbered @number naming @count SHA-256 hashes,
 * signed with the root's private key @root_key
 * Return: RKD_OK with *@out_len bytes at @out; RKD_ERR_ARGUMENT (number 0,
 * too many, no room); RKD_ERR_CRYPTO.
 */
int rkd_rl_make(EVP_PKEY *root_key, uint64_t number,
		const uint8_t (*hashes)[32], size_t count, uint8_t *out,
		size_t cap, size_t *out_len);

/*
 * rkd_rl_check() - check @rl as a device with root @root that has seen
 * list @seen checks it for the work certificate @cert (DER)
 * @number: out, the list's number (0 if malformed)
 * Return: NULL if the list is the root's, not older than @seen, and does
 * not name @cert; else the reason, as the module words it.
 */
const char *rkd_rl_check(const uint8_t *rl, size_t len, X509 *root,
			 const uint8_t *cert, size_t cert_len, uint64_t seen,
			 uint64_t *number);

#endif /* RKD_RL_H */
