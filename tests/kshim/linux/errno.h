/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <linux/errno.h>: the UAPI numbers (EBADMSG...), kshim.h */
#include_next <linux/errno.h>
#include "../kshim.h"
