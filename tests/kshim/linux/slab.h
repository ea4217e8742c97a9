/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <linux/slab.h> (kshim.h) */
#include "../kshim.h"
