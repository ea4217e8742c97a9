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
#include <linux/ratelimit.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "pinpad.h"
#include "key.h"
#include "modes.h"

struct key;
struct tpm_chip;

/*
 * A live token: the random handle that names @slot; wiped when it dies.
 * @owner: the open file that took it (compared, never dereferenced); the
 * token dies when that file is released.
 */
struct pinpad_handle {
	u8 handle[PINPAD_HANDLE_LEN];
	u32 slot;
	bool live;
	const void *owner;
};

/*
 * A rate limit (budget.c): a token bucket kept as its theoretical arrival
 * time (the GCRA form), so that one u64 holds the whole bucket.
 */
struct pinpad_budget {
	u64 tat;			/* ns, boottime clock */
	u64 interval;			/* ns per call at the average rate */
	u32 per_hour;
	u32 burst;
	u64 refused;
};

/*
 * A key slot: the key, the attributes it came with (key block header or
 * INJECT_KEY), and its class, derived from them. @failures counts the
 * consecutive failed LOAD_WKs under this slot as KBPK; at
 * PINPAD_KBPK_FAIL_MAX it is @locked for unwrapping until an admin
 * unlocks or clears it (slots.c).
 */
struct pinpad_slot {
	struct pinpad_key key;		/* key.alg == NONE: empty */
	struct pinpad_key_attr attr;
	u32 usage;			/* enum pinpad_usage: the class */
	u8 failures;
	bool locked;
};

struct pinpad_device {
	struct mutex lock;		/* guards everything below */
	u32 state;			/* enum pinpad_state */

	/* identity, set at the factory */
	u8 dsn[PINPAD_DSN_MAX];
	u32 dsn_len;
	struct pinpad_key dik2;		/* dik2.len == 0: not installed */
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
	struct tpm_chip *tpm;		/* TPM sealing; NULL: software */
	bool seal_ready;		/* a device key is loaded */
	struct key *seal_key;		/* software: the logon key */
	u8 seal_enc[32];
	u8 seal_mac[32];
	u8 seal_id[8];
	u8 seal_nv_auth[32];		/* TPM: the counter's password */
	u64 seal_counter;		/* TPM: rollback counter; software 0 */
	u32 retired;			/* keys removed or replaced, ever */
	bool seal_pending;		/* retired since the last commit */
	bool seal_exported;		/* the last export, for its commit: */
	u64 seal_export_gen;		/*   its generation, */
	u64 seal_export_ctr;		/*   the counter it carries, */
	u32 seal_export_retired;	/*   and ->retired then */
	u64 generation;			/* +1 at every change of state */
	wait_queue_head_t changed;	/* woken at every change */

	/* rate limits (budget.c), enum pinpad_limit */
	struct pinpad_budget budgets[PINPAD_LIMITS];
	/* every log line a caller can trigger goes through this limit */
	struct ratelimit_state log_rs;
	/* why a work certificate was refused: its own, larger limit */
	struct ratelimit_state cert_log_rs;
};

/*
 * Log lines a caller can cause (session steps, refusals): at most
 * PINPAD_LOG_BURST per PINPAD_LOG_INTERVAL per device, all call sites
 * together, so a loop of calls cannot push tamper evidence out of the
 * ring buffer. Tamper, provisioning and seal lines use plain pr_*() and
 * are never dropped.
 */
#define PINPAD_LOG_INTERVAL	(5 * HZ)
#define PINPAD_LOG_BURST	10
#define pinpad_info_rl(dev, fmt, ...)					\
	do {								\
		if (__ratelimit(&(dev)->log_rs))			\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)
/*
 * The reason a work certificate was refused (profile, root, revocation)
 * is what an operator needs to fix a terminal, so the session lines above
 * must not crowd it out: it has a limit of its own, still bounded, of
 * PINPAD_CERT_LOG_BURST per PINPAD_LOG_INTERVAL.
 */
#define PINPAD_CERT_LOG_BURST	20
#define pinpad_cert_warn_rl(dev, fmt, ...)				\
	do {								\
		if (__ratelimit(&(dev)->cert_log_rs))			\
			pr_warn(fmt, ##__VA_ARGS__);			\
	} while (0)
#define pinpad_warn_rl(dev, fmt, ...)					\
	do {								\
		if (__ratelimit(&(dev)->log_rs))			\
			pr_warn(fmt, ##__VA_ARGS__);			\
	} while (0)

struct pinpad_session;

/*
 * Per open file: scratch space for caller data, wiped after every use, and
 * the file's download session. Both are wiped and freed at release.
 */
struct pinpad_file {
	struct pinpad_device *dev;
	u32 role;			/* enum pinpad_role: the node opened */
	u8 *data;			/* PINPAD_DATA_MAX bytes, lazily */
	struct pinpad_session *session;	/* lazily */
	u64 seen_generation;		/* as of the last STATUS or export */
};

struct pinpad_device *pinpad_device_create(void);
void pinpad_device_zeroize(struct pinpad_device *dev);
void pinpad_device_recover(struct pinpad_device *dev);
void pinpad_device_destroy(struct pinpad_device *dev);

/* chardev.c */
int pinpad_chardev_register(struct pinpad_device *dev);
void pinpad_chardev_unregister(void);

/* selftest.c */
int pinpad_selftest(bool inject_fault);

#endif /* PINPAD_DEVICE_H */
