// SPDX-License-Identifier: MIT
/*
 * strerror.c - what each errno means when /dev/pinpad returns it.
 *
 * The texts follow the error list of ioctl/pinpad.h; the C library's texts
 * ("Permission denied", "Required key not available") would mislead an
 * operator, since the device gives these numbers its own meanings.
 */
#define _GNU_SOURCE	/* strerrordesc_np: thread-safe, unlike strerror */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "libpinpad.h"

static const struct {
	int err;
	const char *text;
} pinpad_errors[] = {
	{ EACCES, "not allowed in the device's current lifecycle state" },
	{ EPERM, "needs CAP_SYS_ADMIN" },
	{ EBADF, "device not opened for writing" },
	{ ENOKEY, "slot is empty" },
	/* also SET_ROOT's: the certificate's key is unusable */
	{ EKEYREJECTED, "key usage does not permit this" },
	{ EBADMSG, "key check value mismatch / malformed input" },
	{ ENODATA, "device identity incomplete "
		   "(DSN, DIK2/factor or root certificate missing)" },
	{ ENOTTY, "not a pinpad device or unknown command" },
	{ EINVAL, "invalid argument (slot, usage, length, mode, weak key "
		  "or reserved field)" },
	{ EFAULT, "buffer not mapped" },
	{ EPROTONOSUPPORT, "device speaks another pinpad API version" },
	{ ENOENT, "no such device node (is pinpad.ko loaded?)" },
	{ ENODEV, "no pinpad device behind this node" },
	{ ENXIO, "no pinpad device behind this node" },
	{ ENOPKG, "the kernel lacks a crypto algorithm the device needs" },
	/* the download protocol's (PINPAD_IOC_SESSION) */
	{ EPROTO, "protocol message unexpected now, or malformed" },
	{ ETIMEDOUT, "download session timed out in the device" },
	/* PINPAD_IOC_TOKEN_GET's */
	{ ENOSPC, "too many live tokens (revoke some)" },
	{ EDQUOT, "this file holds its quota of tokens (revoke some)" },
	/* the rate limits' (PIN_BLOCK, failed LOAD_WK, MAC_VERIFY mismatch) */
	{ EAGAIN, "rate limit reached: try again later (see 'limits')" },
	/* sealed persistence's (see also pinpad_cmd_strerror()) */
	{ EBUSY, "device already provisioned" },
	{ EEXIST, "device key already loaded" },
};

const char *pinpad_strerror(int err)
{
	const char *text;
	size_t i;

	if (err == 0)
		return "success";
	if (err == INT_MIN)	/* -INT_MIN would overflow */
		return "unknown error";
	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(pinpad_errors) / sizeof(pinpad_errors[0]); i++)
		if (pinpad_errors[i].err == err)
			return pinpad_errors[i].text;
	text = strerrordesc_np(err);
	return text ? text : "unknown error";
}
