// SPDX-License-Identifier: GPL-2.0
/*
 * The key derivation function of protocol version 2: NIST SP 800-108r1
 * section 4.1, KDF in counter mode, PRF HMAC-SHA-256 (hmac_sha256.c over
 * the kernel's sha256 library), a 32-bit big-endian counter before the
 * fixed data. It derives the CHALLENGE keys from DIK2 and K_MAC from TK
 * (Documentation/protocol.md, "Keys derived in version 2"); the host side
 * is OpenSSL's KBKDF, and the known answer below is NIST's.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "compat.h"
#include "hmac_sha256.h"
#include "kdf.h"

/*
 * K(i) = HMAC(key, [i]_32 || part1 || [00] || part2 || [[L]_32]), with the
 * separator and L only if @structured; out = K(1) || K(2) ... truncated.
 */
static void pinpad_kdf_ctr(const u8 *key, size_t key_len, const u8 *part1,
			   size_t part1_len, const u8 *part2,
			   size_t part2_len, bool structured, u8 *out,
			   size_t out_len)
{
	u8 block[SHA256_DIGEST_SIZE], be[4], zero = 0;
	u32 l_bits = out_len * 8, i;
	struct pinpad_hmac h;
	size_t n;

	for (i = 1; out_len; i++) {
		pinpad_hmac_init(&h, key, key_len);
		put_unaligned_be32(i, be);
		pinpad_hmac_update(&h, be, sizeof(be));
		pinpad_hmac_update(&h, part1, part1_len);
		if (structured)
			pinpad_hmac_update(&h, &zero, 1);
		pinpad_hmac_update(&h, part2, part2_len);
		if (structured) {
			put_unaligned_be32(l_bits, be);
			pinpad_hmac_update(&h, be, sizeof(be));
		}
		pinpad_hmac_final(&h, block);
		n = min_t(size_t, out_len, sizeof(block));
		memcpy(out, block, n);
		out += n;
		out_len -= n;
	}
	memzero_explicit(block, sizeof(block));
}

/*
 * pinpad_kdf() - SP 800-108r1 counter-mode KDF with HMAC-SHA-256
 * @key:     the key-derivation key, at most 64 bytes (DIK2, TK: 24)
 * @label:   ASCII label, without its NUL
 * @context: the context (here a 32-byte transcript hash)
 * @out:     @out_len bytes, L = 8 * @out_len bits
 *
 * K(i) = HMAC(key, [i]_32 || label || 00 || context || [L]_32), i = 1..
 */
void pinpad_kdf(const u8 *key, size_t key_len, const char *label,
		const u8 *context, size_t context_len, u8 *out, size_t out_len)
{
	pinpad_kdf_ctr(key, key_len, (const u8 *)label, strlen(label),
		       context, context_len, true, out, out_len);
}

/*
 * NIST CAVP KBKDF vectors (KDFCTR_gen.rsp), [PRF=HMAC_SHA256]
 * [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS], COUNT=0: L = 128 bits.
 */
static const u8 pinpad_kdf_kat_key[32] = {
	0xdd, 0x1d, 0x91, 0xb7, 0xd9, 0x0b, 0x2b, 0xd3,
	0x13, 0x85, 0x33, 0xce, 0x92, 0xb2, 0x72, 0xfb,
	0xf8, 0xa3, 0x69, 0x31, 0x6a, 0xef, 0xe2, 0x42,
	0xe6, 0x59, 0xcc, 0x0a, 0xe2, 0x38, 0xaf, 0xe0,
};

static const u8 pinpad_kdf_kat_fixed[60] = {
	0x01, 0x32, 0x2b, 0x96, 0xb3, 0x0a, 0xcd, 0x19,
	0x79, 0x79, 0x44, 0x4e, 0x46, 0x8e, 0x1c, 0x5c,
	0x68, 0x59, 0xbf, 0x1b, 0x1c, 0xf9, 0x51, 0xb7,
	0xe7, 0x25, 0x30, 0x3e, 0x23, 0x7e, 0x46, 0xb8,
	0x64, 0xa1, 0x45, 0xfa, 0xb2, 0x5e, 0x51, 0x7b,
	0x08, 0xf8, 0x68, 0x3d, 0x03, 0x15, 0xbb, 0x29,
	0x11, 0xd8, 0x0a, 0x0e, 0x8a, 0xba, 0x17, 0xf3,
	0xb4, 0x13, 0xfa, 0xac,
};

static const u8 pinpad_kdf_kat_out[16] = {
	0x10, 0x62, 0x13, 0x42, 0xbf, 0xb0, 0xfd, 0x40,
	0x04, 0x6c, 0x0e, 0x29, 0xf2, 0xcf, 0xdb, 0xf0,
};

/* pinpad_kdf_selftest() - Return: 0, or -EIO if the known answer fails */
int pinpad_kdf_selftest(void)
{
	u8 out[sizeof(pinpad_kdf_kat_out)];

	pinpad_kdf_ctr(pinpad_kdf_kat_key, sizeof(pinpad_kdf_kat_key),
		       pinpad_kdf_kat_fixed, sizeof(pinpad_kdf_kat_fixed),
		       NULL, 0, false, out, sizeof(out));
	if (memcmp(out, pinpad_kdf_kat_out, sizeof(out))) {
		pr_err("self-test SP 800-108 KDF: FAILED\n");
		return -EIO;
	}
	return 0;
}
