// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_failures.c - every authentication failure (wrong DIK2, a
 * corrupted TK_SHA2, a flipped AT, unknown DSN, locked DSN) looks the same
 * on the wire -- WORK_CERT, CHALLENGE, ERROR AUTH_FAILED, orderly close --
 * to a peer that answers the CHALLENGE whatever it is (a device impostor:
 * RKD_SOFTDEV_F_IMPOSTOR), and takes about as long, while the audit record
 * names the reason; a real device whose DIK2 the server does not hold
 * stops at the CHALLENGE (version 2) and sends nothing more; the
 * lockout locks and unlocks; a RECEIPT that does not check out leaves the
 * keys pending. Another session succeeds in between each time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/x509.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "srv_harness.h"

/* What the device received: "R02:857 R04:48 R7f:1=AUTH_FAILED" */
struct wire {
	char text[256];
};

static void wire_trace(void *ctx, char dir, unsigned int type,
		       const uint8_t *body, size_t len)
{
	struct wire *w = ctx;
	size_t n = strlen(w->text);

	if (dir != 'R')
		return;
	snprintf(w->text + n, sizeof(w->text) - n, "%sR%02x:%zu%s%s",
		 n ? " " : "", type, len, type == RKD_MSG_ERROR ? "=" : "",
		 type == RKD_MSG_ERROR ? rkd_error_code_name(body[0]) : "");
}

static double secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * One failing session of @dsn; the device's view in @w; the audit
 * outcome and detail; how long it took.
 */
static double fail_once(struct srv *s, const char *dsn, unsigned int flags,
			bool wrong_dik2, struct wire *w, char *outcome,
			char *detail)
{
	struct rkd_softdev *d;
	unsigned int port;
	uint8_t err = 0;
	double t0, t;

	memset(w, 0, sizeof(*w));
	d = dev_new_traced(dsn, flags | RKD_SOFTDEV_F_IMPOSTOR, wrong_dik2,
			   wire_trace, w);
	t0 = secs();
	check_at(dev_run(s, d, &err, &port) == RKD_ERR_PEER_ERROR &&
		 err == RKD_ERROR_AUTH_FAILED, __FILE__, __LINE__,
		 "%s: ERROR AUTH_FAILED", dsn);
	t = secs() - t0;
	CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);	/* wiped */
	check_at(audit_of(port, outcome, 64, detail, 256), __FILE__, __LINE__,
		 "%s: audited", dsn);
	rkd_softdev_free(d);
	CHECK(good_session(s));
	return t;
}

static bool locked(const char *dsn)
{
	struct rks_device_info info;

	return rks_db_device_get(env_db, dsn, &info) == 0 && info.locked;
}

static void test_auth_failures(struct srv *s)
{
	static const struct {
		const char *dsn;
		unsigned int flags;
		bool wrong_dik2, enrolled;
		const char *outcome;
	} cases[] = {
		{ "FAIL-DIK2", 0, true, true, "auth-failed: AT mismatch" },
		{ "FAIL-TKSHA2", RKD_SOFTDEV_F_BAD_TK_SHA2, false, true,
		  "auth-failed: TK_SHA2 mismatch" },
		{ "FAIL-AT", RKD_SOFTDEV_F_BAD_AT, false, true,
		  "auth-failed: AT mismatch" },
		{ "FAIL-UNKNOWN", 0, false, false,
		  "auth-failed: unknown DSN" },
	};
	char outcome[64], detail[256], first[256] = "";
	double t[8], tmin = 1e9, tmax = 0;
	struct wire w;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].enrolled) {
			env_device(cases[i].dsn);
			env_key(cases[i].dsn, 2, RKS_USAGE_TMK, KEY_GOOD);
		}
		t[i] = fail_once(s, cases[i].dsn, cases[i].flags,
				 cases[i].wrong_dik2, &w, outcome, detail);
		check_at(!strcmp(outcome, cases[i].outcome), __FILE__,
			 __LINE__, "%s: outcome \"%s\", expected \"%s\"",
			 cases[i].dsn, outcome, cases[i].outcome);
		/* the same messages, of the same lengths, every time */
		if (!first[0])
			snprintf(first, sizeof(first), "%s", w.text);
		CHECK_STR(w.text, first);
		if (t[i] < tmin)
			tmin = t[i];
		if (t[i] > tmax)
			tmax = t[i];
	}
	CHECK_HAS(first, "R04:72 R7f:1=AUTH_FAILED");
	/* a failure counts against an enrolled device, not an unknown DSN */
	CHECK_STR(detail, "unknown DSN");
	/* nothing was delivered to a device that failed */
	printf("  auth failures took %.1f-%.1f ms\n", tmin * 1e3, tmax * 1e3);
}

/*
 * A real device facing a server without its DIK2 (wrong DIK2 at the
 * factory, a DSN the server does not know, a locked DSN): the CHALLENGE
 * does not authenticate, so the device stops, sends no RESPONSE, stores
 * nothing and wipes its session.
 */
static void test_device_refuses_challenge(struct srv *s)
{
	static const struct {
		const char *dsn;
		bool wrong_dik2;
		const char *outcome;
	} cases[] = {
		{ "REFUSE-DIK2", true, "auth-failed: no RESPONSE" },
		{ "REFUSE-UNKNOWN", false, "auth-failed: unknown DSN" },
	};
	struct rks_device_info info;
	char outcome[64], detail[256];
	struct rkd_softdev *d;
	unsigned int port;
	struct wire w;
	uint8_t err = 0;
	size_t i;

	env_device("REFUSE-DIK2");
	env_key("REFUSE-DIK2", 5, RKS_USAGE_TMK, KEY_GOOD);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&w, 0, sizeof(w));
		d = dev_new_traced(cases[i].dsn, 0, cases[i].wrong_dik2,
				   wire_trace, &w);
		CHECK_INT(dev_run(s, d, &err, &port), RKD_ERR_BAD_MAC);
		/* WORK_CERT, CHALLENGE, and nothing after it */
		CHECK(!strncmp(w.text, "R02:", 4) &&
		      strlen(w.text) > 7 &&
		      !strcmp(w.text + strlen(w.text) - 7, " R04:72"));
		CHECK_INT(rkd_softdev_phase(d), RKD_SOFTDEV_IDLE);
		CHECK_INT(rkd_softdev_keys_stored(d), 0);
		CHECK(audit_of(port, outcome, sizeof(outcome), detail,
			       sizeof(detail)));
		CHECK_STR(outcome, cases[i].outcome);
		rkd_softdev_free(d);
	}
	/* a failed authentication, counted towards the lockout */
	CHECK(rks_db_device_get(env_db, "REFUSE-DIK2", &info) == 0);
	CHECK_INT(info.failures, 1);
	CHECK(!info.locked);
	CHECK(good_session(s));
}

static void test_lockout(struct srv *s)
{
	char outcome[64], detail[256], first[256];
	struct rkd_softdev *d;
	unsigned int i, port;
	struct wire w;
	uint8_t err;
	bool changed;

	env_device("LOCK-ME");
	env_key("LOCK-ME", 3, RKS_USAGE_TMK, KEY_GOOD);
	/* five wrong keys lock it (the default lockout) */
	for (i = 1; i <= 5; i++) {
		fail_once(s, "LOCK-ME", 0, true, &w, outcome, detail);
		CHECK_STR(outcome, "auth-failed: AT mismatch");
		CHECK(locked("LOCK-ME") == (i == 5));
	}
	CHECK_HAS(detail, "5 consecutive failures; device locked now");
	snprintf(first, sizeof(first), "%s", w.text);
	/* now even the right key fails, the same way */
	fail_once(s, "LOCK-ME", 0, false, &w, outcome, detail);
	CHECK_STR(outcome, "auth-failed: locked DSN");
	CHECK_STR(w.text, first);

	/* unlocked by an administrator, it gets its key */
	CHECK_INT(rks_db_device_unlock(env_db, "LOCK-ME", "test", &changed),
		  0);
	d = dev_new("LOCK-ME", 0, false);
	CHECK_INT(dev_run(s, d, &err, &port), RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	CHECK(audit_of(port, outcome, sizeof(outcome), NULL, 0));
	CHECK_STR(outcome, "delivered");
	rkd_softdev_free(d);
}

/* A RECEIPT with a bad MAC or a wrong KCV: PROTOCOL, keys stay pending. */
static void test_bad_receipt(struct srv *s)
{
	static const struct {
		unsigned int flags;
		const char *detail;
	} cases[] = {
		{ RKD_SOFTDEV_F_BAD_RECEIPT_MAC, "RECEIPT: bad-mac" },
		{ RKD_SOFTDEV_F_BAD_RECEIPT_KCV, "RECEIPT entry 0 (slot 4" },
	};
	char outcome[64], detail[256];
	struct rkd_softdev *d;
	struct rks_device_info info;
	unsigned int port;
	uint8_t err;
	size_t i;

	env_device("BAD-RECEIPT");
	env_key("BAD-RECEIPT", 4, RKS_USAGE_TMK, KEY_GOOD);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d = dev_new("BAD-RECEIPT", cases[i].flags, false);
		CHECK_INT(dev_run(s, d, &err, &port), RKD_ERR_PEER_ERROR);
		CHECK_INT(err, RKD_ERROR_PROTOCOL);
		CHECK(audit_of(port, outcome, sizeof(outcome), detail,
			       sizeof(detail)));
		CHECK_STR(outcome, "protocol-error");
		CHECK_HAS(detail, cases[i].detail);
		CHECK(rks_db_device_get(env_db, "BAD-RECEIPT", &info) == 0 &&
		      info.pending == 1 && info.delivered == 0);
		rkd_softdev_free(d);
		CHECK(good_session(s));
	}
	/* the next good session delivers the same key */
	d = dev_new("BAD-RECEIPT", 0, false);
	CHECK_INT(dev_run(s, d, &err, &port), RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	rkd_softdev_free(d);
}

/* Read one frame of @type from @fd; its body in @f. */
static bool expect_frame(int fd, struct rkd_frame *f, unsigned int type)
{
	return rkd_frame_read(fd, f, 10000) == 0 && f->type == type;
}

/*
 * FACTOR or RESPONSE that do not decrypt, sent by hand: the same answers
 * as any other failure -- a CHALLENGE, then ERROR AUTH_FAILED.
 */
static void test_undecryptable(struct srv *s)
{
	static const char *const outcomes[] = {
		"auth-failed: FACTOR undecryptable",
		"auth-failed: RESPONSE undecryptable",
	};
	uint8_t hello[80], junk[256], ct[512], code = 0;
	uint8_t nd[RKD_NONCE_LEN] = { 0 };
	struct rkd_frame *f = malloc(sizeof(*f));
	const unsigned char *der;
	char outcome[64];
	unsigned int port, i;
	struct rkd_buf b;
	X509 *cert;
	size_t n;
	int fd;

	env_device("FAIL-OAEP");
	for (i = 0; i < 2; i++) {
		fd = srv_connect(s, &port);
		rkd_buf_fixed(&b, hello, sizeof(hello));
		rkd_hello_encode(&b, "FAIL-OAEP", 9, nd);
		CHECK_INT(rkd_frame_write(fd, RKD_MSG_HELLO, rkd_buf_ptr(&b),
					  rkd_buf_len(&b), 5000), 0);
		CHECK(expect_frame(fd, f, RKD_MSG_WORK_CERT));
		rkd_random(junk, sizeof(junk));
		junk[0] = 0;		/* below the modulus, so RSA works */
		if (i == 0) {
			memcpy(ct, junk, sizeof(junk));
			n = sizeof(junk);
		} else {
			/* a factor properly encrypted to RKS_WCRT (after
			 * the body's 2-byte certificate length) */
			der = f->body + 2;
			cert = d2i_X509(NULL, &der, f->len - 2);
			n = 0;
			CHECK(cert && rkd_oaep_encrypt(X509_get0_pubkey(cert),
						       (const uint8_t *)"PEAO",
						       4, NULL, NULL, ct,
						       sizeof(ct), &n) == 0);
			X509_free(cert);
		}
		CHECK_INT(rkd_frame_write(fd, RKD_MSG_FACTOR, ct, n, 5000), 0);
		CHECK(expect_frame(fd, f, RKD_MSG_CHALLENGE));
		CHECK_INT(f->len, RKD_CHALLENGE_LEN);
		CHECK_INT(rkd_frame_write(fd, RKD_MSG_RESPONSE, junk,
					  sizeof(junk), 5000), 0);
		CHECK(expect_frame(fd, f, RKD_MSG_ERROR));
		CHECK_INT(rkd_error_decode(f->body, f->len, &code), 0);
		CHECK_INT(code, RKD_ERROR_AUTH_FAILED);
		CHECK(raw_expect_eof(fd, 5000));
		close(fd);
		CHECK(audit_of(port, outcome, sizeof(outcome), NULL, 0));
		CHECK_STR(outcome, outcomes[i]);
		CHECK(good_session(s));
	}
	free(f);
}

/*
 * The lockout is checked again at RESPONSE, with the keys' read: a DSN
 * locked while its session was between FACTOR and RESPONSE (here by an
 * administrator's count of failures) gets AUTH_FAILED and no key.
 */
static void test_lockout_at_response(struct srv *s)
{
	struct rkd_frame *f = malloc(sizeof(*f));
	uint8_t mem[RKD_BODY_MAX], type = 0, code = 0;
	char outcome[64];
	struct rkd_softdev *d;
	unsigned int port;
	struct rkd_buf out;
	int fd;

	env_device("LATE-LOCK");
	env_key("LATE-LOCK", 7, RKS_USAGE_TMK, KEY_GOOD);
	d = dev_new("LATE-LOCK", 0, false);
	fd = srv_connect(s, &port);
	rkd_buf_fixed(&out, mem, sizeof(mem));
	CHECK_INT(drive_until(d, fd, RKD_MSG_RESPONSE, f, &out, &type), 0);
	CHECK_INT(rks_db_record_auth_failure(env_db, "LATE-LOCK", "test",
					     "auth-failed: test", 1), 0);
	CHECK(locked("LATE-LOCK"));
	CHECK_INT(rkd_frame_write(fd, type, rkd_buf_ptr(&out),
				  rkd_buf_len(&out), 5000), 0);
	CHECK_INT(rkd_frame_read(fd, f, 5000), 0);
	CHECK_INT(f->type, RKD_MSG_ERROR);
	CHECK_INT(rkd_error_decode(f->body, f->len, &code), 0);
	CHECK_INT(code, RKD_ERROR_AUTH_FAILED);
	CHECK(raw_expect_eof(fd, 5000));
	close(fd);
	CHECK(audit_of(port, outcome, sizeof(outcome), NULL, 0));
	CHECK_STR(outcome, "auth-failed: locked DSN");
	rkd_softdev_free(d);
	free(f);
}

/*
 * Single flight: two terminals racing for one DSN. A authenticates and
 * is sent its keys; while it holds them unconfirmed, B authenticates too
 * and gets ERROR BUSY (audited "busy") before any KEY; then A confirms.
 * Exactly one of them got the keys.
 */
static void test_single_flight(struct srv *s)
{
	struct rkd_frame *f = malloc(sizeof(*f));
	uint8_t mem[RKD_BODY_MAX], type = 0, err = 0;
	struct rkd_softdev *a, *b;
	struct rks_device_info info;
	char outcome[64], detail[256];
	unsigned int port_a, port_b;
	struct rkd_buf out;
	int fd;

	env_device("RACE-1");
	env_key("RACE-1", 6, RKS_USAGE_TMK, KEY_GOOD);
	a = dev_new("RACE-1", 0, false);
	b = dev_new("RACE-1", 0, false);

	/* A, step by step, until its RECEIPT is ready (keys stored) */
	fd = srv_connect(s, &port_a);
	rkd_buf_fixed(&out, mem, sizeof(mem));
	CHECK_INT(drive_until(a, fd, RKD_MSG_RECEIPT, f, &out, &type), 0);
	CHECK_INT(rkd_softdev_keys_stored(a), 1);

	/* B, meanwhile: BUSY after its RESPONSE, no key */
	CHECK_INT(dev_run(s, b, &err, &port_b), RKD_ERR_PEER_ERROR);
	CHECK_INT(err, RKD_ERROR_BUSY);
	CHECK_INT(rkd_softdev_keys_stored(b), 0);
	CHECK(audit_of(port_b, outcome, sizeof(outcome), detail,
		       sizeof(detail)));
	CHECK_STR(outcome, "busy");
	CHECK_HAS(detail, "another session for this DSN");

	/* A confirms and is recorded */
	CHECK_INT(rkd_frame_write(fd, type, rkd_buf_ptr(&out),
				  rkd_buf_len(&out), 5000), 0);
	CHECK_INT(rkd_frame_read(fd, f, 5000), 0);
	CHECK_INT(f->type, RKD_MSG_ACK);
	CHECK_INT(rkd_softdev_step(a, f->type, f->body, f->len, &type, &out),
		  0);
	CHECK_INT(rkd_softdev_phase(a), RKD_SOFTDEV_COMPLETE);
	close(fd);
	CHECK(audit_of(port_a, outcome, sizeof(outcome), NULL, 0));
	CHECK_STR(outcome, "delivered");
	CHECK(rks_db_device_get(env_db, "RACE-1", &info) == 0 &&
	      info.delivered == 1 && info.pending == 0 && info.failures == 0);

	/* and the DSN is free again: B's next session runs (nothing new) */
	CHECK_INT(dev_run(s, b, &err, &port_b), RKD_OK);
	rkd_softdev_free(a);
	rkd_softdev_free(b);
	free(f);
}

void test_srv_failures(struct srv *s)
{
	test_auth_failures(s);
	test_device_refuses_challenge(s);
	test_single_flight(s);
	test_lockout_at_response(s);
	test_undecryptable(s);
	test_lockout(s);
	test_bad_receipt(s);
}
