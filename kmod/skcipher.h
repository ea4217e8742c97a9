/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slot-keyed TDES and AES for the kernel crypto API: "ecb(pinpad-tdes)",
 * "cbc(pinpad-tdes)", "ecb(pinpad-aes)" and "cbc(pinpad-aes)", whose setkey
 * takes a struct pinpad_token.
 */
#ifndef PINPAD_SKCIPHER_H
#define PINPAD_SKCIPHER_H

#include "device.h"

int pinpad_skcipher_register(struct pinpad_device *dev);
void pinpad_skcipher_unregister(void);

#endif /* PINPAD_SKCIPHER_H */
