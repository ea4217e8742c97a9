// SPDX-License-Identifier: GPL-2.0
/* Creation and destruction of the module's one device state. */
#include <linux/lockdep.h>
#include <linux/slab.h>

#include "budget.h"
#include "device.h"
#include "handles.h"
#include "identity.h"
#include "seal.h"
#include "session.h"
#include "slots.h"
#include "tpm2.h"

struct pinpad_device *pinpad_device_create(void)
{
	struct pinpad_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	mutex_init(&dev->lock);
	INIT_LIST_HEAD(&dev->sessions);
	init_waitqueue_head(&dev->changed);
	dev->state = PINPAD_STATE_FACTORY;
	pinpad_handles_init(dev);
	pinpad_budgets_init(dev);
	ratelimit_state_init(&dev->log_rs, PINPAD_LOG_INTERVAL,
			     PINPAD_LOG_BURST);
	ratelimit_state_init(&dev->cert_log_rs, PINPAD_LOG_INTERVAL,
			     PINPAD_CERT_LOG_BURST);
	dev->tpm = pinpad_tpm_probe();
	if (dev->tpm)
		pr_info("TPM 2.0 found; sealing: tpm\n");
	else
		pr_warn("no TPM 2.0; sealing: software, not protected from root\n");
	return dev;
}

static void pinpad_device_wipe(struct pinpad_device *dev)
{
	pinpad_sessions_wipe_all(dev);
	pinpad_handles_wipe(dev);
	pinpad_slots_wipe(dev);
	pinpad_identity_wipe(dev);
}

/*
 * pinpad_device_zeroize() - tamper: erase every key and secret, revoke the
 * device key so no blob sealed before can be restored under it; ZEROIZED
 *
 * The DSN is not secret and stays, so an operator can still tell which
 * terminal was tampered with. Caller holds dev->lock.
 */
void pinpad_device_zeroize(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	pinpad_seal_tamper(dev);	/* before the counter's password goes */
	pinpad_device_wipe(dev);
	pinpad_seal_forget(dev, true);
	dev->state = PINPAD_STATE_ZEROIZED;
}

/*
 * pinpad_device_recover() - ZEROIZED back to FACTORY, without a reload
 *
 * Everything secret is already gone; the DSN goes too, so the device is
 * as a fresh one. A new token epoch makes sure no token from before the
 * tamper can name a slot again, whatever AF_ALG sockets still hold. The
 * rate limits keep their state: a tamper and a recovery do not refill
 * them. Caller holds dev->lock.
 */
void pinpad_device_recover(struct pinpad_device *dev)
{
	lockdep_assert_held(&dev->lock);

	pinpad_device_wipe(dev);
	memset(dev->dsn, 0, sizeof(dev->dsn));
	dev->dsn_len = 0;
	pinpad_handles_init(dev);
	dev->state = PINPAD_STATE_FACTORY;
}

/*
 * pinpad_device_destroy() - unload: like a power cut, every secret in RAM
 * goes; the device key stays valid, as it would in the terminal's OTP.
 */
void pinpad_device_destroy(struct pinpad_device *dev)
{
	/* no file is open any more; the lock is for the helpers' assertions */
	mutex_lock(&dev->lock);
	pinpad_device_wipe(dev);
	pinpad_seal_forget(dev, false);
	pinpad_tpm_release(dev->tpm);
	mutex_unlock(&dev->lock);
	mutex_destroy(&dev->lock);
	kfree_sensitive(dev);
}
