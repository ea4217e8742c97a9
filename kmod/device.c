// SPDX-License-Identifier: GPL-2.0
/* Creation and destruction of the module's one device state. */
#include <linux/slab.h>

#include "device.h"
#include "handles.h"
#include "identity.h"
#include "session.h"
#include "slots.h"

struct pinpad_device *pinpad_device_create(void)
{
	struct pinpad_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	mutex_init(&dev->lock);
	INIT_LIST_HEAD(&dev->sessions);
	dev->state = PINPAD_STATE_FACTORY;
	pinpad_handles_init(dev);
	return dev;
}

/*
 * pinpad_device_zeroize() - erase every key and secret; state ZEROIZED
 *
 * The DSN is not secret and stays, so an operator can still tell which
 * terminal was tampered with. Caller holds dev->lock (or is the only user).
 */
void pinpad_device_zeroize(struct pinpad_device *dev)
{
	pinpad_sessions_wipe_all(dev);
	pinpad_handles_wipe(dev);
	pinpad_slots_wipe(dev);
	pinpad_identity_wipe(dev);
	dev->state = PINPAD_STATE_ZEROIZED;
}

void pinpad_device_destroy(struct pinpad_device *dev)
{
	pinpad_device_zeroize(dev);
	mutex_destroy(&dev->lock);
	kfree_sensitive(dev);
}
