// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_lib.c - libpinpad against the fake device (fake_device.c): the
 * argument each function builds, the checks it makes before the ioctl,
 * and the errors it returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_device.h"
#include "libpinpad.h"
#include "test.h"

/* relative to this file: the module's answers, shared with the kselftest */
#include "../../tests/rules/rule_table.h"

static const uint8_t key24[24] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
	0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10,
	0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67,
};
static const uint8_t kcv[PINPAD_KCV_LEN] = { 0x11, 0x22, 0x33 };

static bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

static struct pinpad *open_fake(int flags)
{
	struct pinpad *pp = NULL;

	fake_reset();
	CHECK_INT(pinpad_open("/dev/null", flags, &pp), 0);
	CHECK(pp != NULL);
	return pp;
}

/* Issue #13: a node per role; each command on its own role's node only. */
static void test_roles(void)
{
	char dir[] = "/tmp/pinpad-roles-XXXXXX", path[64];
	struct pinpad *pp = NULL;
	struct pinpad_limit_info li;
	uint32_t role;
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	for (role = PINPAD_ROLE_STATUS; role <= PINPAD_ROLE_ADMIN; role++) {
		const char *node = pinpad_node(role);

		CHECK(!strncmp(node, "/dev/pinpad", 11));
		snprintf(path, sizeof(path), "%s/%s", dir, node + 5);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		CHECK(fd >= 0);
		close(fd);
		fake_reset();
		CHECK_INT(pinpad_open(path, PINPAD_OPEN_RDWR, &pp), 0);
		/* looking works on every node */
		CHECK_INT(pinpad_limit_get(pp, PINPAD_LIMIT_PIN_BLOCK, &li), 0);
		CHECK_INT(li.per_hour, PINPAD_PIN_PER_HOUR);
		CHECK_INT(pinpad_seal(pp),
			  role == PINPAD_ROLE_ADMIN ? 0 : -EPERM);
		/* (the fake has no sessions: only the refusal is checked) */
		CHECK_INT(pinpad_session_end(pp) == -EPERM,
			  role != PINPAD_ROLE_DOWNLOAD);
		CHECK_INT(pinpad_token_revoke(pp, &(struct pinpad_token){
				.magic = PINPAD_TOKEN_MAGIC }) == -EPERM,
			  role != PINPAD_ROLE_USE);
		pinpad_close(pp);
		unlink(path);
	}
	rmdir(dir);
	CHECK(!strcmp(pinpad_node(99), PINPAD_DEFAULT_PATH));
}

static void test_open(void)
{
	struct pinpad *pp = (struct pinpad *)&pp;

	CHECK_INT(pinpad_open("/nonexistent/pinpad", PINPAD_OPEN_RDONLY, &pp),
		  -ENOENT);
	CHECK(pp == NULL);
	CHECK_INT(pinpad_open("/dev/null", 2, &pp), -EINVAL);
	CHECK_INT(pinpad_open("/dev/null", PINPAD_OPEN_RDONLY, NULL), -EINVAL);
	fake_reset();
	fake.api_version = PINPAD_API_VERSION + 1;
	CHECK_INT(pinpad_open("/dev/null", PINPAD_OPEN_RDONLY, &pp),
		  -EPROTONOSUPPORT);
	CHECK(pp == NULL);
	pp = open_fake(PINPAD_OPEN_RDONLY);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_STATUS);	/* the API check */
	pinpad_close(pp);
	pinpad_close(NULL);
}

static void test_null_handle(void)
{
	struct pinpad_status st;
	uint8_t block[8] = { 0 };

	CHECK_INT(pinpad_status(NULL, &st), -EINVAL);
	CHECK_INT(pinpad_set_dsn(NULL, "x", 1), -EINVAL);
	CHECK_INT(pinpad_set_dik2(NULL, key24, 24, key24, 1), -EINVAL);
	CHECK_INT(pinpad_inject_key(NULL, 0, PINPAD_USAGE_TMK, key24, 16,
				    NULL), -EINVAL);
	CHECK_INT(pinpad_cipher(NULL, 16, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				block, block, 8, NULL), -EINVAL);
	CHECK_INT(pinpad_seal(NULL), -EINVAL);
	CHECK_INT(pinpad_tamper(NULL), -EINVAL);
	CHECK_INT(pinpad_clear_slot(NULL, 0), -EINVAL);
}

static void test_queries(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDONLY);
	struct pinpad_slot_info info;
	struct pinpad_status st;

	CHECK_INT(pinpad_status(pp, &st), 0);
	CHECK_INT(st.state, PINPAD_STATE_FACTORY);
	CHECK_INT(st.dsn_len, 7);
	CHECK(!memcmp(st.dsn, "PP-0001", 7));
	CHECK_INT(pinpad_slot_info(pp, 16, &info), 0);
	CHECK_INT(fake.last.slot_info.slot, 16);
	CHECK_INT(fake.last.slot_info.reserved0, 0);
	CHECK_INT(info.usage, PINPAD_USAGE_DATA);
	CHECK_INT(info.key_len, 24);
	CHECK_INT(pinpad_slot_info(pp, 48, &info), -EINVAL);
	CHECK_INT(info.slot, 48);
	CHECK_INT(info.usage, PINPAD_USAGE_NONE);
	CHECK_INT(pinpad_status(pp, NULL), -EINVAL);
	CHECK_INT(pinpad_slot_info(pp, 0, NULL), -EINVAL);
	/* A read-only handle: the device refuses what changes state. */
	CHECK_INT(pinpad_seal(pp), -EBADF);
	CHECK_INT(pinpad_clear_slot(pp, 3), -EBADF);
	pinpad_close(pp);
}

/*
 * The fake device answers SET_DSN and INJECT_KEY as the module does
 * (tests/rules/rule_table.h): a test that passes against it does not
 * hide a value the module refuses.
 */
static void test_fake_follows_the_rules(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	size_t i;

	for (i = 0; i < RULE_COUNT(rule_dsns); i++) {
		const struct rule_dsn *d = &rule_dsns[i];
		int err = pinpad_set_dsn(pp, d->dsn, d->len);

		check_at(err == (d->valid ? 0 : -EINVAL), __FILE__, __LINE__,
			 "SET_DSN of %s: %d", d->what, err);
	}
	for (i = 0; i < RULE_COUNT(rule_slots); i++) {
		const struct rule_slot *s = &rule_slots[i];
		int err = pinpad_inject_key(pp, s->slot, s->usage,
					    (const uint8_t *)RULE_GOOD_KEY16,
					    16, NULL);

		check_at(err == (s->accepts ? 0 : -EINVAL), __FILE__,
			 __LINE__, "INJECT_KEY slot %u usage %u: %d",
			 s->slot, s->usage, err);
	}
	for (i = 0; i < RULE_COUNT(rule_keys); i++) {
		const struct rule_key *k = &rule_keys[i];
		int err = pinpad_inject_key(pp, 0, PINPAD_USAGE_TMK,
					    (const uint8_t *)k->key, k->len,
					    NULL);

		check_at(err == (k->weak ? -EINVAL : 0), __FILE__, __LINE__,
			 "INJECT_KEY of %s: %d", k->what, err);
	}
	pinpad_close(pp);
}

static void test_identity(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	static const uint8_t der[] = { 0x30, 0x82, 0x01, 0x0a };
	const struct pinpad_dik2 *d = &fake.last.dik2;
	const struct pinpad_buf *b = &fake.last.buf;
	unsigned int calls;

	CHECK_INT(pinpad_set_dsn(pp, "PP-42", 5), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_SET_DSN);
	CHECK_INT(fake.last.dsn.len, 5);
	CHECK(!memcmp(fake.last.dsn.dsn, "PP-42", 5));
	CHECK(all_zero(fake.last.dsn.dsn + 5, PINPAD_DSN_MAX - 5));
	calls = fake.calls;
	CHECK_INT(pinpad_set_dsn(pp, "012345678901234567890123456789012", 33),
		  -EINVAL);
	CHECK_INT(pinpad_set_dsn(pp, NULL, 1), -EINVAL);
	CHECK_INT(pinpad_set_dik2(pp, key24, 16, key24, 8), -EINVAL);
	CHECK_INT(pinpad_set_dik2(pp, key24, 24, key24, 65), -EINVAL);
	CHECK_INT(pinpad_set_dik2(pp, NULL, 24, key24, 8), -EINVAL);
	CHECK_INT(pinpad_set_root(pp, NULL, 4), -EINVAL);
	CHECK_INT(fake.calls, calls);	/* none of those reached the device */
	CHECK_INT(pinpad_set_dsn(pp, "", 0), -EINVAL);	/* the device's call */
	CHECK_INT(fake.calls, calls + 1);

	CHECK_INT(pinpad_set_dik2(pp, key24, 24, key24 + 8, 10), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_SET_DIK2);
	CHECK(!memcmp(d->dik2, key24, 24));
	CHECK_INT(d->factor_len, 10);
	CHECK(!memcmp(d->factor, key24 + 8, 10));
	CHECK(all_zero(d->factor + 10, PINPAD_FACTOR_MAX - 10));
	CHECK_INT(d->reserved0, 0);

	CHECK_INT(pinpad_set_root(pp, der, sizeof(der)), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_SET_ROOT);
	CHECK_INT(b->len, sizeof(der));
	CHECK_INT(b->reserved0, 0);
	CHECK(b->addr == (__u64)(uintptr_t)der);
	pinpad_close(pp);
}

static void test_keys(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	const struct pinpad_key_inject *k = &fake.last.inject;
	const struct pinpad_wk_load *w = &fake.last.wk_load;

	CHECK_INT(pinpad_inject_key(pp, 1, PINPAD_USAGE_TMK, key24, 16, NULL),
		  0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_INJECT_KEY);
	CHECK_INT(k->slot, 1);
	CHECK_INT(k->alg, PINPAD_ALG_TDES);
	CHECK(!memcmp(&k->attr, "K0TD00N", 8));	/* the class's default */
	CHECK_INT(k->key_len, 16);
	CHECK_INT(k->flags, 0);
	CHECK(!memcmp(k->key, key24, 16));
	CHECK(all_zero(k->key + 16, 8));
	CHECK(all_zero(k->kcv, sizeof(k->kcv)));
	CHECK(all_zero(k->reserved0, sizeof(k->reserved0)));
	CHECK_INT(pinpad_inject_key(pp, 20, PINPAD_USAGE_PIN, key24, 24, kcv),
		  0);
	CHECK_INT(k->flags, PINPAD_KEY_F_CHECK_KCV);
	CHECK(!memcmp(k->kcv, kcv, 3));
	CHECK_INT(pinpad_inject_key(pp, 1, PINPAD_USAGE_TMK, key24, 25, NULL),
		  -EINVAL);
	CHECK_INT(pinpad_inject_key(pp, 1, PINPAD_USAGE_TMK, NULL, 16, NULL),
		  -EINVAL);
	/* the device's own verdicts come back unchanged */
	CHECK_INT(pinpad_inject_key(pp, 3, PINPAD_USAGE_PIN, key24, 16, NULL),
		  -EINVAL);
	fake.fail_errno = EBADMSG;
	CHECK_INT(pinpad_inject_key(pp, 1, PINPAD_USAGE_TMK, key24, 16, kcv),
		  -EBADMSG);
	fake.fail_errno = 0;

	/* a key block (interim, kb-tools redoes it: issue #11) */
	uint8_t kcv_out[3];

	CHECK_INT(pinpad_load_wk(pp, 17, 0, "B0080M3TC00N0000", 16, NULL), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_LOAD_WK);
	CHECK_INT(w->slot, 17);
	CHECK_INT(w->kbpk_slot, 0);
	CHECK_INT(w->block_len, 16);
	CHECK(!memcmp(w->block, "B0080M3TC00N0000", 16));
	CHECK(all_zero(w->block + 16, sizeof(w->block) - 16));
	CHECK(all_zero(w->kcv, sizeof(w->kcv)));
	CHECK(!w->reserved0 && all_zero(w->reserved1, sizeof(w->reserved1)));
	CHECK_INT(pinpad_load_wk(pp, 17, 5, "B0080M3TC00N0000", 16, kcv_out),
		  -ENOKEY);
	CHECK_INT(pinpad_load_wk(pp, 17, 16, "B0080M3TC00N0000", 16, kcv_out),
		  -EKEYREJECTED);
	CHECK_INT(pinpad_load_wk(pp, 17, 0, NULL, 16, kcv_out), -EINVAL);
	CHECK_INT(pinpad_load_wk(pp, 17, 0, "B", 0, kcv_out), -EINVAL);

	CHECK_INT(pinpad_clear_slot(pp, 47), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_CLEAR_SLOT);
	CHECK_INT(fake.last.slot, 47);
	CHECK_INT(pinpad_clear_slot(pp, 48), -EINVAL);
	pinpad_close(pp);
}

static void test_cipher(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	const struct pinpad_cipher *c = &fake.last.cipher;
	uint8_t in[16], out[16], iv[8];
	size_t i;

	memset(in, 0x11, sizeof(in));
	memset(iv, 0x77, sizeof(iv));
	/* ECB sends a zero IV whatever the caller's, and leaves it alone */
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				in, out, 16, iv), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_CIPHER);
	CHECK_INT(c->slot, 16);
	CHECK_INT(c->mode, PINPAD_MODE_ECB);
	CHECK_INT(c->op, PINPAD_OP_ENCRYPT);
	CHECK_INT(c->len, 16);
	CHECK(c->in == (__u64)(uintptr_t)in && c->out == (__u64)(uintptr_t)out);
	CHECK(all_zero(c->iv, sizeof(c->iv)));
	CHECK_INT(iv[0], 0x77);
	CHECK_INT(out[0], 0x11 ^ FAKE_CIPHER_XOR);
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_ECB, PINPAD_OP_DECRYPT,
				in, in, 8, NULL), 0);	/* in place, no IV */
	CHECK_INT(in[0], 0x11 ^ FAKE_CIPHER_XOR);
	CHECK_INT(in[8], 0x11);

	/* CBC sends the IV and returns the chaining value */
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_CBC, PINPAD_OP_ENCRYPT,
				in, out, 16, iv), 0);
	for (i = 0; i < 8; i++)
		CHECK_INT(c->iv[i], 0x77);
	CHECK(!memcmp(iv, out + 8, 8));
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_CBC, PINPAD_OP_ENCRYPT,
				in, out, 16, NULL), -EINVAL);
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				NULL, out, 16, NULL), -EINVAL);

	/* the device's verdicts: empty slot, not a DATA key, bad length */
	CHECK_INT(pinpad_cipher(pp, 17, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				in, out, 8, NULL), -ENOKEY);
	CHECK_INT(pinpad_cipher(pp, 0, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				in, out, 8, NULL), -EKEYREJECTED);
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				in, out, 12, NULL), -EINVAL);
	memcpy(iv, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	CHECK_INT(pinpad_cipher(pp, 16, PINPAD_MODE_CBC, PINPAD_OP_ENCRYPT,
				in, out, 0, iv), -EINVAL);
	CHECK_INT(iv[0], 0x01);		/* a refused call leaves the IV */
	pinpad_close(pp);
}

static void test_pin_block(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	const struct pinpad_pin_block *pb = (const void *)fake.last.bytes;
	/* 041274EDCBA9876F, the format 0 block, XOR the fake's 0x5A */
	static const uint8_t want[8] = {
		0x5E, 0x48, 0x2E, 0xB7, 0x91, 0xF3, 0xDD, 0x35,
	};
	uint8_t block[8] = { 0 };
	unsigned int calls;

	CHECK_INT(pinpad_pin_block(pp, FAKE_PIN_SLOT, "1234", 4,
				   "4012345678909", 13, block), 0);
	CHECK(!memcmp(block, want, 8));
	CHECK_INT(fake.last_cmd, PINPAD_IOC_PIN_BLOCK);
	CHECK_INT(pb->slot, FAKE_PIN_SLOT);
	CHECK_INT(pb->format, PINPAD_PIN_FORMAT_ISO0);
	CHECK_INT(pb->pin_len, 4);
	CHECK_INT(pb->pan_len, 13);
	CHECK(!memcmp(pb->pin, "1234", 4) && all_zero(pb->pin + 4, 8));
	CHECK_INT(pb->reserved0, 0);
	/* what does not fit the fields never reaches the device */
	calls = fake.calls;
	CHECK_INT(pinpad_pin_block(pp, FAKE_PIN_SLOT, "1234567890123", 13,
				   "4012345678909", 13, block), -EINVAL);
	CHECK_INT(pinpad_pin_block(pp, FAKE_PIN_SLOT, "1234", 4,
				   "40123456789012345678", 20, block),
		  -EINVAL);
	CHECK_INT(pinpad_pin_block(pp, FAKE_PIN_SLOT, NULL, 4,
				   "4012345678909", 13, block), -EINVAL);
	CHECK_INT(pinpad_pin_block(pp, FAKE_PIN_SLOT, "1234", 4,
				   "4012345678909", 13, NULL), -EINVAL);
	CHECK_INT(fake.calls, calls);
	/* the device's verdicts */
	memset(block, 0xEE, sizeof(block));
	CHECK_INT(pinpad_pin_block(pp, FAKE_PIN_SLOT, "12a4", 4,
				   "4012345678909", 13, block), -EINVAL);
	CHECK_INT(pinpad_pin_block(pp, 16, "1234", 4, "4012345678909", 13,
				   block), -EKEYREJECTED);
	CHECK_INT(pinpad_pin_block(pp, 17, "1234", 4, "4012345678909", 13,
				   block), -ENOKEY);
	CHECK_INT(block[0], 0xEE);	/* untouched by a refusal */
	pinpad_close(pp);
}

static void test_mac(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	const struct pinpad_mac *m = (const void *)fake.last.bytes;
	static const uint8_t data[2] = { 0x01, 0x02 };
	/* the fake's MAC: 0x5A ^ padding, XOR the data */
	static const uint8_t want[8] = {
		0x5A, 0x59, 0x5B, 0x5B, 0x5B, 0x5B, 0x5B, 0x5B,
	};
	uint8_t mac[8];
	unsigned int calls;

	memset(mac, 0xEE, sizeof(mac));
	CHECK_INT(pinpad_mac_generate(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      data, 2, mac, 4), 0);
	CHECK(!memcmp(mac, want, 4));
	CHECK_INT(mac[4], 0xEE);	/* only mac_len bytes are written */
	CHECK_INT(fake.last_cmd, PINPAD_IOC_MAC_GENERATE);
	CHECK_INT(m->slot, FAKE_MAC_SLOT);
	CHECK_INT(m->padding, PINPAD_MAC_PAD_ISO1);
	CHECK_INT(m->len, 2);
	CHECK_INT(m->mac_len, 4);
	CHECK(m->data == (__u64)(uintptr_t)data);
	CHECK_INT(pinpad_mac_verify(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				    data, 2, want, 8), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_MAC_VERIFY);
	CHECK(!memcmp(m->mac, want, 8));
	mac[0] = 0x5B;
	CHECK_INT(pinpad_mac_verify(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				    data, 2, mac, 4), -EBADMSG);
	calls = fake.calls;
	CHECK_INT(pinpad_mac_generate(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      data, 2, mac, 9), -EINVAL);
	CHECK_INT(pinpad_mac_generate(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      NULL, 2, mac, 8), -EINVAL);
	CHECK_INT(pinpad_mac_verify(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				    data, 2, NULL, 8), -EINVAL);
	CHECK_INT(fake.calls, calls);
	CHECK_INT(pinpad_mac_generate(pp, FAKE_MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      data, 0, mac, 8), -EINVAL);
	CHECK_INT(pinpad_mac_generate(pp, FAKE_MAC_SLOT, 3, data, 2, mac, 8),
		  -EINVAL);
	CHECK_INT(pinpad_mac_generate(pp, 16, PINPAD_MAC_PAD_ISO2, data, 2,
				      mac, 8), -EKEYREJECTED);
	pinpad_close(pp);
}

static void test_tokens(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);
	const struct pinpad_token *req = (const void *)fake.last.bytes;
	struct pinpad_token tok;

	CHECK_INT(pinpad_token_get(pp, 16, &tok), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_TOKEN_GET);
	/* the request: the slot, and zeros */
	CHECK_INT(req->slot, 16);
	CHECK(!req->magic && !req->epoch &&
	      all_zero(req->handle, sizeof(req->handle)));
	CHECK_INT(tok.magic, PINPAD_TOKEN_MAGIC);
	CHECK_INT(tok.slot, 16);
	CHECK(tok.epoch == 0x1122334455667788ULL);
	CHECK_INT(pinpad_token_revoke(pp, &tok), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_TOKEN_REVOKE);
	CHECK(!memcmp(req, &tok, sizeof(tok)));
	tok.handle[3] ^= 1;
	CHECK_INT(pinpad_token_revoke(pp, &tok), -ENOKEY);
	CHECK_INT(pinpad_token_get(pp, FAKE_PIN_SLOT, &tok), -EKEYREJECTED);
	CHECK_INT(pinpad_token_get(pp, 17, &tok), -ENOKEY);
	CHECK_INT(pinpad_token_get(pp, 16, NULL), -EINVAL);
	CHECK_INT(pinpad_token_revoke(pp, NULL), -EINVAL);
	fake.fail_errno = ENOSPC;
	CHECK_INT(pinpad_token_get(pp, 16, &tok), -ENOSPC);
	fake.fail_errno = 0;
	pinpad_close(pp);
	/* read-only handles get nothing */
	pp = open_fake(PINPAD_OPEN_RDONLY);
	CHECK_INT(pinpad_token_get(pp, 16, &tok), -EBADF);
	pinpad_close(pp);
}

static void test_lifecycle_and_errors(void)
{
	struct pinpad *pp = open_fake(PINPAD_OPEN_RDWR);

	CHECK_INT(pinpad_seal(pp), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_SEAL);
	CHECK_INT(pinpad_tamper(pp), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_TAMPER);
	fake.fail_errno = ENODATA;
	CHECK_INT(pinpad_seal(pp), -ENODATA);
	fake.fail_errno = EACCES;
	CHECK_INT(pinpad_clear_slot(pp, 1), -EACCES);
	fake.fail_errno = 0;
	/* an interrupted command is issued again */
	fake.eintr_once = 1;
	fake.calls = 0;
	CHECK_INT(pinpad_tamper(pp), 0);
	CHECK_INT(fake.calls, 2);
	pinpad_close(pp);
}

void test_lib(void)
{
	unsetenv("PINPAD_FAKE_ERRNO");
	unsetenv("PINPAD_FAKE_API");
	unsetenv("PINPAD_FAKE_LOG");
	test_open();
	test_roles();
	test_null_handle();
	test_queries();
	test_identity();
	test_fake_follows_the_rules();
	test_keys();
	test_cipher();
	test_pin_block();
	test_mac();
	test_tokens();
	test_lifecycle_and_errors();
}
