/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device identity set at the factory. Caller holds dev->lock
 * (lockdep_assert_held() checks it).
 */
#ifndef PINPAD_IDENTITY_H
#define PINPAD_IDENTITY_H

#include "device.h"

int pinpad_identity_set_dsn(struct pinpad_device *dev, const u8 *dsn,
			    u32 len);
int pinpad_identity_set_dik2(struct pinpad_device *dev, const u8 *dik2,
			     const u8 *factor, u32 factor_len);
bool pinpad_identity_complete(const struct pinpad_device *dev);
void pinpad_identity_wipe(struct pinpad_device *dev);

/* certs.c */
int pinpad_root_install(struct pinpad_device *dev, const u8 *der, u32 len);
void pinpad_root_remove(struct pinpad_device *dev);
bool pinpad_root_usable(const struct pinpad_device *dev);
int pinpad_work_cert_verify(struct pinpad_device *dev, const u8 *der, u32 len,
			    struct key **keyring, struct key **key);
void pinpad_work_cert_release(struct key *keyring, struct key *key);

#endif /* PINPAD_IDENTITY_H */
