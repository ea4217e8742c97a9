/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pinpad_kb.h - the rules of an ANSI X9.143 (TR-31) key block that every
 * parser of this project enforces: the module's (kmod/keyblock.c) and the
 * host codec's (userspace/proto/keyblock.c). One definition of each rule;
 * both sides include this file. No libc and no kernel headers: plain C
 * types and static inline predicates only.
 *
 * Standards: ANSI X9.143-2022 (was ASC X9 TR 31-2018) section 6 for the
 * header, 6.3 for optional blocks, 5.3 / A.3 for the key derivation of
 * versions B and D; strengths per NIST SP 800-57 Part 1 Rev. 5 table 2,
 * compared as X9.24-1:2017 and PCI PIN 18-3 ask (a key is protected by a
 * key of equal or greater strength).
 */
#ifndef PINPAD_KB_H
#define PINPAD_KB_H

#include "pinpad.h"	/* enum pinpad_usage */

/* The fixed header: 16 ASCII characters */
#define PINPAD_KB_HDR_LEN	16
#define PINPAD_KB_OFF_VERSION	0	/* 'B' or 'D' */
#define PINPAD_KB_OFF_LENGTH	1	/* 4 decimal digits: whole block */
#define PINPAD_KB_OFF_USAGE	5	/* 2 characters: "P0" ... */
#define PINPAD_KB_OFF_ALG	7	/* 'T' or 'A' */
#define PINPAD_KB_OFF_MODE	8	/* mode of use */
#define PINPAD_KB_OFF_KVN	9	/* 2 characters, "00": none */
#define PINPAD_KB_OFF_EXPORT	11	/* 'N' only */
#define PINPAD_KB_OFF_NOPT	12	/* 2 decimal digits */
#define PINPAD_KB_OFF_RESERVED	15	/* "00" at 14-15 (TR-31:2018) */
#define PINPAD_KB_LENGTH_DIGITS	4
/* The longest block either side takes: LOAD_WK's, pinpad.h's */
#define PINPAD_KB_BLOCK_MAX	PINPAD_KEY_BLOCK_MAX

#define PINPAD_KB_VERSION_B	'B'	/* TDES KBPK, CMAC derivation */
#define PINPAD_KB_VERSION_D	'D'	/* AES KBPK, CMAC derivation */
#define PINPAD_KB_ALG_TDES	'T'
#define PINPAD_KB_ALG_AES	'A'
#define PINPAD_KB_EXPORT_NONE	'N'	/* the module exports nothing */

/* Cipher block and MAC (bytes, before hex encoding) per version */
#define PINPAD_KB_B_BLOCK	8
#define PINPAD_KB_B_MAC		8	/* TDES-CMAC, whole */
#define PINPAD_KB_D_BLOCK	16
#define PINPAD_KB_D_MAC		16	/* AES-CMAC, whole */
#define PINPAD_KB_KEYLEN_FIELD	2	/* key length in bits, big-endian */
#define PINPAD_KB_TDES_MAX	24	/* obfuscation pads TDES to this */
#define PINPAD_KB_AES_MAX	32	/* and AES to this */
#define PINPAD_KB_KEY_MAX	32

/*
 * Optional blocks (X9.143 6.3): 2-character id, 2 hex digits of length
 * (the whole optional block, id and length included; "00", the extended
 * form, is refused: no block we take needs it), data. Only these ids are
 * known; any other is refused, as none of ours is non-critical. PB, if
 * present, is the last one.
 */
#define PINPAD_KB_OPT_KS	"KS"	/* key set identifier, hex */
#define PINPAD_KB_OPT_KC	"KC"	/* KCV of the wrapped key */
#define PINPAD_KB_OPT_KP	"KP"	/* KCV of the KBPK */
#define PINPAD_KB_OPT_PB	"PB"	/* padding, printable ASCII */
#define PINPAD_KB_OPT_HDR_LEN	4	/* id + 2 length digits */
#define PINPAD_KB_OPT_MAX	99	/* the 2-digit count */
/*
 * KC / KP data: "00" and the legacy KCV (X9.24-1 A.2, TDES, 3 bytes), or
 * "01" and the CMAC KCV (A.3, CMAC of a zero block, 5 bytes), in hex
 */
#define PINPAD_KB_KCV_CMAC_LEN	5

/*
 * Key derivation data (X9.143 A.3 / TR-31:2018 A.3, 8 bytes): counter,
 * usage (2), separator 00, algorithm (2), length in bits (2)
 */
#define PINPAD_KB_DERIVE_LEN	8
#define PINPAD_KB_DERIVE_ENC	0x0000	/* KBEK */
#define PINPAD_KB_DERIVE_MAC	0x0001	/* KBAK */
#define PINPAD_KB_DERIVE_2TDEA	0x0000
#define PINPAD_KB_DERIVE_3TDEA	0x0001
#define PINPAD_KB_DERIVE_AES128	0x0002
#define PINPAD_KB_DERIVE_AES192	0x0003
#define PINPAD_KB_DERIVE_AES256	0x0004

/*
 * pinpad_kb_strength() - security strength in bits of a key of algorithm
 * @alg ('T' or 'A') and @len bytes (NIST SP 800-57: 2TDEA 80, 3TDEA 112,
 * AES 128/192/256); 0 for anything else (not a key we take).
 */
static inline unsigned int pinpad_kb_strength(char alg, unsigned int len)
{
	if (alg == PINPAD_KB_ALG_TDES)
		return len == 16 ? 80 : len == 24 ? 112 : 0;
	if (alg == PINPAD_KB_ALG_AES)
		return len == 16 ? 128 : len == 24 ? 192 : len == 32 ? 256 : 0;
	return 0;
}

/* The algorithm a version's KBPK must have: 'T' for B, 'A' for D, else 0 */
static inline char pinpad_kb_kbpk_alg(char version)
{
	if (version == PINPAD_KB_VERSION_B)
		return PINPAD_KB_ALG_TDES;
	if (version == PINPAD_KB_VERSION_D)
		return PINPAD_KB_ALG_AES;
	return 0;
}

/*
 * pinpad_kb_usage_mode_ok() - do we take key usage @u0@u1 with mode of
 * use @mode (X9.143 table 6, narrowed to the usages this device has)?
 *   K0 (key encryption or wrapping), K1 (TR-31 KBPK): B, D, E
 *   P0 (PIN encryption), D0 (data encryption): B, D, E
 *   M1 (ISO 9797-1 alg 1), M3 (alg 3, retail), M6 (CMAC): C, G, V
 * Everything else, B0 (BDK, a later DUKPT issue) included, is refused.
 */
static inline int pinpad_kb_usage_mode_ok(char u0, char u1, char mode)
{
	int enc = mode == 'B' || mode == 'D' || mode == 'E';
	int mac = mode == 'C' || mode == 'G' || mode == 'V';

	if (u0 == 'K' && (u1 == '0' || u1 == '1'))
		return enc;
	if ((u0 == 'P' || u0 == 'D') && u1 == '0')
		return enc;
	if (u0 == 'M' && (u1 == '1' || u1 == '3' || u1 == '6'))
		return mac;
	return 0;
}

/*
 * pinpad_kb_usage_class() - the slot class (enum pinpad_usage) of X9.143
 * key usage @u0@u1: K0, K1 -> TMK; P0 -> PIN; M1, M3, M6 -> MAC; D0 ->
 * DATA; anything else (B0 included): PINPAD_USAGE_NONE, refused.
 */
static inline unsigned int pinpad_kb_usage_class(char u0, char u1)
{
	if (u0 == 'K' && (u1 == '0' || u1 == '1'))
		return PINPAD_USAGE_TMK;
	if (u0 == 'P' && u1 == '0')
		return PINPAD_USAGE_PIN;
	if (u0 == 'M' && (u1 == '1' || u1 == '3' || u1 == '6'))
		return PINPAD_USAGE_MAC;
	if (u0 == 'D' && u1 == '0')
		return PINPAD_USAGE_DATA;
	return PINPAD_USAGE_NONE;
}

/* Is @c a character X9.143 allows in a header field (digits, letters)? */
static inline int pinpad_kb_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

/* Key version number: 2 letters or digits ("00": none) */
static inline int pinpad_kb_kvn_ok(char k0, char k1)
{
	return pinpad_kb_alnum(k0) && pinpad_kb_alnum(k1);
}

/* M3 (ISO 9797-1 MAC algorithm 3, the retail MAC) is a TDES MAC only */
static inline int pinpad_kb_alg_usage_ok(char u0, char u1, char alg)
{
	return !(u0 == 'M' && u1 == '3' && alg != PINPAD_KB_ALG_TDES);
}

/* Is @c printable ASCII (optional block data, 0x20..0x7e)? */
static inline int pinpad_kb_printable(char c)
{
	return c >= 0x20 && c <= 0x7e;
}

#endif /* PINPAD_KB_H */
