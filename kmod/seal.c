// SPDX-License-Identifier: GPL-2.0
/*
 * Sealed persistence (issues #4 and #12; Documentation/persistence.md).
 *
 * The device key is 32 bytes the module holds only long enough to derive,
 * with HMAC-SHA-256, an encryption key, a MAC key, a key identifier and
 * (TPM sealing) the rollback counter's password. It comes from one of:
 *
 *  - TPM sealing (a TPM 2.0 was found at load): the module makes the key
 *    itself and the TPM seals it (tpm2.c); userspace keeps the sealed
 *    object, which only this TPM, before the PCR cap of this boot, opens.
 *    The TPM's NV counter is the rollback counter.
 *  - software sealing (no TPM): a 32-byte "logon" key userspace adds and
 *    never reads back. Root, who keeps the key file, can open every blob:
 *    "sealing: software, not protected from root".
 *
 * A blob is
 *
 *   "PPSB" | version 3 | 3 zero bytes | key id[8] | generation (be64) |
 *   rollback counter (be64) | IV[16] | ciphertext length (be32) |
 *   AES-256-CTR ciphertext | HMAC-SHA-256 over everything before it
 *
 * (encrypt-then-MAC with the kernel's AES and SHA-256 libraries, so no
 * crypto module needs to be loaded). The plaintext is the lifecycle state,
 * the identity, the root certificate's DER, every occupied slot, then
 * records (pinpad_seal_get_records()).
 */
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <keys/user-type.h>
#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/lockdep.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "compat.h"
#include "hmac_sha256.h"
#include "identity.h"
#include "seal.h"
#include "slots.h"
#include "tpm2.h"

/* The blob's header is struct pinpad_seal_hdr (UAPI: userspace reads it) */
#define SEAL_ID_LEN	PINPAD_SEAL_ID_LEN
#define SEAL_HDR_LEN	sizeof(struct pinpad_seal_hdr)
#define SEAL_MAC_LEN	PINPAD_SEAL_MAC_LEN
/* the version before key attributes, still imported (pinpad_seal_get_slot) */
#define PINPAD_SEAL_VERSION_2	2
static_assert(sizeof(struct pinpad_seal_hdr) == 52);
static_assert(offsetof(struct pinpad_seal_hdr, counter) == 24);
static_assert(offsetof(struct pinpad_seal_hdr, ct_len) == 48);
static_assert(PINPAD_SEAL_IV_LEN == AES_BLOCK_SIZE);
static_assert(PINPAD_SEAL_MAC_LEN == SHA256_DIGEST_SIZE);
static_assert(sizeof_field(struct pinpad_device, seal_id) == SEAL_ID_LEN);

/* HMAC-SHA-256(key, label): one derived key per use of the device key */
static void pinpad_seal_derive(const u8 *key, const char *label,
			       u8 out[SHA256_DIGEST_SIZE])
{
	struct pinpad_hmac h;

	pinpad_hmac_init(&h, key, PINPAD_DEVICE_KEY_LEN);
	pinpad_hmac_update(&h, label, strlen(label));
	pinpad_hmac_final(&h, out);
}

/* Every key the device key stands for; @dk is the caller's to wipe */
static void pinpad_seal_derive_all(struct pinpad_device *dev, const u8 *dk)
{
	u8 id[SHA256_DIGEST_SIZE];

	pinpad_seal_derive(dk, "pinpad-rkd seal v1 encryption", dev->seal_enc);
	pinpad_seal_derive(dk, "pinpad-rkd seal v1 MAC", dev->seal_mac);
	pinpad_seal_derive(dk, "pinpad-rkd seal v1 key id", id);
	pinpad_seal_derive(dk, "pinpad-rkd seal v2 counter auth",
			   dev->seal_nv_auth);
	memcpy(dev->seal_id, id, SEAL_ID_LEN);
	dev->seal_ready = true;
}

/*
 * pinpad_seal_load_device_key() - software sealing: take the logon key
 * from the caller's keyrings (no upcall) and derive the sealing keys
 * Return: 0; -EOPNOTSUPP TPM sealing (no key bytes from userspace);
 * -EEXIST loaded; -ENOKEY no such key; -EINVAL not 32 bytes; -ENOMEM.
 */
int pinpad_seal_load_device_key(struct pinpad_device *dev)
{
	const struct user_key_payload *p;
	u8 dk[PINPAD_DEVICE_KEY_LEN];
	struct key *key;
	int err = 0;

	lockdep_assert_held(&dev->lock);

	if (dev->tpm)
		return -EOPNOTSUPP;
	if (dev->seal_ready)
		return -EEXIST;
	rcu_read_lock();
	key = request_key_rcu(&key_type_logon, PINPAD_DEVICE_KEY_DESC, NULL);
	rcu_read_unlock();
	if (IS_ERR(key))
		return PTR_ERR(key) == -ENOMEM ? -ENOMEM : -ENOKEY;

	down_read(&key->sem);
	p = user_key_payload_locked(key);
	if (!p)
		err = -ENOKEY;			/* revoked meanwhile */
	else if (p->datalen != PINPAD_DEVICE_KEY_LEN)
		err = -EINVAL;
	else
		memcpy(dk, p->data, sizeof(dk));
	up_read(&key->sem);
	if (err) {
		key_put(key);
		return err;
	}

	pinpad_seal_derive_all(dev, dk);
	memzero_explicit(dk, sizeof(dk));
	dev->seal_key = key;
	pr_warn("device key loaded (id %8phN); sealing: software, not protected from root\n",
		dev->seal_id);
	return 0;
}

/*
 * pinpad_seal_tpm_key() - TPM sealing: make a new device key (@len 0) or
 * unseal the sealed object @obj; cap the PCR; read the rollback counter
 * @out, @cap, @out_len: with @len 0, the new sealed object
 *
 * Return: 0, or the errors of PINPAD_IOC_TPM_KEY (ioctl/pinpad.h). On
 * error no key is loaded.
 */
int pinpad_seal_tpm_key(struct pinpad_device *dev, const u8 *obj, u32 len,
			u8 *out, u32 cap, u32 *out_len)
{
	u8 dk[PINPAD_TPM_KEY_LEN];
	int err, cap_err;

	lockdep_assert_held(&dev->lock);

	if (!dev->tpm)
		return -ENODEV;
	if (dev->seal_ready)
		return -EEXIST;
	if (len) {
		err = pinpad_tpm_unseal(dev->tpm, obj, len, dk);
	} else {
		get_random_bytes(dk, sizeof(dk));
		err = pinpad_tpm_seal_new(dev->tpm, dk, out, cap, out_len);
	}
	if (err)
		goto out;
	/* the cap first: whatever fails below, the key is not left open */
	cap_err = pinpad_tpm_cap(dev->tpm);
	pinpad_seal_derive_all(dev, dk);
	if (cap_err)
		err = cap_err;
	else if (len)
		err = pinpad_tpm_counter_read(dev->tpm, dev->seal_nv_auth,
					      &dev->seal_counter);
	else
		err = pinpad_tpm_counter_create(dev->tpm, dev->seal_nv_auth,
						&dev->seal_counter);
	if (err)
		pinpad_seal_forget(dev, false);
	else
		pr_info("device key %s by the TPM (id %8phN), PCR %u capped, rollback counter %llu; sealing: tpm\n",
			len ? "unsealed" : "made and sealed", dev->seal_id,
			PINPAD_TPM_PCR, dev->seal_counter);
out:
	memzero_explicit(dk, sizeof(dk));
	return err;
}

/*
 * The rollback counter (TPM sealing). A blob carries the counter value C
 * it was sealed under; the TPM's counter N only ever grows. Import takes
 * C == N, or C == N + 1 (a save that reached the disk before its commit:
 * the import completes the commit). So:
 *
 *  - a key retired (cleared or replaced) makes the state "pending": the
 *    next export carries N + 1, and its commit (PINPAD_IOC_STATE_COMMIT,
 *    once the blob is durable) advances N to it. From then on no blob
 *    from before the retirement imports. Until then the old blob still
 *    does, which is what keeps a power cut during the save from losing
 *    the state (Documentation/persistence.md, "Rollback");
 *  - a tamper advances N by two at once: no blob imports again, pending
 *    or not.
 */
static int pinpad_seal_advance(struct pinpad_device *dev)
{
	int err;

	lockdep_assert_held(&dev->lock);

	err = pinpad_tpm_counter_advance(dev->tpm, dev->seal_nv_auth,
					 &dev->seal_counter);
	if (err)
		pr_err("rollback counter not advanced (%d): older blobs may still import\n",
		       err);
	return err;
}

/* pinpad_seal_retired() - a key was removed or replaced (caller: ioctl) */
void pinpad_seal_retired(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	dev->seal_pending = true;
}

/* pinpad_seal_tamper() - before the wipe: no blob may import again */
void pinpad_seal_tamper(struct pinpad_device *dev)
{
	if (dev->tpm && dev->seal_ready && !pinpad_seal_advance(dev))
		pinpad_seal_advance(dev);
}

/*
 * pinpad_seal_commit() - the blob of export @generation is on disk for
 * good: advance the counter to the value it carries
 * Return: 0 (also with software sealing: nothing to do); -ESTALE not the
 * last export's generation (a newer save will commit); -EIO and the
 * errors of pinpad_tpm_counter_advance().
 */
int pinpad_seal_commit(struct pinpad_device *dev, u64 generation)
{
	int err = 0;

	lockdep_assert_held(&dev->lock);

	if (!dev->tpm)
		return 0;
	if (!dev->seal_ready || !dev->seal_exported ||
	    generation != dev->seal_export_gen)
		return -ESTALE;
	if (dev->seal_counter < dev->seal_export_ctr)
		err = pinpad_seal_advance(dev);
	/* a key retired after that export waits for the next save */
	if (!err && dev->retired == dev->seal_export_retired)
		dev->seal_pending = false;
	return err;
}

/*
 * pinpad_seal_forget() - wipe the sealing keys; with @revoke (tamper), also
 * revoke the logon key so that nobody can use it again for this device
 */
void pinpad_seal_forget(struct pinpad_device *dev, bool revoke)
{
	lockdep_assert_held(&dev->lock);

	if (dev->seal_key) {
		if (revoke)
			key_revoke(dev->seal_key);
		key_put(dev->seal_key);
		dev->seal_key = NULL;
	}
	dev->seal_ready = false;
	dev->seal_counter = 0;
	dev->seal_pending = false;
	dev->seal_exported = false;
	memzero_explicit(dev->seal_enc, sizeof(dev->seal_enc));
	memzero_explicit(dev->seal_mac, sizeof(dev->seal_mac));
	memzero_explicit(dev->seal_id, sizeof(dev->seal_id));
	memzero_explicit(dev->seal_nv_auth, sizeof(dev->seal_nv_auth));
}

/* AES-256-CTR over @buf in place; the counter is the IV as a be128 */
static int pinpad_seal_ctr(const u8 *key, const u8 *iv, u8 *buf, size_t len)
{
	struct crypto_aes_ctx *aes;
	u8 ctr[AES_BLOCK_SIZE], ks[AES_BLOCK_SIZE];
	size_t off, n;
	int err;

	aes = kmalloc(sizeof(*aes), GFP_KERNEL);
	if (!aes)
		return -ENOMEM;
	err = aes_expandkey(aes, key, AES_KEYSIZE_256);
	if (err)
		goto out;
	memcpy(ctr, iv, sizeof(ctr));
	for (off = 0; off < len; off += n) {
		aes_encrypt(aes, ks, ctr);
		n = min_t(size_t, AES_BLOCK_SIZE, len - off);
		crypto_xor(buf + off, ks, n);
		crypto_inc(ctr, AES_BLOCK_SIZE);
	}
	memzero_explicit(ks, sizeof(ks));
out:
	kfree_sensitive(aes);
	return err;
}

static void pinpad_seal_mac(const struct pinpad_device *dev, const u8 *data,
			    size_t len, u8 out[SEAL_MAC_LEN])
{
	struct pinpad_hmac h;

	pinpad_hmac_init(&h, dev->seal_mac, sizeof(dev->seal_mac));
	pinpad_hmac_update(&h, data, len);
	pinpad_hmac_final(&h, out);
}

/* A bounded writer and reader for the plaintext: no raw offsets elsewhere */
struct pinpad_sbuf {
	u8 *p;
	size_t len, cap;
	bool bad;
};

static void sb_put(struct pinpad_sbuf *b, const void *src, size_t n)
{
	if (b->bad || n > b->cap - b->len) {
		b->bad = true;
		return;
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static void sb_put_u8(struct pinpad_sbuf *b, u8 v)
{
	sb_put(b, &v, 1);
}

static const u8 *sb_get(struct pinpad_sbuf *b, size_t n)
{
	const u8 *p = b->p + b->len;

	if (b->bad || n > b->cap - b->len) {
		b->bad = true;
		return NULL;
	}
	b->len += n;
	return p;
}

static u8 sb_get_u8(struct pinpad_sbuf *b)
{
	const u8 *p = sb_get(b, 1);

	return p ? *p : 0;
}

/*
 * Records after the slots: type (1) | length (be16) | value, so that a
 * later version can add to the state without a new layout. A type with
 * SEAL_REC_CRITICAL set that this module does not know refuses the blob;
 * any other unknown type is skipped.
 *
 * SEAL_REC_RL: the highest revocation list number seen (revocation.c),
 * be64. Critical: a module that cannot keep it must not restore the state,
 * or a revoked work certificate would be trusted again. A blob without it
 * restores 0.
 *
 * SEAL_REC_LOCKS (version 3): the slots locked for unwrapping after
 * PINPAD_KBPK_FAIL_MAX failed loads (slots.c), a be64 bitmap, bit n for
 * slot n. Critical: a module that would drop it must not restore the
 * state, or a reboot would lift the lock. The count of failures below the
 * limit is not sealed (secure-module.md, "Failed loads").
 */
#define SEAL_REC_CRITICAL	0x80
#define SEAL_REC_RL		(SEAL_REC_CRITICAL | 0x01)
#define SEAL_REC_RL_LEN		8
#define SEAL_REC_LOCKS		(SEAL_REC_CRITICAL | 0x02)
#define SEAL_REC_LOCKS_LEN	8
static_assert(PINPAD_SLOTS <= 64);

static void pinpad_seal_put_records(const struct pinpad_device *dev,
				    struct pinpad_sbuf *b)
{
	u8 be16[2], be64[8];

	u64 locks = 0;
	u32 slot;

	put_unaligned_be16(SEAL_REC_RL_LEN, be16);
	put_unaligned_be64(dev->rl_number, be64);
	sb_put_u8(b, SEAL_REC_RL);
	sb_put(b, be16, sizeof(be16));
	sb_put(b, be64, sizeof(be64));

	for (slot = 0; slot < PINPAD_SLOTS; slot++)
		locks |= (u64)dev->slots[slot].locked << slot;
	put_unaligned_be16(SEAL_REC_LOCKS_LEN, be16);
	put_unaligned_be64(locks, be64);
	sb_put_u8(b, SEAL_REC_LOCKS);
	sb_put(b, be16, sizeof(be16));
	sb_put(b, be64, sizeof(be64));
}

static void pinpad_seal_serialize(const struct pinpad_device *dev,
				  struct pinpad_sbuf *b)
{
	u32 slot, n = pinpad_slots_loaded(dev);
	u8 be16[2];

	put_unaligned_be16(dev->root_der_len, be16);
	sb_put_u8(b, dev->state);
	sb_put_u8(b, dev->dsn_len);
	sb_put(b, dev->dsn, dev->dsn_len);
	sb_put_u8(b, dev->dik2.len);
	sb_put(b, dev->dik2.key, dev->dik2.len);
	sb_put_u8(b, dev->factor_len);
	sb_put(b, dev->factor, dev->factor_len);
	sb_put(b, be16, sizeof(be16));
	sb_put(b, dev->root_der, dev->root_der_len);
	sb_put_u8(b, n);
	for (slot = 0; slot < PINPAD_SLOTS; slot++) {
		const struct pinpad_slot *s = &dev->slots[slot];

		if (s->key.alg == PINPAD_ALG_NONE)
			continue;
		sb_put_u8(b, slot);
		sb_put_u8(b, s->usage);
		sb_put_u8(b, s->key.alg);
		sb_put_u8(b, s->key.len);
		sb_put(b, s->key.key, s->key.len);
		sb_put(b, &s->attr, sizeof(s->attr));
	}
	pinpad_seal_put_records(dev, b);
}

/*
 * pinpad_seal_export() - the state as a sealed blob
 * Return: 0; -ENOKEY no device key; -ENOSPC @cap too small (*len: needed).
 */
int pinpad_seal_export(struct pinpad_device *dev, u8 *blob, u32 cap,
		       u32 *len)
{
	struct pinpad_seal_hdr *h = (struct pinpad_seal_hdr *)blob;
	struct pinpad_sbuf b = { .p = blob + SEAL_HDR_LEN };
	int err;

	lockdep_assert_held(&dev->lock);

	if (!dev->seal_ready)
		return -ENOKEY;
	if (cap < SEAL_HDR_LEN + SEAL_MAC_LEN)
		return -ENOSPC;
	b.cap = cap - SEAL_HDR_LEN - SEAL_MAC_LEN;
	pinpad_seal_serialize(dev, &b);
	if (b.bad) {
		memzero_explicit(blob, cap);
		*len = PINPAD_STATE_MAX;
		return -ENOSPC;
	}

	memcpy(h->magic, PINPAD_SEAL_MAGIC, sizeof(h->magic));
	h->version = PINPAD_SEAL_VERSION;
	memset(h->reserved0, 0, sizeof(h->reserved0));
	memcpy(h->key_id, dev->seal_id, SEAL_ID_LEN);
	put_unaligned_be64(dev->generation, h->generation);
	dev->seal_export_ctr = dev->seal_counter +
			       (dev->tpm && dev->seal_pending);
	put_unaligned_be64(dev->seal_export_ctr, h->counter);
	get_random_bytes(h->iv, sizeof(h->iv));
	put_unaligned_be32(b.len, h->ct_len);
	err = pinpad_seal_ctr(dev->seal_enc, h->iv, b.p, b.len);
	if (err) {
		memzero_explicit(blob, cap);
		return err;
	}
	pinpad_seal_mac(dev, blob, SEAL_HDR_LEN + b.len,
			blob + SEAL_HDR_LEN + b.len);
	*len = SEAL_HDR_LEN + b.len + SEAL_MAC_LEN;
	dev->seal_exported = true;
	dev->seal_export_gen = dev->generation;
	dev->seal_export_retired = dev->retired;
	return 0;
}

/* Nothing provisioned, nothing stored: the only state import may fill. */
bool pinpad_device_pristine(const struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	return dev->state == PINPAD_STATE_FACTORY && !dev->dsn_len &&
	       !dev->dik2.len && !dev->factor_len && !dev->root_keyring &&
	       !pinpad_slots_loaded(dev);
}

static void pinpad_seal_set_locks(struct pinpad_device *dev, u64 locks)
{
	u32 slot;

	for (slot = 0; slot < PINPAD_SLOTS; slot++)
		if (locks & BIT_ULL(slot))
			dev->slots[slot].locked = true;
}

/* Read the records after the slots; -EBADMSG if malformed (see above) */
static int pinpad_seal_get_records(struct pinpad_device *dev,
				   struct pinpad_sbuf *b)
{
	dev->rl_number = 0;
	while (b->len < b->cap) {
		u8 type = sb_get_u8(b);
		const u8 *len = sb_get(b, 2);
		u16 n = len ? get_unaligned_be16(len) : 0;
		const u8 *v = sb_get(b, n);

		if (b->bad)
			return -EBADMSG;
		if (type == SEAL_REC_RL && n == SEAL_REC_RL_LEN)
			dev->rl_number = get_unaligned_be64(v);
		else if (type == SEAL_REC_LOCKS && n == SEAL_REC_LOCKS_LEN)
			pinpad_seal_set_locks(dev, get_unaligned_be64(v));
		else if (type & SEAL_REC_CRITICAL)
			return -EBADMSG;
	}
	return 0;
}

/*
 * One slot of the plaintext: slot | class | alg | len | key | attributes
 * (version 3), or slot | class | len | key (version 2, TDES, before key
 * blocks: the attributes its class always meant, pinpad_attr_default()).
 * Either way the key goes through pinpad_slot_store()'s checks.
 */
static int pinpad_seal_get_slot(struct pinpad_device *dev,
				struct pinpad_sbuf *b, u8 version,
				struct pinpad_key *k)
{
	u8 slot = sb_get_u8(b), usage = sb_get_u8(b);
	u8 alg = version >= 3 ? sb_get_u8(b) : PINPAD_ALG_TDES;
	u8 klen = sb_get_u8(b);
	const u8 *key = sb_get(b, klen);
	struct pinpad_key_attr attr;
	const u8 *a = version >= 3 ? sb_get(b, sizeof(attr)) : NULL;

	if (b->bad || slot >= PINPAD_SLOTS ||
	    dev->slots[slot].key.alg != PINPAD_ALG_NONE ||
	    pinpad_key_set(k, alg, key, klen))
		return -EBADMSG;
	if (a)
		memcpy(&attr, a, sizeof(attr));
	else
		pinpad_attr_default(usage, alg, &attr);
	if (pinpad_attr_class(&attr) != usage ||
	    pinpad_slot_store(dev, slot, k, &attr))
		return -EBADMSG;
	return 0;
}

/* Apply a decrypted plaintext to a pristine device; -EBADMSG if malformed */
static int pinpad_seal_apply(struct pinpad_device *dev, struct pinpad_sbuf *b,
			     u8 version)
{
	struct pinpad_key *k;
	u8 state, dsn_len, dik2_len, factor_len, n, i;
	const u8 *dsn, *dik2, *factor, *root, *rlen;
	u32 root_len;
	int err = -EBADMSG;

	state = sb_get_u8(b);
	dsn_len = sb_get_u8(b);
	dsn = sb_get(b, dsn_len);
	dik2_len = sb_get_u8(b);
	dik2 = sb_get(b, dik2_len);
	factor_len = sb_get_u8(b);
	factor = sb_get(b, factor_len);
	rlen = sb_get(b, 2);
	root_len = rlen ? get_unaligned_be16(rlen) : 0;
	root = sb_get(b, root_len);
	if (b->bad || (state != PINPAD_STATE_FACTORY &&
		       state != PINPAD_STATE_SEALED) ||
	    (dik2_len && dik2_len != PINPAD_DIK2_LEN) || !factor_len != !dik2_len)
		return -EBADMSG;

	if (dsn_len && pinpad_identity_set_dsn(dev, dsn, dsn_len))
		return -EBADMSG;
	if (dik2_len && pinpad_identity_set_dik2(dev, dik2, factor, factor_len))
		return -EBADMSG;
	if (root_len && pinpad_root_install(dev, root, root_len))
		return -EBADMSG;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	n = sb_get_u8(b);
	for (i = 0; i < n; i++)
		if (pinpad_seal_get_slot(dev, b, version, k))
			goto out;
	if (pinpad_seal_get_records(dev, b))
		goto out;
	if (state == PINPAD_STATE_SEALED && !pinpad_identity_complete(dev))
		goto out;
	dev->state = state;
	err = 0;
out:
	kfree_sensitive(k);
	return err;
}

/*
 * pinpad_seal_import() - restore a blob into a pristine device
 * Return: 0; -ENOKEY no device key; -EKEYREJECTED sealed by another device
 * key; -EBADMSG corrupted, truncated or malformed; -ESTALE authentic, but
 * its rollback counter is not the TPM's (an older state); -ENOMEM. On
 * error the device is left pristine.
 */
int pinpad_seal_import(struct pinpad_device *dev, const u8 *blob, u32 len)
{
	const struct pinpad_seal_hdr *h = (const struct pinpad_seal_hdr *)blob;
	u8 mac[SEAL_MAC_LEN], *plain = NULL;
	struct pinpad_sbuf b = {};
	u64 ctr;
	u32 ct_len;
	int err;

	lockdep_assert_held(&dev->lock);

	if (!dev->seal_ready)
		return -ENOKEY;
	if (len < SEAL_HDR_LEN + SEAL_MAC_LEN ||
	    memcmp(h->magic, PINPAD_SEAL_MAGIC, sizeof(h->magic)) ||
	    (h->version != PINPAD_SEAL_VERSION &&
	     h->version != PINPAD_SEAL_VERSION_2) ||
	    memchr_inv(h->reserved0, 0, sizeof(h->reserved0)))
		return -EBADMSG;
	if (crypto_memneq(h->key_id, dev->seal_id, SEAL_ID_LEN))
		return -EKEYREJECTED;
	ct_len = get_unaligned_be32(h->ct_len);
	if (ct_len != len - SEAL_HDR_LEN - SEAL_MAC_LEN)
		return -EBADMSG;
	pinpad_seal_mac(dev, blob, SEAL_HDR_LEN + ct_len, mac);
	err = crypto_memneq(mac, blob + SEAL_HDR_LEN + ct_len, SEAL_MAC_LEN) ?
	      -EBADMSG : 0;
	memzero_explicit(mac, sizeof(mac));
	if (err)
		return err;
	ctr = get_unaligned_be64(h->counter);
	if (ctr != dev->seal_counter &&
	    (!dev->tpm || ctr != dev->seal_counter + 1)) {
		pr_warn("sealed state refused: rollback counter %llu, the TPM's is %llu\n",
			ctr, dev->seal_counter);
		return -ESTALE;
	}

	plain = kmemdup(blob + SEAL_HDR_LEN, ct_len, GFP_KERNEL);
	if (!plain)
		return -ENOMEM;
	err = pinpad_seal_ctr(dev->seal_enc, h->iv, plain, ct_len);
	if (!err) {
		b.p = plain;
		b.cap = ct_len;
		err = pinpad_seal_apply(dev, &b, h->version);
	}
	kfree_sensitive(plain);
	if (!err && h->version == PINPAD_SEAL_VERSION_2)
		pr_notice("sealed state: version 2 blob imported; its keys have the attributes of their class (TMK K0/D, PIN P0/E, MAC M3/C, DATA D0/B)\n");
	if (err) {
		/* all or nothing: back to pristine */
		pinpad_slots_wipe(dev);
		pinpad_identity_wipe(dev);
		memset(dev->dsn, 0, sizeof(dev->dsn));
		dev->dsn_len = 0;
		return err;
	}
	dev->generation = get_unaligned_be64(h->generation);
	/* saved, but not committed before the reboot: commit now */
	if (ctr != dev->seal_counter)
		pinpad_seal_advance(dev);
	return 0;
}

/* Every change of state: a new generation, and a wake-up for pollers. */
void pinpad_device_changed(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	dev->generation++;
	wake_up_interruptible_poll(&dev->changed, EPOLLPRI);
}
