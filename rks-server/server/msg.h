/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * msg.h - the one decoding step of the RKS, `frame -> message`: a device's
 * frame (header already checked) becomes a struct rks_msg, the decoded
 * HELLO, FACTOR, RESPONSE or RECEIPT, or a note of why it is none.
 *
 * Without privilege separation the server runs this step itself (session
 * rks_session_on_frame()); with it only the network process does, and
 * sends the result as a fixed-layout record (msgrec.h) that the server
 * checks without parsing anything of variable length. The session state
 * machine (session.c) takes struct rks_msg either way, so both modes
 * answer and audit alike.
 *
 * The decoders are strict: a message they accept re-encodes to the very
 * bytes received (librkdproto's test_reencode), which is why the server
 * can put rks_msg_body()'s canonical encoding in the transcript.
 */
#ifndef RKS_MSG_H
#define RKS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rkd_buf.h"
#include "rkd_msg.h"

/*
 * @type: the frame's type (enum rkd_msg_type), or 0 when the frame's
 * header was refused. @err: RKD_OK when @u holds the decoded message (then
 * @type is HELLO, FACTOR, RESPONSE or RECEIPT); else why not: a header
 * error (@type 0, see rks_msg_header_error()), a body decoder's error, or
 * RKD_ERR_UNEXPECTED for a type the RKS never takes (KEY, ACK...).
 * @len: the frame's body length, for messages and logs.
 */
struct rks_msg {
	uint8_t type;
	int err;
	uint32_t len;
	union {
		struct rkd_hello hello;
		struct rks_msg_rsa {		/* FACTOR, RESPONSE */
			uint16_t len;		/* = the modulus size */
			uint8_t ct[RKD_RSA_MAX_BYTES];
		} rsa;
		struct rks_msg_receipt {	/* parsed, MAC not checked */
			struct rkd_receipt items;
			uint8_t mac[RKD_MAC16_LEN];
		} receipt;
	} u;
};

/*
 * rks_msg_decode() - decode one frame's body
 * @modulus_len: the work key's modulus size in bytes (public): FACTOR and
 * RESPONSE must be exactly that long
 * Return: @m->err; @m is always filled.
 */
int rks_msg_decode(uint8_t type, const uint8_t *body, uint32_t len,
		   size_t modulus_len, struct rks_msg *m);

/* @m for a frame whose header the reader refused with @err. */
void rks_msg_bad_header(struct rks_msg *m, int err);

/* Is @err one a frame header is refused with (rkd_frame_hdr_parse())? */
bool rks_msg_header_error(int err);

/* Is @err one a body decoder refuses a body with? */
bool rks_msg_body_error(int err);

/* Is @type one the RKS takes from a device (HELLO...RECEIPT)? */
bool rks_msg_taken(unsigned int type);

/*
 * rks_msg_body() - the canonical encoding of a decoded HELLO, FACTOR or
 * RESPONSE (the bytes the device sent): for the transcript
 * Return: RKD_OK; the encoders' errors; RKD_ERR_ARGUMENT for another type.
 */
int rks_msg_body(const struct rks_msg *m, struct rkd_buf *out);

/* Wipe @m (a RECEIPT's tag, ciphertexts). */
void rks_msg_wipe(struct rks_msg *m);

#endif /* RKS_MSG_H */
