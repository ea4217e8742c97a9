// SPDX-License-Identifier: GPL-2.0
/*
 * Device identity: the DSN (public), DIK2 and the factor (secret; the
 * factor is secret because together with the DSN it lets anyone holding
 * DIK1 recompute DIK2).
 */
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "identity.h"

/*
 * pinpad_identity_set_dsn() - PINPAD_DSN_MIN..PINPAD_DSN_MAX bytes of
 * graphic ASCII (PINPAD_DSN_CHAR_MIN..PINPAD_DSN_CHAR_MAX: no space)
 */
int pinpad_identity_set_dsn(struct pinpad_device *dev, const u8 *dsn, u32 len)
{
	u32 i;

	lockdep_assert_held(&dev->lock);

	if (len < PINPAD_DSN_MIN || len > PINPAD_DSN_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (dsn[i] < PINPAD_DSN_CHAR_MIN || dsn[i] > PINPAD_DSN_CHAR_MAX)
			return -EINVAL;

	memset(dev->dsn, 0, sizeof(dev->dsn));
	memcpy(dev->dsn, dsn, len);
	dev->dsn_len = len;
	return 0;
}

/*
 * pinpad_identity_set_dik2() - install DIK2 (24 bytes) and its factor
 *
 * Return: 0; -EINVAL bad factor length or weak key (identity unchanged).
 */
int pinpad_identity_set_dik2(struct pinpad_device *dev, const u8 *dik2,
			     const u8 *factor, u32 factor_len)
{
	struct pinpad_key *k;
	int err;

	lockdep_assert_held(&dev->lock);

	if (!factor_len || factor_len > PINPAD_FACTOR_MAX)
		return -EINVAL;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	err = pinpad_key_set(k, PINPAD_ALG_TDES, dik2, PINPAD_DIK2_LEN);
	if (!err) {
		memcpy(&dev->dik2, k, sizeof(*k));
		memzero_explicit(dev->factor, sizeof(dev->factor));
		memcpy(dev->factor, factor, factor_len);
		dev->factor_len = factor_len;
	}
	kfree_sensitive(k);
	return err;
}

bool pinpad_identity_complete(const struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	return dev->dsn_len && dev->dik2.len && dev->factor_len &&
	       dev->root_keyring;
}

/* pinpad_identity_wipe() - erase DIK2, the factor and the root keyring */
void pinpad_identity_wipe(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	pinpad_key_wipe(&dev->dik2);
	memzero_explicit(dev->factor, sizeof(dev->factor));
	dev->factor_len = 0;
	pinpad_root_remove(dev);
}
