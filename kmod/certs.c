// SPDX-License-Identifier: GPL-2.0
/*
 * Certificates: RKS_RCRT, the root installed at the factory, and RKS_WCRT,
 * the server's work certificate received in each download session.
 *
 * The kernel's own X.509 parser checks both: the root's DER goes into a
 * keyring that only this module holds, as an "asymmetric" key; a work
 * certificate goes into a per-session keyring restricted (keyring_restrict,
 * "key_or_keyring:<root keyring>") to keys signed by that root, so adding it
 * succeeds only if the root signed it. See kernel-notes.md.
 *
 * The kernel's parser checks signatures and keys, not the profile; the
 * profile (protocol.md, "Certificate profile") is checked here first, on
 * the facts der.c reads: a root must be a self-signed CA with keyCertSign,
 * a work certificate an end-entity for keyEncipherment alone, with the
 * project's extendedKeyUsage OID, issued by the root, valid now.
 */
#include <crypto/public_key.h>
#include <crypto/sha2.h>
#include <keys/asymmetric-type.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/keyctl.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/timekeeping.h>

#include "der.h"
#include "identity.h"
#include "rsa_oaep.h"

/*
 * A clock before 2025-01-01T00:00:00Z is an unset clock (a device whose
 * RTC lost power reads 1970): validity cannot be checked, so every work
 * certificate is refused until the clock is set -- an expired certificate
 * must not pass because a battery died.
 */
#define PINPAD_CLOCK_MIN	1735689600LL

#define PINPAD_ROOT_MIN_BITS	2048

/*
 * Userspace may look at the (public) certificate, never change it. The
 * owner (uid 0) gets no SEARCH: KEYCTL_INVALIDATE needs only that. The
 * module reaches its keys as their possessor (make_key_ref(.., true)).
 */
#define PINPAD_ROOT_PERM ((KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW | \
			  KEY_USR_READ)
/*
 * KEY_FLAG_KEEP (both kernels have KEY_ALLOC_SET_KEEP): keyctl refuses to
 * revoke, invalidate, unlink or clear the trust anchor whatever the
 * caller's capabilities; the module's own key_revoke() still works.
 */
#define PINPAD_ROOT_ALLOC	(KEY_ALLOC_NOT_IN_QUOTA | KEY_ALLOC_SET_KEEP)

/*
 * pinpad_rsa_key_bytes() - the modulus size of an RSA key of at least
 * PINPAD_ROOT_MIN_BITS bits, or -EKEYREJECTED for any other key.
 */
static int pinpad_rsa_key_bytes(struct key *key)
{
	const struct public_key *pub = asymmetric_key_public_key(key);
	struct kernel_pkey_params params = { .key = key, .encoding = "raw" };
	struct kernel_pkey_query info = {};
	int err;

	if (!pub || !pub->pkey_algo || strcmp(pub->pkey_algo, "rsa"))
		return -EKEYREJECTED;
	err = query_asymmetric_key(&params, &info);
	if (err)
		return err;
	if (info.key_size < PINPAD_ROOT_MIN_BITS ||
	    info.key_size > PINPAD_RSA_MAX_BYTES * 8)
		return -EKEYREJECTED;
	return info.key_size / 8;
}

/*
 * The parser's errors depend on which crypto modules happen to be loaded
 * (an EC certificate gives -ENOENT without ecdsa, -ENOPKG for an unknown
 * algorithm...). Callers get two stable answers: -EBADMSG for bytes that
 * are not a well-formed certificate, -EKEYREJECTED for a certificate this
 * device will not use.
 */
static int pinpad_root_parse_error(int err)
{
	if (err == -ENOMEM || err == -EBADMSG)
		return err;
	return -EKEYREJECTED;
}

/* The facts both profiles require; NULL or why @ci fails them. */
static const char *pinpad_profile_common(const struct pinpad_cert_info *ci)
{
	if (!ci->sig_sha256_rsa)
		return "signature algorithm is not sha256WithRSAEncryption";
	if (!ci->key_rsa)
		return "the key is not RSA";
	if (ci->unknown_critical)
		return "an unknown critical extension";
	return NULL;
}

/*
 * The root profile: self-signed (issuer = subject), basicConstraints cA,
 * keyUsage with keyCertSign; plus the common facts. NULL if @der passes.
 */
static const char *pinpad_root_profile(const struct pinpad_cert_info *ci)
{
	const char *why = pinpad_profile_common(ci);

	if (why)
		return why;
	if (ci->issuer_len != ci->subject_len ||
	    memcmp(ci->issuer, ci->subject, ci->subject_len))
		return "not self-signed (issuer differs from subject)";
	if (!ci->has_bc || !ci->ca)
		return "not a CA (basicConstraints cA is not set)";
	if (!ci->has_ku || !(ci->ku & PINPAD_KU_KEY_CERT_SIGN))
		return "keyUsage does not allow keyCertSign";
	return NULL;
}

/*
 * The work certificate profile: issued by the root (issuer = the root's
 * subject), not a CA, keyUsage keyEncipherment and nothing else, the RKS
 * work certificate extendedKeyUsage, valid at the device's clock; plus the
 * common facts. NULL if @der passes.
 */
static const char *pinpad_work_profile(const struct pinpad_device *dev,
				       const u8 *der, u32 len)
{
	struct pinpad_cert_info ci, root;
	s64 now = ktime_get_real_seconds();
	const char *why;

	if (pinpad_cert_parse(der, len, &ci))
		return "not a DER X.509 v3 certificate with extensions";
	why = pinpad_profile_common(&ci);
	if (why)
		return why;
	if (pinpad_cert_parse(dev->root_der, dev->root_der_len, &root) ||
	    ci.issuer_len != root.subject_len ||
	    memcmp(ci.issuer, root.subject, root.subject_len))
		return "the issuer is not the root";
	if (ci.has_bc && ci.ca)
		return "a CA certificate (basicConstraints cA)";
	if (!ci.has_ku || ci.ku != PINPAD_KU_KEY_ENCIPHERMENT)
		return "keyUsage is not keyEncipherment alone";
	if (!ci.has_eku || !ci.eku_rks)
		return "extendedKeyUsage lacks the RKS work certificate OID";
	if (now < PINPAD_CLOCK_MIN)
		return "the device clock is unset (before 2025-01-01)";
	if (now < ci.not_before)
		return "not yet valid (notBefore)";
	if (now > ci.not_after)
		return "expired (notAfter)";
	return NULL;
}

/*
 * pinpad_root_install() - parse RKS_RCRT and make it the device's root
 *
 * Return: 0; -EBADMSG for input that is not a DER X.509 v3 certificate with
 * extensions; -EKEYREJECTED for a certificate
 * that fails the root profile (protocol.md, "Certificate profile": a
 * self-signed CA with keyCertSign, sha256WithRSAEncryption, RSA 2048-4096,
 * no unknown critical extension) or that the kernel cannot use; -ENOMEM.
 * On error the previous root, if any, stays.
 */
int pinpad_root_install(struct pinpad_device *dev, const u8 *der, u32 len)
{
	struct pinpad_cert_info ci;
	struct key *keyring, *key;
	const char *why;
	u8 *der_copy;
	key_ref_t kref;
	int err;

	lockdep_assert_held(&dev->lock);

	if (pinpad_cert_parse(der, len, &ci)) {
		pinpad_warn_rl(dev, "certs: root refused: %s\n",
			       "not a DER X.509 v3 certificate with extensions");
		return -EBADMSG;
	}
	why = pinpad_root_profile(&ci);
	if (why) {
		pinpad_warn_rl(dev, "certs: root refused: %s\n", why);
		return -EKEYREJECTED;
	}

	keyring = keyring_alloc("pinpad:root", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
				current_cred(), PINPAD_ROOT_PERM,
				PINPAD_ROOT_ALLOC, NULL, NULL);
	if (IS_ERR(keyring))
		return PTR_ERR(keyring);

	kref = key_create_or_update(make_key_ref(keyring, true), "asymmetric",
				    NULL, der, len, PINPAD_ROOT_PERM,
				    PINPAD_ROOT_ALLOC);
	if (IS_ERR(kref)) {
		err = pinpad_root_parse_error(PTR_ERR(kref));
		goto err_keyring;
	}
	key = key_ref_to_ptr(kref);
	err = pinpad_rsa_key_bytes(key);
	if (err < 0) {
		key_put(key);
		goto err_keyring;
	}

	der_copy = kmemdup(der, len, GFP_KERNEL);
	if (!der_copy) {
		key_put(key);
		err = -ENOMEM;
		goto err_keyring;
	}
	pinpad_root_remove(dev);
	dev->root_keyring = keyring;
	dev->root_key = key;
	dev->root_der = der_copy;
	dev->root_der_len = len;
	sha256(der, len, dev->root_fpr);
	return 0;

err_keyring:
	key_revoke(keyring);
	key_put(keyring);
	return err;
}

/* pinpad_root_remove() - drop the root keyring and forget the root */
void pinpad_root_remove(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	if (dev->root_key) {
		key_put(dev->root_key);
		dev->root_key = NULL;
	}
	if (dev->root_keyring) {
		key_revoke(dev->root_keyring);
		key_put(dev->root_keyring);
		dev->root_keyring = NULL;
	}
	memset(dev->root_fpr, 0, sizeof(dev->root_fpr));
	dev->rl_number = 0;		/* list numbers are the root's */
	kfree(dev->root_der);
	dev->root_der = NULL;
	dev->root_der_len = 0;
}

/*
 * pinpad_root_usable() - is there a root, and is it still valid?
 *
 * KEY_FLAG_KEEP and the permissions keep userspace from removing it; this
 * check makes STATUS and the download tell the truth even if something
 * else (an expiry, a kernel path we did not foresee) did.
 */
bool pinpad_root_usable(const struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	return dev->root_keyring && dev->root_key &&
	       !key_validate(dev->root_keyring) && !key_validate(dev->root_key);
}

/*
 * The root's own certificate passes the keyring restriction (it is signed
 * by the root key), but the root key signs work certificates and nothing
 * else: a "work certificate" carrying the root's key is refused.
 */
static bool pinpad_same_public_key(struct key *a, struct key *b)
{
	const struct public_key *pa = asymmetric_key_public_key(a);
	const struct public_key *pb = asymmetric_key_public_key(b);

	return pa && pb && pa->keylen == pb->keylen &&
	       !memcmp(pa->key, pb->key, pa->keylen);
}

/*
 * pinpad_work_cert_verify() - accept RKS_WCRT only if the root signed it
 * @dev:     the device, whose root keyring is the trust anchor
 * @keyring: out, a new keyring holding the work certificate's key; the
 *           caller releases it with pinpad_work_cert_release()
 * @key:     out, that key (a reference owned by the caller)
 *
 * Return: the modulus size in bytes (> 0); -EKEYREJECTED for a certificate
 * that is malformed, fails the work certificate profile (protocol.md,
 * "Certificate profile"; the reason goes to the kernel log), is not signed
 * by the root, or is not RSA 2048-4096; -ENODATA without a root; -ENOMEM.
 */
int pinpad_work_cert_verify(struct pinpad_device *dev, const u8 *der, u32 len,
			    struct key **keyring, struct key **key)
{
	char restriction[40];
	const char *why;
	struct key *kr;
	key_ref_t kref;
	int ret;

	lockdep_assert_held(&dev->lock);

	if (!pinpad_root_usable(dev))
		return -ENODATA;
	why = pinpad_work_profile(dev, der, len);
	if (why) {
		/* the reason, through its own rate limit (device.h) */
		pinpad_cert_warn_rl(dev, "certs: work certificate refused: %s\n", why);
		return -EKEYREJECTED;
	}
	kr = keyring_alloc("pinpad:work", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			   current_cred(), PINPAD_ROOT_PERM,
			   KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	if (IS_ERR(kr))
		return PTR_ERR(kr);
	snprintf(restriction, sizeof(restriction), "key_or_keyring:%d",
		 key_serial(dev->root_keyring));
	ret = keyring_restrict(make_key_ref(kr, true), "asymmetric",
			       restriction);
	if (ret)
		goto err_keyring;

	/* no KEY_ALLOC_BYPASS_RESTRICTION: the root's signature is checked */
	kref = key_create_or_update(make_key_ref(kr, true), "asymmetric", NULL,
				    der, len, PINPAD_ROOT_PERM,
				    KEY_ALLOC_NOT_IN_QUOTA);
	if (IS_ERR(kref)) {
		ret = PTR_ERR(kref) == -ENOMEM ? -ENOMEM : -EKEYREJECTED;
		goto err_keyring;
	}
	ret = pinpad_rsa_key_bytes(key_ref_to_ptr(kref));
	if (ret > 0 && pinpad_same_public_key(key_ref_to_ptr(kref),
					      dev->root_key))
		ret = -EKEYREJECTED;
	if (ret < 0) {
		key_ref_put(kref);
		goto err_keyring;
	}
	*keyring = kr;
	*key = key_ref_to_ptr(kref);
	return ret;

err_keyring:
	key_revoke(kr);
	key_put(kr);
	return ret;
}

void pinpad_work_cert_release(struct key *keyring, struct key *key)
{
	if (key)
		key_put(key);
	if (keyring) {
		key_revoke(keyring);
		key_put(keyring);
	}
}
