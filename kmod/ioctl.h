/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PINPAD_IOCTL_H
#define PINPAD_IOCTL_H

#include <linux/fs.h>

long pinpad_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* PINPAD_IOCTL_H */
