// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pinpad: a misc device, mode 0600. Each open file gets its own
 * struct pinpad_file, wiped and freed at release.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>

#include "device.h"
#include "ioctl.h"
#include "session.h"

static struct pinpad_device *pinpad_chardev_dev;

static int pinpad_open(struct inode *inode, struct file *file)
{
	struct pinpad_file *pf = kzalloc(sizeof(*pf), GFP_KERNEL);

	if (!pf)
		return -ENOMEM;
	pf->dev = pinpad_chardev_dev;
	pf->seen_generation = READ_ONCE(pf->dev->generation);
	file->private_data = pf;
	return stream_open(inode, file);
}

static int pinpad_release(struct inode *inode, struct file *file)
{
	struct pinpad_file *pf = file->private_data;

	pinpad_session_free(pf);
	kfree_sensitive(pf->data);
	kfree_sensitive(pf);
	return 0;
}

/*
 * POLLPRI: the sealed state changed since this file last read it (STATUS
 * or STATE_EXPORT), so a persistence helper knows when to save.
 */
static __poll_t pinpad_poll(struct file *file, poll_table *wait)
{
	struct pinpad_file *pf = file->private_data;

	poll_wait(file, &pf->dev->changed, wait);
	if (READ_ONCE(pf->dev->generation) != READ_ONCE(pf->seen_generation))
		return EPOLLPRI;
	return 0;
}

static const struct file_operations pinpad_fops = {
	.owner		= THIS_MODULE,
	.open		= pinpad_open,
	.release	= pinpad_release,
	.poll		= pinpad_poll,
	.unlocked_ioctl	= pinpad_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice pinpad_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pinpad",
	.fops	= &pinpad_fops,
	.mode	= 0600,
};

int pinpad_chardev_register(struct pinpad_device *dev)
{
	pinpad_chardev_dev = dev;
	return misc_register(&pinpad_misc);
}

void pinpad_chardev_unregister(void)
{
	misc_deregister(&pinpad_misc);
	pinpad_chardev_dev = NULL;
}
