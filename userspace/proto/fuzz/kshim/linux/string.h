/* SPDX-License-Identifier: GPL-2.0 */
/* The host shim of <linux/string.h> for kmod/der.c (see types.h). */
#include <string.h>
