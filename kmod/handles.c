// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens: how the kernel crypto API reaches a DATA key without its bytes.
 *
 * AF_ALG lets any local user bind any algorithm, so the "key" our
 * skciphers take (struct pinpad_token) must be something only a process
 * allowed to open /dev/pinpad can get: a 128-bit random handle, recorded
 * here with the slot it names, plus this module load's random epoch. A
 * token is valid while its record lives; the record dies when the token
 * is revoked, when its slot is cleared or refilled, when the file that
 * took it is released, on tamper, and with the device at unload. One file
 * holds at most PINPAD_TOKENS_PER_FILE of the PINPAD_TOKENS_MAX records,
 * so no caller can take them all. Every failure to find a live record is -ENOKEY,
 * whatever the reason, so a caller learns nothing about other tokens.
 */
#include <crypto/algapi.h>
#include <linux/lockdep.h>
#include <linux/random.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "handles.h"
#include "slots.h"

/* pinpad_handles_init() - pick this load's epoch; no token exists yet */
void pinpad_handles_init(struct pinpad_device *dev)
{
	memzero_explicit(dev->handles, sizeof(dev->handles));
	do {
		dev->epoch = get_random_u64();
	} while (!dev->epoch);
}

static void pinpad_handle_kill(struct pinpad_handle *h)
{
	memzero_explicit(h, sizeof(*h));
}

/*
 * pinpad_handle_find() - the live record @tok names, or NULL
 *
 * Every record is compared, in constant time, so the time taken does not
 * tell how many records there are or which one matched.
 */
static struct pinpad_handle *pinpad_handle_find(struct pinpad_device *dev,
						const struct pinpad_token *tok)
{
	struct pinpad_handle *found = NULL;
	size_t i;

	if (tok->magic != PINPAD_TOKEN_MAGIC || tok->epoch != dev->epoch)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(dev->handles); i++) {
		struct pinpad_handle *h = &dev->handles[i];
		bool match = !crypto_memneq(h->handle, tok->handle,
					    PINPAD_HANDLE_LEN);

		if (match && h->live && h->slot == tok->slot)
			found = h;
	}
	return found;
}

/*
 * The key of a D0 slot for @use (NULL: for either direction, as long as
 * the mode allows one), through pinpad_slot_use(): PIN, MAC and TMK keys
 * are never reachable through the crypto API.
 */
static int pinpad_handle_slot_key(struct pinpad_device *dev, u32 slot,
				  const enum pinpad_key_use *use,
				  const struct pinpad_key **key)
{
	int err;

	if (use)
		return pinpad_slot_use(dev, slot, *use, key);
	err = pinpad_slot_use(dev, slot, PINPAD_USE_ENCRYPT, key);
	if (err == -EKEYREJECTED)
		err = pinpad_slot_use(dev, slot, PINPAD_USE_DECRYPT, key);
	return err;
}

/*
 * pinpad_handle_issue() - make a token for the DATA key in @slot
 * @owner: the open file asking; the token dies when it is released
 * @tok: receives the token
 *
 * Return: 0; -EINVAL bad slot; -ENOKEY empty slot; -EKEYREJECTED the key
 * is not a DATA key (PIN, MAC and TMK keys are never reachable through the
 * crypto API); -EDQUOT @owner already holds PINPAD_TOKENS_PER_FILE tokens;
 * -ENOSPC every record is in use.
 */
int pinpad_handle_issue(struct pinpad_device *dev, const void *owner,
			u32 slot, struct pinpad_token *tok)
{
	const struct pinpad_key *key;
	struct pinpad_handle *h = NULL;
	unsigned int held = 0;
	size_t i;
	int err;

	lockdep_assert_held(&dev->lock);

	err = pinpad_handle_slot_key(dev, slot, NULL, &key);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(dev->handles); i++) {
		if (!dev->handles[i].live)
			h = h ?: &dev->handles[i];
		else if (dev->handles[i].owner == owner)
			held++;
	}
	if (held >= PINPAD_TOKENS_PER_FILE)
		return -EDQUOT;
	if (!h)
		return -ENOSPC;

	get_random_bytes(h->handle, sizeof(h->handle));
	h->slot = slot;
	h->live = true;
	h->owner = owner;

	memset(tok, 0, sizeof(*tok));
	tok->magic = PINPAD_TOKEN_MAGIC;
	tok->slot = slot;
	tok->epoch = dev->epoch;
	memcpy(tok->handle, h->handle, sizeof(tok->handle));
	return 0;
}

/* pinpad_handle_revoke() - 0, or -ENOKEY if @tok is not a live token */
int pinpad_handle_revoke(struct pinpad_device *dev,
			 const struct pinpad_token *tok)
{
	struct pinpad_handle *h = pinpad_handle_find(dev, tok);

	lockdep_assert_held(&dev->lock);

	if (!h)
		return -ENOKEY;
	pinpad_handle_kill(h);
	return 0;
}

/*
 * pinpad_handle_key() - the key a token names, for one use
 * @use: PINPAD_USE_ENCRYPT or PINPAD_USE_DECRYPT (a request), or NULL
 *       (setkey: either direction)
 * @key: receives the slot's key, valid while dev->lock stays held
 *
 * Return: 0; -EKEYREJECTED the key's mode of use does not allow @use;
 * -ENOKEY for a token that is malformed, forged, revoked or stale (its
 * slot changed, the device was tampered with, or it comes from an earlier
 * load of the module), or when the device is not live.
 */
int pinpad_handle_key(struct pinpad_device *dev,
		      const struct pinpad_token *tok,
		      const enum pinpad_key_use *use,
		      const struct pinpad_key **key)
{
	const struct pinpad_handle *h = pinpad_handle_find(dev, tok);
	int err;

	lockdep_assert_held(&dev->lock);

	if (!h || (dev->state != PINPAD_STATE_FACTORY &&
		   dev->state != PINPAD_STATE_SEALED))
		return -ENOKEY;
	/*
	 * records die with their slot's key, so this is a D0 key; its mode
	 * may still refuse a direction (-EKEYREJECTED: nothing secret)
	 */
	err = pinpad_handle_slot_key(dev, h->slot, use, key);
	if (err && (err != -EKEYREJECTED || !use))
		err = -ENOKEY;
	return err;
}

/* pinpad_handles_drop_slot() - kill every token of @slot (cleared/refilled) */
void pinpad_handles_drop_slot(struct pinpad_device *dev, u32 slot)
{
	size_t i;

	lockdep_assert_held(&dev->lock);

	for (i = 0; i < ARRAY_SIZE(dev->handles); i++)
		if (dev->handles[i].live && dev->handles[i].slot == slot)
			pinpad_handle_kill(&dev->handles[i]);
}

/* pinpad_handles_drop_owner() - kill every token @owner took (release) */
void pinpad_handles_drop_owner(struct pinpad_device *dev, const void *owner)
{
	size_t i;

	lockdep_assert_held(&dev->lock);

	for (i = 0; i < ARRAY_SIZE(dev->handles); i++)
		if (dev->handles[i].live && dev->handles[i].owner == owner)
			pinpad_handle_kill(&dev->handles[i]);
}

/* pinpad_handles_wipe() - kill every token (tamper, unload) */
void pinpad_handles_wipe(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	memzero_explicit(dev->handles, sizeof(dev->handles));
}

int pinpad_ioctl_token_get(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_token tok;
	int err;

	if (copy_from_user(&tok, arg, sizeof(tok)))
		return -EFAULT;
	if (tok.magic || tok.epoch ||
	    memchr_inv(tok.handle, 0, sizeof(tok.handle)))
		return -EINVAL;
	err = pinpad_handle_issue(pf->dev, pf, tok.slot, &tok);
	if (err)
		return err;
	if (copy_to_user(arg, &tok, sizeof(tok))) {
		/* nobody has the token: it must not stay alive */
		pinpad_handle_revoke(pf->dev, &tok);
		err = -EFAULT;
	}
	memzero_explicit(&tok, sizeof(tok));
	return err;
}

int pinpad_ioctl_token_revoke(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_token tok;
	int err;

	if (copy_from_user(&tok, arg, sizeof(tok)))
		return -EFAULT;
	err = pinpad_handle_revoke(pf->dev, &tok);
	memzero_explicit(&tok, sizeof(tok));
	return err;
}
