/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <linux/errno.h>: the UAPI numbers (EBADMSG...), and
 * kb_host_shim.h */
#include_next <linux/errno.h>
#include "../kb_host_shim.h"
