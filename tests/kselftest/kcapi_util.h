/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libkcapi helpers shared by the selftests that reach the module's
 * skciphers through AF_ALG (pinpad_ops_test.c, aes_ops_test.c).
 */
#ifndef KCAPI_UTIL_H
#define KCAPI_UTIL_H

#include <errno.h>
#include <kcapi.h>
#include <stdbool.h>

/* A libkcapi handle on @alg keyed with @key (a token, or a forgery). */
static inline int kc_open(struct kcapi_handle **h, const char *alg,
			  const void *key, unsigned int key_len)
{
	int err = kcapi_cipher_init(h, alg, 0);

	if (err)
		return err;
	return kcapi_cipher_setkey(*h, key, key_len);
}

/* One AF_ALG encryption or decryption: 0 or -errno. */
static inline int kc_crypt(struct kcapi_handle *h, bool encrypt,
			   const void *in, void *out, unsigned int len,
			   const unsigned char *iv)
{
	ssize_t n;

	if (encrypt)
		n = kcapi_cipher_encrypt(h, in, len, iv, out, len,
					 KCAPI_ACCESS_HEURISTIC);
	else
		n = kcapi_cipher_decrypt(h, in, len, iv, out, len,
					 KCAPI_ACCESS_HEURISTIC);
	if (n < 0)
		return (int)n;
	return n == len ? 0 : -EIO;
}

#endif /* KCAPI_UTIL_H */
