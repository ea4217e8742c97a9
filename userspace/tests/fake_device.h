/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_device.h - a stand-in for pinpad.ko, for tests on a host without it.
 *
 * fake_device.c defines ioctl(2) itself, so a program linked with it (the
 * unit tests, and the pinpadctl-fake binary) talks to this fake instead of
 * the kernel, on any file descriptor: open /dev/null as the device. It
 * checks each argument as pinpad.h says the module does (reserved fields,
 * lengths, modes, read-only files, and the role of a file named like one
 * of the module's nodes: pinpad, pinpad-admin, pinpad-dl, pinpad-status),
 * records the last one, and answers from a fixed device state.
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
