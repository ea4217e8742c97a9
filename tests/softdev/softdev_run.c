// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * softdev_run.c - drive a software device through one whole session over
 * a socket, the way rkd drives pinpad.ko: send what the device says, feed
 * it what arrives, stop at ACK or at the first error.
 */
#include <openssl/crypto.h>

#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_msg.h"
#include "softdev_internal.h"

int rkd_softdev_run(struct rkd_softdev *d, int fd, int timeout_ms,
		    uint8_t *peer_error)
{
	struct rkd_frame *in = OPENSSL_zalloc(sizeof(*in));
	uint8_t out_mem[RKD_BODY_MAX], out_type;
	struct rkd_buf out;
	int r;

	if (peer_error)
		*peer_error = 0;
	if (!in)
		return RKD_ERR_ALLOC;
	rkd_buf_fixed(&out, out_mem, sizeof(out_mem));
	r = rkd_softdev_step(d, 0, NULL, 0, &out_type, &out);
	while (r == 0) {
		if (out_type) {
			rkd_softdev_trace(d, 'S', out_type, rkd_buf_ptr(&out),
					  rkd_buf_len(&out));
			r = rkd_frame_write(fd, out_type, rkd_buf_ptr(&out),
					    rkd_buf_len(&out), timeout_ms);
			rkd_buf_reset(&out);
			if (r != 0)
				break;
		}
		if (rkd_softdev_phase(d) == RKD_SOFTDEV_COMPLETE)
			break;
		if ((r = rkd_frame_read(fd, in, timeout_ms)) != 0)
			break;
		rkd_softdev_trace(d, 'R', in->type, in->body, in->len);
		if (in->type == RKD_MSG_ERROR) {
			uint8_t code = 0;

			rkd_error_decode(in->body, in->len, &code);
			if (peer_error)
				*peer_error = code;
			r = RKD_ERR_PEER_ERROR;
			break;
		}
		r = rkd_softdev_step(d, in->type, in->body, in->len, &out_type,
				     &out);
	}
	if (r != 0)
		rkd_softdev_end(d);	/* I/O error or ERROR: wipe, as rkd */
	OPENSSL_cleanse(out_mem, sizeof(out_mem));
	OPENSSL_clear_free(in, sizeof(*in));
	return r;
}
