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

/*
 * TPM (kmod/tpm2.c): tpm_buf_init(), tpm_buf_append() and
 * tpm_buf_destroy() are inlines in 6.1's <linux/tpm.h> and exported
 * functions in 6.12, with the same names and arguments; the rest it uses
 * (tpm_default_chip, tpm_try_get_ops, tpm_transmit_cmd, tpm2_flush_context)
 * is exported on both. Nothing to bridge here (kernel-notes.md, TPM).
 */

#endif /* PINPAD_COMPAT_H */
