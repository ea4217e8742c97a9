// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 commands for sealing the device key (tpm2.h). Standard: TCG TPM
 * 2.0 Library, Part 3 "Commands" (each command's layout is cited where it
 * is built) and Part 1, "Enhanced Authorization" (policy sessions).
 *
 * Objects (the storage primary, the loaded sealed object, the policy
 * session) live in the TPM only for the length of one exported call and
 * are flushed before it returns: the kernel gives in-kernel callers no
 * resource-manager space, so they share the TPM's slots with /dev/tpm0.
 */
#include <crypto/algapi.h>
#include <crypto/sha2.h>
#include <linux/device.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/tpm.h>

#include "tpm2.h"
#include "compat.h"
#include "tpm2_wire.h"

/* Scratch for building one command body; responses stay in the tpm_buf */
#define PP_TPM_BODY_MAX		1536

/* Extended into PINPAD_TPM_PCR after the unseal: SHA-256 of this label */
static const char pp_tpm_cap_label[] = "pinpad-rkd: device key unsealed";

struct tpm_chip *pinpad_tpm_probe(void)
{
	struct tpm_chip *chip = tpm_default_chip();

	if (!chip)
		return NULL;
	if (tpm_is_tpm2(chip) <= 0) {
		pr_warn("TPM found, but not a TPM 2.0: not used\n");
		put_device(&chip->dev);
		return NULL;
	}
	return chip;
}

void pinpad_tpm_release(struct tpm_chip *chip)
{
	if (chip)
		put_device(&chip->dev);
}

/*
 * pp_tpm_send() - send one command: @body (handles, auth area, parameters)
 * after a header of @tag and @cc. The caller holds the chip
 * (tpm_try_get_ops()); on 0 the response is in @buf, for a tpm2_wire.c
 * parser, and the caller destroys @buf. A TPM refusal is 0 here: the
 * parser returns its response code.
 */
static int pp_tpm_send(struct tpm_chip *chip, struct tpm_buf *buf, u16 tag,
		       u32 cc, const struct tpm2w_writer *body)
{
	ssize_t ret;

	if (body->bad)
		return -EOVERFLOW;
	ret = tpm_buf_init(buf, tag, cc);
	if (ret)
		return ret;
	tpm_buf_append(buf, body->p, body->len);
	/* desc NULL: the caller logs a refusal in its own terms */
	ret = tpm_transmit_cmd(chip, buf, 0, NULL);
	if (ret < 0) {
		tpm_buf_destroy(buf);
		return ret;
	}
	return 0;
}

/*
 * The policy digest of PolicyPCR over PINPAD_TPM_PCR at its reset value
 * (Part 3 section 23.7: policyDigest' = H(policyDigest || TPM_CC_PolicyPCR
 * || pcrs || H(PCR values)), starting from 32 zero bytes)
 */
static void pp_tpm_policy(u8 out[SHA256_DIGEST_SIZE])
{
	u8 msg[SHA256_DIGEST_SIZE + 4 + 10 + SHA256_DIGEST_SIZE] = {};
	u8 zero[SHA256_DIGEST_SIZE] = {};
	struct tpm2w_writer w = { .p = msg, .cap = sizeof(msg) };

	tpm2w_put(&w, zero, sizeof(zero));
	tpm2w_u32(&w, TPM2W_CC_POLICY_PCR);
	tpm2w_pcr_selection(&w, PINPAD_TPM_PCR);
	sha256(zero, sizeof(zero), msg + w.len);	/* H(PCR = 0...0) */
	sha256(msg, sizeof(msg), out);
}

/* The storage primary (tpm2w_body_create_primary()) */
static int pp_tpm_primary(struct tpm_chip *chip, u8 *scratch, u32 *handle)
{
	struct tpm2w_writer w = { .p = scratch, .cap = PP_TPM_BODY_MAX };
	struct tpm_buf buf;
	int err;

	tpm2w_body_create_primary(&w);
	err = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS,
			  TPM2W_CC_CREATE_PRIMARY, &w);
	if (err)
		return err;
	err = tpm2w_parse_create_primary(buf.data, PAGE_SIZE, handle);
	tpm_buf_destroy(&buf);
	return err;
}

static int pp_tpm_load(struct tpm_chip *chip, u8 *scratch, u32 parent,
		       struct tpm2w_b priv, struct tpm2w_b pub, u32 *handle)
{
	struct tpm2w_writer w = { .p = scratch, .cap = PP_TPM_BODY_MAX };
	struct tpm_buf buf;
	int err;

	tpm2w_body_load(&w, parent, priv, pub);
	err = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, TPM2W_CC_LOAD, &w);
	if (err)
		return err;
	err = tpm2w_parse_handle(buf.data, PAGE_SIZE, handle);
	tpm_buf_destroy(&buf);
	return err;
}

/* A policy session, then PolicyPCR on it */
static int pp_tpm_policy_session(struct tpm_chip *chip, u8 *scratch,
				 u32 *session)
{
	struct tpm2w_writer w = { .p = scratch, .cap = PP_TPM_BODY_MAX };
	u8 nonce[16];
	struct tpm_buf buf;
	int err;

	get_random_bytes(nonce, sizeof(nonce));
	tpm2w_body_start_auth(&w, nonce);
	err = pp_tpm_send(chip, &buf, TPM2W_ST_NO_SESSIONS,
			  TPM2W_CC_START_AUTH, &w);
	if (err)
		return err;
	err = tpm2w_parse_handle(buf.data, PAGE_SIZE, session);
	tpm_buf_destroy(&buf);
	if (err)
		return err;

	w.len = 0;
	tpm2w_body_policy_pcr(&w, *session, PINPAD_TPM_PCR);
	err = pp_tpm_send(chip, &buf, TPM2W_ST_NO_SESSIONS,
			  TPM2W_CC_POLICY_PCR, &w);
	if (!err) {
		err = tpm2w_parse_empty(buf.data, PAGE_SIZE);
		tpm_buf_destroy(&buf);
	}
	if (err)
		tpm2_flush_context(chip, *session);
	return err;
}

/* Unseal under a policy session, which the TPM ends on success */
static int pp_tpm_unseal_item(struct tpm_chip *chip, u8 *scratch, u32 item,
			      u8 key[PINPAD_TPM_KEY_LEN])
{
	struct tpm2w_writer w = { .p = scratch, .cap = PP_TPM_BODY_MAX };
	struct tpm_buf buf;
	u32 session;
	int err;

	err = pp_tpm_policy_session(chip, scratch, &session);
	if (err)
		return err;
	w.len = 0;
	tpm2w_body_unseal(&w, item, session);
	err = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, TPM2W_CC_UNSEAL, &w);
	if (err) {
		tpm2_flush_context(chip, session);
		return err;
	}
	err = tpm2w_parse_data(buf.data, PAGE_SIZE, key, PINPAD_TPM_KEY_LEN);
	/* the response (with the key) is wiped before the page goes back */
	memzero_explicit(buf.data, PAGE_SIZE);
	tpm_buf_destroy(&buf);
	if (err > 0)			/* a refused unseal leaves the session */
		tpm2_flush_context(chip, session);
	return err;
}

static int pp_tpm_get(struct tpm_chip *chip, u8 **scratch)
{
	int err;

	*scratch = kzalloc(PP_TPM_BODY_MAX, GFP_KERNEL);
	if (!*scratch)
		return -ENOMEM;
	err = tpm_try_get_ops(chip);
	if (err) {
		kfree(*scratch);
		return -ENODEV;
	}
	return 0;
}

static void pp_tpm_put(struct tpm_chip *chip, u8 *scratch)
{
	tpm_put_ops(chip);
	kfree_sensitive(scratch);
}

/* Report a TPM refusal once, in words; return it as @err */
static int pp_tpm_refused(const char *what, int rc, int err)
{
	if (rc > 0)
		pr_warn("TPM refused %s: %s (0x%03x)\n", what,
			tpm2w_rc_text(rc), rc);
	else
		pr_warn("TPM %s failed (%d)\n", what, rc);
	return err;
}

/* Hold the chip and make the storage primary; on error nothing is held */
static int pp_tpm_begin(struct tpm_chip *chip, u8 **scratch, u32 *primary)
{
	int err, rc;

	err = pp_tpm_get(chip, scratch);
	if (err)
		return err;
	rc = pp_tpm_primary(chip, *scratch, primary);
	if (rc) {
		pp_tpm_put(chip, *scratch);
		return pp_tpm_refused("CreatePrimary", rc, -EIO);
	}
	return 0;
}

/*
 * pinpad_tpm_seal_new() - seal @key under the storage primary and the
 * PolicyPCR policy (TPM2_Create, Part 3 section 12.1), then load and
 * unseal it once to prove the object works in this boot
 * @obj, @cap: out, the sealed-object file (tpm2_wire.h), at most
 * TPM2W_OBJ_MAX bytes; *obj_len its length
 *
 * Return: 0; -ENOSPC @cap too small; -EKEYEXPIRED the PCR is no longer at
 * its reset value (the key was already unsealed in this boot, so a new one
 * could not be opened either); -EIO other TPM refusals; -ENODEV no TPM.
 */
int pinpad_tpm_seal_new(struct tpm_chip *chip, const u8 key[PINPAD_TPM_KEY_LEN],
			u8 *obj, u32 cap, u32 *obj_len)
{
	u8 policy[SHA256_DIGEST_SIZE], check[PINPAD_TPM_KEY_LEN], *scratch;
	struct tpm2w_b priv, pub;
	struct tpm2w_writer w;
	struct tpm_buf buf;
	u32 primary, item;
	int err, rc;

	pp_tpm_policy(policy);
	err = pp_tpm_begin(chip, &scratch, &primary);
	if (err)
		return err;

	w = (struct tpm2w_writer){ .p = scratch, .cap = PP_TPM_BODY_MAX };
	tpm2w_u32(&w, primary);
	tpm2w_pw_auth(&w, NULL, 0);
	tpm2w_u16(&w, 2 + 2 + PINPAD_TPM_KEY_LEN);	/* inSensitive */
	tpm2w_u16(&w, 0);				/* userAuth */
	tpm2w_tpm2b(&w, key, PINPAD_TPM_KEY_LEN);	/* data */
	tpm2w_u16(&w, 2 + 2 + 4 + 2 + SHA256_DIGEST_SIZE + 2 + 2);
	tpm2w_u16(&w, 0x0008);				/* KEYEDHASH */
	tpm2w_u16(&w, TPM2W_ALG_SHA256);
	/* fixedTPM fixedParent noDA; no userWithAuth: policy only */
	tpm2w_u32(&w, 0x00000412);
	tpm2w_tpm2b(&w, policy, sizeof(policy));
	tpm2w_u16(&w, TPM2W_ALG_NULL);	/* scheme: sealed data */
	tpm2w_u16(&w, 0);		/* unique */
	tpm2w_u16(&w, 0);		/* outsideInfo */
	tpm2w_u32(&w, 0);		/* creationPCR */
	err = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, TPM2W_CC_CREATE, &w);
	memzero_explicit(scratch, PP_TPM_BODY_MAX);
	if (err)
		goto flush;
	rc = tpm2w_parse_create(buf.data, PAGE_SIZE, &priv, &pub);
	if (!rc) {
		*obj_len = tpm2w_obj_build(obj, cap, priv, pub);
		if (!*obj_len)
			rc = -ENOSPC;
	}
	tpm_buf_destroy(&buf);
	if (rc) {
		err = rc == -ENOSPC ? rc : pp_tpm_refused("Create", rc, -EIO);
		goto flush;
	}

	tpm2w_obj_parse(obj, *obj_len, &priv, &pub);
	rc = pp_tpm_load(chip, scratch, primary, priv, pub, &item);
	if (rc) {
		err = pp_tpm_refused("Load of the new object", rc, -EIO);
		goto flush;
	}
	rc = pp_tpm_unseal_item(chip, scratch, item, check);
	tpm2_flush_context(chip, item);
	if (rc > 0)
		err = pp_tpm_refused("Unseal of the new object", rc,
				     -EKEYEXPIRED);
	else if (rc || crypto_memneq(check, key, PINPAD_TPM_KEY_LEN))
		err = -EIO;
	memzero_explicit(check, sizeof(check));
flush:
	tpm2_flush_context(chip, primary);
	pp_tpm_put(chip, scratch);
	return err;
}

/*
 * pinpad_tpm_unseal() - the device key from a sealed-object file
 *
 * Return: 0; -EBADMSG the file is malformed; -EKEYREJECTED the TPM will
 * not load it (another TPM's object, or damaged); -EKEYEXPIRED the PCR
 * policy failed (the key was unsealed, and the PCR capped, earlier in this
 * boot); -EIO other TPM refusals; -ENODEV no TPM.
 */
int pinpad_tpm_unseal(struct tpm_chip *chip, const u8 *obj, u32 len,
		      u8 key[PINPAD_TPM_KEY_LEN])
{
	struct tpm2w_b priv, pub;
	u32 primary, item;
	u8 *scratch;
	int err, rc;

	if (tpm2w_obj_parse(obj, len, &priv, &pub))
		return -EBADMSG;
	err = pp_tpm_begin(chip, &scratch, &primary);
	if (err)
		return err;
	rc = pp_tpm_load(chip, scratch, primary, priv, pub, &item);
	tpm2_flush_context(chip, primary);
	if (rc) {
		err = pp_tpm_refused("Load of the sealed object", rc,
				     rc > 0 ? -EKEYREJECTED : -EIO);
		goto out;
	}
	rc = pp_tpm_unseal_item(chip, scratch, item, key);
	tpm2_flush_context(chip, item);
	if (rc) {
		memzero_explicit(key, PINPAD_TPM_KEY_LEN);
		err = pp_tpm_refused("Unseal", rc,
				     rc > 0 ? -EKEYEXPIRED : -EIO);
	}
out:
	pp_tpm_put(chip, scratch);
	return err;
}

/*
 * pinpad_tpm_cap() - TPM2_PCR_Extend (Part 3 section 22.2) of the PCR in
 * the SHA-256 bank, so the policy fails for everyone until the next reset
 * Return: 0; -EIO refused; -ENODEV.
 */
int pinpad_tpm_cap(struct tpm_chip *chip)
{
	u8 digest[SHA256_DIGEST_SIZE], *scratch;
	struct tpm2w_writer w;
	struct tpm_buf buf;
	int err, rc;

	sha256(pp_tpm_cap_label, sizeof(pp_tpm_cap_label) - 1, digest);
	err = pp_tpm_get(chip, &scratch);
	if (err)
		return err;
	w = (struct tpm2w_writer){ .p = scratch, .cap = PP_TPM_BODY_MAX };
	tpm2w_u32(&w, PINPAD_TPM_PCR);
	tpm2w_pw_auth(&w, NULL, 0);
	tpm2w_u32(&w, 1);		/* TPML_DIGEST_VALUES */
	tpm2w_u16(&w, TPM2W_ALG_SHA256);
	tpm2w_put(&w, digest, sizeof(digest));
	rc = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, TPM2W_CC_PCR_EXTEND,
			 &w);
	if (!rc) {
		rc = tpm2w_parse_empty(buf.data, PAGE_SIZE);
		tpm_buf_destroy(&buf);
	}
	if (rc)
		err = pp_tpm_refused("PCR_Extend", rc, -EIO);
	pp_tpm_put(chip, scratch);
	return err;
}

/* One NV command on the counter (tpm2w_body_nv()) */
static int pp_tpm_nv(struct tpm_chip *chip, u8 *scratch, u32 cc,
		     const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value)
{
	struct tpm2w_writer w = { .p = scratch, .cap = PP_TPM_BODY_MAX };
	struct tpm_buf buf;
	u8 be[8];
	int rc;

	tpm2w_body_nv(&w, cc, PINPAD_TPM_NV_INDEX, auth, PINPAD_TPM_KEY_LEN);
	rc = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, cc, &w);
	memzero_explicit(scratch, PP_TPM_BODY_MAX);
	if (rc)
		return rc;
	if (cc == TPM2W_CC_NV_READ)
		rc = tpm2w_parse_data(buf.data, PAGE_SIZE, be, sizeof(be));
	else
		rc = tpm2w_parse_empty(buf.data, PAGE_SIZE);
	tpm_buf_destroy(&buf);
	if (!rc && value)
		*value = get_unaligned_be64(be);
	return rc;
}

/*
 * TPM2_NV_UndefineSpace (31.4) then TPM2_NV_DefineSpace (31.3), owner
 * authorized (empty owner password), of an NV counter with the password
 * @auth for reads and increments
 */
static int pp_tpm_nv_define(struct tpm_chip *chip, u8 *scratch,
			    const u8 auth[PINPAD_TPM_KEY_LEN])
{
	struct tpm2w_writer w = { .p = scratch, .cap = PP_TPM_BODY_MAX };
	struct tpm_buf buf;
	int rc;

	tpm2w_u32(&w, TPM2W_RH_OWNER);
	tpm2w_u32(&w, PINPAD_TPM_NV_INDEX);
	tpm2w_pw_auth(&w, NULL, 0);
	rc = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, TPM2W_CC_NV_UNDEFINE,
			 &w);
	if (rc)
		return rc;
	tpm_buf_destroy(&buf);		/* "no such index" is fine */

	w.len = 0;
	tpm2w_u32(&w, TPM2W_RH_OWNER);
	tpm2w_pw_auth(&w, NULL, 0);
	tpm2w_tpm2b(&w, auth, PINPAD_TPM_KEY_LEN);
	tpm2w_u16(&w, 4 + 2 + 4 + 2 + 2);	/* TPM2B_NV_PUBLIC */
	tpm2w_u32(&w, PINPAD_TPM_NV_INDEX);
	tpm2w_u16(&w, TPM2W_ALG_SHA256);
	/* TPM_NT_COUNTER, AUTHWRITE, AUTHREAD, NO_DA */
	tpm2w_u32(&w, 0x02040014);
	tpm2w_u16(&w, 0);		/* authPolicy */
	tpm2w_u16(&w, 8);		/* dataSize */
	rc = pp_tpm_send(chip, &buf, TPM2W_ST_SESSIONS, TPM2W_CC_NV_DEFINE,
			 &w);
	memzero_explicit(scratch, PP_TPM_BODY_MAX);
	if (rc)
		return rc;
	rc = tpm2w_parse_empty(buf.data, PAGE_SIZE);
	tpm_buf_destroy(&buf);
	return rc;
}

/*
 * The counter's commands in one hold of the chip: optionally (re)define
 * it, optionally increment it, then read it. A refusal is -EIO when the
 * index is being defined (an owner password set, NV full), else
 * -EKEYREVOKED (no such index, or @auth is not its password).
 */
static int pp_tpm_counter(struct tpm_chip *chip,
			  const u8 auth[PINPAD_TPM_KEY_LEN], bool define,
			  bool increment, u64 *value, const char *what)
{
	u8 *scratch;
	int err, rc = 0;

	err = pp_tpm_get(chip, &scratch);
	if (err)
		return err;
	if (define)
		rc = pp_tpm_nv_define(chip, scratch, auth);
	if (!rc && increment)
		rc = pp_tpm_nv(chip, scratch, TPM2W_CC_NV_INCREMENT, auth, NULL);
	if (!rc)
		rc = pp_tpm_nv(chip, scratch, TPM2W_CC_NV_READ, auth, value);
	if (rc)
		err = pp_tpm_refused(what, rc,
				     rc > 0 && !define ? -EKEYREVOKED : -EIO);
	pp_tpm_put(chip, scratch);
	return err;
}

/*
 * pinpad_tpm_counter_create() - a new rollback counter for a new device
 * key: any older index is removed, the new one defined and incremented
 * once (the TPM starts a new counter at or above the highest count any
 * counter of this TPM ever had: Part 1, "NV Counter"), then read.
 * Return: 0; -EIO refused (an owner password set, NV full); -ENODEV.
 */
int pinpad_tpm_counter_create(struct tpm_chip *chip,
			      const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value)
{
	return pp_tpm_counter(chip, auth, true, true, value,
			      "the rollback counter's creation");
}

/*
 * pinpad_tpm_counter_read() - the counter's value
 * Return: 0; -EKEYREVOKED no such index, or @auth is not its password
 * (the counter belongs to another device key); -EIO; -ENODEV.
 */
int pinpad_tpm_counter_read(struct tpm_chip *chip,
			    const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value)
{
	return pp_tpm_counter(chip, auth, false, false, value,
			      "the rollback counter's read");
}

/*
 * pinpad_tpm_counter_advance() - TPM2_NV_Increment, then the new value
 * Return: as pinpad_tpm_counter_read().
 */
int pinpad_tpm_counter_advance(struct tpm_chip *chip,
			       const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value)
{
	return pp_tpm_counter(chip, auth, false, true, value,
			      "the rollback counter's increment");
}
