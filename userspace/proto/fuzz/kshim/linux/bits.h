/* SPDX-License-Identifier: MIT */
/* The host shim of <linux/bits.h> for kmod/der.c (see types.h). */
#ifndef KSHIM_LINUX_BITS_H
#define KSHIM_LINUX_BITS_H
#define BIT(nr) (1UL << (nr))
#endif
