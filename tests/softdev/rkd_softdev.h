/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rkd_softdev.h - the PIN pad's half of the download protocol, in
 * software: the same checks and computations as kmod/session.c, with the
 * device's secrets (DIK2, factor, session keys, stored keys) in ordinary
 * process memory.
 *
 * FOR TESTS, LOAD GENERATION AND THE PROTOCOL'S WORKED EXAMPLE ONLY. It
 * lives in its own archive (librkdsoftdev.a) so that nothing that runs on
 * a terminal can link it by accident: on a terminal those secrets stay in
 * pinpad.ko (design.md, "The one rule").
 */
#ifndef RKD_SOFTDEV_H
#define RKD_SOFTDEV_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "rkd_buf.h"
#include "rkd_proto.h"

/* A source of random bytes: 0 on success. NULL means RAND_bytes(). */
typedef int (*rkd_rand_fn)(void *ctx, uint8_t *out, size_t n);

/* Called for each message sent (dir 'S') or received (dir 'R'). */
typedef void (*rkd_trace_fn)(void *ctx, char dir, unsigned int type,
			     const uint8_t *body, size_t len);

/* Test hooks: misbehave on purpose, to exercise the server's checks. */
#define RKD_SOFTDEV_F_BAD_TK_SHA2	0x1	/* RESPONSE: flip a TK_SHA2 bit */
#define RKD_SOFTDEV_F_BAD_AT		0x2	/* RESPONSE: flip an AT bit */
#define RKD_SOFTDEV_F_BAD_RECEIPT_MAC	0x4	/* RECEIPT: flip a MAC bit */
#define RKD_SOFTDEV_F_BAD_RECEIPT_KCV	0x8	/* RECEIPT: wrong KCV (MAC ok) */
/*
 * CHALLENGE: play a device impostor, who does not check T and answers
 * whatever C decrypts to, so that the server's handling of a wrong AT can
 * be tested; a real device (and this one without the flag) stops there.
 */
#define RKD_SOFTDEV_F_IMPOSTOR		0x10

struct rkd_softdev_cache;

struct rkd_softdev_params {
	const char *dsn;		/* 1..32 graphic ASCII, NUL-terminated */
	const uint8_t *factor;		/* 1..64 bytes */
	size_t factor_len;
	const uint8_t *dik2;		/* 24 bytes */
	X509 *root;			/* RKS_RCRT: the device takes a ref */
	unsigned int flags;		/* RKD_SOFTDEV_F_* */
	rkd_rand_fn rand;
	void *rand_ctx;
	rkd_trace_fn trace;		/* rkd_softdev_run() only; or NULL */
	void *trace_ctx;
	/*
	 * NULL: every WORK_CERT is checked in full (what every test wants).
	 * Or a cache shared by many devices of one thread, which must
	 * outlive them: see rkd_softdev_cache_new().
	 */
	struct rkd_softdev_cache *cache;
};

/*
 * rkd_softdev_cache_new() - a verdict cache for a load generator
 *
 * Checking RKS_WCRT is the largest part of what a software device costs
 * per session under OpenSSL 3 (parsing the certificate decodes its key
 * through the provider decoders; then the profile and the root's
 * signature). A generator running thousands of sessions against one server
 * sees the same bytes every time, so the cache keeps the last (root,
 * certificate DER, revocation list DER) that passed every check, with the
 * parsed certificate and its public key. A session that gets
 * byte-identical WORK_CERT contents from a device with the same root (the
 * same X509 object) takes the key from the cache, after checking again
 * what can change without the bytes changing: the certificate's validity
 * at this host's clock (every root-free check of rkd_work_profile()) and
 * the list's number against the newest this device has seen. Anything
 * else, or any of those failing, goes through the full checks, which alone
 * refuse, and a pass there refreshes the cache. So a cache never makes a
 * device accept what it would refuse without one.
 *
 * Not locked: one thread per cache. Return: RKD_OK; RKD_ERR_ALLOC.
 */
int rkd_softdev_cache_new(struct rkd_softdev_cache **out);
/* Frees the cache (devices keep their own reference to a key); NULL is fine */
void rkd_softdev_cache_free(struct rkd_softdev_cache *c);
/* Sessions that took the cached verdict, and those checked in full. */
void rkd_softdev_cache_stats(const struct rkd_softdev_cache *c,
			     unsigned long *hits, unsigned long *misses);

/* Phases, as pinpad.h's enum pinpad_session_phase. */
enum rkd_softdev_phase {
	RKD_SOFTDEV_IDLE		= 0,
	RKD_SOFTDEV_AWAIT_CERT		= 1,
	RKD_SOFTDEV_AWAIT_CHALLENGE	= 2,
	RKD_SOFTDEV_AWAIT_KEYS		= 3,
	RKD_SOFTDEV_AWAIT_ACK		= 4,
	RKD_SOFTDEV_COMPLETE		= 5,
};

struct rkd_softdev;

int rkd_softdev_new(const struct rkd_softdev_params *p,
		    struct rkd_softdev **out);
/* Wipes every secret and frees; NULL is fine. */
void rkd_softdev_free(struct rkd_softdev *d);

/*
 * rkd_softdev_step() - feed one received message, get the one to send
 * @in_type: 0 starts a session (the answer is HELLO)
 * @out_type: the type to send, or 0 for nothing (after KEY and ACK)
 * @out: the body to send is appended here
 *
 * Return: RKD_OK; or an error, and then the session is over and wiped, as
 * in the module: RKD_ERR_UNEXPECTED (wrong message for the phase),
 * RKD_ERR_CERT (S315: work certificate not signed by the root), the
 * decoders' errors (RKD_ERR_BAD_MAC...), RKD_ERR_BAD_KCV, RKD_ERR_WEAK_KEY.
 */
int rkd_softdev_step(struct rkd_softdev *d, unsigned int in_type,
		     const uint8_t *in, size_t in_len, uint8_t *out_type,
		     struct rkd_buf *out);

/* End the session, if any, and wipe its secrets (PINPAD_IOC_SESSION_END). */
void rkd_softdev_end(struct rkd_softdev *d);

enum rkd_softdev_phase rkd_softdev_phase(const struct rkd_softdev *d);

/*
 * rkd_softdev_slot() - metadata of a key stored by a session (never the
 * key): RKD_OK, or RKD_ERR_ARGUMENT for a bad or empty slot.
 */
int rkd_softdev_slot(const struct rkd_softdev *d, unsigned int slot,
		     uint8_t *usage, uint8_t *key_len,
		     uint8_t kcv[RKD_KCV_LEN]);
/* The X9.143 attributes a stored key came with (never the key) */
struct rkd_kb_attr;
int rkd_softdev_slot_attr(const struct rkd_softdev *d, unsigned int slot,
			  struct rkd_kb_attr *attr);
/* Keys put in slots by the last DONE. */
unsigned int rkd_softdev_keys_stored(const struct rkd_softdev *d);

/* The number of the newest revocation list seen (0: none), as sealed. */
uint64_t rkd_softdev_rl_seen(const struct rkd_softdev *d);

/*
 * rkd_softdev_run() - a whole session over a connected @fd, blocking
 * @timeout_ms: for each frame read or written
 * @peer_error: if the server sent ERROR, its code (else 0); may be NULL
 * Return: RKD_OK once ACK is verified; RKD_ERR_PEER_ERROR; the frame I/O's
 * and rkd_softdev_step()'s errors.
 */
int rkd_softdev_run(struct rkd_softdev *d, int fd, int timeout_ms,
		    uint8_t *peer_error);

/*
 * rkd_oaep_encrypt() - RSAES-OAEP-SHA256/MGF1-SHA256 encryption of @msg
 * under the public key @pk, with the EME-OAEP encoding done here (as the
 * module does, over raw RSA) so that a chosen seed gives a reproducible
 * ciphertext for the worked example.
 * @out: rkd_rsa_modulus_len(pk) bytes
 */
int rkd_oaep_encrypt(EVP_PKEY *pk, const uint8_t *msg, size_t mlen,
		     rkd_rand_fn rand, void *rand_ctx, uint8_t *out,
		     size_t out_cap, size_t *out_len);

#endif /* RKD_SOFTDEV_H */
