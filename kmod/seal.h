/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sealed persistence: the device state as a blob only this device can
 * open. Documentation/persistence.md has the format. Caller holds dev->lock
 * (lockdep_assert_held() checks it).
 */
#ifndef PINPAD_SEAL_H
#define PINPAD_SEAL_H

#include "device.h"

int pinpad_seal_load_device_key(struct pinpad_device *dev);
int pinpad_seal_tpm_key(struct pinpad_device *dev, const u8 *obj, u32 len,
			u8 *out, u32 cap, u32 *out_len);
void pinpad_seal_retired(struct pinpad_device *dev);
void pinpad_seal_tamper(struct pinpad_device *dev);
int pinpad_seal_commit(struct pinpad_device *dev, u64 generation);
void pinpad_seal_forget(struct pinpad_device *dev, bool revoke);
int pinpad_seal_export(struct pinpad_device *dev, u8 *blob, u32 cap,
		       u32 *len);
int pinpad_seal_import(struct pinpad_device *dev, const u8 *blob, u32 len);
bool pinpad_device_pristine(const struct pinpad_device *dev);
void pinpad_device_changed(struct pinpad_device *dev);

#endif /* PINPAD_SEAL_H */
