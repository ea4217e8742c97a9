/* SPDX-License-Identifier: MIT */
/*
 * rkd_keyblock.h - the host's ANSI X9.143 (TR-31) key block codec,
 * versions B (TDES KBPK) and D (AES KBPK), over OpenSSL 3.
 *
 * Both versions derive a key block encryption key (KBEK) and an
 * authentication key (KBAK) from the KBPK with CMAC (X9.143 A.3 / TR-31
 * 5.3.2), MAC the header and the clear payload with CMAC (B: TDES, 8
 * bytes; D: AES, 16 bytes) and encrypt the payload (2-byte key length in
 * bits, key, padding) in CBC mode with the MAC as IV. The rules that the
 * module's parser shares (kmod/keyblock.c) are in ioctl/pinpad_kb.h.
 *
 * The KBPK's algorithm is the version's: B takes a TDES KBPK of 16 or 24
 * bytes, D an AES KBPK of 16, 24 or 32 bytes.
 */
#ifndef RKD_KEYBLOCK_H
#define RKD_KEYBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pinpad.h"
#include "pinpad_kb.h"

/* Header fields, ASCII exactly as in the key block (no NULs) */
struct rkd_kb_attr {
	char usage[2];		/* "K0" "K1" "P0" "D0" "M1" "M3" "M6" */
	char algorithm;		/* 'T' or 'A' */
	char mode;		/* mode of use */
	char version[2];	/* key version number, "00": none */
	char exportability;	/* 'N' */
};

/* The longest block we make or take: the module's limit */
#define RKD_KB_MAX		PINPAD_KB_BLOCK_MAX

/*
 * rkd_kb_wrap() - wrap @key (@key_len bytes) with attributes @attr under
 * @kbpk as a key block of version @kb_version ('B' or 'D'), without
 * optional blocks
 * @obfuscate_len: pad the key to the largest of its algorithm (TDES 24,
 *                 AES 32 bytes) so that the block does not tell its length
 *                 (X9.143 makes this mandatory); 0: pad to the block size
 * @out:           the ASCII block, not NUL-terminated, @out_cap bytes room;
 *                 its length to *@out_len
 * @why:           if not NULL, on error a static text naming what was
 *                 wrong; NULL on success
 * The padding is random (RAND_priv_bytes). The key is checked as
 * rkd_kb_unwrap() would check it (usage and mode, algorithm and length,
 * exportability, strength not above the KBPK's, TDES not degenerate).
 * Return: RKD_OK; RKD_ERR_ARGUMENT (bad version, KBPK or output room);
 * RKD_ERR_KB_REFUSED (attributes or key not allowed); RKD_ERR_WEAK_KEY;
 * RKD_ERR_CRYPTO. @out is wiped on error.
 */
int rkd_kb_wrap(char kb_version, const uint8_t *kbpk, size_t kbpk_len,
		const struct rkd_kb_attr *attr, const uint8_t *key,
		size_t key_len, int obfuscate_len, char *out,
		size_t out_cap, size_t *out_len, const char **why);

/*
 * rkd_kb_unwrap() - check and open the key block @block (@block_len ASCII
 * bytes) under @kbpk
 * @attr:    the header's fields
 * @key:     room for @key_cap bytes (PINPAD_KB_KEY_MAX is always enough);
 *           the clear key's length to *@key_len
 * @why:     as for rkd_kb_wrap()
 * Return: RKD_OK;
 *   RKD_ERR_KB_FORMAT anything wrong before the MAC verifies: length,
 *     header characters, unknown version or one that does not fit the
 *     KBPK, optional blocks (unknown id, bad length, count), hex;
 *   RKD_ERR_BAD_MAC the MAC does not verify (another KBPK, a changed bit);
 *   RKD_ERR_KB_REFUSED an authenticated block the rules refuse: encoded
 *     key length, usage and mode, algorithm and key length, exportability
 *     other than N, a component, a key stronger than its KBPK, a KC or KP
 *     that does not match; RKD_ERR_WEAK_KEY a degenerate TDES key;
 *   RKD_ERR_ARGUMENT (@key_cap too small), RKD_ERR_CRYPTO.
 * @attr, @key and *@key_len are zero on error.
 */
int rkd_kb_unwrap(const uint8_t *kbpk, size_t kbpk_len, const char *block,
		  size_t block_len, struct rkd_kb_attr *attr, uint8_t *key,
		  size_t key_cap, size_t *key_len, const char **why);

/*
 * For tests and tools that need a block the rules would refuse (to show
 * that it is refused) or a fixed padding (the worked example of
 * Documentation/protocol.md):
 * @opt:       optional blocks (ASCII, taken as they are), or NULL
 * @n_opt:     their count, written into the header
 * @pad:       padding bytes to use instead of random ones, or NULL
 * @no_policy: skip the checks of attributes and key
 */
struct rkd_kb_wrap_opts {
	const char *opt;
	unsigned int n_opt;
	const uint8_t *pad;
	bool no_policy;
};
int rkd_kb_wrap_ex(char kb_version, const uint8_t *kbpk, size_t kbpk_len,
		   const struct rkd_kb_attr *attr, const uint8_t *key,
		   size_t key_len, int obfuscate_len,
		   const struct rkd_kb_wrap_opts *opts, char *out,
		   size_t out_cap, size_t *out_len, const char **why);

/*
 * rkd_kb_unwrap_ex() - rkd_kb_unwrap() with @flags:
 * RKD_KB_F_EXPORTABLE also takes exportability E and S. Only for
 * checking the codec against published blocks (TR-31:2018 A.7's say E);
 * whatever stores a key calls rkd_kb_unwrap(), which takes N only.
 */
#define RKD_KB_F_EXPORTABLE	0x1
int rkd_kb_unwrap_ex(const uint8_t *kbpk, size_t kbpk_len,
		     const char *block, size_t block_len,
		     struct rkd_kb_attr *attr, uint8_t *key, size_t key_cap,
		     size_t *key_len, unsigned int flags, const char **why);

#endif /* RKD_KEYBLOCK_H */
