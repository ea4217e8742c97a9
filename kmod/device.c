// SPDX-License-Identifier: GPL-2.0
/* Creation and destruction of the module's one device state. */
#include <linux/slab.h>

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
	pinpad_seal_tamper(dev);	/* before the counter's password goes */
	pinpad_device_wipe(dev);
	pinpad_seal_forget(dev, true);
	dev->state = PINPAD_STATE_ZEROIZED;
}

/*
 * pinpad_device_destroy() - unload: like a power cut, every secret in RAM
 * goes; the device key stays valid, as it would in the terminal's OTP.
 */
void pinpad_device_destroy(struct pinpad_device *dev)
{
	pinpad_device_wipe(dev);
	pinpad_seal_forget(dev, false);
	pinpad_tpm_release(dev->tpm);
	mutex_destroy(&dev->lock);
	kfree_sensitive(dev);
}
