/* SPDX-License-Identifier: MIT */
/*
 * libpinpad.h - C API over the ioctls of /dev/pinpad.
 *
 * One handle (struct pinpad *) per open file of the device; one function
 * per ioctl of ioctl/pinpad.h. Every function that can fail returns 0 or a
 * negative errno, and pinpad_strerror() turns that into text specific to the
 * device.
 *
 * The library checks only what it must to build the ioctl argument: NULL
 * pointers and lengths that would not fit the fixed arrays or __u32 fields
 * of the UAPI structs (-EINVAL). Every other rule (slot ranges, usages,
 * lifecycle state, weak keys, ...) is the device's to enforce, so there is
 * one authority and the errors are the ones listed in pinpad.h.
 *
 * Key bytes given to the library are copied into the ioctl argument, and
 * that copy is wiped (explicit_bzero) before the function returns, whatever
 * the outcome. The caller wipes its own buffers. No function returns key
 * bytes: the device never gives them out.
 *
 * Errors any ioctl-issuing function can return, in addition to its own:
 *   -EINVAL	NULL handle or argument, or a length that does not fit
 *   -ENOTTY	not a pinpad device, or the command is unknown to it
 *   -EACCES	not allowed in the device's current lifecycle state
 *   -EPERM	the command needs CAP_SYS_ADMIN
 *   -EBADF	the command changes state and the handle is read-only
 *   -EFAULT	a buffer is not mapped
 * A call interrupted by a signal before the device acted is retried.
 * A handle holds nothing but a file descriptor, so threads may share one
 * as far as the device accepts concurrent commands.
 */
#ifndef LIBPINPAD_H
#define LIBPINPAD_H

#include <stddef.h>
#include <stdint.h>

#include "pinpad.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PINPAD_DEFAULT_PATH	PINPAD_DEV_USE	/* the key-use node */

/* pinpad_open() flags */
#define PINPAD_OPEN_RDONLY	0x0	/* STATUS and SLOT_INFO only */
#define PINPAD_OPEN_RDWR	0x1	/* every command */

struct pinpad;

/**
 * pinpad_open() - open the device and check that it speaks our API
 * @path:  device node; NULL means PINPAD_DEFAULT_PATH
 * @flags: PINPAD_OPEN_RDONLY or PINPAD_OPEN_RDWR
 * @out:   receives the handle on success, NULL on failure
 *
 * Issues PINPAD_IOC_STATUS once so that a wrong node fails here and not at
 * the first real command.
 *
 * Return: 0, or
 *   -EINVAL	unknown flag bits or NULL @out
 *   -ENOTTY	@path is not a pinpad device
 *   -EPROTONOSUPPORT	the device speaks another PINPAD_API_VERSION
 *		(not -EPROTO: the device gives that a meaning of its own)
 *   -ENOMEM	out of memory
 *   any error of open(2): -ENOENT (module not loaded?), -EACCES, ...
 */
int pinpad_open(const char *path, int flags, struct pinpad **out);

/**
 * pinpad_close() - close the device and free the handle
 * @pp: handle from pinpad_open(), or NULL (then nothing is done)
 *
 * Closing ends any protocol session the module keeps for this file.
 */
void pinpad_close(struct pinpad *pp);

/**
 * pinpad_status() - read the lifecycle state and the identity metadata
 * @pp: handle, read-only suffices
 * @st: receives the status (zeroed first); dsn is not NUL-terminated
 *
 * Return: 0 or a common error.
 */
int pinpad_status(struct pinpad *pp, struct pinpad_status *st);

/**
 * pinpad_slot_info() - read one slot's usage, key length and KCV
 * @pp:   handle, read-only suffices
 * @slot: 0 .. PINPAD_SLOTS-1
 * @info: receives the slot's metadata (zeroed first); usage
 *        PINPAD_USAGE_NONE means the slot is empty
 *
 * Return: 0, -EINVAL bad slot, or a common error.
 */
int pinpad_slot_info(struct pinpad *pp, uint32_t slot,
		     struct pinpad_slot_info *info);

/**
 * pinpad_set_dsn() - set the device serial number (factory)
 * @pp:  read-write handle, caller with CAP_SYS_ADMIN
 * @dsn: PINPAD_DSN_MIN..PINPAD_DSN_MAX bytes of graphic ASCII
 *       (PINPAD_DSN_CHAR_MIN..PINPAD_DSN_CHAR_MAX: no space, no control
 *       character), no NUL needed; librkdproto's rkd_dsn_valid() tells
 *       beforehand whether the module will take it
 * @len: its length
 *
 * Only the length is checked here (the request's buffer); the module
 * judges the characters, as it is the authority.
 * Return: 0, -EINVAL empty, too long or a byte outside the range, -EACCES
 * not in FACTORY, or a common error.
 */
int pinpad_set_dsn(struct pinpad *pp, const char *dsn, size_t len);

/**
 * pinpad_set_dik2() - set DIK2 and the factor together (factory)
 * @pp:         read-write handle, caller with CAP_SYS_ADMIN
 * @dik2:       the DIK2 key
 * @dik2_len:   must be PINPAD_DIK2_LEN
 * @factor:     the factor
 * @factor_len: 1..PINPAD_FACTOR_MAX
 *
 * Return: 0, -EINVAL bad length or weak key, -EACCES not in FACTORY, or a
 * common error.
 */
int pinpad_set_dik2(struct pinpad *pp, const uint8_t *dik2, size_t dik2_len,
		    const uint8_t *factor, size_t factor_len);

/**
 * pinpad_set_root() - install the root certificate RKS_RCRT (factory)
 * @pp:  read-write handle, caller with CAP_SYS_ADMIN
 * @der: X.509 certificate, DER
 * @len: 1..PINPAD_CERT_MAX
 *
 * Return: 0, -EINVAL bad length, -EBADMSG not a well-formed certificate,
 * -EKEYREJECTED its key is not RSA of at least 2048 bits or the kernel
 * cannot use it, -EACCES not in FACTORY, or a common error.
 */
int pinpad_set_root(struct pinpad *pp, const uint8_t *der, size_t len);

/**
 * pinpad_inject_key() - write a clear key into a slot (factory)
 * @pp:      read-write handle, caller with CAP_SYS_ADMIN
 * @slot:    a TMK slot for PINPAD_USAGE_TMK, a working-key slot otherwise
 * @usage:   PINPAD_USAGE_TMK, _PIN, _MAC or _DATA
 * @key:     the key
 * @key_len: 16 or 24
 * @kcv:     PINPAD_KCV_LEN bytes the key's KCV must equal, or NULL to
 *           skip the check
 *
 * Return: 0, -EINVAL bad slot, usage or length or weak key, -EBADMSG KCV
 * mismatch, -EACCES not in FACTORY, or a common error.
 */
int pinpad_inject_key(struct pinpad *pp, uint32_t slot,
		      enum pinpad_usage usage, const uint8_t *key,
		      size_t key_len, const uint8_t *kcv);

/**
 * pinpad_seal() - leave FACTORY for SEALED
 * @pp: read-write handle, caller with CAP_SYS_ADMIN
 *
 * Return: 0, -ENODATA DSN, DIK2/factor or root certificate missing,
 * -EACCES not in FACTORY, or a common error.
 */
int pinpad_seal(struct pinpad *pp);

/**
 * pinpad_load_wk() - load a working key from an X9.143 key block
 * @pp:        read-write handle
 * @slot:      working-key slot to fill
 * @kbpk_slot: TMK slot whose key protects the block (K0/K1, mode B or D)
 * @block:     the ASCII key block, version B or D
 * @block_len: 1..PINPAD_KEY_BLOCK_MAX
 * @kcv:       NULL, or receives PINPAD_KCV_LEN bytes: the stored key's KCV
 *
 * A refused load changes no slot (ioctl/pinpad.h has the errors).
 *
 * Return: 0, -EBADMSG the block did not authenticate, -EKEYREJECTED
 * refused, -EKEYREVOKED the KBPK slot is locked, -ENOKEY empty KBPK slot,
 * -EINVAL bad slot or length, -EACCES ZEROIZED, or a common error.
 */
int pinpad_load_wk(struct pinpad *pp, uint32_t slot, uint32_t kbpk_slot,
		   const char *block, size_t block_len, uint8_t *kcv);

/**
 * pinpad_cipher() - TDES ECB or CBC with a DATA key held in a slot
 * @pp:   read-write handle
 * @slot: slot of a PINPAD_USAGE_DATA key
 * @mode: PINPAD_MODE_ECB or PINPAD_MODE_CBC
 * @op:   PINPAD_OP_ENCRYPT or PINPAD_OP_DECRYPT
 * @in:   @len bytes of input
 * @out:  @len bytes of output; may equal @in
 * @len:  8..PINPAD_DATA_MAX, a multiple of PINPAD_BLOCK_LEN
 * @iv:   CBC: PINPAD_BLOCK_LEN bytes in, replaced on success by the
 *        chaining value for a following call; ECB: ignored, may be NULL
 *
 * Return: 0, -ENOKEY empty slot, -EKEYREJECTED not a DATA key, -EINVAL bad
 * slot, mode, op or length (or CBC without @iv), -EACCES ZEROIZED, or a
 * common error.
 */
int pinpad_cipher(struct pinpad *pp, uint32_t slot,
		  enum pinpad_cipher_mode mode, enum pinpad_cipher_op op,
		  const uint8_t *in, uint8_t *out, size_t len, uint8_t *iv);

/**
 * pinpad_clear_slot() - erase one slot
 * @pp:   read-write handle
 * @slot: 0 .. PINPAD_SLOTS-1
 *
 * Return: 0, -EINVAL bad slot, -EACCES ZEROIZED, or a common error.
 */
int pinpad_clear_slot(struct pinpad *pp, uint32_t slot);

/**
 * pinpad_session_step() - one step of the download protocol
 * @in_type: type of the message received from the RKS (enum
 *           pinpad_msg_type); PINPAD_MSG_NONE starts a new session
 * @in:      its body (@in_len bytes, at most PINPAD_MSG_MAX); NULL with 0
 * @out:     buffer for the body of the message to send to the RKS
 * @out_cap: its size, at least PINPAD_SESSION_OUT_MIN
 * @result:  out: out_type (PINPAD_MSG_NONE: nothing to send), out_len,
 *           phase, keys_staged, keys_stored
 *
 * The bodies are opaque to the caller: the module verifies the work
 * certificate, encrypts, decrypts and stores keys. See protocol.md.
 *
 * Return: 0, or (and then the module has ended the session and wiped it)
 *   -EPROTO	the message is not expected now, or malformed
 *   -EKEYREJECTED	the work certificate is not signed by the device's
 *		root (server authentication failed, S315)
 *   -EBADMSG	a MAC or KCV did not match
 *   -ETIMEDOUT	the session outlived the module's session_timeout
 *   -EACCES	the device is not SEALED
 */
int pinpad_session_step(struct pinpad *pp, uint32_t in_type,
			const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_cap, struct pinpad_session_step *result);

/**
 * pinpad_session_end() - end this handle's session and wipe its secrets
 *
 * Return: 0, or a common error.
 */
int pinpad_session_end(struct pinpad *pp);

/**
 * pinpad_tamper() - wipe every key and secret and go to ZEROIZED
 * @pp: read-write handle
 *
 * Irreversible until the module is reloaded. Allowed in any state.
 *
 * Return: 0 or a common error.
 */
int pinpad_tamper(struct pinpad *pp);

/**
 * pinpad_node() - the device node of a role (ioctl/pinpad.h)
 * @role: enum pinpad_role
 *
 * Each command works on its role's node only (others answer -EPERM):
 * admin commands on PINPAD_DEV_ADMIN, download sessions on
 * PINPAD_DEV_DOWNLOAD, key use on PINPAD_DEV_USE; STATUS, SLOT_INFO and
 * the limits on any, PINPAD_DEV_STATUS included.
 *
 * Return: a static path; PINPAD_DEFAULT_PATH for an unknown role.
 */
const char *pinpad_node(uint32_t role);

/**
 * pinpad_recover() - ZEROIZED -> FACTORY, without reloading the module
 * @pp: a handle on the admin node, opened read-write; needs CAP_SYS_ADMIN
 *
 * Return: 0; -EACCES not ZEROIZED; -EPERM no CAP_SYS_ADMIN or not the
 * admin node; -EBADF not opened for writing.
 */
int pinpad_recover(struct pinpad *pp);

/**
 * pinpad_limit_get() - a rate limit's settings and its state now
 * @limit: enum pinpad_limit
 * @info:  receives per_hour, burst, calls available now, milliseconds
 *         until the next one (0: now), calls refused so far
 *
 * Return: 0; -EINVAL unknown @limit or NULL @info.
 */
int pinpad_limit_get(struct pinpad *pp, uint32_t limit,
		     struct pinpad_limit_info *info);

/**
 * pinpad_limit_set() - lower a rate limit (admin node, CAP_SYS_ADMIN)
 * @per_hour: average calls per hour, 1..the limit's default
 * @burst:    calls at once, 1..the limit's default
 * @info:     if not NULL, receives the limit as it now is
 *
 * Return: 0; -EINVAL a value of 0 or above the default (the defaults come
 * from PCI PTS POI and cannot be raised); -EPERM; -EBADF.
 */
int pinpad_limit_set(struct pinpad *pp, uint32_t limit, uint32_t per_hour,
		     uint32_t burst, struct pinpad_limit_info *info);

/**
 * pinpad_limit_name() - "pin-block", "load-wk-failed", "mac-verify-failed"
 * @limit: enum pinpad_limit; "unknown" for any other value
 */
const char *pinpad_limit_name(uint32_t limit);

/* pinpad_limit_parse() - the limit named by pinpad_limit_name(): 0 or -EINVAL */
int pinpad_limit_parse(const char *name, uint32_t *limit);

/**
 * pinpad_pin_block() - an ISO 9564-1 format 0 PIN block under a PIN key
 * @pp:      read-write handle
 * @slot:    slot of a PINPAD_USAGE_PIN key
 * @pin:     PINPAD_PIN_MIN..PINPAD_PIN_MAX ASCII digits (no NUL needed)
 * @pin_len: its length
 * @pan:     PINPAD_PAN_MIN..PINPAD_PAN_MAX ASCII digits, check digit last
 * @pan_len: its length
 * @block:   receives the PINPAD_BLOCK_LEN bytes of the encrypted block
 *
 * The module builds the block and encrypts it (TDES-ECB); the clear block
 * never leaves it. The copy of the PIN in the ioctl argument is wiped
 * before return; the caller wipes its own. See
 * Documentation/pin-and-mac.md for the PIN-entry boundary.
 *
 * Return: 0, -EINVAL bad PIN or PAN (length, non-digit) or slot, -ENOKEY
 * empty slot, -EKEYREJECTED not a PIN key, -EACCES ZEROIZED, or a common
 * error.
 */
int pinpad_pin_block(struct pinpad *pp, uint32_t slot, const char *pin,
		     size_t pin_len, const char *pan, size_t pan_len,
		     uint8_t *block);

/**
 * pinpad_mac_generate() - ISO 9797-1 MAC algorithm 3 (X9.19 retail MAC)
 * @pp:      read-write handle
 * @slot:    slot of a 16-byte PINPAD_USAGE_MAC key
 * @padding: PINPAD_MAC_PAD_ISO1 (zeros) or PINPAD_MAC_PAD_ISO2 (0x80, zeros)
 * @data:    1..PINPAD_DATA_MAX bytes
 * @len:     their length
 * @mac:     receives the leftmost @mac_len bytes of the MAC
 * @mac_len: PINPAD_MAC_MIN..PINPAD_MAC_LEN
 *
 * Return: 0, -EINVAL bad slot, padding, length or @mac_len, -ENOKEY empty
 * slot, -EKEYREJECTED not a MAC key or a 24-byte one, -EACCES ZEROIZED, or
 * a common error.
 */
int pinpad_mac_generate(struct pinpad *pp, uint32_t slot,
			enum pinpad_mac_padding padding, const uint8_t *data,
			size_t len, uint8_t *mac, size_t mac_len);

/**
 * pinpad_mac_verify() - check a retail MAC in the module
 * @mac:     the @mac_len leftmost bytes of the MAC to check
 *
 * The other arguments as for pinpad_mac_generate(). The module compares
 * in constant time.
 *
 * Return: 0 the MAC matches, -EBADMSG it does not, or an error of
 * pinpad_mac_generate().
 */
int pinpad_mac_verify(struct pinpad *pp, uint32_t slot,
		      enum pinpad_mac_padding padding, const uint8_t *data,
		      size_t len, const uint8_t *mac, size_t mac_len);

/**
 * pinpad_token_get() - a token for the DATA key in a slot
 * @pp:    read-write handle
 * @slot:  slot of a PINPAD_USAGE_DATA key
 * @token: receives the token: the key to give the kernel crypto API
 *         algorithms PINPAD_ALG_ECB and PINPAD_ALG_CBC (for instance
 *         kcapi_cipher_setkey(h, (uint8_t *)token, sizeof(*token)))
 *
 * Whoever holds the token can use the key (never read it) until the token
 * is revoked, its slot is cleared or refilled, the device is tampered
 * with, or the module is reloaded. Wipe it when done. See
 * Documentation/crypto-api.md.
 *
 * Return: 0, -EINVAL bad slot, -ENOKEY empty slot, -EKEYREJECTED not a
 * DATA key (PIN, MAC and TMK keys never get tokens), -ENOSPC
 * PINPAD_TOKENS_MAX tokens are live, -EACCES ZEROIZED, or a common error.
 */
int pinpad_token_get(struct pinpad *pp, uint32_t slot,
		     struct pinpad_token *token);

/**
 * pinpad_token_revoke() - kill a token
 * @pp:    read-write handle
 * @token: a token from pinpad_token_get()
 *
 * Return: 0, -ENOKEY not a live token, -EACCES ZEROIZED, or a common error.
 */
int pinpad_token_revoke(struct pinpad *pp, const struct pinpad_token *token);

/*
 * Sealed persistence (ioctl/pinpad.h, Documentation/persistence.md).
 * The module's state leaves it only as a blob sealed under keys derived
 * from the device key, a PINPAD_DEVICE_KEY_LEN-byte `logon` key that
 * userspace can add but never read back.
 */

/**
 * pinpad_device_key_load() - give the module its device key
 * @pp:      read-write handle, caller with CAP_SYS_ADMIN
 * @key:     the device key (from the terminal's key store)
 * @key_len: must be PINPAD_DEVICE_KEY_LEN
 *
 * Adds @key to the calling process's session keyring as a `logon` key
 * named PINPAD_DEVICE_KEY_DESC (add_key(2); logon keys cannot be read
 * back), issues PINPAD_IOC_DEVICE_KEY, and then unlinks the key from the
 * keyring whatever the outcome: after a success only the module holds it.
 * The caller wipes @key.
 *
 * Return: 0, or
 *   -EINVAL	@key_len is not PINPAD_DEVICE_KEY_LEN (nothing is added)
 *   -EEXIST	the module already has a device key (it keeps it)
 *   -ENOKEY	the module did not find the key in the caller's keyrings
 *   -EACCES	the device is ZEROIZED
 *   an error of add_key(2): -EDQUOT (keyring quota), -ENOMEM, ...
 *   or a common error.
 */
int pinpad_device_key_load(struct pinpad *pp, const uint8_t *key,
			   size_t key_len);

/**
 * pinpad_tpm_key() - TPM sealing: give the module its device key back, or
 * have it make one (PINPAD_IOC_TPM_KEY, ioctl/pinpad.h)
 * @pp:      read-write handle, caller with CAP_SYS_ADMIN
 * @obj:     the sealed object saved earlier; @len its length (at most
 *           PINPAD_TPM_OBJ_MAX); or NULL and 0: make a new device key
 * @out:     with @len 0: receives the new sealed object (@cap bytes; NULL
 *           otherwise); *@out_len its length
 * @counter: receives the rollback counter's value (may be NULL)
 *
 * Return: 0, or
 *   -EINVAL	bad arguments
 *   -ENODEV	no TPM 2.0: software sealing (pinpad_device_key_load())
 *   -EEXIST	a device key is already loaded
 *   -EBADMSG	not a sealed-object file
 *   -EKEYREJECTED	this TPM will not load it (another TPM's, damaged)
 *   -EKEYREVOKED	the TPM's rollback counter belongs to another key
 *   -EKEYEXPIRED	the PCR is capped: unsealed already in this boot
 *   -EIO	another TPM error
 *   or a common error.
 */
int pinpad_tpm_key(struct pinpad *pp, const uint8_t *obj, size_t len,
		   uint8_t *out, size_t cap, size_t *out_len,
		   uint64_t *counter);

/**
 * pinpad_state_export() - the module's whole state as a sealed blob
 * @pp:         read-write handle, caller with CAP_SYS_ADMIN
 * @buf:        receives the blob
 * @cap:        its size; PINPAD_STATE_MAX always suffices
 * @len:        receives the blob's length; on -ENOSPC, the size needed
 * @generation: receives the generation the blob holds (may be NULL)
 *
 * The blob is opaque and authenticated: the module alone can open it, and
 * only under the same device key. An export (like pinpad_status()) also
 * marks this handle's file as up to date: pinpad_wait_change() then waits
 * for the next change.
 *
 * Return: 0, or
 *   -ENOKEY	no device key loaded (pinpad_device_key_load() first)
 *   -ENOSPC	@cap is too small; *@len says how much is needed
 *   -EACCES	the device is ZEROIZED: there is nothing left to save
 *   or a common error.
 */
int pinpad_state_export(struct pinpad *pp, uint8_t *buf, size_t cap,
			size_t *len, uint64_t *generation);

/**
 * pinpad_state_commit() - tell the module that the blob of export
 * @generation is durable (written, fsynced, renamed, directory fsynced)
 * @pp:         read-write handle, caller with CAP_SYS_ADMIN
 * @generation: what pinpad_state_export() returned with that blob
 *
 * With TPM sealing the rollback counter then advances to the value that
 * blob carries (after a key's retirement): blobs from before it no longer
 * import. Software sealing: nothing to do, returns 0.
 *
 * Return: 0, or
 *   -ESTALE	not the last export's generation (a later save commits)
 *   -EIO	the TPM refused
 *   or a common error.
 */
int pinpad_state_commit(struct pinpad *pp, uint64_t generation);

/**
 * pinpad_state_import() - restore a blob from pinpad_state_export()
 * @pp:   read-write handle, caller with CAP_SYS_ADMIN
 * @blob: the blob
 * @len:  its length, 1..PINPAD_STATE_MAX
 *
 * Only a freshly loaded module takes a blob (FACTORY, nothing
 * provisioned). A refused blob changes nothing.
 *
 * Return: 0, or
 *   -ENOKEY	no device key loaded
 *   -EKEYREJECTED	the blob was sealed by another device (another
 *		device key; after a tamper, the old key is gone for good)
 *   -EBADMSG	corrupted or truncated: the blob failed authentication
 *   -ESTALE	TPM sealing: authentic but rolled back (its counter is
 *		not the TPM's: saved before a tamper or a key retirement)
 *   -EINVAL	bad length (0, or above PINPAD_STATE_MAX)
 *   -EBUSY	the device is already provisioned
 *   -EACCES	the device is not in FACTORY
 *   or a common error.
 */
int pinpad_state_import(struct pinpad *pp, const uint8_t *blob, size_t len);

/**
 * pinpad_fd() - the handle's file descriptor, for poll(2)
 * @pp: handle
 *
 * poll(2) reports POLLPRI on it when the device's state changed (its
 * generation moved) since this file last saw the generation, through
 * pinpad_status() (pinpad_open() issues one) or pinpad_state_export().
 * The descriptor stays the handle's: do not close it.
 *
 * Return: the descriptor, or -EINVAL for a NULL handle.
 */
int pinpad_fd(struct pinpad *pp);

/**
 * pinpad_wait_change() - wait until the device's state changes
 * @pp:         handle
 * @timeout_ms: at most this long; negative: no limit
 *
 * Waits for POLLPRI (see pinpad_fd()). The state stays "changed" until the
 * next pinpad_status() or pinpad_state_export() on this handle, so read
 * or export after each wake.
 *
 * Return: 1 changed, 0 timed out, -EINTR a signal arrived (not retried,
 * so a daemon can look at its flags), -EIO the device went away, or
 * another error of poll(2).
 */
int pinpad_wait_change(struct pinpad *pp, int timeout_ms);

/**
 * pinpad_cmd_strerror() - describe an error of one command
 * @cmd: the ioctl command (PINPAD_IOC_*) that returned it
 * @err: its negative errno
 *
 * The device gives some numbers one meaning per command (-EKEYREJECTED is
 * "not the right usage" for a key, "sealed by another device" for a blob).
 * For the commands of sealed persistence this returns that command's own
 * text; for every other command and error, pinpad_strerror()'s.
 *
 * Return: a static string, never NULL.
 */
const char *pinpad_cmd_strerror(unsigned long cmd, int err);

/**
 * pinpad_strerror() - describe an error of this library
 * @err: a return value of a libpinpad function (negative errno; a positive
 *       errno is read the same way)
 *
 * Return: a static string with the meaning the error has for /dev/pinpad;
 * for errors the device does not give, the C library's description. Never
 * NULL; thread-safe. The texts describe the device's answers: an -EACCES
 * or -EPERM from pinpad_open() comes from open(2) (file permissions), and
 * is better described by strerror().
 */
const char *pinpad_strerror(int err);

/**
 * pinpad_state_name() - "factory", "sealed", "zeroized" or "unknown"
 * @state: enum pinpad_state, as in pinpad_status.state
 */
const char *pinpad_state_name(uint32_t state);

/**
 * pinpad_usage_name() - "none", "tmk", "pin", "mac", "data" or "unknown"
 * @usage: enum pinpad_usage, as in pinpad_slot_info.usage
 */
const char *pinpad_usage_name(uint32_t usage);

/**
 * pinpad_usage_parse() - the usage named by pinpad_usage_name()
 * @name:  "tmk", "pin", "mac" or "data", in any case
 * @usage: receives the usage on success
 *
 * "none" is not accepted: it is no usage a key can be given.
 *
 * Return: 0, or -EINVAL for NULL or any other name.
 */
int pinpad_usage_parse(const char *name, enum pinpad_usage *usage);

#ifdef __cplusplus
}
#endif

#endif /* LIBPINPAD_H */
