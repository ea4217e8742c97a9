/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the supported kernels (6.1, 6.12), tested by
 * feature (Kbuild looks for the header) so that no .c file tests a version.
 */
#ifndef PINPAD_COMPAT_H
#define PINPAD_COMPAT_H

/* <asm/unaligned.h> became <linux/unaligned.h> in 6.12 */
#ifdef PINPAD_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* PINPAD_COMPAT_H */
