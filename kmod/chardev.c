// SPDX-License-Identifier: GPL-2.0
/*
 * The device nodes: one misc device per role (enum pinpad_role), so that
 * each role gets its own owner, group and mode from udev
 * (etc/udev/rules.d/60-pinpad.rules) and the command table in ioctl.c can
 * refuse, with -EPERM, every command of another role. Each open file gets
 * its own struct pinpad_file, which remembers the node's role; it is wiped
 * and freed at release, together with its session and its tokens.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>

#include "device.h"
#include "handles.h"
#include "ioctl.h"
#include "session.h"

struct pinpad_node {
	struct miscdevice misc;
	u32 role;			/* enum pinpad_role */
};

static struct pinpad_device *pinpad_chardev_dev;

static int pinpad_open(struct inode *inode, struct file *file)
{
	/* misc_open() left our miscdevice in private_data */
	const struct pinpad_node *node = container_of(file->private_data,
						      struct pinpad_node, misc);
	struct pinpad_file *pf = kzalloc(sizeof(*pf), GFP_KERNEL);

	if (!pf)
		return -ENOMEM;
	pf->dev = pinpad_chardev_dev;
	pf->role = node->role;
	pf->seen_generation = READ_ONCE(pf->dev->generation);
	file->private_data = pf;
	return stream_open(inode, file);
}

static int pinpad_release(struct inode *inode, struct file *file)
{
	struct pinpad_file *pf = file->private_data;

	pinpad_session_free(pf);
	/* the file's tokens die with it: no caller can hoard the records */
	mutex_lock(&pf->dev->lock);
	pinpad_handles_drop_owner(pf->dev, pf);
	mutex_unlock(&pf->dev->lock);
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

/*
 * The kernel's default modes: root only, but for the status node, which
 * changes nothing and tells nothing secret. udev refines them per role.
 */
#define PINPAD_NODE(nm, r, m) {						\
	.misc = { .minor = MISC_DYNAMIC_MINOR, .name = nm,		\
		  .fops = &pinpad_fops, .mode = m },			\
	.role = r,							\
}

static struct pinpad_node pinpad_nodes[] = {
	PINPAD_NODE("pinpad", PINPAD_ROLE_USE, 0600),
	PINPAD_NODE("pinpad-admin", PINPAD_ROLE_ADMIN, 0600),
	PINPAD_NODE("pinpad-dl", PINPAD_ROLE_DOWNLOAD, 0600),
	PINPAD_NODE("pinpad-status", PINPAD_ROLE_STATUS, 0444),
};

int pinpad_chardev_register(struct pinpad_device *dev)
{
	size_t i;
	int err;

	pinpad_chardev_dev = dev;
	for (i = 0; i < ARRAY_SIZE(pinpad_nodes); i++) {
		err = misc_register(&pinpad_nodes[i].misc);
		if (err)
			goto err_deregister;
	}
	return 0;

err_deregister:
	while (i--)
		misc_deregister(&pinpad_nodes[i].misc);
	pinpad_chardev_dev = NULL;
	return err;
}

void pinpad_chardev_unregister(void)
{
	size_t i = ARRAY_SIZE(pinpad_nodes);

	while (i--)
		misc_deregister(&pinpad_nodes[i].misc);
	pinpad_chardev_dev = NULL;
}
