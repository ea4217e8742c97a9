// SPDX-License-Identifier: GPL-2.0
/*
 * RSAES-OAEP encryption (RFC 8017 section 7.1.1) with SHA-256, MGF1-SHA-256
 * and the empty label. Neither supported kernel has OAEP, so the module
 * encodes the message itself and encrypts the encoded block with raw RSA
 * (encrypt_blob(), encoding "raw"); see kernel-notes.md.
 */
#include <crypto/algapi.h>
#include <crypto/public_key.h>
#include <crypto/sha2.h>
#include <linux/errno.h>
#include <linux/keyctl.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "rsa_oaep.h"

#define HLEN	SHA256_DIGEST_SIZE

/* SHA-256 of the empty label */
static const u8 pinpad_oaep_lhash[HLEN] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

/* dst ^= MGF1-SHA-256(seed, len) (RFC 8017 B.2.1) */
static void pinpad_mgf1_xor(u8 *dst, size_t len, const u8 *seed,
			    size_t seed_len)
{
	u8 digest[HLEN], counter[4];
	struct sha256_state s;
	size_t off, n;
	u32 c;

	for (c = 0, off = 0; off < len; c++, off += n) {
		counter[0] = c >> 24;
		counter[1] = c >> 16;
		counter[2] = c >> 8;
		counter[3] = c;
		sha256_init(&s);
		sha256_update(&s, seed, seed_len);
		sha256_update(&s, counter, sizeof(counter));
		sha256_final(&s, digest);
		n = min_t(size_t, HLEN, len - off);
		crypto_xor(dst + off, digest, n);
	}
	memzero_explicit(digest, sizeof(digest));
}

/*
 * pinpad_oaep_encode() - EME-OAEP encoding of @msg into @em (@k bytes)
 * @seed: HLEN random bytes
 *
 * Return: 0; -EINVAL if @msg is too long for @k (mlen > k - 2*HLEN - 2).
 */
int pinpad_oaep_encode(u8 *em, size_t k, const u8 *msg, size_t mlen,
		       const u8 *seed)
{
	u8 *masked_seed = em + 1, *db = em + 1 + HLEN;
	size_t db_len = k - HLEN - 1;

	if (k < 2 * HLEN + 2 || mlen > k - 2 * HLEN - 2)
		return -EINVAL;

	/* DB = lHash || PS (zeros) || 0x01 || M */
	memset(em, 0, k);
	memcpy(db, pinpad_oaep_lhash, HLEN);
	db[db_len - mlen - 1] = 0x01;
	memcpy(db + db_len - mlen, msg, mlen);

	memcpy(masked_seed, seed, HLEN);
	pinpad_mgf1_xor(db, db_len, masked_seed, HLEN);	/* maskedDB */
	pinpad_mgf1_xor(masked_seed, HLEN, db, db_len);	/* maskedSeed */
	return 0;
}

/*
 * pinpad_oaep_encrypt() - OAEP-encrypt @msg under the RSA public @key
 * @k:   the modulus size in bytes
 * @out: @k bytes
 *
 * Return: 0 or -errno. The encoded block (which holds @msg masked only by
 * public values) is wiped before returning.
 */
int pinpad_oaep_encrypt(struct key *key, size_t k, const u8 *msg,
			size_t mlen, u8 *out)
{
	struct kernel_pkey_params params = {
		.key = key, .encoding = "raw", .in_len = k, .out_len = k,
	};
	u8 seed[HLEN], *em, *enc;
	int err;

	if (k > PINPAD_RSA_MAX_BYTES)
		return -EINVAL;
	/* encrypt_blob() may build scatterlists on these: no stack buffers */
	em = kmalloc(k, GFP_KERNEL);
	enc = kmalloc(k, GFP_KERNEL);
	err = -ENOMEM;
	if (!em || !enc)
		goto out;

	get_random_bytes(seed, sizeof(seed));
	err = pinpad_oaep_encode(em, k, msg, mlen, seed);
	if (err)
		goto out;
	err = encrypt_blob(&params, em, enc);
	if (err >= 0) {
		/* raw RSA returns the integer's length: left-pad to k */
		size_t n = err;

		if (n > k) {
			err = -EIO;
			goto out;
		}
		memset(out, 0, k - n);
		memcpy(out + k - n, enc, n);
		err = 0;
	}
out:
	memzero_explicit(seed, sizeof(seed));
	kfree_sensitive(em);
	kfree_sensitive(enc);
	return err;
}
