/* SPDX-License-Identifier: GPL-2.0 */
/* ISO 9797-1 MAC algorithms 3 (ANSI X9.19 retail MAC) and 1 with MAC keys. */
#ifndef PINPAD_MAC_H
#define PINPAD_MAC_H

#include "device.h"

int pinpad_retail_mac(const struct pinpad_key *k, bool alg3, u32 padding,
		      const u8 *data, size_t len, u8 mac[PINPAD_MAC_LEN]);
int pinpad_mac_selftest(void);

/* ioctl handlers (the command table in ioctl.c) */
int pinpad_ioctl_mac_generate(struct pinpad_file *pf, void __user *arg);
int pinpad_ioctl_mac_verify(struct pinpad_file *pf, void __user *arg);

#endif /* PINPAD_MAC_H */
