// SPDX-License-Identifier: GPL-2.0
/*
 * The device half of the download protocol (Documentation/protocol.md), run
 * against an RKS played by this test with OpenSSL's libcrypto: the test
 * holds the work certificate's private key, decrypts what the module sends
 * and checks it, and builds the RKS's messages. Every refusal checks that no
 * slot changed.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"
#include "rkd_msg.h"	/* struct rkd_key_wire: the KEY header, defined once */

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#define DSN		"PP-TEST-0001"
#define MAC16		16

/* The RKS side of one session. */
struct rks {
	EVP_PKEY *work_key;
	unsigned char at[24], tk1[24], tk[24], k_mac[32];
};

static EVP_PKEY *load_key(const char *name)
{
	char path[256];
	EVP_PKEY *k;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", CERT_DIR, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

/* RSAES-OAEP, SHA-256, MGF1-SHA-256, empty label: as protocol.md says. */
static int oaep_decrypt(EVP_PKEY *k, const unsigned char *in, size_t len,
			unsigned char *out, size_t *out_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);
	int ok = c && EVP_PKEY_decrypt_init(c) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0 &&
		 EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) > 0 &&
		 EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) > 0 &&
		 EVP_PKEY_decrypt(c, out, out_len, in, len) > 0;

	EVP_PKEY_CTX_free(c);
	return ok ? 0 : -1;
}

/* TDES-ECB with a 24-byte key, no padding. */
static void tdes_ecb(const unsigned char *key, int enc,
		     const unsigned char *in, size_t len, unsigned char *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	EVP_CipherInit_ex(c, EVP_des_ede3_ecb(), NULL, key, NULL, enc);
	EVP_CIPHER_CTX_set_padding(c, 0);
	EVP_CipherUpdate(c, out, &n, in, len);
	EVP_CIPHER_CTX_free(c);
}

static void mac16(const struct rks *r, unsigned char type,
		  const unsigned char *data, size_t len, unsigned char *out)
{
	unsigned char buf[512], full[32];
	unsigned int n;

	buf[0] = type;
	memcpy(buf + 1, data, len);
	HMAC(EVP_sha256(), r->k_mac, 32, buf, len + 1, full, &n);
	memcpy(out, full, MAC16);
}

/* K_MAC = SHA256("pinpad-rkd v1 K_MAC" || TK) */
static void derive_k_mac(struct rks *r)
{
	unsigned char buf[19 + 24];

	memcpy(buf, "pinpad-rkd v1 K_MAC", 19);
	memcpy(buf + 19, r->tk, 24);
	EVP_Digest(buf, sizeof(buf), r->k_mac, NULL, EVP_sha256(), NULL);
}

static int step(int fd, unsigned int type, const void *in, size_t len,
		unsigned char *out, struct pinpad_session_step *st)
{
	memset(st, 0, sizeof(*st));
	st->in_type = type;
	st->in_len = len;
	st->in = (unsigned long)in;
	st->out = (unsigned long)out;
	st->out_cap = PINPAD_MSG_MAX;
	return pp_ioctl(fd, PINPAD_IOC_SESSION, st);
}

/* A KEY body for @key (clear) under the session's TK; returns its length. */
static size_t build_key(const struct rks *r, unsigned int index,
			unsigned int slot, unsigned int usage,
			const unsigned char *key, size_t len,
			const unsigned char *kcv, unsigned char *out)
{
	struct rkd_key_wire w = {
		.index = index, .slot = slot, .usage = usage, .key_len = len,
	};
	unsigned char k24[24];

	memcpy(w.kcv, kcv, sizeof(w.kcv));
	memcpy(out, &w, sizeof(w));
	memcpy(k24, key, len);
	tdes_ecb(r->tk, 1, k24, len, out + sizeof(w));
	mac16(r, PINPAD_MSG_KEY, out, sizeof(w) + len, out + sizeof(w) + len);
	return sizeof(w) + len + MAC16;
}

static size_t build_done(const struct rks *r, unsigned int count,
			 unsigned char *out)
{
	out[0] = count;
	mac16(r, PINPAD_MSG_DONE, out, 1, out + 1);
	return 1 + MAC16;
}

FIXTURE(sess) {
	int fd;
	struct rks rks;
	unsigned char out[PINPAD_MSG_MAX];
	struct pinpad_session_step st;
	unsigned char *work_der;
	size_t work_len;
};

/* A sealed device: DSN, DIK2, factor (16 x 0xfa), root; no keys. */
FIXTURE_SETUP(sess)
{
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	self->rks.work_key = load_key("work2048.key");
	ASSERT_NE(NULL, self->rks.work_key);
	self->work_der = pp_read_file("work2048.der", &self->work_len);
	ASSERT_NE(NULL, self->work_der);
}

FIXTURE_TEARDOWN(sess)
{
	EVP_PKEY_free(self->rks.work_key);
	free(self->work_der);
	if (self->fd >= 0)
		pp_close(self->fd);
}

/*
 * Run S301-S307 as the RKS: HELLO, WORK_CERT, FACTOR checked, CHALLENGE,
 * RESPONSE checked (AT, TK_SHA2); leaves TK and K_MAC in self->rks.
 */
static void authenticate(struct __test_metadata *_metadata,
			 FIXTURE_DATA(sess) *self)
{
	unsigned char plain[512], chal_in[48], chal[48], tk_sha2[32];
	struct rks *r = &self->rks;
	size_t n = sizeof(plain);
	unsigned int i;

	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(PINPAD_MSG_HELLO, self->st.out_type);
	ASSERT_EQ(1 + strlen(DSN), self->st.out_len);
	EXPECT_EQ(strlen(DSN), self->out[0]);
	EXPECT_EQ(0, memcmp(self->out + 1, DSN, strlen(DSN)));

	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	ASSERT_EQ(PINPAD_MSG_FACTOR, self->st.out_type);
	ASSERT_EQ(256, self->st.out_len);
	ASSERT_EQ(0, oaep_decrypt(r->work_key, self->out, 256, plain, &n));
	ASSERT_EQ(16, n);			/* the factor pp_provision set */
	for (i = 0; i < n; i++) {
		EXPECT_EQ(0xfa, plain[i]);
	}

	RAND_bytes(r->at, 24);
	RAND_bytes(r->tk1, 24);
	memcpy(chal_in, r->at, 24);
	memcpy(chal_in + 24, r->tk1, 24);
	tdes_ecb(DIK2, 1, chal_in, 48, chal);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_CHALLENGE, chal, 48, self->out,
			  &self->st));
	ASSERT_EQ(PINPAD_MSG_RESPONSE, self->st.out_type);
	ASSERT_EQ(PINPAD_PHASE_AWAIT_KEYS, self->st.phase);
	n = sizeof(plain);
	ASSERT_EQ(0, oaep_decrypt(r->work_key, self->out, 256, plain, &n));
	ASSERT_EQ(80, n);
	EXPECT_EQ(0, memcmp(plain, r->at, 24));		/* S308 */
	for (i = 0; i < 24; i++)
		r->tk[i] = r->tk1[i] ^ plain[24 + i];
	EVP_Digest(r->tk, 24, tk_sha2, NULL, EVP_sha256(), NULL);
	derive_k_mac(r);
	EXPECT_EQ(0, memcmp(plain + 48, tk_sha2, 32));	/* S319 */
}

static void expect_no_keys(struct __test_metadata *_metadata, int fd)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_status(fd, &st));
	EXPECT_EQ(0, st.keys_loaded);
}

TEST_F(sess, download_three_keys)
{
	unsigned char msg[64], data[32], expect[32], ack[17];
	struct pinpad_slot_info info;
	size_t n;

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 0, PINPAD_USAGE_TMK, TMK, 16, TMK_KCV,
		      msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	EXPECT_EQ(PINPAD_MSG_NONE, self->st.out_type);
	n = build_key(&self->rks, 1, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_key(&self->rks, 2, 17, PINPAD_USAGE_PIN, WK_PIN, 16,
		      WK_PIN_KCV, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	EXPECT_EQ(3, self->st.keys_staged);
	/* staged, not stored: nothing reaches a slot before DONE */
	expect_no_keys(_metadata, self->fd);

	n = build_done(&self->rks, 3, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
			  &self->st));
	ASSERT_EQ(PINPAD_MSG_RECEIPT, self->st.out_type);
	ASSERT_EQ(1 + 3 * 4 + 16, self->st.out_len);
	EXPECT_EQ(3, self->out[0]);
	EXPECT_EQ(0, self->out[1]);
	EXPECT_EQ(0, memcmp(self->out + 2, TMK_KCV, 3));
	EXPECT_EQ(16, self->out[5]);
	EXPECT_EQ(0, memcmp(self->out + 6, WK_DATA_KCV, 3));
	EXPECT_EQ(17, self->out[9]);
	EXPECT_EQ(0, memcmp(self->out + 10, WK_PIN_KCV, 3));
	mac16(&self->rks, PINPAD_MSG_RECEIPT, self->out, 13, msg);
	EXPECT_EQ(0, memcmp(self->out + 13, msg, 16));
	EXPECT_EQ(3, self->st.keys_stored);

	ASSERT_EQ(0, pp_slot_info(self->fd, 16, &info));
	EXPECT_EQ(PINPAD_USAGE_DATA, info.usage);
	EXPECT_EQ(0, memcmp(info.kcv, WK_DATA_KCV, 3));
	ASSERT_EQ(0, pp_slot_info(self->fd, 0, &info));
	EXPECT_EQ(PINPAD_USAGE_TMK, info.usage);

	ack[0] = 0;
	mac16(&self->rks, PINPAD_MSG_ACK, ack, 1, ack + 1);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_ACK, ack, 17, self->out,
			  &self->st));
	EXPECT_EQ(PINPAD_PHASE_COMPLETE, self->st.phase);
	EXPECT_EQ(PINPAD_MSG_NONE, self->st.out_type);

	/* the downloaded DATA key encrypts as OpenSSL does with the clear key */
	ASSERT_EQ(0, pp_cipher(self->fd, 16, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, PLAIN, data, 32, NULL));
	tdes_ecb(WK_DATA, 1, PLAIN, 32, expect);
	EXPECT_EQ(0, memcmp(data, expect, 32));
	/* after completion the session is over */
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, 40, self->out,
				&self->st));
}

TEST_F(sess, rsa3072_work_certificate)
{
	unsigned char *der;
	size_t len;

	der = pp_read_file("work3072.der", &len);
	ASSERT_NE(NULL, der);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, der, len, self->out,
			  &self->st));
	EXPECT_EQ(PINPAD_MSG_FACTOR, self->st.out_type);
	EXPECT_EQ(384, self->st.out_len);
	free(der);
}

/* S315: a work certificate the root did not sign stops the device. */
TEST_F(sess, foreign_work_certificate_is_s315)
{
	const char *bad[] = { "workrogue.der", "work1024.der", "garbage.der",
			      "root2048.der" };
	unsigned char chal[48] = { 0 };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		unsigned char *der;
		size_t len;

		der = pp_read_file(bad[i], &len);
		ASSERT_NE(NULL, der);
		ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0,
				  self->out, &self->st));
		TH_LOG("%s", bad[i]);
		EXPECT_EQ(-EKEYREJECTED, step(self->fd, PINPAD_MSG_WORK_CERT,
					      der, len, self->out,
					      &self->st));
		free(der);
		/* the device sends nothing more: the session is gone */
		EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_CHALLENGE, chal,
					48, self->out, &self->st));
	}
	expect_no_keys(_metadata, self->fd);
}

TEST_F(sess, bad_key_messages_store_nothing)
{
	unsigned char msg[64], wrong_kcv[3] = { 1, 2, 3 };
	size_t n;

	/* MAC broken */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	msg[n - 1] ^= 1;
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	/* a KCV that is not the key's */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      wrong_kcv, msg);
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	/* index out of order */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 1, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	/* a TMK into a working-key slot; a DATA key into a TMK slot */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_TMK, TMK, 16, TMK_KCV,
		      msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 2, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	/* slot 48, a length field that disagrees with the body, short body */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 48, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	msg[offsetof(struct rkd_key_wire, key_len)] = 16;
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	authenticate(_metadata, self);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, 3, self->out,
				&self->st));
	/* the same slot twice in one session */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_key(&self->rks, 1, 16, PINPAD_USAGE_PIN, WK_PIN, 16,
		      WK_PIN_KCV, msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	expect_no_keys(_metadata, self->fd);
}

TEST_F(sess, bad_done_stores_nothing)
{
	unsigned char msg[64];
	size_t n;

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 2, msg);		/* count != 1 */
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
				&self->st));
	expect_no_keys(_metadata, self->fd);

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 1, msg);
	msg[5] ^= 0x80;					/* MAC broken */
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
				 &self->st));
	expect_no_keys(_metadata, self->fd);
}

/* A CHALLENGE under another DIK2: the device answers, with a wrong AT. */
TEST_F(sess, wrong_dik2_gives_wrong_at)
{
	unsigned char chal_in[48], chal[48], plain[512], other[24];
	size_t n = sizeof(plain);

	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	RAND_bytes(chal_in, 48);
	memcpy(other, WK_DATA, 24);
	tdes_ecb(other, 1, chal_in, 48, chal);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_CHALLENGE, chal, 48, self->out,
			  &self->st));
	ASSERT_EQ(0, oaep_decrypt(self->rks.work_key, self->out, 256, plain,
				  &n));
	EXPECT_NE(0, memcmp(plain, chal_in, 24));
}

TEST_F(sess, out_of_order_and_bad_arguments)
{
	struct pinpad_session_step st = { 0 };
	unsigned char chal[48] = { 0 };

	/* no session yet */
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_CHALLENGE, chal, 48,
				self->out, &self->st));
	/* a CHALLENGE where a WORK_CERT is due; wrong CHALLENGE length */
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_CHALLENGE, chal, 48,
				self->out, &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_CHALLENGE, chal, 40,
				self->out, &self->st));
	/* an ERROR, a HELLO, an unknown type are never expected input */
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_ERROR, chal, 1,
				self->out, &self->st));
	EXPECT_EQ(-EPROTO, step(self->fd, 0x55, chal, 1, self->out,
				&self->st));

	/* argument checks */
	st.out = (unsigned long)self->out;
	st.out_cap = PINPAD_SESSION_OUT_MIN - 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SESSION, &st));
	st.out_cap = PINPAD_MSG_MAX;
	st.in_len = 1;				/* input with a start */
	st.in = (unsigned long)chal;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SESSION, &st));
	st.in_type = PINPAD_MSG_CHALLENGE;
	st.in_len = 0;				/* a step without input */
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SESSION, &st));
	st.in_len = PINPAD_MSG_MAX + 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_SESSION, &st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(-EFAULT, step(self->fd, PINPAD_MSG_WORK_CERT, (void *)8,
				100, self->out, &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(-EFAULT, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
				self->work_len, (void *)8, &self->st));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_SESSION, (void *)8));
	expect_no_keys(_metadata, self->fd);
}

TEST_F(sess, only_sealed_and_writable)
{
	int ro = pp_open(O_RDONLY);

	ASSERT_LE(0, ro);
	EXPECT_EQ(-EBADF, step(ro, PINPAD_MSG_NONE, NULL, 0, self->out,
			       &self->st));
	pp_close(ro);
	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	EXPECT_EQ(-EACCES, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
				&self->st));
}

TEST_F(sess, end_tamper_and_close_wipe_the_session)
{
	unsigned char msg[64];
	int other;
	size_t n;

	/* SESSION_END: the next step finds no session */
	authenticate(_metadata, self);
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SESSION_END, NULL));
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));

	/* two files, two independent sessions; closing one ends only its */
	other = pp_open(O_RDWR);
	ASSERT_LE(0, other);
	ASSERT_EQ(0, step(other, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	authenticate(_metadata, self);
	pp_close(other);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      WK_DATA_KCV, msg);
	EXPECT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));

	/* tamper in the middle: nothing stored, nothing goes on */
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	n = build_done(&self->rks, 1, msg);
	EXPECT_EQ(-EACCES, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
				&self->st));
	expect_no_keys(_metadata, self->fd);
}

TEST_F(sess, session_times_out)
{
	unsigned char chal[48] = { 0 };

	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload("session_timeout=1"));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	sleep(3);
	EXPECT_EQ(-ETIMEDOUT, step(self->fd, PINPAD_MSG_CHALLENGE, chal, 48,
				   self->out, &self->st));
	/* and a new session starts fine */
	EXPECT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
}

TEST_HARNESS_MAIN
