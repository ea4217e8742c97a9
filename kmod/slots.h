/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key slots: store, unwrap, use and erase keys. Caller holds dev->lock
 * (lockdep_assert_held() checks it).
 */
#ifndef PINPAD_SLOTS_H
#define PINPAD_SLOTS_H

#include "device.h"

bool pinpad_slot_accepts(u32 slot, u32 usage);
void pinpad_slot_put(struct pinpad_device *dev, u32 slot, u32 usage,
		     const struct pinpad_tdes_key *k);
int pinpad_slot_store(struct pinpad_device *dev, u32 slot, u32 usage,
		      const u8 *key, u32 key_len, const u8 *expect_kcv);
int pinpad_slot_load_wrapped(struct pinpad_device *dev,
			     const struct pinpad_wk_load *wk);
int pinpad_slot_get(struct pinpad_device *dev, u32 slot, u32 usage,
		    const struct pinpad_tdes_key **key);
int pinpad_slot_info(const struct pinpad_device *dev,
		     struct pinpad_slot_info *info);
int pinpad_slot_clear(struct pinpad_device *dev, u32 slot);
void pinpad_slots_wipe(struct pinpad_device *dev);
u32 pinpad_slots_loaded(const struct pinpad_device *dev);

#endif /* PINPAD_SLOTS_H */
