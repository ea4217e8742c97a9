// SPDX-License-Identifier: GPL-2.0
/*
 * Key slots. Slots 0..PINPAD_TMK_SLOTS-1 take TMKs (K0, K1) only; the
 * others take working keys (P0, M1/M3/M6, D0) only, so a TMK can never be
 * used as a data key by loading it into the wrong slot.
 *
 * Each slot keeps its key's attributes (struct pinpad_key_attr, the X9.143
 * header of the key block it came in, or INJECT_KEY's), and
 * pinpad_slot_use() is the one check every operation makes against them.
 * A clear key may sit in one usage only: storing a key that another slot
 * holds under other attributes is refused, so a PIN key's block cannot be
 * loaded again as a DATA or MAC key by re-wrapping it.
 *
 * Failed loads: PINPAD_KBPK_FAIL_MAX consecutive failed LOAD_WKs under one
 * KBPK lock that slot for unwrapping until the admin unlocks it
 * (PINPAD_IOC_SLOT_UNLOCK) or clears it; the lock is sealed with the state
 * (seal.c), the count below the limit is not (secure-module.md says why).
 */
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/algapi.h>

#include "handles.h"
#include "keyblock.h"
#include "seal.h"
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

static bool pinpad_attr_equal(const struct pinpad_key_attr *a,
			      const struct pinpad_key_attr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * pinpad_slot_check_unique() - is @k held elsewhere under other attributes?
 * @slot: the slot @k is for (its current key does not count)
 *
 * Every other slot is compared, in constant time (pinpad_key_same()), so
 * the time taken says nothing about which slot, if any, holds the key.
 * The same key under the same attributes in two slots is allowed.
 *
 * Return: 0, or -EKEYREJECTED.
 */
int pinpad_slot_check_unique(const struct pinpad_device *dev, u32 slot,
			     const struct pinpad_key *k,
			     const struct pinpad_key_attr *attr)
{
	bool clash = false;
	u32 i;

	lockdep_assert_held(&dev->lock);

	for (i = 0; i < PINPAD_SLOTS; i++) {
		const struct pinpad_slot *s = &dev->slots[i];
		bool same = pinpad_key_same(&s->key, k);

		clash |= i != slot && same && !pinpad_attr_equal(&s->attr, attr);
	}
	return clash ? -EKEYREJECTED : 0;
}

/*
 * pinpad_slot_put() - put a checked key and its attributes into a slot;
 * cannot fail. @attr must have passed pinpad_attr_check() for @k and
 * pinpad_slot_accepts() for @slot. A new key resets the slot's lock.
 */
void pinpad_slot_put(struct pinpad_device *dev, u32 slot,
		     const struct pinpad_key *k,
		     const struct pinpad_key_attr *attr)
{
	struct pinpad_slot *s = &dev->slots[slot];

	lockdep_assert_held(&dev->lock);

	pinpad_handles_drop_slot(dev, slot);
	dev->retired += s->key.alg != PINPAD_ALG_NONE;	/* replaced */
	memcpy(&s->key, k, sizeof(*k));
	s->attr = *attr;
	s->usage = pinpad_attr_class(attr);
	s->failures = 0;
	s->locked = false;
}

/*
 * pinpad_slot_store() - put a key with its attributes into a slot, all or
 * nothing
 *
 * Return: 0; -EINVAL bad slot, or attributes not valid for the key or not
 * of the slot's class; -EKEYREJECTED another slot holds the same key under
 * other attributes. On error the slot keeps its previous key.
 */
int pinpad_slot_store(struct pinpad_device *dev, u32 slot,
		      const struct pinpad_key *k,
		      const struct pinpad_key_attr *attr)
{
	int err;

	lockdep_assert_held(&dev->lock);

	if (pinpad_attr_check(attr, k->alg) ||
	    !pinpad_slot_accepts(slot, pinpad_attr_class(attr)))
		return -EINVAL;
	err = pinpad_slot_check_unique(dev, slot, k, attr);
	if (err)
		return err;
	pinpad_slot_put(dev, slot, k, attr);
	return 0;
}

/* One more failed load under @kbpk_slot; at the limit, lock it. */
static void pinpad_slot_load_failed(struct pinpad_device *dev, u32 kbpk_slot)
{
	struct pinpad_slot *s = &dev->slots[kbpk_slot];

	if (s->locked || ++s->failures < PINPAD_KBPK_FAIL_MAX)
		return;
	s->locked = true;
	pr_warn("slot %u: %u failed key block loads in a row; locked for unwrapping until an admin unlocks it\n",
		kbpk_slot, s->failures);
	/* a change of the sealed state: the helper saves the lock */
	pinpad_device_changed(dev);
}

/*
 * pinpad_slot_load_block() - LOAD_WK: unwrap a key block under a KBPK
 * slot and store the key with the block's attributes
 * @wk: the request; on success wk->kcv receives the stored key's KCV
 *
 * Return: 0; -EINVAL bad slot number, not a working-key slot, or a bad
 * block_len; -ENOKEY empty KBPK slot; -EKEYREJECTED the KBPK slot's key
 * may not unwrap (not K0/K1 with mode B or D), or the block authenticated
 * but is refused (pinpad_kb_unwrap()'s policy, a usage the slot does not
 * take, the same key held under another usage); -EKEYREVOKED the KBPK
 * slot is locked after PINPAD_KBPK_FAIL_MAX failed loads; -EBADMSG the
 * block did not authenticate (one answer for every reason); -ENOMEM. A
 * refused load changes no slot; a block that reached the KBPK and was
 * refused counts towards its lock.
 */
int pinpad_slot_load_block(struct pinpad_device *dev,
			   struct pinpad_wk_load *wk)
{
	const struct pinpad_key *kbpk;
	struct pinpad_key_attr attr;
	struct pinpad_key *k;
	int err;

	lockdep_assert_held(&dev->lock);

	if (wk->slot < PINPAD_WK_FIRST || wk->slot >= PINPAD_SLOTS ||
	    !wk->block_len || wk->block_len > PINPAD_KEY_BLOCK_MAX)
		return -EINVAL;
	err = pinpad_slot_use(dev, wk->kbpk_slot, PINPAD_USE_UNWRAP, &kbpk);
	if (err)
		return err;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	err = pinpad_kb_unwrap(kbpk, wk->block, wk->block_len, &attr, k);
	if (!err && !pinpad_slot_accepts(wk->slot, pinpad_attr_class(&attr)))
		err = -EKEYREJECTED;
	if (!err)
		err = pinpad_slot_store(dev, wk->slot, k, &attr);
	if (err == -EINVAL)		/* attributes the slot refuses */
		err = -EKEYREJECTED;
	if (!err) {
		dev->slots[wk->kbpk_slot].failures = 0;
		memcpy(wk->kcv, k->kcv, PINPAD_KCV_LEN);
	} else if (err != -ENOMEM) {
		pinpad_slot_load_failed(dev, wk->kbpk_slot);
	}
	kfree_sensitive(k);
	memzero_explicit(&attr, sizeof(attr));
	return err;
}

/*
 * pinpad_slot_use() - the key in @slot, if its attributes allow @use
 * @key: receives the key, valid while dev->lock stays held
 *
 * The one check every operation makes (key_attr.c has the table).
 *
 * Return: 0; -EINVAL bad slot number; -ENOKEY empty slot; -EKEYREJECTED
 * the key's attributes do not allow @use; -EKEYREVOKED @use is
 * PINPAD_USE_UNWRAP and the slot is locked after failed loads.
 */
int pinpad_slot_use(struct pinpad_device *dev, u32 slot,
		    enum pinpad_key_use use, const struct pinpad_key **key)
{
	const struct pinpad_slot *s;

	lockdep_assert_held(&dev->lock);

	if (slot >= PINPAD_SLOTS)
		return -EINVAL;
	s = &dev->slots[slot];
	if (s->key.alg == PINPAD_ALG_NONE)
		return -ENOKEY;
	if (!pinpad_attr_allows(&s->attr, use))
		return -EKEYREJECTED;
	if (use == PINPAD_USE_UNWRAP && s->locked)
		return -EKEYREVOKED;
	*key = &s->key;
	return 0;
}

/* pinpad_slot_info() - a slot's metadata, attributes and KCV, never its key */
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
	info->alg = s->key.alg;
	info->attr = s->attr;
	info->flags = s->locked ? PINPAD_SLOT_F_LOCKED : 0;
	return 0;
}

int pinpad_slot_clear(struct pinpad_device *dev, u32 slot)
{
	struct pinpad_slot *s;

	lockdep_assert_held(&dev->lock);

	if (slot >= PINPAD_SLOTS)
		return -EINVAL;
	s = &dev->slots[slot];
	pinpad_handles_drop_slot(dev, slot);
	dev->retired += s->key.alg != PINPAD_ALG_NONE;
	memzero_explicit(s, sizeof(*s));
	return 0;
}

/*
 * pinpad_slot_unlock() - SLOT_UNLOCK: let a locked KBPK unwrap again, and
 * restart its count of failed loads. Return: 0; -EINVAL bad slot.
 */
int pinpad_slot_unlock(struct pinpad_device *dev, u32 slot)
{
	lockdep_assert_held(&dev->lock);

	if (slot >= PINPAD_SLOTS)
		return -EINVAL;
	if (dev->slots[slot].locked)
		pr_notice("admin: slot %u unlocked for unwrapping\n", slot);
	dev->slots[slot].locked = false;
	dev->slots[slot].failures = 0;
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
		n += dev->slots[slot].key.alg != PINPAD_ALG_NONE;
	return n;
}
