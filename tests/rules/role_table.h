/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * role_table.h - the role whose device node takes each command, as
 * ioctl/pinpad.h lists them ("Roles"). Two test doubles read it:
 *
 *   tests/kselftest/pinpad_util.h   sends each command of a test to its
 *                                   role's node of pinpad.ko
 *   userspace/tests/fake_device.c   refuses a command on another role's
 *                                   node (-EPERM), as pinpad.ko does
 *
 * so the table the tests believe in is written once. Needs only pinpad.h.
 */
#ifndef PINPAD_ROLE_TABLE_H
#define PINPAD_ROLE_TABLE_H

#include "pinpad.h"

/* Commands that only look are allowed on every node. */
#define PINPAD_ROLE_ANY	(-1)

/*
 * pinpad_role_of() - the role (enum pinpad_role) whose node takes @cmd;
 * PINPAD_ROLE_ANY for STATUS, SLOT_INFO and LIMIT_GET, and for a command
 * pinpad.h does not define (every node answers it -ENOTTY).
 */
static inline int pinpad_role_of(unsigned long cmd)
{
	switch (cmd) {
	case PINPAD_IOC_SET_DSN: case PINPAD_IOC_SET_DIK2:
	case PINPAD_IOC_SET_ROOT: case PINPAD_IOC_INJECT_KEY:
	case PINPAD_IOC_SEAL: case PINPAD_IOC_CLEAR_SLOT:
	case PINPAD_IOC_TAMPER: case PINPAD_IOC_RECOVER:
	case PINPAD_IOC_LIMIT_SET: case PINPAD_IOC_DEVICE_KEY:
	case PINPAD_IOC_STATE_EXPORT: case PINPAD_IOC_STATE_IMPORT:
	case PINPAD_IOC_TPM_KEY: case PINPAD_IOC_STATE_COMMIT:
	case PINPAD_IOC_SLOT_UNLOCK:
		return PINPAD_ROLE_ADMIN;
	case PINPAD_IOC_SESSION: case PINPAD_IOC_SESSION_END:
		return PINPAD_ROLE_DOWNLOAD;
	case PINPAD_IOC_LOAD_WK: case PINPAD_IOC_CIPHER:
	case PINPAD_IOC_PIN_BLOCK: case PINPAD_IOC_MAC_GENERATE:
	case PINPAD_IOC_MAC_VERIFY: case PINPAD_IOC_TOKEN_GET:
	case PINPAD_IOC_TOKEN_REVOKE:
		return PINPAD_ROLE_USE;
	}
	return PINPAD_ROLE_ANY;
}

#endif /* PINPAD_ROLE_TABLE_H */
