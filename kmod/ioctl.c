// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl interface of the /dev/pinpad* nodes.
 *
 * One table says, for every command, which role's node takes it, who may
 * call it, in which lifecycle states, and which rate limit counts it;
 * pinpad_ioctl() enforces it before any handler runs, so a handler only
 * parses its argument and acts. Handlers run with dev->lock held. No
 * handler copies key bytes to userspace: replies carry metadata and KCVs.
 */
#include <crypto/algapi.h>
#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "budget.h"
#include "handles.h"
#include "identity.h"
#include "ioctl.h"
#include "mac.h"
#include "pinblock.h"
#include "seal.h"
#include "session.h"
#include "slots.h"

#define PINPAD_IN_FACTORY	BIT(PINPAD_STATE_FACTORY)
#define PINPAD_IN_SEALED	BIT(PINPAD_STATE_SEALED)
#define PINPAD_IN_LIVE		(BIT(PINPAD_STATE_FACTORY) | \
				 BIT(PINPAD_STATE_SEALED))
#define PINPAD_IN_ANY		(PINPAD_IN_LIVE | BIT(PINPAD_STATE_ZEROIZED))

/* Which nodes take a command (enum pinpad_role) */
#define ON_ADMIN	BIT(PINPAD_ROLE_ADMIN)
#define ON_DOWNLOAD	BIT(PINPAD_ROLE_DOWNLOAD)
#define ON_USE		BIT(PINPAD_ROLE_USE)
#define ON_ANY		(ON_ADMIN | ON_DOWNLOAD | ON_USE | \
			 BIT(PINPAD_ROLE_STATUS))

#define CMD_ADMIN	BIT(0)		/* needs CAP_SYS_ADMIN */
#define CMD_WRITE	BIT(1)		/* needs the file open for writing */
#define CMD_CHANGES	BIT(2)		/* success changes the sealed state */

/*
 * @limit: the rate limit (enum pinpad_limit) the command runs under, or
 *         NO_LIMIT; @counts says which results use up the budget.
 */
#define NO_LIMIT	PINPAD_LIMITS

struct pinpad_command {
	unsigned int cmd;
	unsigned int roles;		/* ON_*: the nodes that take it */
	unsigned int states;		/* BIT(state) for each allowed state */
	unsigned int flags;		/* CMD_* */
	int (*handler)(struct pinpad_file *pf, void __user *arg);
	unsigned int limit;
	bool (*counts)(int err);
};

/* Every PIN encipherment counts (PCI PTS POI: exhaustive PIN search). */
static bool pinpad_counts_done(int err)
{
	return !err;
}

/* A refused key load counts: it is an unwrap oracle. */
static bool pinpad_counts_refused(int err)
{
	return err && err != -EFAULT && err != -ENOMEM;
}

/* A MAC that did not match counts: it is a MAC oracle. */
static bool pinpad_counts_mismatch(int err)
{
	return err == -EBADMSG;
}

static bool pinpad_zeroed(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

static int pinpad_do_status(struct pinpad_file *pf, void __user *arg)
{
	const struct pinpad_device *dev = pf->dev;
	struct pinpad_status st = {};

	st.api_version = PINPAD_API_VERSION;
	st.state = dev->state;
	if (dev->dsn_len)
		st.flags |= PINPAD_STATUS_HAS_DSN;
	if (dev->dik2.len)
		st.flags |= PINPAD_STATUS_HAS_DIK2;
	if (pinpad_root_usable(dev))
		st.flags |= PINPAD_STATUS_HAS_ROOT;
	if (dev->seal_ready)
		st.flags |= PINPAD_STATUS_HAS_DEVICE_KEY;
	if (dev->tpm)
		st.flags |= PINPAD_STATUS_SEAL_TPM;
	st.generation = dev->generation;
	pf->seen_generation = dev->generation;
	st.dsn_len = dev->dsn_len;
	memcpy(st.dsn, dev->dsn, sizeof(st.dsn));
	st.tmk_slots = PINPAD_TMK_SLOTS;
	st.wk_slots = PINPAD_WK_SLOTS;
	st.keys_loaded = pinpad_slots_loaded(dev);
	st.factor_len = dev->factor_len;
	memcpy(st.dik2_kcv, dev->dik2.kcv, sizeof(st.dik2_kcv));
	memcpy(st.root_fpr, dev->root_fpr, sizeof(st.root_fpr));

	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static int pinpad_do_slot_info(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_slot_info info;
	int err;

	if (copy_from_user(&info, arg, sizeof(info)))
		return -EFAULT;
	if (info.reserved0)
		return -EINVAL;
	err = pinpad_slot_info(pf->dev, &info);
	if (err)
		return err;
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static int pinpad_do_set_dsn(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_dsn d;
	int err;

	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	if (d.reserved0)
		return -EINVAL;
	err = pinpad_identity_set_dsn(pf->dev, d.dsn, d.len);
	if (!err)
		pr_info("factory: DSN set (%u bytes)\n", d.len);
	return err;
}

static int pinpad_do_set_dik2(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_dik2 d;
	int err = -EFAULT;

	if (copy_from_user(&d, arg, sizeof(d)))
		goto out;
	err = -EINVAL;
	if (d.reserved0)
		goto out;
	err = pinpad_identity_set_dik2(pf->dev, d.dik2, d.factor, d.factor_len);
	if (!err)
		pr_info("factory: DIK2 installed (KCV %3phN), factor %u bytes\n",
			pf->dev->dik2.kcv, d.factor_len);
out:
	memzero_explicit(&d, sizeof(d));
	return err;
}

static int pinpad_do_set_root(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_buf b;
	u8 *der;
	int err;

	if (copy_from_user(&b, arg, sizeof(b)))
		return -EFAULT;
	if (b.reserved0 || !b.len || b.len > PINPAD_CERT_MAX)
		return -EINVAL;
	der = memdup_user(u64_to_user_ptr(b.addr), b.len);
	if (IS_ERR(der))
		return PTR_ERR(der);
	err = pinpad_root_install(pf->dev, der, b.len);
	if (err)
		pinpad_warn_rl(pf->dev, "factory: root certificate refused (%d)\n",
			       err);
	else
		pr_info("factory: root certificate installed, SHA-256 %*phN\n",
			PINPAD_FPR_LEN, pf->dev->root_fpr);
	kfree(der);
	return err;
}

static int pinpad_do_inject_key(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_key_inject ki;
	struct pinpad_key *k;
	int err = -EFAULT;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	if (copy_from_user(&ki, arg, sizeof(ki)))
		goto out;
	err = -EINVAL;
	if (!pinpad_zeroed(ki.reserved0, sizeof(ki.reserved0)) ||
	    (ki.flags & ~PINPAD_KEY_F_CHECK_KCV) || ki.key_len > PINPAD_KEY_MAX)
		goto out;
	err = pinpad_key_set(k, ki.alg, ki.key, ki.key_len);
	if (err)
		goto out;
	if ((ki.flags & PINPAD_KEY_F_CHECK_KCV) &&
	    crypto_memneq(k->kcv, ki.kcv, PINPAD_KCV_LEN)) {
		err = -EBADMSG;
		goto out;
	}
	err = pinpad_slot_store(pf->dev, ki.slot, k, &ki.attr);
	if (!err)
		pr_info("factory: slot %u loaded in clear (%.2s/%c), KCV %3phN\n",
			ki.slot, ki.attr.usage, ki.attr.mode, k->kcv);
out:
	memzero_explicit(&ki, sizeof(ki));
	kfree_sensitive(k);
	return err;
}

static int pinpad_do_seal(struct pinpad_file *pf, void __user *arg)
{
	if (!pinpad_identity_complete(pf->dev))
		return -ENODATA;
	pf->dev->state = PINPAD_STATE_SEALED;
	pr_notice("factory: device sealed; provisioning is now closed\n");
	return 0;
}

static int pinpad_do_load_wk(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_wk_load *wk;
	int err = -EFAULT;

	wk = kmalloc(sizeof(*wk), GFP_KERNEL);
	if (!wk)
		return -ENOMEM;
	if (copy_from_user(wk, arg, sizeof(*wk)))
		goto out;
	err = -EINVAL;
	if (wk->reserved0 || !pinpad_zeroed(wk->kcv, sizeof(wk->kcv)) ||
	    !pinpad_zeroed(wk->reserved1, sizeof(wk->reserved1)))
		goto out;
	err = pinpad_slot_load_block(pf->dev, wk);
	if (!err && copy_to_user(arg, wk, sizeof(*wk)))
		err = -EFAULT;
	if (err == -EBADMSG || err == -EKEYREJECTED)
		pinpad_warn_rl(pf->dev, "slot %u: key block under slot %u refused (%d)\n",
			       wk->slot, wk->kbpk_slot, err);
out:
	kfree_sensitive(wk);
	return err;
}

static bool pinpad_cipher_args_valid(const struct pinpad_cipher *c)
{
	if (c->op != PINPAD_OP_ENCRYPT && c->op != PINPAD_OP_DECRYPT)
		return false;
	if (!c->len || c->len > PINPAD_DATA_MAX || c->len % PINPAD_BLOCK_LEN)
		return false;
	if (c->mode == PINPAD_MODE_ECB)
		return pinpad_zeroed(c->iv, sizeof(c->iv));
	return c->mode == PINPAD_MODE_CBC;
}

static int pinpad_do_cipher(struct pinpad_file *pf, void __user *arg)
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
	if (key->alg != PINPAD_ALG_TDES)
		return -EKEYREJECTED;
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
		pinpad_tdes_ecb(key, encrypt, pf->data, pf->data, c.len);
	else
		pinpad_tdes_cbc(key, encrypt, c.iv, pf->data, pf->data, c.len);

	if (copy_to_user(u64_to_user_ptr(c.out), pf->data, c.len) ||
	    copy_to_user(arg, &c, sizeof(c)))
		err = -EFAULT;
out:
	memzero_explicit(pf->data, c.len);
	return err;
}

static int pinpad_do_clear_slot(struct pinpad_file *pf, void __user *arg)
{
	u32 slot;

	if (get_user(slot, (u32 __user *)arg))
		return -EFAULT;
	return pinpad_slot_clear(pf->dev, slot);
}

static int pinpad_do_slot_unlock(struct pinpad_file *pf, void __user *arg)
{
	u32 slot;

	if (get_user(slot, (u32 __user *)arg))
		return -EFAULT;
	return pinpad_slot_unlock(pf->dev, slot);
}

static int pinpad_do_tamper(struct pinpad_file *pf, void __user *arg)
{
	pinpad_device_zeroize(pf->dev);
	pr_alert("tamper: every key and secret erased; device ZEROIZED\n");
	return 0;
}

static int pinpad_do_recover(struct pinpad_file *pf, void __user *arg)
{
	pinpad_device_recover(pf->dev);
	pr_notice("admin: device recovered from ZEROIZED; FACTORY, empty\n");
	return 0;
}

static int pinpad_do_session(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_session_step step;
	u8 *in = NULL, *out = NULL;
	int err = -EFAULT;

	if (copy_from_user(&step, arg, sizeof(step)))
		goto out;
	err = -EINVAL;
	if (step.in_len > PINPAD_MSG_MAX ||
	    step.out_cap < PINPAD_SESSION_OUT_MIN)
		goto out;
	/* a session starts with no input; every other step has some */
	if (step.in_type == PINPAD_MSG_NONE ? step.in_len : !step.in_len)
		goto out;
	err = -ENOMEM;
	out = kzalloc(PINPAD_SESSION_OUT_MIN, GFP_KERNEL);
	if (!out)
		goto out;
	if (step.in_len) {
		in = memdup_user(u64_to_user_ptr(step.in), step.in_len);
		if (IS_ERR(in)) {
			err = PTR_ERR(in);
			in = NULL;
			goto out;
		}
	}
	err = pinpad_session_step(pf, &step, in, out);
	if (!err &&
	    (copy_to_user(u64_to_user_ptr(step.out), out, step.out_len) ||
	     copy_to_user(arg, &step, sizeof(step))))
		err = -EFAULT;
out:
	/* any error ends the session (a no-op if there is none) */
	if (err)
		pinpad_session_end(pf);
	kfree_sensitive(in);
	kfree_sensitive(out);
	return err;
}

static int pinpad_do_session_end(struct pinpad_file *pf, void __user *arg)
{
	pinpad_session_end(pf);
	return 0;
}

static int pinpad_do_device_key(struct pinpad_file *pf, void __user *arg)
{
	return pinpad_seal_load_device_key(pf->dev);
}

static int pinpad_do_state_export(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_state_blob sb;
	u8 *blob;
	int err;

	if (copy_from_user(&sb, arg, sizeof(sb)))
		return -EFAULT;
	if (sb.len || sb.generation)
		return -EINVAL;
	blob = kzalloc(PINPAD_STATE_MAX, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	/* seal into a full-size buffer, so -ENOSPC can say the size needed */
	err = pinpad_seal_export(pf->dev, blob, PINPAD_STATE_MAX, &sb.len);
	if (!err && sb.len > sb.cap)
		err = -ENOSPC;
	if (!err || err == -ENOSPC) {
		sb.generation = pf->dev->generation;
		if ((!err && copy_to_user(u64_to_user_ptr(sb.addr), blob,
					  sb.len)) ||
		    copy_to_user(arg, &sb, sizeof(sb)))
			err = -EFAULT;
	}
	if (!err)
		pf->seen_generation = sb.generation;
	kfree_sensitive(blob);
	return err;
}

static int pinpad_do_state_import(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_state_blob sb;
	u8 *blob;
	int err;

	if (copy_from_user(&sb, arg, sizeof(sb)))
		return -EFAULT;
	if (sb.cap || sb.generation || !sb.len || sb.len > PINPAD_STATE_MAX)
		return -EINVAL;
	if (!pinpad_device_pristine(pf->dev))
		return -EBUSY;
	blob = memdup_user(u64_to_user_ptr(sb.addr), sb.len);
	if (IS_ERR(blob))
		return PTR_ERR(blob);
	err = pinpad_seal_import(pf->dev, blob, sb.len);
	if (err)
		pinpad_warn_rl(pf->dev, "sealed state refused (%d)\n", err);
	else
		pr_info("sealed state restored: DSN %.*s, %u keys, generation %llu\n",
			pf->dev->dsn_len, pf->dev->dsn,
			pinpad_slots_loaded(pf->dev), pf->dev->generation);
	kfree(blob);
	return err;
}

static int pinpad_do_tpm_key(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_tpm_key tk;
	u8 *obj;
	int err;

	if (copy_from_user(&tk, arg, sizeof(tk)))
		return -EFAULT;
	if (tk.reserved0 || tk.out_len || tk.counter ||
	    tk.len > PINPAD_TPM_OBJ_MAX || (tk.len && tk.cap) ||
	    (!tk.len && !tk.cap))
		return -EINVAL;
	if (tk.len)
		obj = memdup_user(u64_to_user_ptr(tk.addr), tk.len);
	else
		obj = kzalloc(PINPAD_TPM_OBJ_MAX, GFP_KERNEL) ?: ERR_PTR(-ENOMEM);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = pinpad_seal_tpm_key(pf->dev, obj, tk.len, obj,
				  min_t(u32, tk.cap, PINPAD_TPM_OBJ_MAX),
				  &tk.out_len);
	if (!err) {
		tk.counter = pf->dev->seal_counter;
		if ((!tk.len && copy_to_user(u64_to_user_ptr(tk.addr), obj,
					     tk.out_len)) ||
		    copy_to_user(arg, &tk, sizeof(tk)))
			err = -EFAULT;
	}
	kfree(obj);
	return err;
}

static int pinpad_do_state_commit(struct pinpad_file *pf, void __user *arg)
{
	u64 generation;

	if (copy_from_user(&generation, arg, sizeof(generation)))
		return -EFAULT;
	return pinpad_seal_commit(pf->dev, generation);
}

/*
 * The one place that says who may do what (Documentation/secure-module.md
 * has it as a table). Every command of the admin node also needs
 * CAP_SYS_ADMIN, so a uid-0 process without it can neither provision nor
 * tamper nor clear.
 */
#define CMD(c, r, st, fl, h) { c, r, st, fl, h, NO_LIMIT, NULL }
#define LIMITED(c, r, st, fl, h, l, n) { c, r, st, fl, h, l, n }

static const struct pinpad_command pinpad_commands[] = {
	CMD(PINPAD_IOC_STATUS, ON_ANY, PINPAD_IN_ANY,
	    0, pinpad_do_status),
	CMD(PINPAD_IOC_SLOT_INFO, ON_ANY, PINPAD_IN_ANY,
	    0, pinpad_do_slot_info),
	CMD(PINPAD_IOC_LIMIT_GET, ON_ANY, PINPAD_IN_ANY,
	    0, pinpad_ioctl_limit_get),
	/* admin */
	CMD(PINPAD_IOC_SET_DSN, ON_ADMIN, PINPAD_IN_FACTORY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_set_dsn),
	CMD(PINPAD_IOC_SET_DIK2, ON_ADMIN, PINPAD_IN_FACTORY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_set_dik2),
	CMD(PINPAD_IOC_SET_ROOT, ON_ADMIN, PINPAD_IN_FACTORY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_set_root),
	CMD(PINPAD_IOC_INJECT_KEY, ON_ADMIN, PINPAD_IN_FACTORY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_inject_key),
	CMD(PINPAD_IOC_SEAL, ON_ADMIN, PINPAD_IN_FACTORY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_seal),
	CMD(PINPAD_IOC_CLEAR_SLOT, ON_ADMIN, PINPAD_IN_LIVE,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_clear_slot),
	CMD(PINPAD_IOC_SLOT_UNLOCK, ON_ADMIN, PINPAD_IN_LIVE,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_slot_unlock),
	CMD(PINPAD_IOC_TAMPER, ON_ADMIN, PINPAD_IN_ANY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_tamper),
	CMD(PINPAD_IOC_RECOVER, ON_ADMIN, BIT(PINPAD_STATE_ZEROIZED),
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_recover),
	CMD(PINPAD_IOC_LIMIT_SET, ON_ADMIN, PINPAD_IN_ANY,
	    CMD_ADMIN | CMD_WRITE, pinpad_ioctl_limit_set),
	CMD(PINPAD_IOC_DEVICE_KEY, ON_ADMIN, PINPAD_IN_LIVE,
	    CMD_ADMIN | CMD_WRITE, pinpad_do_device_key),
	CMD(PINPAD_IOC_STATE_EXPORT, ON_ADMIN, PINPAD_IN_LIVE,
	    CMD_ADMIN | CMD_WRITE, pinpad_do_state_export),
	CMD(PINPAD_IOC_STATE_IMPORT, ON_ADMIN, PINPAD_IN_FACTORY,
	    CMD_ADMIN | CMD_WRITE | CMD_CHANGES, pinpad_do_state_import),
	CMD(PINPAD_IOC_TPM_KEY, ON_ADMIN, PINPAD_IN_LIVE,
	    CMD_ADMIN | CMD_WRITE, pinpad_do_tpm_key),
	CMD(PINPAD_IOC_STATE_COMMIT, ON_ADMIN, PINPAD_IN_LIVE,
	    CMD_ADMIN | CMD_WRITE, pinpad_do_state_commit),
	/* download */
	CMD(PINPAD_IOC_SESSION, ON_DOWNLOAD, PINPAD_IN_SEALED,
	    CMD_WRITE, pinpad_do_session),
	CMD(PINPAD_IOC_SESSION_END, ON_DOWNLOAD, PINPAD_IN_ANY,
	    CMD_WRITE, pinpad_do_session_end),
	/* key use */
	LIMITED(PINPAD_IOC_LOAD_WK, ON_USE, PINPAD_IN_LIVE,
		CMD_WRITE | CMD_CHANGES, pinpad_do_load_wk,
		PINPAD_LIMIT_LOAD_WK, pinpad_counts_refused),
	CMD(PINPAD_IOC_CIPHER, ON_USE, PINPAD_IN_LIVE,
	    CMD_WRITE, pinpad_do_cipher),
	LIMITED(PINPAD_IOC_PIN_BLOCK, ON_USE, PINPAD_IN_LIVE,
		CMD_WRITE, pinpad_ioctl_pin_block,
		PINPAD_LIMIT_PIN_BLOCK, pinpad_counts_done),
	CMD(PINPAD_IOC_MAC_GENERATE, ON_USE, PINPAD_IN_LIVE,
	    CMD_WRITE, pinpad_ioctl_mac_generate),
	LIMITED(PINPAD_IOC_MAC_VERIFY, ON_USE, PINPAD_IN_LIVE,
		CMD_WRITE, pinpad_ioctl_mac_verify,
		PINPAD_LIMIT_MAC_VERIFY, pinpad_counts_mismatch),
	CMD(PINPAD_IOC_TOKEN_GET, ON_USE, PINPAD_IN_LIVE,
	    CMD_WRITE, pinpad_ioctl_token_get),
	CMD(PINPAD_IOC_TOKEN_REVOKE, ON_USE, PINPAD_IN_LIVE,
	    CMD_WRITE, pinpad_ioctl_token_revoke),
};

static const struct pinpad_command *pinpad_find_command(unsigned int cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pinpad_commands); i++)
		if (pinpad_commands[i].cmd == cmd)
			return &pinpad_commands[i];
	return NULL;
}

/* A command under a rate limit: refused before it runs once spent. */
static int pinpad_limited_call(struct pinpad_file *pf,
			       const struct pinpad_command *c,
			       void __user *arg)
{
	int err = pinpad_budget_take(pf->dev, c->limit);

	if (err)
		return err;
	err = c->handler(pf, arg);
	if (c->counts(err))
		pinpad_budget_charge(pf->dev, c->limit);
	return err;
}

long pinpad_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pinpad_file *pf = file->private_data;
	const struct pinpad_command *c = pinpad_find_command(cmd);
	u32 retired;
	int err;

	if (!c)
		return -ENOTTY;
	if (!(c->roles & BIT(pf->role)))
		return -EPERM;
	if ((c->flags & CMD_WRITE) && !(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if ((c->flags & CMD_ADMIN) && !capable(CAP_SYS_ADMIN))
		return -EPERM;

	if (mutex_lock_interruptible(&pf->dev->lock))
		return -EINTR;
	retired = pf->dev->retired;
	if (!(c->states & BIT(pf->dev->state)))
		err = -EACCES;
	else if (c->limit != NO_LIMIT)
		err = pinpad_limited_call(pf, c, (void __user *)arg);
	else
		err = c->handler(pf, (void __user *)arg);
	/* a key removed or replaced: no blob that still holds it may import */
	if (pf->dev->retired != retired)
		pinpad_seal_retired(pf->dev);
	if (!err && (c->flags & CMD_CHANGES))
		pinpad_device_changed(pf->dev);
	mutex_unlock(&pf->dev->lock);
	return err;
}
