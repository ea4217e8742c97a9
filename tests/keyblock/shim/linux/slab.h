/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <linux/slab.h> (kb_host_shim.h) */
#include "../kb_host_shim.h"
