// SPDX-License-Identifier: MIT
/*
 * persist.c - sealed persistence: the device key, export and import of
 * the sealed state blob, and waiting for the state to change.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* glibc has no wrappers for these (libkeyutils does; we need only two). */
static long pinpad_add_logon_key(const char *desc, const void *payload,
				 size_t len)
{
	return syscall(SYS_add_key, "logon", desc, payload, len,
		       KEY_SPEC_SESSION_KEYRING);
}

static void pinpad_unlink_key(long serial)
{
	syscall(SYS_keyctl, KEYCTL_UNLINK, serial, KEY_SPEC_SESSION_KEYRING);
}

int pinpad_device_key_load(struct pinpad *pp, const uint8_t *key,
			   size_t key_len)
{
	long serial;
	int ret;

	if (!pp || !key || key_len != PINPAD_DEVICE_KEY_LEN)
		return -EINVAL;
	serial = pinpad_add_logon_key(PINPAD_DEVICE_KEY_DESC, key, key_len);
	if (serial < 0)
		return -errno;
	ret = pinpad_ioctl(pp, PINPAD_IOC_DEVICE_KEY, NULL);
	/* The module took what it needs; the keyring need not keep it. */
	pinpad_unlink_key(serial);
	return ret;
}

int pinpad_tpm_key(struct pinpad *pp, const uint8_t *obj, size_t len,
		   uint8_t *out, size_t cap, size_t *out_len, uint64_t *counter)
{
	struct pinpad_tpm_key k;
	int ret;

	if (len ? (!obj || len > PINPAD_TPM_OBJ_MAX || out || cap) :
		  (!out || !cap || !out_len))
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	k.addr = pinpad_uptr(len ? obj : out);
	k.len = len;
	k.cap = cap > PINPAD_TPM_OBJ_MAX ? PINPAD_TPM_OBJ_MAX : cap;
	ret = pinpad_ioctl(pp, PINPAD_IOC_TPM_KEY, &k);
	if (out_len)
		*out_len = ret ? 0 : k.out_len;
	if (counter)
		*counter = ret ? 0 : k.counter;
	return ret;
}

int pinpad_state_export(struct pinpad *pp, uint8_t *buf, size_t cap,
			size_t *len, uint64_t *generation)
{
	struct pinpad_state_blob b;
	int ret;

	if (!buf || !len)
		return -EINVAL;
	memset(&b, 0, sizeof(b));
	b.addr = pinpad_uptr(buf);
	/* More than __u32 can say is more than any blob needs. */
	b.cap = cap > UINT32_MAX ? UINT32_MAX : cap;
	ret = pinpad_ioctl(pp, PINPAD_IOC_STATE_EXPORT, &b);
	*len = (!ret || ret == -ENOSPC) ? b.len : 0;
	if (generation)
		*generation = ret ? 0 : b.generation;
	return ret;
}

int pinpad_state_import(struct pinpad *pp, const uint8_t *blob, size_t len)
{
	struct pinpad_state_blob b;

	if (!blob || len > UINT32_MAX)
		return -EINVAL;
	memset(&b, 0, sizeof(b));
	b.addr = pinpad_uptr(blob);
	b.len = len;
	return pinpad_ioctl(pp, PINPAD_IOC_STATE_IMPORT, &b);
}

int pinpad_state_commit(struct pinpad *pp, uint64_t generation)
{
	__u64 g = generation;

	return pinpad_ioctl(pp, PINPAD_IOC_STATE_COMMIT, &g);
}

int pinpad_fd(struct pinpad *pp)
{
	return pp ? pp->fd : -EINVAL;
}

int pinpad_wait_change(struct pinpad *pp, int timeout_ms)
{
	struct pollfd pfd;
	int n;

	if (!pp)
		return -EINVAL;
	pfd.fd = pp->fd;
	pfd.events = POLLPRI;
	pfd.revents = 0;
	n = poll(&pfd, 1, timeout_ms < 0 ? -1 : timeout_ms);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	if (pfd.revents & POLLPRI)
		return 1;
	return -EIO;	/* POLLERR, POLLHUP or POLLNVAL */
}

static const struct {
	unsigned long cmd;
	int err;
	const char *text;
} pinpad_cmd_errors[] = {
	{ PINPAD_IOC_DEVICE_KEY, ENOKEY,
	  "no logon key \"" PINPAD_DEVICE_KEY_DESC "\" in the caller's "
	  "keyrings" },
	{ PINPAD_IOC_DEVICE_KEY, EINVAL, "the device key must be 32 bytes" },
	{ PINPAD_IOC_DEVICE_KEY, EEXIST,
	  "a device key is already loaded (once per module load)" },
	{ PINPAD_IOC_DEVICE_KEY, EOPNOTSUPP,
	  "the module seals with the TPM: it makes its own device key "
	  "(pinpad-state tpm-key), it takes none from userspace" },
	{ PINPAD_IOC_TPM_KEY, ENODEV,
	  "no TPM 2.0: the module seals in software (load-key)" },
	{ PINPAD_IOC_TPM_KEY, EEXIST,
	  "a device key is already loaded (once per module load)" },
	{ PINPAD_IOC_TPM_KEY, EBADMSG,
	  "not a sealed-object file (bad magic, version or sizes)" },
	{ PINPAD_IOC_TPM_KEY, EKEYREJECTED,
	  "sealed object refused by this TPM: made by another TPM, or "
	  "damaged" },
	{ PINPAD_IOC_TPM_KEY, EKEYREVOKED,
	  "sealed object refused: this TPM's rollback counter belongs to "
	  "another device key (a newer one was made on this TPM since)" },
	{ PINPAD_IOC_TPM_KEY, EKEYEXPIRED,
	  "the TPM's PCR is already capped in this boot (the module was "
	  "reloaded): reboot to unseal the device key" },
	{ PINPAD_IOC_TPM_KEY, EIO,
	  "the TPM refused a command (see the kernel log)" },
	{ PINPAD_IOC_STATE_COMMIT, ESTALE,
	  "not the last export's generation: a later save commits" },
	{ PINPAD_IOC_STATE_IMPORT, ESTALE,
	  "blob rolled back: authentic, but older than the TPM's rollback "
	  "counter (saved before a tamper or a key's retirement)" },
	{ PINPAD_IOC_STATE_EXPORT, ENOKEY,
	  "no device key loaded: nothing can be sealed" },
	{ PINPAD_IOC_STATE_EXPORT, ENOSPC, "buffer too small for the blob" },
	{ PINPAD_IOC_STATE_EXPORT, EACCES,
	  "the device is zeroized: there is no state to save" },
	{ PINPAD_IOC_STATE_IMPORT, ENOKEY,
	  "no device key loaded: the blob cannot be opened" },
	{ PINPAD_IOC_STATE_IMPORT, EKEYREJECTED,
	  "blob sealed by another device (or under a device key erased "
	  "by a tamper)" },
	{ PINPAD_IOC_STATE_IMPORT, EBADMSG,
	  "blob corrupted or truncated: it failed authentication" },
	{ PINPAD_IOC_STATE_IMPORT, EINVAL,
	  "blob length out of range (empty or too large)" },
	{ PINPAD_IOC_STATE_IMPORT, EBUSY,
	  "device already provisioned: a blob is restored only into a "
	  "freshly loaded module" },
	{ PINPAD_IOC_STATE_IMPORT, EACCES,
	  "device not in the factory state: a blob is restored only into "
	  "a freshly loaded module" },
	/* LOAD_WK's (key blocks, #11): one answer until a block authenticates */
	{ PINPAD_IOC_LOAD_WK, EBADMSG,
	  "key block refused: it does not authenticate under the KBPK" },
	{ PINPAD_IOC_LOAD_WK, EKEYREJECTED,
	  "key block refused: the KBPK slot cannot unwrap, or the block's "
	  "usage, mode, exportability or strength is not allowed here" },
	{ PINPAD_IOC_LOAD_WK, EKEYREVOKED,
	  "the KBPK slot is locked after too many failed loads (an admin "
	  "unlocks it: slot-unlock)" },
};

const char *pinpad_cmd_strerror(unsigned long cmd, int err)
{
	size_t i;

	if (err < 0 && err != INT32_MIN)
		err = -err;
	for (i = 0; i < sizeof(pinpad_cmd_errors) /
			sizeof(pinpad_cmd_errors[0]); i++)
		if (pinpad_cmd_errors[i].cmd == cmd &&
		    pinpad_cmd_errors[i].err == err)
			return pinpad_cmd_errors[i].text;
	return pinpad_strerror(err);
}
