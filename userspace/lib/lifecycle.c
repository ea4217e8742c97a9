// SPDX-License-Identifier: GPL-2.0
/*
 * lifecycle.c - the commands that move the device between lifecycle
 * states: SEAL (FACTORY -> SEALED) and TAMPER (any -> ZEROIZED).
 */
#include "internal.h"

int pinpad_seal(struct pinpad *pp)
{
	return pinpad_ioctl(pp, PINPAD_IOC_SEAL, NULL);
}

int pinpad_tamper(struct pinpad *pp)
{
	return pinpad_ioctl(pp, PINPAD_IOC_TAMPER, NULL);
}
