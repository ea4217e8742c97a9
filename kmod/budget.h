/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rate limits on the calls an attacker could use as an oracle: PIN
 * encipherment (PCI PTS POI, exhaustive PIN determination), failed
 * working-key loads and MAC verification failures. Documentation/
 * secure-module.md has the limits and their source. Every function but
 * pinpad_budgets_init() is called with dev->lock held.
 */
#ifndef PINPAD_BUDGET_H
#define PINPAD_BUDGET_H

#include "device.h"

void pinpad_budgets_init(struct pinpad_device *dev);
int pinpad_budget_take(struct pinpad_device *dev, u32 limit);
void pinpad_budget_charge(struct pinpad_device *dev, u32 limit);

/* ioctl handlers (the command table in ioctl.c) */
int pinpad_ioctl_limit_get(struct pinpad_file *pf, void __user *arg);
int pinpad_ioctl_limit_set(struct pinpad_file *pf, void __user *arg);

#endif /* PINPAD_BUDGET_H */
