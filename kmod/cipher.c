// SPDX-License-Identifier: GPL-2.0
/*
 * PINPAD_IOC_CIPHER: ECB and CBC with a D0 (data) key, TDES or AES, by
 * modes.c. The skciphers (skcipher.c) use the same functions, so CIPHER,
 * AF_ALG and OpenSSL agree byte for byte.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cipher.h"
#include "slots.h"

/*
 * What can be checked before the key is known: op, mode, a length that is
 * whole TDES blocks (AES blocks are whole TDES blocks too), no IV for ECB.
 */
static bool pinpad_cipher_args_valid(const struct pinpad_cipher *c)
{
	if (c->op != PINPAD_OP_ENCRYPT && c->op != PINPAD_OP_DECRYPT)
		return false;
	if (!c->len || c->len > PINPAD_DATA_MAX || c->len % PINPAD_BLOCK_LEN)
		return false;
	if (c->mode == PINPAD_MODE_ECB)
		return !memchr_inv(c->iv, 0, sizeof(c->iv));
	return c->mode == PINPAD_MODE_CBC;
}

/* ... and what needs the key: whole blocks of its cipher, its IV size */
static bool pinpad_cipher_fits_key(const struct pinpad_cipher *c,
				   const struct pinpad_key *k)
{
	unsigned int bs = pinpad_key_block_len(k);

	return !(c->len % bs) &&
	       !memchr_inv(c->iv + bs, 0, sizeof(c->iv) - bs);
}

/*
 * pinpad_ioctl_cipher() - PINPAD_IOC_CIPHER: ECB or CBC with a D0 key
 *
 * Return: 0; -EINVAL bad op, mode, slot or length (not whole blocks of
 * the key's cipher), an IV with ECB, or a TDES IV with bytes 8..15 set;
 * -ENOKEY empty slot; -EKEYREJECTED not a D0 key, or its mode of use does
 * not allow this direction; -EFAULT; -ENOMEM.
 */
int pinpad_ioctl_cipher(struct pinpad_file *pf, void __user *arg)
{
	const struct pinpad_key *key;
	struct pinpad_cipher c;
	bool encrypt;
	int err;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (!pinpad_cipher_args_valid(&c))
		return -EINVAL;
	encrypt = c.op == PINPAD_OP_ENCRYPT;
	err = pinpad_slot_use(pf->dev, c.slot, encrypt ? PINPAD_USE_ENCRYPT :
			      PINPAD_USE_DECRYPT, &key);
	if (err)
		return err;
	if (!pinpad_cipher_fits_key(&c, key))
		return -EINVAL;
	if (!pf->data) {
		pf->data = kmalloc(PINPAD_DATA_MAX, GFP_KERNEL);
		if (!pf->data)
			return -ENOMEM;
	}
	if (copy_from_user(pf->data, u64_to_user_ptr(c.in), c.len)) {
		err = -EFAULT;
		goto out;
	}

	if (c.mode == PINPAD_MODE_ECB)
		pinpad_key_ecb(key, encrypt, pf->data, pf->data, c.len);
	else
		pinpad_key_cbc(key, encrypt, c.iv, pf->data, pf->data, c.len);

	if (copy_to_user(u64_to_user_ptr(c.out), pf->data, c.len) ||
	    copy_to_user(arg, &c, sizeof(c)))
		err = -EFAULT;
out:
	memzero_explicit(pf->data, c.len);
	return err;
}
