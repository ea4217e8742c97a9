/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parse.h - checking pinpadctl's argument values before any use.
 *
 * Each parse_*() returns true and fills its output, or returns false after
 * printing an error that names the option (@what) and the problem. Values
 * that may be key material are never quoted: only their length or the
 * position of a bad character. Hex parsers wipe their output buffer when
 * they fail.
 */
#ifndef PINPADCTL_PARSE_H
#define PINPADCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libpinpad.h"

/* A decimal number in @min..@max: digits only, no sign, no spaces. */
bool parse_u32(const char *what, const char *s, uint32_t min, uint32_t max,
	       uint32_t *out);

/* Any slot, 0..PINPAD_SLOTS-1. */
bool parse_slot(const char *what, const char *s, uint32_t *slot);

/* A TMK slot, 0..PINPAD_TMK_SLOTS-1. */
bool parse_tmk_slot(const char *what, const char *s, uint32_t *slot);

/* A working-key slot, PINPAD_WK_FIRST..PINPAD_SLOTS-1. */
bool parse_wk_slot(const char *what, const char *s, uint32_t *slot);

/* The slot range @usage lives in must hold @slot. */
bool check_slot_usage(const char *what, uint32_t slot,
		      enum pinpad_usage usage);

/* tmk, pin, mac or data; with @working_only, tmk is refused. */
bool parse_usage(const char *what, const char *s, bool working_only,
		 enum pinpad_usage *usage);

/* ecb or cbc. */
bool parse_mode(const char *what, const char *s,
		enum pinpad_cipher_mode *mode);

/*
 * parse_hex() - decode hex of @min..@max bytes into @buf (@max bytes)
 * @secret: the value is key material: do not quote it
 * @len:    receives the number of bytes
 *
 * Upper or lower case; no prefix, separators or spaces.
 */
bool parse_hex(const char *what, const char *hex, bool secret, uint8_t *buf,
	       size_t min, size_t max, size_t *len);

/* A key: 16, 24 or 32 bytes of hex into @buf (PINPAD_KEY_MAX bytes). */
bool parse_key(const char *what, const char *hex, uint8_t *buf, size_t *len);

/* Data to encrypt or decrypt: 8..PINPAD_DATA_MAX bytes, whole blocks. */
bool parse_data(const char *what, const char *hex, uint8_t *buf,
		size_t *len);

/* A DSN the module takes (rkd_dsn_valid()), or a message on what is wrong. */
bool parse_dsn(const char *what, const char *s, size_t *len);

#endif /* PINPADCTL_PARSE_H */
