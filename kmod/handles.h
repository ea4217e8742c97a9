/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens for the kernel crypto API (Documentation/crypto-api.md): random
 * handles that name a DATA key's slot, handed out by PINPAD_IOC_TOKEN_GET.
 * Every function is called with dev->lock held.
 */
#ifndef PINPAD_HANDLES_H
#define PINPAD_HANDLES_H

#include "device.h"

void pinpad_handles_init(struct pinpad_device *dev);
int pinpad_handle_issue(struct pinpad_device *dev, const void *owner,
			u32 slot, struct pinpad_token *tok);
int pinpad_handle_revoke(struct pinpad_device *dev,
			 const struct pinpad_token *tok);
int pinpad_handle_key(struct pinpad_device *dev,
		      const struct pinpad_token *tok,
		      const enum pinpad_key_use *use,
		      const struct pinpad_key **key);
void pinpad_handles_drop_slot(struct pinpad_device *dev, u32 slot);
void pinpad_handles_drop_owner(struct pinpad_device *dev, const void *owner);
void pinpad_handles_wipe(struct pinpad_device *dev);

/* ioctl handlers (the command table in ioctl.c) */
int pinpad_ioctl_token_get(struct pinpad_file *pf, void __user *arg);
int pinpad_ioctl_token_revoke(struct pinpad_file *pf, void __user *arg);

#endif /* PINPAD_HANDLES_H */
