/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <linux/types.h>: the UAPI one (__u8...) and kshim.h */
#include_next <linux/types.h>
#include "../kshim.h"
