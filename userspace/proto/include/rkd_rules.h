/* SPDX-License-Identifier: MIT */
/*
 * rkd_rules.h - the PIN pad's domain rules for userspace, each written once
 * and answering exactly as pinpad.ko does (the module is the authority; its
 * numbers are the UAPI's, ioctl/pinpad.h). pinpadctl, libpinpad's users,
 * rkd, rks-server, rks-admin, rks-factory and the fake devices of the host
 * tests all ask these functions; tests/rules/rule_table.h pins each answer
 * to the module's, on the host (userspace/proto/tests/test_rules.c) and in
 * the VM (tests/kselftest/rules_test.c).
 *
 * None of these functions needs OpenSSL or prints anything. The rules that
 * need a cipher live beside the cipher, in rkd_crypto.h: the KCV
 * (rkd_kcv()) and the DIK2 function with its degenerate flag (rkd_dik2()).
 */
#ifndef RKD_RULES_H
#define RKD_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pinpad.h"

/*
 * rkd_dsn_valid() - is @dsn (@len bytes, no NUL needed) a DSN the module
 * takes? PINPAD_DSN_MIN..PINPAD_DSN_MAX bytes, each graphic ASCII
 * (PINPAD_DSN_CHAR_MIN..PINPAD_DSN_CHAR_MAX): no space, no control
 * character, nothing above 0x7e. As kmod/identity.c.
 */
bool rkd_dsn_valid(const char *dsn, size_t len);

/* rkd_dsn_char_valid() - may @c appear in a DSN? (for precise messages) */
bool rkd_dsn_char_valid(unsigned char c);

/*
 * rkd_slot_accepts() - may a key of @usage (enum pinpad_usage) go into
 * @slot? Slots 0..PINPAD_TMK_SLOTS-1 take TMKs only; PINPAD_WK_FIRST..
 * PINPAD_SLOTS-1 take PIN, MAC and DATA keys only; no slot takes
 * PINPAD_USAGE_NONE or an unknown usage. As kmod/slots.c.
 */
bool rkd_slot_accepts(unsigned int slot, unsigned int usage);

/* rkd_key_len_valid() - PINPAD_KEY_LEN_2KEY (16) or PINPAD_KEY_LEN_3KEY */
bool rkd_key_len_valid(size_t len);

/*
 * rkd_tdes_key_weak() - does the module refuse @key as a TDES key? True for
 * a length other than 16 or 24, and for a degenerate key: K1 == K2, or
 * K2 == K3 (K3 = K1 for 16 bytes), comparing the 7 key bits of each byte
 * only (DES ignores bit 0, the parity bit), since such a key is single DES
 * in disguise. K1 == K3 is fine (that is what a 16-byte key is). As
 * kmod/key.c.
 */
bool rkd_tdes_key_weak(const uint8_t *key, size_t key_len);

/* What rkd_hex_decode() found wrong; the value itself is never reported. */
enum rkd_hex_status {
	RKD_HEX_OK = 0,
	RKD_HEX_EMPTY,		/* no digits */
	RKD_HEX_ODD,		/* an odd number of digits */
	RKD_HEX_LENGTH,		/* a byte count outside min..max */
	RKD_HEX_NOT_HEX,	/* a character that is not a hex digit */
};

/*
 * rkd_hex_decode() - decode a NUL-terminated string of hex digits (either
 * case) into @min..@max bytes at @buf (room for @max)
 * @len:   the number of bytes decoded (on RKD_HEX_OK), or the number the
 *         digits would give (RKD_HEX_LENGTH), else 0
 * @where: on RKD_HEX_NOT_HEX, the 1-based position of the first bad
 *         character; else 0
 *
 * Made for key material: the length is checked before any byte is decoded,
 * digits decode without branches or table lookups that depend on their
 * value, @buf is wiped (@max bytes) before anything else and again on
 * error, and the result is a status and positions only, so that no caller
 * can echo the value by mistake. Return: enum rkd_hex_status.
 */
enum rkd_hex_status rkd_hex_decode(const char *hex, uint8_t *buf, size_t min,
				   size_t max, size_t *len, size_t *where);

/*
 * rkd_seal_hdr_generation() - the generation in a sealed blob's header
 * (struct pinpad_seal_hdr) from its first @len bytes, without opening it.
 * Return: 0; -1 if @len is shorter than the header, or the magic or
 * version is not one the module imports (2 or 3).
 */
int rkd_seal_hdr_generation(const void *blob, size_t len, uint64_t *gen);

#endif /* RKD_RULES_H */
