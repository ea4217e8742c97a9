/* SPDX-License-Identifier: MIT */
/*
 * rkd_frame.h - frames of the download protocol: an 8-byte header
 * ("RK", version 2, type, 32-bit big-endian body length) and a body of at
 * most 4096 bytes (Documentation/protocol.md, "Framing").
 *
 * Every reader here checks magic, version, type, the 4096 cap and the
 * type's own length rule on the header alone, before it reads (or looks at)
 * a single byte of the body; and no writer sends a frame a reader would
 * refuse.
 */
#ifndef RKD_FRAME_H
#define RKD_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rkd_buf.h"
#include "rkd_proto.h"

struct rkd_frame {
	uint8_t type;			/* enum rkd_msg_type */
	uint32_t len;			/* body bytes */
	uint8_t body[RKD_BODY_MAX];
};

/* Is @type a message of protocol v1? */
bool rkd_msg_type_known(unsigned int type);
/* "HELLO", "KEY"..., or "unknown": for logs. */
const char *rkd_msg_name(unsigned int type);
/*
 * Is @len a body length @type allows? RKD_ERR_BAD_TYPE, RKD_ERR_TOO_LONG
 * (above 4096), RKD_ERR_BAD_LENGTH (not the type's size or range). FACTOR
 * and RESPONSE are checked against 256..512 (RSA-2048..4096); their exact
 * length is the modulus size, which only the session knows.
 */
int rkd_msg_check_len(unsigned int type, uint32_t len);

/*
 * rkd_frame_hdr_parse() - check an 8-byte header and read type and length
 * Return: RKD_OK; RKD_ERR_BAD_MAGIC, RKD_ERR_BAD_VERSION, RKD_ERR_BAD_TYPE,
 * RKD_ERR_TOO_LONG, RKD_ERR_BAD_LENGTH, in that order of checking. Outputs
 * are zero on error.
 */
int rkd_frame_hdr_parse(const uint8_t hdr[RKD_FRAME_HDR_LEN], uint8_t *type,
			uint32_t *len);

/* Append header and body to @out; the same checks as a reader makes. */
int rkd_frame_encode(struct rkd_buf *out, unsigned int type,
		     const void *body, size_t len);

/*
 * rkd_frame_parse() - take one whole frame from the front of @in
 * Return: RKD_OK; a header error; RKD_ERR_SHORT if @in ends inside the
 * frame (nothing consumed then).
 */
int rkd_frame_parse(struct rkd_buf *in, struct rkd_frame *f);

/* Wipe a frame (bodies carry ciphertext and MACs: cheap to wipe). */
void rkd_frame_wipe(struct rkd_frame *f);

/*
 * Incremental reading from a non-blocking descriptor. The reader asks the
 * kernel only for the bytes of the current header or body, so nothing past
 * the current frame is consumed and a bad header stops it before any body
 * byte is read.
 */
struct rkd_frame_rx {
	struct rkd_frame f;		/* the frame, once complete */
	uint8_t hdr[RKD_FRAME_HDR_LEN];
	size_t have;			/* bytes of the current part */
	bool in_body;
	bool complete;			/* f holds a frame: next read resets */
	/*
	 * Set by the reader's owner, kept across frames: once the work
	 * certificate is known, a FACTOR or RESPONSE header whose length is
	 * not exactly this (the modulus size) is refused before its body is
	 * read (RKD_ERR_BAD_LENGTH). 0: the 256..512 range only.
	 */
	uint32_t modulus_len;
};

void rkd_frame_rx_init(struct rkd_frame_rx *rx);
/* Has a frame begun arriving (at least one byte, not yet complete)? */
bool rkd_frame_rx_started(const struct rkd_frame_rx *rx);

/*
 * rkd_frame_rx_read() - read what is available on a non-blocking @fd
 * Return: RKD_OK with a frame in rx->f; RKD_ERR_AGAIN (nothing more now);
 * RKD_ERR_EOF (closed between frames); RKD_ERR_TRUNCATED (closed inside
 * one); a header error; RKD_ERR_SYSTEM with errno set.
 */
int rkd_frame_rx_read(int fd, struct rkd_frame_rx *rx);

/*
 * rkd_frame_read() - read one whole frame from @fd (blocking or not)
 * @timeout_ms: for the whole frame; < 0 waits forever
 * Return: as rkd_frame_rx_read(), and RKD_ERR_TIMEOUT; never RKD_ERR_AGAIN.
 */
int rkd_frame_read(int fd, struct rkd_frame *f, int timeout_ms);

/*
 * rkd_frame_write() - write one whole frame to @fd (blocking or not);
 * SIGPIPE is not raised for sockets
 * @timeout_ms: for the whole frame; < 0 waits forever
 * Return: RKD_OK; the encoding checks' errors; RKD_ERR_TIMEOUT;
 * RKD_ERR_SYSTEM with errno set (EPIPE: the peer has gone).
 */
int rkd_frame_write(int fd, unsigned int type, const void *body, size_t len,
		    int timeout_ms);

#endif /* RKD_FRAME_H */
