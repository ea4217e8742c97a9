/* SPDX-License-Identifier: MIT */
/*
 * rkd_proto.h - constants of the download protocol, version 3
 * (Documentation/protocol.md). Message type numbers equal ioctl/pinpad.h's
 * PINPAD_MSG_* (frame.c checks that at compile time).
 */
#ifndef RKD_PROTO_H
#define RKD_PROTO_H

#include "pinpad.h"	/* the device's numbers: one definition each */
#include "pinpad_kb.h"	/* X9.143 key block rules */

#define RKD_PROTO_VERSION	PINPAD_PROTO_VERSION
#define RKD_DEFAULT_PORT	7010

#define RKD_FRAME_HDR_LEN	8
#define RKD_BODY_MAX		4096

#define RKD_DSN_MAX		PINPAD_DSN_MAX
#define RKD_FACTOR_MAX		PINPAD_FACTOR_MAX
#define RKD_TDES_LEN		PINPAD_KEY_LEN_3KEY	/* DIK1, DIK2, AT, TK... */
#define RKD_AT_LEN		24
#define RKD_TK_LEN		32	/* TK1, TK2, TK (v3: an AES-256 strength) */
#define RKD_SHA256_LEN		32
#define RKD_KMAC_LEN		32
#define RKD_MAC16_LEN		16
#define RKD_KCV_LEN		PINPAD_KCV_LEN
#define RKD_NONCE_LEN		32	/* N_D, the device's nonce in HELLO */
/* CHALLENGE = C || T: C = TDES-ECB-E(K_CE, AT || TK1), T = MAC16(K_CA..) */
#define RKD_CHALLENGE_CT_LEN	(RKD_AT_LEN + RKD_TK_LEN)		/* 56 */
#define RKD_CHALLENGE_LEN	(RKD_CHALLENGE_CT_LEN + RKD_MAC16_LEN)	/* 72 */
#define RKD_KCE_LEN		24	/* K_CE: TDES key of the CHALLENGE */
#define RKD_KCA_LEN		32	/* K_CA: HMAC key of the CHALLENGE */
/* SP 800-108 labels (ASCII, no terminating NUL on the wire) */
#define RKD_LABEL_CHALLENGE	"pinpad-rkd v2 CHALLENGE"
#define RKD_LABEL_KMAC		"pinpad-rkd v3 K_MAC"
#define RKD_LABEL_KBPK		"pinpad-rkd v3 KBPK"
#define RKD_KBPK_LEN		32	/* KBPK_S: an AES-256 KBPK */
#define RKD_RESPONSE_MSG_LEN	(RKD_AT_LEN + RKD_TK_LEN + RKD_SHA256_LEN)
#define RKD_KEY_HDR_LEN		8
#define RKD_KEY_MAX		32	/* AES-256; pinpad.h's PINPAD_KEY_MAX */
#define RKD_KEY_BLOCK_MAX	PINPAD_KB_BLOCK_MAX	/* KEY's block */
#define RKD_KEYS_MAX		PINPAD_SESSION_KEYS_MAX	/* KEY messages per session */

/* RSA-2048 .. RSA-4096: FACTOR and RESPONSE bodies are this long */
#define RKD_RSA_MIN_BYTES	256
#define RKD_RSA_MAX_BYTES	512

/* Slots of the PIN pad (pinpad.h): TMKs in 0..15, working keys 16..47. */
#define RKD_SLOTS		PINPAD_SLOTS
#define RKD_TMK_SLOTS		PINPAD_TMK_SLOTS

enum rkd_msg_type {
	RKD_MSG_HELLO		= 0x01,
	RKD_MSG_WORK_CERT	= 0x02,
	RKD_MSG_FACTOR		= 0x03,
	RKD_MSG_CHALLENGE	= 0x04,
	RKD_MSG_RESPONSE	= 0x05,
	RKD_MSG_KEY		= 0x06,
	RKD_MSG_DONE		= 0x07,
	RKD_MSG_RECEIPT		= 0x08,
	RKD_MSG_ACK		= 0x09,
	RKD_MSG_ERROR		= 0x7f,
};

enum rkd_usage {
	RKD_USAGE_TMK		= PINPAD_USAGE_TMK,
	RKD_USAGE_PIN		= PINPAD_USAGE_PIN,
	RKD_USAGE_MAC		= PINPAD_USAGE_MAC,
	RKD_USAGE_DATA		= PINPAD_USAGE_DATA,
};

/* ERROR codes */
enum rkd_error_code {
	RKD_ERROR_AUTH_FAILED	= 0x01,
	RKD_ERROR_PROTOCOL	= 0x02,
	RKD_ERROR_VERSION	= 0x03,
	RKD_ERROR_BUSY		= 0x04,
};

#define RKD_ACK_RECORDED	0x00	/* the only ACK status of v1 */

#endif /* RKD_PROTO_H */
