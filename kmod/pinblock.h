/* SPDX-License-Identifier: GPL-2.0 */
/* ISO 9564-1 format 0 PIN blocks, built and encrypted inside the module. */
#ifndef PINPAD_PINBLOCK_H
#define PINPAD_PINBLOCK_H

#include "device.h"

int pinpad_pinblock_iso0(const u8 *pin, u32 pin_len, const u8 *pan,
			 u32 pan_len, u8 block[PINPAD_BLOCK_LEN]);
int pinpad_pinblock_selftest(void);

/* ioctl handler (the command table in ioctl.c) */
int pinpad_ioctl_pin_block(struct pinpad_file *pf, void __user *arg);

#endif /* PINPAD_PINBLOCK_H */
