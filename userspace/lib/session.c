// SPDX-License-Identifier: MIT
/*
 * session.c - the download protocol's device half, one step at a time.
 * The module does all the cryptography; these calls only move the bodies
 * of protocol messages in and out, which is all rkd ever sees.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

int pinpad_session_step(struct pinpad *pp, uint32_t in_type,
			const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_cap, struct pinpad_session_step *result)
{
	struct pinpad_session_step step;
	int err;

	if (!result || !out || (in_len && !in) || in_len > PINPAD_MSG_MAX ||
	    out_cap < PINPAD_SESSION_OUT_MIN || out_cap > UINT32_MAX)
		return -EINVAL;
	memset(&step, 0, sizeof(step));
	step.in_type = in_type;
	step.in_len = in_len;
	step.in = pinpad_uptr(in);
	step.out = pinpad_uptr(out);
	step.out_cap = out_cap;
	err = pinpad_ioctl(pp, PINPAD_IOC_SESSION, &step);
	memcpy(result, &step, sizeof(step));
	return err;
}

int pinpad_session_end(struct pinpad *pp)
{
	return pinpad_ioctl(pp, PINPAD_IOC_SESSION_END, NULL);
}
