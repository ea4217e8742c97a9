// SPDX-License-Identifier: GPL-2.0
/*
 * TDES ECB and CBC over the kernel's des3_ede library (libdes).
 *
 * The library's single-block functions are used instead of the crypto API
 * because the keys never leave this module: there is no tfm whose key a
 * caller could set, and nothing to allocate in the data path.
 */
#include <crypto/algapi.h>
#include <linux/string.h>

#include "tdes.h"

/*
 * pinpad_tdes_ecb() - TDES-ECB over whole blocks; @dst may equal @src
 * @len: a multiple of PINPAD_BLOCK_LEN (checked by the caller)
 */
void pinpad_tdes_ecb(const struct pinpad_key *k, bool encrypt,
		     u8 *dst, const u8 *src, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += PINPAD_BLOCK_LEN) {
		if (encrypt)
			des3_ede_encrypt(&k->sched.tdes, dst + off, src + off);
		else
			des3_ede_decrypt(&k->sched.tdes, dst + off, src + off);
	}
}

/*
 * pinpad_tdes_cbc() - TDES-CBC over whole blocks; @dst may equal @src
 * @iv: the chaining value in; on return, the one for a following call
 */
void pinpad_tdes_cbc(const struct pinpad_key *k, bool encrypt,
		     u8 iv[PINPAD_BLOCK_LEN], u8 *dst, const u8 *src,
		     size_t len)
{
	u8 block[PINPAD_BLOCK_LEN];
	size_t off;

	for (off = 0; off < len; off += PINPAD_BLOCK_LEN) {
		if (encrypt) {
			crypto_xor_cpy(block, src + off, iv, PINPAD_BLOCK_LEN);
			des3_ede_encrypt(&k->sched.tdes, dst + off, block);
			memcpy(iv, dst + off, PINPAD_BLOCK_LEN);
		} else {
			/* keep the ciphertext: dst may overwrite it */
			memcpy(block, src + off, PINPAD_BLOCK_LEN);
			des3_ede_decrypt(&k->sched.tdes, dst + off, block);
			crypto_xor(dst + off, iv, PINPAD_BLOCK_LEN);
			memcpy(iv, block, PINPAD_BLOCK_LEN);
		}
	}
	memzero_explicit(block, sizeof(block));
}
