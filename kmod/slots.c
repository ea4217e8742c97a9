// SPDX-License-Identifier: GPL-2.0
/*
 * Key slots. Slots 0..PINPAD_TMK_SLOTS-1 take TMKs only; the others take
 * working keys (PIN, MAC, DATA) only, so a TMK can never be used as a data
 * key by loading it into the wrong slot.
 */
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/algapi.h>

#include "handles.h"
#include "slots.h"

bool pinpad_slot_accepts(u32 slot, u32 usage)
{
	if (slot >= PINPAD_SLOTS)
		return false;
	if (slot < PINPAD_WK_FIRST)
		return usage == PINPAD_USAGE_TMK;
	return usage == PINPAD_USAGE_PIN || usage == PINPAD_USAGE_MAC ||
	       usage == PINPAD_USAGE_DATA;
}

/*
 * pinpad_slot_put() - put an expanded, checked key into a slot; cannot fail
 * @slot and @usage must have passed pinpad_slot_accepts().
 */
void pinpad_slot_put(struct pinpad_device *dev, u32 slot, u32 usage,
		     const struct pinpad_tdes_key *k)
{
	lockdep_assert_held(&dev->lock);

	pinpad_handles_drop_slot(dev, slot);
	dev->retired += !!dev->slots[slot].key.len;	/* replaced */
	memcpy(&dev->slots[slot].key, k, sizeof(*k));
	dev->slots[slot].usage = usage;
}

/*
 * pinpad_slot_store() - put a clear key into a slot, all or nothing
 * @expect_kcv: if not NULL, the key is stored only if its KCV matches
 *
 * Return: 0; -EINVAL bad slot, usage, length or weak key; -EBADMSG KCV
 * mismatch; -ENOMEM. On error the slot keeps its previous key.
 */
int pinpad_slot_store(struct pinpad_device *dev, u32 slot, u32 usage,
		      const u8 *key, u32 key_len, const u8 *expect_kcv)
{
	struct pinpad_tdes_key *k;
	int err;

	lockdep_assert_held(&dev->lock);

	if (!pinpad_slot_accepts(slot, usage))
		return -EINVAL;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	err = pinpad_tdes_setkey(k, key, key_len);
	if (err)
		goto out;
	if (expect_kcv && crypto_memneq(k->kcv, expect_kcv, PINPAD_KCV_LEN)) {
		err = -EBADMSG;
		goto out;
	}
	pinpad_slot_put(dev, slot, usage, k);
out:
	kfree_sensitive(k);
	return err;
}

/*
 * pinpad_slot_load_wrapped() - unwrap a working key under a TMK and store it
 *
 * Return: as pinpad_slot_store(), and -ENOKEY if the TMK slot is empty,
 * -EKEYREJECTED if it does not hold a TMK.
 */
int pinpad_slot_load_wrapped(struct pinpad_device *dev,
			     const struct pinpad_wk_load *wk)
{
	const struct pinpad_tdes_key *tmk;
	u8 clear[PINPAD_KEY_MAX];
	int err;

	lockdep_assert_held(&dev->lock);

	/* checked before the unwrap, which reads key_len bytes */
	if (wk->slot < PINPAD_WK_FIRST ||
	    !pinpad_slot_accepts(wk->slot, wk->usage) ||
	    (wk->key_len != PINPAD_KEY_LEN_2KEY &&
	     wk->key_len != PINPAD_KEY_LEN_3KEY))
		return -EINVAL;

	err = pinpad_slot_get(dev, wk->tmk_slot, PINPAD_USAGE_TMK, &tmk);
	if (err)
		return err;

	pinpad_tdes_ecb(tmk, false, clear, wk->wrapped, wk->key_len);
	err = pinpad_slot_store(dev, wk->slot, wk->usage, clear, wk->key_len,
				wk->kcv);
	memzero_explicit(clear, sizeof(clear));
	return err;
}

/*
 * pinpad_slot_get() - find the key in a slot for a use that needs @usage
 *
 * Return: 0; -EINVAL bad slot number; -ENOKEY empty slot; -EKEYREJECTED the
 * key's usage is not @usage.
 */
int pinpad_slot_get(struct pinpad_device *dev, u32 slot, u32 usage,
		    const struct pinpad_tdes_key **key)
{
	lockdep_assert_held(&dev->lock);

	if (slot >= PINPAD_SLOTS)
		return -EINVAL;
	if (!dev->slots[slot].key.len)
		return -ENOKEY;
	if (dev->slots[slot].usage != usage)
		return -EKEYREJECTED;
	*key = &dev->slots[slot].key;
	return 0;
}

/* pinpad_slot_info() - a slot's metadata and KCV, never its key */
int pinpad_slot_info(const struct pinpad_device *dev,
		     struct pinpad_slot_info *info)
{
	const struct pinpad_slot *s;

	lockdep_assert_held(&dev->lock);

	if (info->slot >= PINPAD_SLOTS)
		return -EINVAL;
	s = &dev->slots[info->slot];
	info->key_len = s->key.len;
	info->usage = s->key.len ? s->usage : PINPAD_USAGE_NONE;
	memcpy(info->kcv, s->key.kcv, PINPAD_KCV_LEN);
	return 0;
}

int pinpad_slot_clear(struct pinpad_device *dev, u32 slot)
{
	lockdep_assert_held(&dev->lock);

	if (slot >= PINPAD_SLOTS)
		return -EINVAL;
	pinpad_handles_drop_slot(dev, slot);
	dev->retired += !!dev->slots[slot].key.len;
	pinpad_tdes_wipe(&dev->slots[slot].key);
	dev->slots[slot].usage = PINPAD_USAGE_NONE;
	return 0;
}

void pinpad_slots_wipe(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	memzero_explicit(dev->slots, sizeof(dev->slots));
}

u32 pinpad_slots_loaded(const struct pinpad_device *dev)
{
	u32 slot, n = 0;

	lockdep_assert_held(&dev->lock);

	for (slot = 0; slot < PINPAD_SLOTS; slot++)
		n += !!dev->slots[slot].key.len;
	return n;
}
