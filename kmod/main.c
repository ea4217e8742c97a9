// SPDX-License-Identifier: GPL-2.0
/*
 * pinpad: an emulated PIN-pad secure module. Keys are writable and usable,
 * never readable. See Documentation/ in the pinpad-rkd tree.
 */
#include <linux/module.h>

#include "device.h"
#include "skcipher.h"

static bool selftest_fault;
module_param(selftest_fault, bool, 0);
MODULE_PARM_DESC(selftest_fault,
		 "Corrupt a self-test result, to test that loading is refused");

static struct pinpad_device *pinpad_dev;

static int __init pinpad_init(void)
{
	int err;

	err = pinpad_selftest(selftest_fault);
	if (err) {
		pr_err("TDES self-test failed (%d): refusing to load\n", err);
		return err;
	}

	pinpad_dev = pinpad_device_create();
	if (!pinpad_dev)
		return -ENOMEM;

	err = pinpad_skcipher_register(pinpad_dev);
	if (err)
		goto err_device;

	err = pinpad_chardev_register(pinpad_dev);
	if (err)
		goto err_skcipher;

	pr_info("ready: %u TMK slots, %u working-key slots, state FACTORY\n",
		PINPAD_TMK_SLOTS, PINPAD_WK_SLOTS);
	return 0;

err_skcipher:
	pinpad_skcipher_unregister();
err_device:
	pinpad_device_destroy(pinpad_dev);
	return err;
}

static void __exit pinpad_exit(void)
{
	pinpad_chardev_unregister();
	pinpad_skcipher_unregister();
	pinpad_device_destroy(pinpad_dev);
	pr_info("unloaded; all keys erased\n");
}

module_init(pinpad_init);
module_exit(pinpad_exit);

MODULE_DESCRIPTION("Emulated PIN-pad secure module: write-only TDES and AES key slots");
/* key blocks (keyblock_crypto.c): crypto modules found by name only */
MODULE_SOFTDEP("pre: cmac des_generic");
MODULE_LICENSE("GPL");
