/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pinpad.h - UAPI of /dev/pinpad, the emulated PIN-pad secure module.
 *
 * The module holds keys that can be written and used but never read. No
 * command below returns key bytes: a key is seen from outside only as its
 * metadata (slot, class, algorithm, length, attributes) and its key check
 * value (KCV, 3 bytes: TDES, X9.24-1:2017 A.2, TDES-ECB of one zero
 * block; AES, A.3, AES-CMAC of one zero block).
 *
 * Key usage (issue #11): every key carries X9.143 (TR-31) attributes
 * (struct pinpad_key_attr): usage, algorithm, mode of use, version,
 * exportability. They come with the key (a key block's header, or
 * INJECT_KEY's), stay with it in its slot and in the sealed state, and
 * every operation checks them: PIN_BLOCK needs P0 with mode E or B;
 * MAC_GENERATE M1/M3/M6 with G or C, MAC_VERIFY with V or C (the usage
 * picks the algorithm: M3 ISO 9797-1 algorithm 3, M1 algorithm 1); CIPHER
 * and the skciphers D0 with E or B to encrypt, D or B to decrypt; a token
 * D0; LOAD_WK a KBPK, K0 or K1 with B or D. A clear key is held under one
 * usage only: storing it again under other attributes is refused.
 *
 * Lifecycle: FACTORY -> (SEAL) -> SEALED; TAMPER from any state -> ZEROIZED.
 * ZEROIZED lasts until RECOVER (admin) or a module reload.
 *
 * Slots: 0 .. PINPAD_TMK_SLOTS-1 hold Terminal Master Keys (class TMK:
 * K0, K1); PINPAD_WK_FIRST .. PINPAD_SLOTS-1 hold working keys (class
 * PIN: P0; MAC: M1, M3, M6; DATA: D0). TDES keys are PINPAD_KEY_LEN_2KEY
 * (K1K2, used as K1K2K1) or PINPAD_KEY_LEN_3KEY bytes; keys whose first
 * and second, or second and third, 8-byte parts are equal, the parity bit
 * (bit 0) of each byte ignored, are refused (they are single DES in
 * disguise). AES keys are 16, 24 or 32 bytes.
 *
 * DSN: PINPAD_DSN_MIN..PINPAD_DSN_MAX bytes, each graphic ASCII
 * (PINPAD_DSN_CHAR_MIN..PINPAD_DSN_CHAR_MAX, '!'..'~'): no space, no
 * control character, no byte above 0x7e. The DSN names the device in logs,
 * in the RKS's database and on the wire (HELLO), where a space or a
 * control character would be ambiguous.
 *
 * Commands (R: read only; C: creates keys; U: uses keys; E: erases keys).
 * "admin" = needs CAP_SYS_ADMIN; "wr" = the file must be open for writing.
 * Besides the errors listed, a command that copies buffers, allocates or
 * computes a CMAC (M6 MACs, AES KCVs, key blocks: the crypto API's cmac,
 * a soft dependency) may fail with -EFAULT, -ENOMEM or -ENOENT (the cmac
 * or des_generic module missing), and any with -EINTR.
 *
 *  PINPAD_IOC_STATUS       R  any state.      Out: struct pinpad_status.
 *  PINPAD_IOC_SLOT_INFO    R  any state.      In: slot. Out: class (usage),
 *                             length, KCV, algorithm, attributes, flags
 *                             (PINPAD_SLOT_F_LOCKED). -EINVAL bad slot.
 *  PINPAD_IOC_SET_DSN         FACTORY, admin, wr. PINPAD_DSN_MIN..
 *                             PINPAD_DSN_MAX bytes of graphic ASCII (no
 *                             space; see "DSN" above). -EINVAL otherwise.
 *  PINPAD_IOC_SET_DIK2     C  FACTORY, admin, wr. DIK2 (24 bytes) and the
 *                             factor (1..PINPAD_FACTOR_MAX bytes), together.
 *                             -EINVAL bad length or weak key.
 *  PINPAD_IOC_SET_ROOT        FACTORY, admin, wr. RKS_RCRT, X.509 DER,
 *                             1..PINPAD_CERT_MAX bytes, parsed by the kernel
 *                             into a module-owned keyring. -EBADMSG if it
 *                             is not a well-formed certificate;
 *                             -EKEYREJECTED if its key is not RSA of at
 *                             least 2048 bits, or the kernel cannot use it.
 *  PINPAD_IOC_INJECT_KEY   C  FACTORY, admin, wr. A clear key and its
 *                             attributes into a slot (the legacy
 *                             key-mother-POS path). Optional expected KCV
 *                             (PINPAD_KEY_F_CHECK_KCV). -EINVAL bad slot,
 *                             algorithm, length, weak key, attributes not
 *                             valid (see struct pinpad_key_attr) or not of
 *                             the slot's class; -EBADMSG KCV mismatch;
 *                             -EKEYREJECTED a slot (this one included)
 *                             holds the same key under other attributes.
 *  PINPAD_IOC_SEAL            FACTORY, admin, wr. -> SEALED. -ENODATA if the
 *                             DSN, DIK2/factor or root certificate is
 *                             missing.
 *  PINPAD_IOC_LOAD_WK      CU FACTORY or SEALED, wr. A working key in an
 *                             X9.143 (TR-31) key block, version B (TDES
 *                             KBPK) or D (AES KBPK), under the TMK in
 *                             kbpk_slot; the only way to load a working
 *                             key. The slot keeps the block's attributes;
 *                             out: the stored key's KCV. -EINVAL bad slot
 *                             (not a working-key slot), block_len 0 or
 *                             above PINPAD_KEY_BLOCK_MAX, non-zero
 *                             reserved or kcv; -ENOKEY empty KBPK slot;
 *                             -EBADMSG the block did not authenticate
 *                             under the KBPK (one answer for every reason
 *                             before the MAC verifies: version, length,
 *                             syntax, MAC); -EKEYREJECTED the KBPK slot
 *                             may not unwrap, or the block authenticated
 *                             but is refused (attributes, exportability
 *                             not N, a key stronger than its KBPK, an
 *                             unknown optional block, a usage the slot
 *                             does not take, the same key held under
 *                             another usage); -EKEYREVOKED the KBPK slot
 *                             is locked: PINPAD_KBPK_FAIL_MAX failed
 *                             loads in a row under it, until SLOT_UNLOCK
 *                             or CLEAR_SLOT; -EAGAIN too many refused
 *                             loads (rate limit). A refused load changes
 *                             no slot.
 *  PINPAD_IOC_CIPHER       U  FACTORY or SEALED, wr. ECB or CBC (NIST SP
 *                             800-38A) with a D0 key, in its own cipher:
 *                             TDES over a multiple of 8 bytes (the IV is
 *                             iv[0..7], iv[8..15] zero), AES over a
 *                             multiple of 16 (16-byte IV), up to
 *                             PINPAD_DATA_MAX. Out: the data, and in iv the
 *                             chaining value for a following CBC call.
 *                             -ENOKEY empty slot; -EKEYREJECTED not a D0
 *                             key, or its mode of use does not allow op
 *                             (E: encrypt only, D: decrypt only); -EINVAL
 *                             bad slot, mode, op, length or IV; -EFAULT
 *                             bad buffer.
 *  PINPAD_IOC_CLEAR_SLOT   E  FACTORY or SEALED, admin, wr. Erases one slot
 *                             (its lock too). -EINVAL bad slot.
 *  PINPAD_IOC_SLOT_UNLOCK     FACTORY or SEALED, admin, wr. Unlocks a KBPK
 *                             slot locked by failed LOAD_WKs and restarts
 *                             its count; the key stays. -EINVAL bad slot.
 *  PINPAD_IOC_TAMPER       E  any state, admin, wr. Wipes every key and secret
 *                             (slots, DIK2, factor, root keyring, every
 *                             download session) and goes to ZEROIZED.
 *  PINPAD_IOC_SESSION      CU SEALED, wr. One step of the download protocol
 *                             (Documentation/protocol.md): give the body of
 *                             the message received (in_type NONE starts a
 *                             session), get the body to send. One session
 *                             per open file. -EPROTO message not expected
 *                             now or malformed; -EKEYREJECTED work
 *                             certificate refused: not in the profile,
 *                             not signed by the root, or revoked (S315);
 *                             -EBADMSG a MAC or KCV did not match (a
 *                             CHALLENGE whose MAC fails: the server does
 *                             not hold this device's DIK2; nothing sent);
 *                             -ETIMEDOUT the session outlived its limit;
 *                             -EINVAL bad lengths. Any error ends the
 *                             session and wipes its secrets. Keys reach
 *                             their slots only at DONE, all or none.
 *  PINPAD_IOC_SESSION_END  E  any state, wr. Ends this file's session, if any,
 *                             and wipes its secrets (AT, TK, staged keys).
 *  PINPAD_IOC_PIN_BLOCK    U  FACTORY or SEALED, wr. An ISO 9564-1 PIN
 *                             block, built in the module from the PIN
 *                             (PINPAD_PIN_MIN..PINPAD_PIN_MAX ASCII digits)
 *                             and the PAN (PINPAD_PAN_MIN..PINPAD_PAN_MAX
 *                             ASCII digits, check digit last), enciphered
 *                             under a P0 key: format 0 (TDES-ECB, a TDES
 *                             key, 8 bytes) or ISO 9564-1:2017 format 4
 *                             (AES, an AES key, 16 bytes, a fresh random
 *                             fill in every block). Out: block and
 *                             block_len only (the rest of block zero); the
 *                             clear block never leaves the module.
 *                             -ENOKEY empty slot; -EKEYREJECTED not a P0
 *                             key allowed to encrypt, or the format is not
 *                             the key's algorithm's; -EINVAL bad slot,
 *                             format, PIN or PAN; -EAGAIN the PIN rate
 *                             limit (either format) is spent.
 *  PINPAD_IOC_MAC_GENERATE U  FACTORY or SEALED, wr. The MAC of
 *                             1..PINPAD_DATA_MAX bytes that the key's usage
 *                             names: M3 ISO 9797-1 MAC algorithm 3 (ANSI
 *                             X9.19 retail MAC, a 16-byte TDES key), M1
 *                             algorithm 1 (TDES), both with padding method
 *                             1 or 2 and an 8-byte MAC; M6 CMAC (NIST SP
 *                             800-38B) with the key's cipher, padding
 *                             PINPAD_MAC_PAD_NONE, a 16-byte MAC (AES) or
 *                             8-byte (TDES). Out: the leftmost mac_len
 *                             bytes of the MAC, the rest of mac zeroed.
 *                             -ENOKEY empty slot; -EKEYREJECTED not a MAC
 *                             key, a mode that does not allow generating,
 *                             an M3 key not 16 bytes, an AES key under M1
 *                             or M3; -EINVAL bad slot, padding, len, or
 *                             mac_len (PINPAD_MAC_MIN..the MAC's size).
 *  PINPAD_IOC_MAC_VERIFY   U  FACTORY or SEALED, wr. The same MAC, compared
 *                             in constant time with the leftmost mac_len
 *                             bytes of mac. -EBADMSG mismatch; -EAGAIN too
 *                             many mismatches (rate limit); otherwise the
 *                             errors of MAC_GENERATE (the mode must allow
 *                             verifying).
 *  PINPAD_IOC_TOKEN_GET    U  FACTORY or SEALED, wr. A token for the kernel
 *                             crypto API skciphers PINPAD_ALG_ECB and
 *                             PINPAD_ALG_CBC (a TDES key), or
 *                             PINPAD_ALG_AES_ECB and PINPAD_ALG_AES_CBC (an
 *                             AES key); their setkey takes a token, never
 *                             key bytes, and refuses one of the other
 *                             algorithm (-EKEYREJECTED). It names the D0
 *                             key in a slot: in: slot, the rest zero; out:
 *                             the token; each request is checked against
 *                             the key's mode of use (-EKEYREJECTED).
 *                             See Documentation/crypto-api.md. A token dies
 *                             when revoked, when its file is released,
 *                             when its slot is cleared or refilled, on
 *                             TAMPER and on module unload. Each request
 *                             checks the key's mode against its direction
 *                             (-EKEYREJECTED).
 *                             -ENOKEY empty slot; -EKEYREJECTED not a D0
 *                             key; -EINVAL bad slot or non-zero field;
 *                             -ENOSPC PINPAD_TOKENS_MAX tokens are live;
 *                             -EDQUOT this file holds its quota.
 *  PINPAD_IOC_TOKEN_REVOKE E  FACTORY or SEALED, wr. Kills a token: setkey
 *                             refuses it, and a tfm keyed with it fails its
 *                             next request (-ENOKEY). -ENOKEY not a live
 *                             token of this device.
 *
 * Sealed persistence (Documentation/persistence.md). The state survives a
 * reboot only as a blob sealed (AES-256-CTR + HMAC-SHA-256) under keys
 * derived from the device key, a 32-byte `logon` key that userspace can add
 * but never read back.
 *  PINPAD_IOC_DEVICE_KEY      FACTORY or SEALED, admin, wr. Takes the logon
 *                             key PINPAD_DEVICE_KEY_DESC from the caller's
 *                             keyrings and derives the sealing keys.
 *                             -ENOKEY no such key; -EINVAL not 32 bytes;
 *                             -EEXIST a device key is already loaded.
 *  PINPAD_IOC_STATE_EXPORT    FACTORY or SEALED, admin, wr. The whole state
 *                             (identity, root certificate, slots,
 *                             lifecycle) as a sealed blob, and its
 *                             generation. -ENOKEY no device key; -ENOSPC
 *                             cap too small (len says how much is needed).
 *  PINPAD_IOC_STATE_IMPORT  C FACTORY and nothing provisioned yet, admin,
 *                             wr. Restores a blob. -ENOKEY no device key;
 *                             -EKEYREJECTED the blob was sealed by another
 *                             device; -EBADMSG corrupted or truncated blob;
 *                             -EINVAL bad length; -EBUSY the device is
 *                             already provisioned. A refused blob changes
 *                             nothing.
 *  PINPAD_IOC_TPM_KEY         FACTORY or SEALED, admin, wr. TPM sealing
 *                             (status flag PINPAD_STATUS_SEAL_TPM). len 0:
 *                             make a new device key (get_random_bytes), seal
 *                             it with the TPM under PCR PINPAD_TPM_PCR
 *                             (15) at its reset value, define the TPM's
 *                             rollback counter for it, and write the sealed
 *                             object (out_len bytes) to addr. len > 0: the
 *                             object at addr is unsealed. Either way the
 *                             PCR is then extended ("capped"), so nobody
 *                             can unseal it again until the next reboot,
 *                             and counter says the counter's value.
 *                             -ENODEV no TPM 2.0 (software sealing: use
 *                             DEVICE_KEY); -EEXIST a device key is already
 *                             loaded; -EBADMSG malformed object;
 *                             -EKEYREJECTED the TPM will not load the
 *                             object (another TPM's, or damaged);
 *                             -EKEYREVOKED the TPM's counter is no longer
 *                             this key's (a newer key was made on this
 *                             TPM since); -EKEYEXPIRED the
 *                             PCR was already capped in this boot (a module
 *                             reload: reboot); -ENOSPC cap too small;
 *                             -EINVAL bad lengths; -EIO other TPM errors.
 *  PINPAD_IOC_STATE_COMMIT    FACTORY or SEALED, admin, wr. In: the
 *                             generation of the last STATE_EXPORT, whose
 *                             blob is now durable (written, fsynced,
 *                             renamed, directory fsynced). TPM sealing:
 *                             the rollback counter advances to the value
 *                             that blob carries. Software sealing: no-op.
 *                             -ESTALE not the last export's generation
 *                             (a later save commits); -EIO TPM error.
 * With TPM sealing, DEVICE_KEY returns -EOPNOTSUPP. Every blob carries the
 * rollback counter's value: STATE_IMPORT takes the TPM's value N, or N + 1
 * (a save that reached the disk without its commit; the import commits
 * it), and refuses any other (-ESTALE). A key removed or replaced makes
 * the next export carry N + 1, and its commit makes every blob from
 * before the retirement unimportable; TAMPER advances N by two at once.
 * (persistence.md, "Rollback", has why the commit waits for the disk.)
 * Every change of state (provisioning, keys, a download's DONE, tamper)
 * adds one to status.generation and wakes poll(2) on every open file with
 * POLLPRI, so a helper can save the new blob at once. TAMPER also revokes
 * the device key: blobs sealed before it can never be imported again under
 * it (the emulation's other half, erasing the stored device key, is
 * pinpad-state's; see persistence.md).
 *
 * Roles (issue #13). The module offers one device node per role; each
 * command belongs to one role and is refused with -EPERM on any other
 * node. STATUS, SLOT_INFO and LIMIT_GET, which only look, are allowed on
 * every node. Owner, group and mode of each node come from the udev rule
 * etc/udev/rules.d/60-pinpad.rules (the kernel's own default is root,
 * 0600, and 0444 for the status node).
 *  PINPAD_DEV_ADMIN     admin (factory, persistence helper): SET_DSN,
 *                       SET_DIK2, SET_ROOT, INJECT_KEY, SEAL, CLEAR_SLOT,
 *                       SLOT_UNLOCK, TAMPER, RECOVER, LIMIT_SET,
 *                       DEVICE_KEY, TPM_KEY, STATE_EXPORT, STATE_COMMIT,
 *                       STATE_IMPORT; every one of them also needs
 *                       CAP_SYS_ADMIN.
 *  PINPAD_DEV_DOWNLOAD  download (rkd): SESSION, SESSION_END.
 *  PINPAD_DEV_USE       key use (the payment application): LOAD_WK,
 *                       CIPHER, PIN_BLOCK, MAC_GENERATE, MAC_VERIFY,
 *                       TOKEN_GET, TOKEN_REVOKE.
 *  PINPAD_DEV_STATUS    read-only status: STATUS, SLOT_INFO, LIMIT_GET.
 *
 * Rate limits (Documentation/secure-module.md gives their source): a token
 * bucket per device for PIN_BLOCK (every PIN encipherment), for failed
 * LOAD_WKs and for MAC_VERIFY mismatches. A call over its budget is
 * refused with -EAGAIN before it does anything; LIMIT_GET then says when
 * to retry. The admin role may lower a limit, never raise it past the
 * default.
 *  PINPAD_IOC_LIMIT_GET    R  any state. In: limit. Out: rate, burst,
 *                             calls available now, milliseconds until the
 *                             next one, calls refused so far. -EINVAL bad
 *                             limit or non-zero output field.
 *  PINPAD_IOC_LIMIT_SET       any state, admin, wr. In: limit, per_hour
 *                             (1..the default), burst (1..the default).
 *                             The bucket is refilled to the new burst at
 *                             most. -EINVAL bad limit or a value above the
 *                             default or zero.
 *  PINPAD_IOC_RECOVER      E  ZEROIZED, admin, wr. -> FACTORY, without a
 *                             module reload (AF_ALG sockets may stay open:
 *                             their tokens stay dead, -ENOKEY). Forgets the
 *                             DSN too; starts a new token epoch.
 * Tokens: each open file of the key-use node holds at most
 * PINPAD_TOKENS_PER_FILE live tokens (-EDQUOT beyond); a file's tokens die
 * when it is released.
 *
 * Errors common to all commands: -ENOTTY unknown command; -EFAULT unmapped
 * argument; -EINVAL a reserved field is not zero; -EPERM the command needs
 * CAP_SYS_ADMIN or belongs to another role's node; -EBADF the command
 * changes state and the file is not open for writing; -EACCES the command
 * is not allowed in the current lifecycle state.
 */
#ifndef _UAPI_PINPAD_H
#define _UAPI_PINPAD_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* 3: a device node per role; 4: key blocks (X9.143), AES keys */
#define PINPAD_API_VERSION	4

/* The DSN: a length and a character range (see "DSN" above) */
#define PINPAD_DSN_MIN		1
#define PINPAD_DSN_MAX		32
#define PINPAD_DSN_CHAR_MIN	0x21	/* '!': the first graphic ASCII */
#define PINPAD_DSN_CHAR_MAX	0x7e	/* '~': the last */

/* TDES keys: two-key (K1K2, used as K1K2K1) or three-key (K1K2K3) */
#define PINPAD_DES_KEY_LEN	8	/* one part, K1, K2 or K3 */
#define PINPAD_KEY_LEN_2KEY	16
#define PINPAD_KEY_LEN_3KEY	24
#define PINPAD_KEY_MAX		32	/* was 24: AES-256 */
#define PINPAD_KEY_BLOCK_MAX	512	/* ASCII bytes of one X9.143 key block */
#define PINPAD_DIK2_LEN		PINPAD_KEY_LEN_3KEY
#define PINPAD_KCV_LEN		3	/* X9.24-1:2017 A.2 (TDES), A.3 (AES) */
#define PINPAD_BLOCK_LEN	8	/* a TDES block */
#define PINPAD_AES_BLOCK_LEN	16	/* an AES block */

#define PINPAD_FACTOR_MAX	64
#define PINPAD_CERT_MAX		8192
#define PINPAD_DATA_MAX		4096
#define PINPAD_FPR_LEN		32

#define PINPAD_TMK_SLOTS	16
#define PINPAD_WK_SLOTS		32
#define PINPAD_WK_FIRST		PINPAD_TMK_SLOTS
#define PINPAD_SLOTS		(PINPAD_TMK_SLOTS + PINPAD_WK_SLOTS)

enum pinpad_state {
	PINPAD_STATE_FACTORY	= 1,
	PINPAD_STATE_SEALED	= 2,
	PINPAD_STATE_ZEROIZED	= 3,
};

enum pinpad_usage {
	PINPAD_USAGE_NONE	= 0,	/* empty slot */
	PINPAD_USAGE_TMK	= 1,	/* wraps working keys only */
	PINPAD_USAGE_PIN	= 2,	/* PIN blocks only */
	PINPAD_USAGE_MAC	= 3,	/* MACs only */
	PINPAD_USAGE_DATA	= 4,	/* raw data encryption */
};

/* The algorithm of a key */
enum pinpad_alg {
	PINPAD_ALG_NONE		= 0,	/* empty slot */
	PINPAD_ALG_TDES		= 1,	/* 16 (K1K2K1) or 24 bytes */
	PINPAD_ALG_AES		= 2,	/* 16, 24 or 32 bytes */
};

/*
 * A key's attributes: the X9.143 (TR-31) key block header fields that
 * bind it to its use, ASCII exactly as in the key block. The module keeps
 * them with the key and every operation checks them (secure-module.md,
 * "Key usage"). Accepted:
 *   usage	"K0" "K1" (class TMK, a KBPK: mode B or D to unwrap; E is
 *		wrap only), "P0" (PIN, mode E or B to encrypt PIN blocks; D),
 *		"D0" (DATA: mode B both ways, E encrypt only, D decrypt only),
 *		"M1" "M3" "M6" (MAC: mode C both, G generate, V verify)
 *   algorithm	'T' TDES, 'A' AES: the key's own algorithm
 *   version	two ASCII letters or digits, "00": none
 *   exportability 'N': the module exports no key
 *   reserved0	zero
 */
struct pinpad_key_attr {
	__u8 usage[2];		/* "K0" "K1" "P0" "D0" "M1" "M3" "M6" */
	__u8 algorithm;		/* 'T' (TDES) or 'A' (AES) */
	__u8 mode;		/* mode of use: 'B' 'C' 'D' 'E' 'G' 'V' */
	__u8 version[2];	/* key version number, "00": none */
	__u8 exportability;	/* 'N': the module accepts nothing else */
	__u8 reserved0;
};

enum pinpad_cipher_mode {
	PINPAD_MODE_ECB		= 1,
	PINPAD_MODE_CBC		= 2,
};

enum pinpad_cipher_op {
	PINPAD_OP_ENCRYPT	= 1,
	PINPAD_OP_DECRYPT	= 2,
};

/* pinpad_status.flags: which parts of the device identity are present */
#define PINPAD_STATUS_HAS_DSN	0x1
#define PINPAD_STATUS_HAS_DIK2	0x2
#define PINPAD_STATUS_HAS_ROOT	0x4
#define PINPAD_STATUS_HAS_DEVICE_KEY	0x8	/* sealing possible */
/*
 * The module seals with a TPM 2.0 (a device key it made, sealed by the
 * TPM, and the TPM's rollback counter). Clear: software sealing, under a
 * device key userspace supplied, "not protected from root".
 */
#define PINPAD_STATUS_SEAL_TPM		0x10

struct pinpad_status {
	__u32 api_version;		/* PINPAD_API_VERSION */
	__u32 state;			/* enum pinpad_state */
	__u32 flags;			/* PINPAD_STATUS_* */
	__u32 dsn_len;
	__u8  dsn[PINPAD_DSN_MAX];	/* not NUL-terminated */
	__u32 tmk_slots;		/* PINPAD_TMK_SLOTS */
	__u32 wk_slots;			/* PINPAD_WK_SLOTS */
	__u32 keys_loaded;		/* occupied slots */
	__u32 factor_len;		/* the factor's value is secret */
	__u8  dik2_kcv[PINPAD_KCV_LEN];
	__u8  reserved0[5];
	__u8  root_fpr[PINPAD_FPR_LEN];	/* SHA-256 of RKS_RCRT's DER */
	__u64 generation;		/* +1 at every change of state */
};

/* pinpad_slot_info.flags */
#define PINPAD_SLOT_F_LOCKED	0x1	/* KBPK locked for unwrapping */

struct pinpad_slot_info {
	__u32 slot;			/* in */
	__u32 usage;			/* out: enum pinpad_usage (the class) */
	__u32 key_len;			/* out: 0, 16, 24 or 32 */
	__u8  kcv[PINPAD_KCV_LEN];	/* out */
	__u8  reserved0;
	__u32 alg;			/* out: enum pinpad_alg */
	struct pinpad_key_attr attr;	/* out: the key's attributes */
	__u32 flags;			/* out: PINPAD_SLOT_F_* */
};

struct pinpad_dsn {
	__u32 len;
	__u32 reserved0;
	__u8  dsn[PINPAD_DSN_MAX];
};

struct pinpad_dik2 {
	__u8  dik2[PINPAD_DIK2_LEN];
	__u32 factor_len;
	__u32 reserved0;
	__u8  factor[PINPAD_FACTOR_MAX];
};

/* A user buffer: pointer as __u64 so 32- and 64-bit callers agree. */
struct pinpad_buf {
	__u64 addr;
	__u32 len;
	__u32 reserved0;
};

#define PINPAD_KEY_F_CHECK_KCV	0x1

struct pinpad_key_inject {
	__u32 slot;
	__u32 alg;			/* enum pinpad_alg */
	__u32 key_len;			/* TDES 16/24, AES 16/24/32 */
	__u32 flags;			/* PINPAD_KEY_F_* */
	struct pinpad_key_attr attr;	/* the slot's class must accept it */
	__u8  key[PINPAD_KEY_MAX];
	__u8  kcv[PINPAD_KCV_LEN];	/* with PINPAD_KEY_F_CHECK_KCV */
	__u8  reserved0[5];
};

/* LOAD_WK: the only way to load a working key (an X9.143 key block) */
struct pinpad_wk_load {
	__u32 slot;		/* working-key slot to fill */
	__u32 kbpk_slot;	/* TMK slot whose key is the KBPK */
	__u32 block_len;	/* bytes of block, <= PINPAD_KEY_BLOCK_MAX */
	__u32 reserved0;
	__u8  block[PINPAD_KEY_BLOCK_MAX];	/* ASCII key block, version B or D */
	__u8  kcv[PINPAD_KCV_LEN];		/* out: KCV of the key stored */
	__u8  reserved1[5];
};

struct pinpad_cipher {
	__u32 slot;
	__u32 mode;			/* enum pinpad_cipher_mode */
	__u32 op;			/* enum pinpad_cipher_op */
	__u32 len;			/* <= PINPAD_DATA_MAX, a multiple of
					 * the key's block (TDES 8, AES 16)
					 */
	__u64 in;			/* user pointer, len bytes */
	__u64 out;			/* user pointer, len bytes; may equal in */
	/*
	 * CBC: in and out, the key's block size (TDES: the first 8 bytes,
	 * the other 8 must be zero). ECB: all zero.
	 */
	__u8  iv[PINPAD_AES_BLOCK_LEN];
};

/*
 * The version byte of every frame of the download protocol. Version 2 adds
 * the device nonce to HELLO, authenticates CHALLENGE and binds K_MAC to the
 * transcript; version 3 makes TK 32 bytes and delivers each key as an
 * X9.143 key block (version D) under KBPK_S, a key derived from TK
 * (Documentation/protocol.md). The module hashes frame headers with it, so
 * its sessions speak this version only.
 */
#define PINPAD_PROTO_VERSION	3

/* Download protocol message types (Documentation/protocol.md). */
enum pinpad_msg_type {
	PINPAD_MSG_NONE		= 0x00,	/* nothing / start a session */
	PINPAD_MSG_HELLO	= 0x01,
	PINPAD_MSG_WORK_CERT	= 0x02,
	PINPAD_MSG_FACTOR	= 0x03,
	PINPAD_MSG_CHALLENGE	= 0x04,
	PINPAD_MSG_RESPONSE	= 0x05,
	PINPAD_MSG_KEY		= 0x06,
	PINPAD_MSG_DONE		= 0x07,
	PINPAD_MSG_RECEIPT	= 0x08,
	PINPAD_MSG_ACK		= 0x09,
	PINPAD_MSG_ERROR	= 0x7f,
};

#define PINPAD_MSG_MAX		4096	/* largest message body */
#define PINPAD_SESSION_OUT_MIN	512	/* out_cap must be at least this */
#define PINPAD_SESSION_KEYS_MAX	PINPAD_SLOTS
#define PINPAD_SESSION_TIMEOUT	120	/* seconds, from HELLO */

enum pinpad_session_phase {
	PINPAD_PHASE_IDLE		= 0,	/* no session */
	PINPAD_PHASE_AWAIT_CERT		= 1,	/* HELLO sent */
	PINPAD_PHASE_AWAIT_CHALLENGE	= 2,	/* FACTOR sent */
	PINPAD_PHASE_AWAIT_KEYS		= 3,	/* RESPONSE sent: KEY or DONE */
	PINPAD_PHASE_AWAIT_ACK		= 4,	/* RECEIPT sent, keys stored */
	PINPAD_PHASE_COMPLETE		= 5,	/* ACK verified, secrets wiped */
};

struct pinpad_session_step {
	__u32 in_type;			/* enum pinpad_msg_type */
	__u32 in_len;			/* <= PINPAD_MSG_MAX */
	__u64 in;			/* user pointer: body received */
	__u64 out;			/* user pointer: body to send */
	__u32 out_cap;			/* >= PINPAD_SESSION_OUT_MIN */
	__u32 out_type;			/* out: PINPAD_MSG_NONE: nothing */
	__u32 out_len;			/* out */
	__u32 phase;			/* out: enum pinpad_session_phase */
	__u32 keys_staged;		/* out: KEY messages accepted so far */
	__u32 keys_stored;		/* out: keys put in slots at DONE */
};

/* PIN blocks (PINPAD_IOC_PIN_BLOCK) */
#define PINPAD_PIN_MIN		4
#define PINPAD_PIN_MAX		12
#define PINPAD_PAN_MIN		13
#define PINPAD_PAN_MAX		19

enum pinpad_pin_format {
	PINPAD_PIN_FORMAT_ISO0	= 0,	/* ISO 9564-1 format 0 (ANSI X9.8), TDES */
	PINPAD_PIN_FORMAT_ISO4	= 4,	/* ISO 9564-1:2017 format 4, AES */
};

struct pinpad_pin_block {
	__u32 slot;			/* a PIN key */
	__u32 format;			/* enum pinpad_pin_format */
	__u32 pin_len;			/* PINPAD_PIN_MIN..PINPAD_PIN_MAX */
	__u32 pan_len;			/* PINPAD_PAN_MIN..PINPAD_PAN_MAX */
	__u8  pin[PINPAD_PIN_MAX];	/* ASCII digits; secret */
	__u8  pan[PINPAD_PAN_MAX];	/* ASCII digits, check digit last */
	__u8  reserved0;
	__u8  block[PINPAD_AES_BLOCK_LEN];	/* out: the encrypted PIN block */
	__u32 block_len;		/* out: bytes of block (format 0: 8,
					 * format 4: 16); the rest zero
					 */
};

/* Retail MACs (PINPAD_IOC_MAC_GENERATE, PINPAD_IOC_MAC_VERIFY) */
#define PINPAD_MAC_LEN		8	/* a TDES MAC (retail MAC, CBC-MAC) */
#define PINPAD_MAC_MAX		16	/* an AES-CMAC */
#define PINPAD_MAC_MIN		4

enum pinpad_mac_padding {
	PINPAD_MAC_PAD_NONE	= 0,	/* CMAC (M6 keys): pads itself */
	PINPAD_MAC_PAD_ISO1	= 1,	/* ISO 9797-1 method 1: zeros */
	PINPAD_MAC_PAD_ISO2	= 2,	/* method 2: 0x80, then zeros */
};

struct pinpad_mac {
	__u32 slot;			/* a MAC key, 16 bytes */
	__u32 padding;			/* enum pinpad_mac_padding */
	__u32 len;			/* 1..PINPAD_DATA_MAX */
	__u32 mac_len;			/* PINPAD_MAC_MIN..the MAC's size
					 * (TDES 8, AES 16)
					 */
	__u64 data;			/* user pointer, len bytes */
	__u8  mac[PINPAD_MAC_MAX];	/* GENERATE: out; VERIFY: in */
};

/*
 * Tokens (PINPAD_IOC_TOKEN_GET, PINPAD_IOC_TOKEN_REVOKE): the "key" given
 * to setkey of the kernel crypto API algorithms below, for instance with
 * AF_ALG's ALG_SET_KEY. Treat one as a secret: whoever holds it can use
 * the slot's key (never read it) until the token dies.
 */
#define PINPAD_ALG_ECB		"ecb(pinpad-tdes)"
#define PINPAD_ALG_CBC		"cbc(pinpad-tdes)"
#define PINPAD_ALG_AES_ECB	"ecb(pinpad-aes)"
#define PINPAD_ALG_AES_CBC	"cbc(pinpad-aes)"
#define PINPAD_TOKEN_MAGIC	0x31545050	/* "PPT1" on little-endian */
#define PINPAD_HANDLE_LEN	16
#define PINPAD_TOKENS_MAX	64

struct pinpad_token {
	__u32 magic;			/* PINPAD_TOKEN_MAGIC */
	__u32 slot;			/* the DATA key's slot */
	__u64 epoch;			/* random, per module load */
	__u8  handle[PINPAD_HANDLE_LEN];/* random, per token */
};

/* Sealed persistence */
#define PINPAD_DEVICE_KEY_DESC	"pinpad:device-key"
#define PINPAD_DEVICE_KEY_LEN	32
#define PINPAD_STATE_MAX	16384	/* largest sealed blob */

/*
 * The sealed blob (Documentation/secure-module.md, "Blob format"): this
 * header, then ct_len bytes of AES-256-CTR ciphertext, then an
 * HMAC-SHA-256 (PINPAD_SEAL_MAC_LEN bytes) over the header and the
 * ciphertext. Integers are big-endian byte arrays, so the header has no
 * padding and reads the same at any alignment (sizeof == 52: key id at 8,
 * generation at 16, rollback counter at 24, IV at 32, ct_len at 48).
 * Version 2 added the rollback counter (the TPM NV counter's value the
 * state was saved for; 0 under software sealing); version 3 (same header)
 * each key's algorithm and attributes, and the KBPK locks. The module
 * imports versions 3 and 2 (a version 2 key gets its class's attributes:
 * TMK K0/D, PIN P0/E, MAC M3/C, DATA D0/B) and refuses any other.
 * Userspace may read magic, version and generation to tell which state a
 * file holds; only the module can open the rest.
 */
#define PINPAD_SEAL_MAGIC	"PPSB"
#define PINPAD_SEAL_MAGIC_LEN	4
#define PINPAD_SEAL_VERSION	3
#define PINPAD_SEAL_ID_LEN	8	/* key id of the sealing device key */
#define PINPAD_SEAL_IV_LEN	16	/* AES block */
#define PINPAD_SEAL_MAC_LEN	32	/* HMAC-SHA-256 */

struct pinpad_seal_hdr {
	__u8 magic[PINPAD_SEAL_MAGIC_LEN];	/* PINPAD_SEAL_MAGIC */
	__u8 version;				/* PINPAD_SEAL_VERSION */
	__u8 reserved0[3];			/* zero */
	__u8 key_id[PINPAD_SEAL_ID_LEN];
	__u8 generation[8];			/* big-endian __u64 */
	__u8 counter[8];			/* big-endian __u64 */
	__u8 iv[PINPAD_SEAL_IV_LEN];		/* random, per blob */
	__u8 ct_len[4];				/* big-endian __u32 */
};

struct pinpad_state_blob {
	__u64 addr;			/* user buffer */
	__u32 len;			/* import: blob length; export: out */
	__u32 cap;			/* export: buffer size; import: 0 */
	__u64 generation;		/* export: out */
};

/*
 * PINPAD_IOC_TPM_KEY: the device key, made and sealed by the module with
 * the TPM; userspace keeps only the sealed object (opaque, at most
 * PINPAD_TPM_OBJ_MAX bytes) and hands it back at boot.
 */
#define PINPAD_TPM_OBJ_MAX	1100

struct pinpad_tpm_key {
	__u64 addr;			/* user buffer: the sealed object */
	__u32 len;			/* in: its length; 0: make a new key */
	__u32 cap;			/* len 0: the buffer's size; else 0 */
	__u32 out_len;			/* out (len 0): bytes written */
	__u32 reserved0;
	__u64 counter;			/* out: the rollback counter */
};

/* 0xD1 is free in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define PINPAD_IOC_MAGIC	0xD1

#define PINPAD_IOC_STATUS	_IOR(PINPAD_IOC_MAGIC, 0x00, struct pinpad_status)
#define PINPAD_IOC_SLOT_INFO	_IOWR(PINPAD_IOC_MAGIC, 0x01, struct pinpad_slot_info)
#define PINPAD_IOC_SET_DSN	_IOW(PINPAD_IOC_MAGIC, 0x10, struct pinpad_dsn)
#define PINPAD_IOC_SET_DIK2	_IOW(PINPAD_IOC_MAGIC, 0x11, struct pinpad_dik2)
#define PINPAD_IOC_SET_ROOT	_IOW(PINPAD_IOC_MAGIC, 0x12, struct pinpad_buf)
#define PINPAD_IOC_INJECT_KEY	_IOW(PINPAD_IOC_MAGIC, 0x13, struct pinpad_key_inject)
#define PINPAD_IOC_SEAL		_IO(PINPAD_IOC_MAGIC, 0x14)
#define PINPAD_IOC_LOAD_WK	_IOWR(PINPAD_IOC_MAGIC, 0x20, struct pinpad_wk_load)
#define PINPAD_IOC_CIPHER	_IOWR(PINPAD_IOC_MAGIC, 0x21, struct pinpad_cipher)
#define PINPAD_IOC_CLEAR_SLOT	_IOW(PINPAD_IOC_MAGIC, 0x22, __u32)
#define PINPAD_IOC_SLOT_UNLOCK	_IOW(PINPAD_IOC_MAGIC, 0x23, __u32)
#define PINPAD_IOC_TAMPER	_IO(PINPAD_IOC_MAGIC, 0x30)
#define PINPAD_IOC_SESSION	_IOWR(PINPAD_IOC_MAGIC, 0x40, struct pinpad_session_step)
#define PINPAD_IOC_SESSION_END	_IO(PINPAD_IOC_MAGIC, 0x41)
#define PINPAD_IOC_PIN_BLOCK	_IOWR(PINPAD_IOC_MAGIC, 0x50, struct pinpad_pin_block)
#define PINPAD_IOC_MAC_GENERATE	_IOWR(PINPAD_IOC_MAGIC, 0x51, struct pinpad_mac)
#define PINPAD_IOC_MAC_VERIFY	_IOW(PINPAD_IOC_MAGIC, 0x52, struct pinpad_mac)
#define PINPAD_IOC_TOKEN_GET	_IOWR(PINPAD_IOC_MAGIC, 0x53, struct pinpad_token)
#define PINPAD_IOC_TOKEN_REVOKE	_IOW(PINPAD_IOC_MAGIC, 0x54, struct pinpad_token)
#define PINPAD_IOC_DEVICE_KEY	_IO(PINPAD_IOC_MAGIC, 0x60)
#define PINPAD_IOC_STATE_EXPORT	_IOWR(PINPAD_IOC_MAGIC, 0x61, struct pinpad_state_blob)
#define PINPAD_IOC_STATE_IMPORT	_IOW(PINPAD_IOC_MAGIC, 0x62, struct pinpad_state_blob)
#define PINPAD_IOC_TPM_KEY	_IOWR(PINPAD_IOC_MAGIC, 0x63, struct pinpad_tpm_key)
#define PINPAD_IOC_STATE_COMMIT	_IOW(PINPAD_IOC_MAGIC, 0x64, __u64)

/* Roles and their device nodes (issue #13) */
enum pinpad_role {
	PINPAD_ROLE_STATUS	= 0,	/* read-only status */
	PINPAD_ROLE_USE		= 1,	/* key use: PIN, MAC, CIPHER, tokens */
	PINPAD_ROLE_DOWNLOAD	= 2,	/* remote key download sessions */
	PINPAD_ROLE_ADMIN	= 3,	/* factory, tamper, persistence */
};

#define PINPAD_DEV_USE		"/dev/pinpad"
#define PINPAD_DEV_ADMIN	"/dev/pinpad-admin"
#define PINPAD_DEV_DOWNLOAD	"/dev/pinpad-dl"
#define PINPAD_DEV_STATUS	"/dev/pinpad-status"

#define PINPAD_TOKENS_PER_FILE	16	/* live tokens per open file */

/* Rate limits: token buckets, per device */
enum pinpad_limit {
	PINPAD_LIMIT_PIN_BLOCK	= 0,	/* every PIN_BLOCK */
	PINPAD_LIMIT_LOAD_WK	= 1,	/* every failed LOAD_WK */
	PINPAD_LIMIT_MAC_VERIFY	= 2,	/* every MAC_VERIFY mismatch */
	PINPAD_LIMITS		= 3,
};

/* Defaults, which are also the maxima (secure-module.md says why) */
#define PINPAD_PIN_PER_HOUR	120	/* PCI PTS POI B10: 1 per 30 s on average */
#define PINPAD_PIN_BURST	10
#define PINPAD_FAIL_PER_HOUR	60
#define PINPAD_FAIL_BURST	20
/*
 * Consecutive failed LOAD_WKs against one KBPK slot after which that slot
 * is locked for unwrapping until PINPAD_IOC_SLOT_UNLOCK or CLEAR_SLOT
 * (admin). A success resets the count.
 */
#define PINPAD_KBPK_FAIL_MAX	5

struct pinpad_limit_info {
	__u32 limit;			/* in: enum pinpad_limit */
	__u32 per_hour;			/* out; LIMIT_SET: in */
	__u32 burst;			/* out; LIMIT_SET: in */
	__u32 available;		/* out: calls allowed right now */
	__u64 retry_after_ms;		/* out: 0, or ms until the next call */
	__u64 refused;			/* out: calls refused since load */
};

#define PINPAD_IOC_LIMIT_GET	_IOWR(PINPAD_IOC_MAGIC, 0x70, struct pinpad_limit_info)
#define PINPAD_IOC_LIMIT_SET	_IOWR(PINPAD_IOC_MAGIC, 0x71, struct pinpad_limit_info)
#define PINPAD_IOC_RECOVER	_IO(PINPAD_IOC_MAGIC, 0x31)

#endif /* _UAPI_PINPAD_H */
