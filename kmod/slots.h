/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key slots: store, load from key blocks, use and erase keys. Caller holds
 * dev->lock (lockdep_assert_held() checks it).
 */
#ifndef PINPAD_SLOTS_H
#define PINPAD_SLOTS_H

#include "device.h"

bool pinpad_slot_accepts(u32 slot, u32 usage);
int pinpad_slot_check_unique(const struct pinpad_device *dev, u32 slot,
			     const struct pinpad_key *k,
			     const struct pinpad_key_attr *attr);
void pinpad_slot_put(struct pinpad_device *dev, u32 slot,
		     const struct pinpad_key *k,
		     const struct pinpad_key_attr *attr);
int pinpad_slot_store(struct pinpad_device *dev, u32 slot,
		      const struct pinpad_key *k,
		      const struct pinpad_key_attr *attr);
int pinpad_slot_load_block(struct pinpad_device *dev,
			   struct pinpad_wk_load *wk);
int pinpad_slot_use(struct pinpad_device *dev, u32 slot,
		    enum pinpad_key_use use, const struct pinpad_key **key);
int pinpad_slot_info(const struct pinpad_device *dev,
		     struct pinpad_slot_info *info);
int pinpad_slot_clear(struct pinpad_device *dev, u32 slot);
int pinpad_slot_unlock(struct pinpad_device *dev, u32 slot);
void pinpad_slots_wipe(struct pinpad_device *dev);
u32 pinpad_slots_loaded(const struct pinpad_device *dev);

#endif /* PINPAD_SLOTS_H */
