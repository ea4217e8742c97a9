/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PINPAD_REVOCATION_H
#define PINPAD_REVOCATION_H

#include <linux/types.h>

struct pinpad_device;

int pinpad_revocation_check(struct pinpad_device *dev, const u8 *cert,
			    u32 cert_len, const u8 *rl, u32 rl_len);

#endif /* PINPAD_REVOCATION_H */
