// SPDX-License-Identifier: MIT
/*
 * rules.c - the PIN pad's domain rules for userspace, once (rkd_rules.h).
 * Each predicate answers as pinpad.ko does; tests/rules/rule_table.h holds
 * the values that pin them to the module.
 */
#include <string.h>

#include "rkd_rules.h"

/* Documentation/secure-module.md's layout: no padding */
_Static_assert(sizeof(struct pinpad_seal_hdr) == 52, "sealed-blob header");

bool rkd_dsn_char_valid(unsigned char c)
{
	return c >= PINPAD_DSN_CHAR_MIN && c <= PINPAD_DSN_CHAR_MAX;
}

bool rkd_dsn_valid(const char *dsn, size_t len)
{
	size_t i;

	if (len < PINPAD_DSN_MIN || len > PINPAD_DSN_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!rkd_dsn_char_valid((unsigned char)dsn[i]))
			return false;
	return true;
}

bool rkd_slot_accepts(unsigned int slot, unsigned int usage)
{
	if (slot >= PINPAD_SLOTS)
		return false;
	if (slot < PINPAD_WK_FIRST)
		return usage == PINPAD_USAGE_TMK;
	return usage == PINPAD_USAGE_PIN || usage == PINPAD_USAGE_MAC ||
	       usage == PINPAD_USAGE_DATA;
}

bool rkd_key_len_valid(size_t len)
{
	return len == PINPAD_KEY_LEN_2KEY || len == PINPAD_KEY_LEN_3KEY;
}

/* Do two DES keys agree in every bit DES uses (parity aside)? */
static bool rkd_des_same(const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;
	int i;

	for (i = 0; i < PINPAD_DES_KEY_LEN; i++)
		diff |= (a[i] ^ b[i]) & 0xfe;
	return diff == 0;
}

bool rkd_tdes_key_weak(const uint8_t *key, size_t key_len)
{
	const uint8_t *k1 = key, *k2 = key + PINPAD_DES_KEY_LEN;

	if (!rkd_key_len_valid(key_len))
		return true;
	if (rkd_des_same(k1, k2))
		return true;
	/* K3 is K1 in a 16-byte key, and K2 == K1 was just ruled out */
	return key_len == PINPAD_KEY_LEN_3KEY &&
	       rkd_des_same(k2, key + 2 * PINPAD_DES_KEY_LEN);
}

/*
 * 0..15 for a hex digit, -1 otherwise. Branch-free, so that decoding a key
 * takes the same time whatever its digits.
 */
static int rkd_hex_nibble(unsigned char c)
{
	int num = c - '0';
	int alpha = (c | 0x20) - 'a';
	int num_ok = ((num - 10) & ~num) >> 8;		/* -1 if 0..9 */
	int alpha_ok = ((alpha - 6) & ~alpha) >> 8;	/* -1 if a..f */

	return (num & num_ok) | ((alpha + 10) & alpha_ok) |
	       ~(num_ok | alpha_ok);
}

enum rkd_hex_status rkd_hex_decode(const char *hex, uint8_t *buf, size_t min,
				   size_t max, size_t *len, size_t *where)
{
	size_t digits = strlen(hex), i;
	int bad = 0;

	memset(buf, 0, max);
	*len = 0;
	*where = 0;
	if (!digits)
		return RKD_HEX_EMPTY;
	if (digits % 2)
		return RKD_HEX_ODD;
	if (digits / 2 < min || digits / 2 > max) {
		*len = digits / 2;
		return RKD_HEX_LENGTH;
	}
	/* decode all, note the first bad position: no early exit */
	for (i = 0; i < digits; i += 2) {
		int hi = rkd_hex_nibble((unsigned char)hex[i]);
		int lo = rkd_hex_nibble((unsigned char)hex[i + 1]);

		if ((hi | lo) < 0 && !*where)
			*where = i + 1 + (hi >= 0);
		bad |= hi | lo;
		buf[i / 2] = (uint8_t)((hi & 0xf) << 4 | (lo & 0xf));
	}
	if (bad < 0) {
		explicit_bzero(buf, max);
		return RKD_HEX_NOT_HEX;
	}
	*len = digits / 2;
	return RKD_HEX_OK;
}

int rkd_seal_hdr_generation(const void *blob, size_t len, uint64_t *gen)
{
	const struct pinpad_seal_hdr *h = blob;
	size_t i;

	*gen = 0;
	/* version 3 (key attributes) kept version 2's header */
	if (len < sizeof(*h) ||
	    memcmp(h->magic, PINPAD_SEAL_MAGIC, sizeof(h->magic)) ||
	    (h->version != PINPAD_SEAL_VERSION && h->version != 2))
		return -1;
	for (i = 0; i < sizeof(h->generation); i++)	/* big-endian */
		*gen = *gen << 8 | h->generation[i];
	return 0;
}
