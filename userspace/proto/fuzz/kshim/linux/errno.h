/* SPDX-License-Identifier: MIT */
/* The host shim of <linux/errno.h> for kmod/der.c (see types.h): the
 * UAPI header has the same numbers (EBADMSG...). */
#include_next <linux/errno.h>
