/* SPDX-License-Identifier: MIT */
/* The host shim of <linux/string.h> for kmod/der.c (see types.h). */
#include <string.h>
