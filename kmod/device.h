/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated secure module's state: lifecycle, device identity and key
 * slots. One instance, guarded by its mutex; every secret in it is wiped by
 * pinpad_device_zeroize() on tamper and at module unload.
 */
#ifndef PINPAD_DEVICE_H
#define PINPAD_DEVICE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "pinpad.h"
#include "tdes.h"

struct key;

/* A live token: the random handle that names @slot; wiped when it dies. */
struct pinpad_handle {
	u8 handle[PINPAD_HANDLE_LEN];
	u32 slot;
	bool live;
};

struct pinpad_slot {
	struct pinpad_tdes_key key;	/* key.len == 0: empty */
	u32 usage;			/* enum pinpad_usage */
};

struct pinpad_device {
	struct mutex lock;		/* guards everything below */
	u32 state;			/* enum pinpad_state */

	/* identity, set at the factory */
	u8 dsn[PINPAD_DSN_MAX];
	u32 dsn_len;
	struct pinpad_tdes_key dik2;	/* dik2.len == 0: not installed */
	u8 factor[PINPAD_FACTOR_MAX];
	u32 factor_len;
	struct key *root_keyring;	/* holds RKS_RCRT; NULL: none */
	struct key *root_key;		/* RKS_RCRT's key, in that keyring */
	u8 root_fpr[PINPAD_FPR_LEN];
	u8 *root_der;			/* its DER (public), for sealing */
	u32 root_der_len;
	/* the highest revocation list number seen (revocation.c), sealed */
	u64 rl_number;

	struct pinpad_slot slots[PINPAD_SLOTS];

	struct list_head sessions;	/* every open file's session */

	/* crypto API tokens (handles.c): live handles, and this load's epoch */
	struct pinpad_handle handles[PINPAD_TOKENS_MAX];
	u64 epoch;

	/* sealed persistence (seal.c): keys derived from the device key */
	struct key *seal_key;		/* the logon key; NULL: not loaded */
	u8 seal_enc[32];
	u8 seal_mac[32];
	u8 seal_id[8];
	u64 generation;			/* +1 at every change of state */
	wait_queue_head_t changed;	/* woken at every change */
};

struct pinpad_session;

/*
 * Per open file: scratch space for caller data, wiped after every use, and
 * the file's download session. Both are wiped and freed at release.
 */
struct pinpad_file {
	struct pinpad_device *dev;
	u8 *data;			/* PINPAD_DATA_MAX bytes, lazily */
	struct pinpad_session *session;	/* lazily */
	u64 seen_generation;		/* as of the last STATUS or export */
};

struct pinpad_device *pinpad_device_create(void);
void pinpad_device_zeroize(struct pinpad_device *dev);
void pinpad_device_destroy(struct pinpad_device *dev);

/* chardev.c */
int pinpad_chardev_register(struct pinpad_device *dev);
void pinpad_chardev_unregister(void);

/* selftest.c */
int pinpad_selftest(bool inject_fault);

#endif /* PINPAD_DEVICE_H */
