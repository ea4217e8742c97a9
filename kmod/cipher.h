/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CIPHER ioctl; its ECB and CBC, with a key of the module whatever its
 * algorithm, are modes.h's, which the skciphers use too.
 */
#ifndef PINPAD_CIPHER_H
#define PINPAD_CIPHER_H

#include "device.h"
#include "modes.h"

/* ioctl handler (the command table in ioctl.c) */
int pinpad_ioctl_cipher(struct pinpad_file *pf, void __user *arg);

#endif /* PINPAD_CIPHER_H */
