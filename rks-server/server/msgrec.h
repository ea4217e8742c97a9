/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * msgrec.h - the records the network process sends the server, one per
 * device message (privilege separation, net.h): what crosses the
 * boundary. The network process decodes each frame (msg.h) and sends its
 * decoded message as a record of a FIXED layout; the server checks a
 * record's type, size and every field's range, and re-encodes what it
 * needs (the transcript, a RECEIPT's MAC) from the fields: it never
 * parses variable-length bytes from the network side.
 *
 * The layout (all integers little-endian; offsets from the record's
 * start; every record of a type has the same size):
 *
 *   header, 8 bytes, every record:
 *     0  u32 type        RKS_REC_HELLO...RKS_REC_BAD
 *     4  u32 size        bytes after the header: the type's size below
 *
 *   HELLO (1), 65 bytes after the header:
 *     8  u8  dsn_len     1..32, and rkd_dsn_valid()
 *     9  dsn[32]         dsn_len bytes, the rest zero
 *    41  nonce[32]       N_D
 *
 *   FACTOR (2) and RESPONSE (3), 514 bytes:
 *     8  u16 ct_len      = the work key's modulus size (256..512)
 *    10  ct[512]         ct_len bytes of RSA ciphertext, the rest zero
 *
 *   RECEIPT (4), 209 bytes: parsed, its MAC not checked
 *     8  u8  count       0..48
 *     9  entry[48]       slot u8 (< 48), KCV[3]; unused entries zero
 *   201  mac[16]         MAC16 as received
 *
 *   BAD (5), 12 bytes: a frame that is no message the session can take
 *     8  u8  frame_type  0: its header was refused; else its type
 *     9  zero[3]
 *    12  i32 err         the header error (frame_type 0); a body
 *                        decoder's error; RKD_ERR_UNEXPECTED for a type
 *                        the RKS never takes (and only for one)
 *    16  u32 body_len    the frame's body length, <= 4096
 *
 * A record that breaks any of these rules is refused whole; nothing in
 * it is used. Whether a good record fits the session now is the state
 * machine's business (session.c), as for a frame.
 */
#ifndef RKS_MSGREC_H
#define RKS_MSGREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

enum rks_rec_type {
	RKS_REC_HELLO	= 1,
	RKS_REC_FACTOR	= 2,
	RKS_REC_RESPONSE = 3,
	RKS_REC_RECEIPT	= 4,
	RKS_REC_BAD	= 5,
};

#define RKS_REC_HDR_LEN		8
#define RKS_REC_OFF_TYPE	0
#define RKS_REC_OFF_SIZE	4

#define RKS_REC_HELLO_DSN_LEN	8
#define RKS_REC_HELLO_DSN	9
#define RKS_REC_HELLO_NONCE	(RKS_REC_HELLO_DSN + RKD_DSN_MAX)
#define RKS_REC_HELLO_END	(RKS_REC_HELLO_NONCE + RKD_NONCE_LEN)

#define RKS_REC_RSA_LEN		8
#define RKS_REC_RSA_CT		10
#define RKS_REC_RSA_END		(RKS_REC_RSA_CT + RKD_RSA_MAX_BYTES)

#define RKS_REC_RECEIPT_COUNT	8
#define RKS_REC_RECEIPT_ENTRY	9
#define RKS_REC_ENTRY_LEN	(1 + RKD_KCV_LEN)
#define RKS_REC_RECEIPT_MAC	(RKS_REC_RECEIPT_ENTRY + \
				 RKD_KEYS_MAX * RKS_REC_ENTRY_LEN)
#define RKS_REC_RECEIPT_END	(RKS_REC_RECEIPT_MAC + RKD_MAC16_LEN)

#define RKS_REC_BAD_TYPE	8
#define RKS_REC_BAD_ZERO	9
#define RKS_REC_BAD_ERR		12
#define RKS_REC_BAD_LEN		16
#define RKS_REC_BAD_END		20

/* The largest record, header included. */
#define RKS_REC_MAX		RKS_REC_RSA_END

/* The payload size of @type's records; 0 for an unknown type. */
size_t rks_msgrec_size(uint32_t type);

/*
 * rks_msgrec_encode() - @m as a record (the network process)
 * @out: RKS_REC_MAX bytes
 * Return: the record's length, header included. A message @m that did
 * not decode becomes a BAD record.
 */
size_t rks_msgrec_encode(const struct rks_msg *m, uint8_t out[RKS_REC_MAX]);

/*
 * rks_msgrec_decode() - check a whole record and give its message (the
 * server)
 * @rec, @len: the record as read, header included
 * @modulus_len: the work key's modulus size
 * @why: on refusal, what was wrong, for the log and the audit record
 * Return: 0 with @m filled; -1 (and @m zero) if the record breaks any
 * rule of the layout above.
 */
int rks_msgrec_decode(const uint8_t *rec, size_t len, size_t modulus_len,
		      struct rks_msg *m, char *why, size_t why_size);

/*
 * Incremental reading of records from a non-blocking stream (the
 * connection's end of its socketpair). The header's size is not trusted:
 * a record whose size is above RKS_REC_MAX is complete after its header
 * (and refused by rks_msgrec_decode()).
 */
struct rks_rec_rx {
	uint8_t b[RKS_REC_MAX];
	size_t have, want;
	bool complete;
};

void rks_rec_rx_init(struct rks_rec_rx *rx);

/*
 * rks_rec_rx_read() - read what is available on @fd
 * Return: RKD_OK with a record in rx->b (rx->have bytes); RKD_ERR_AGAIN;
 * RKD_ERR_EOF (closed between records); RKD_ERR_TRUNCATED (inside one);
 * RKD_ERR_SYSTEM with errno set.
 */
int rks_rec_rx_read(int fd, struct rks_rec_rx *rx);

#endif /* RKS_MSGREC_H */
