/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_device.h - a stand-in for pinpad.ko, for tests on a host without it.
 *
 * fake_device.c defines ioctl(2) itself, so a program linked with it (the
 * unit tests, and the pinpadctl-fake binary) talks to this fake instead of
 * the kernel, on any file descriptor: open /dev/null as the device. It
 * checks each argument as pinpad.h says the module does (reserved fields,
 * lengths, modes, read-only files, the role of a file named like one of
 * the module's nodes: pinpad, pinpad-admin, pinpad-dl, pinpad-status, and
 * each key's X9.143 usage and mode), records the last one, and answers
 * from a device state that only LOAD_WK changes: LOAD_WK opens real key
 * blocks with librkdproto's codec (rkd_kb_unwrap()).
 *
 * In-process tests set `fake` directly. Programs started by the tests are
 * steered by the environment:
 *   PINPAD_FAKE_ERRNO=NAME  every command but STATUS fails with it
 *                           (EBADMSG, ENOKEY, ENODATA, EACCES, EPERM,
 *                           EKEYREJECTED, ENOSPC, EAGAIN, EDQUOT)
 *   PINPAD_FAKE_API=N       STATUS reports API version N
 *   PINPAD_FAKE_LOG=FILE    one line per command served is appended to
 *                           FILE: "[rdonly] STATUS", "[rdwr] SEAL", ...
 */
#ifndef PINPAD_FAKE_DEVICE_H
#define PINPAD_FAKE_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "pinpad.h"

/* What the fake cipher XORs data with, so tests can predict output. */
#define FAKE_CIPHER_XOR 0x5A

/* Where the fake keeps a PIN key and a (16-byte) MAC key. */
#define FAKE_PIN_SLOT	30
#define FAKE_MAC_SLOT	31

/*
 * The TMKs, KBPKs for LOAD_WK: a double-length TDES one in slot 0 (the
 * KBPK of TR-31:2018 A.7.2.2) and an AES-256 one in FAKE_AES_TMK_SLOT
 * (TR-31:2018 A.7.4's). Tests wrap working keys under them.
 */
#define FAKE_AES_TMK_SLOT	15
#define FAKE_TMK_TDES { 0xDD, 0x75, 0x15, 0xF2, 0xBF, 0xC1, 0x7F, 0x85, \
			0xCE, 0x48, 0xF3, 0xCA, 0x25, 0xCB, 0x21, 0xF6 }
#define FAKE_TMK_AES { 0x88, 0xE1, 0xAB, 0x2A, 0x2E, 0x3D, 0xD3, 0x8C, \
		       0x1F, 0xA0, 0x39, 0xA5, 0x36, 0x50, 0x0C, 0xC8, \
		       0xA8, 0x7A, 0xB9, 0xD6, 0x2D, 0xC9, 0x2C, 0x01, \
		       0x05, 0x8F, 0xA7, 0x9F, 0x44, 0x65, 0x7D, 0xE6 }

struct fake_device {
	int fail_errno;		/* non-zero: fail commands but STATUS */
	int eintr_once;		/* fail the next command with EINTR once */
	uint32_t api_version;
	unsigned int calls;	/* commands seen, EINTR ones included */
	unsigned long last_cmd;
	union {				/* copy of the last argument */
		struct pinpad_slot_info slot_info;
		struct pinpad_dsn dsn;
		struct pinpad_dik2 dik2;
		struct pinpad_buf buf;
		struct pinpad_key_inject inject;
		struct pinpad_wk_load wk_load;
		struct pinpad_cipher cipher;
		__u32 slot;
		unsigned char bytes[128];
	} last;
	uint8_t last_data[PINPAD_CERT_MAX]; /* CIPHER input, SET_ROOT DER */
	size_t last_data_len;
};

extern struct fake_device fake;

/* Back to the state the environment describes; clears the record. */
void fake_reset(void);

#endif /* PINPAD_FAKE_DEVICE_H */
