// SPDX-License-Identifier: GPL-2.0
/*
 * The device half of the download protocol (Documentation/protocol.md), run
 * against an RKS played by this test with OpenSSL's libcrypto: the test
 * holds the work certificate's private key, decrypts what the module sends
 * and checks it, and builds the RKS's messages. Every refusal checks that no
 * slot changed.
 *
 * Protocol version 2: the test keeps the transcript (whole frames) and
 * derives the CHALLENGE keys and K_MAC with its own SP 800-108 counter-mode
 * KDF over OpenSSL's HMAC, independent of the module's kmod/kdf.c. An
 * impostor RKS -- the work certificate's key, but not DIK2 -- gets nothing.
 *
 * Protocol version 3: TK is 32 bytes, and each KEY carries an X9.143 key
 * block (version D) under KBPK_S, which this test makes itself with
 * OpenSSL's CMAC and AES-CBC (kb_wrap_d()), independent of the module's
 * keyblock.c and of librkdproto's codec.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"
#include "rkd_msg.h"	/* struct rkd_key_wire: the KEY header, defined once */

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <time.h>

#define DSN		"PP-TEST-0001"
#define MAC16		16
#define NONCE		32
#define CHAL_LEN	72		/* C[56] || T[16] */
#define TK_LEN		32		/* v3: TK1, TK2, TK */
#define KEY_MSG_MAX	(8 + PINPAD_KEY_BLOCK_MAX + MAC16)

/*
 * A WORK_CERT body (protocol.md): cert_len[2] || the certificate's DER ||
 * the revocation list @rl_name (NULL: none). free() it.
 */
static unsigned char *cert_body(const char *der_name, const char *rl_name,
				size_t *len)
{
	unsigned char *der, *rl = NULL, *b;
	size_t n, m = 0;

	der = pp_read_file(der_name, &n);
	if (!der)
		return NULL;
	if (rl_name && !(rl = pp_read_file(rl_name, &m))) {
		free(der);
		return NULL;
	}
	b = malloc(2 + n + m);
	b[0] = n >> 8;
	b[1] = n;
	memcpy(b + 2, der, n);
	if (m)
		memcpy(b + 2 + n, rl, m);
	*len = 2 + n + m;
	free(der);
	free(rl);
	return b;
}

/* The RKS side of one session. */
struct rks {
	EVP_PKEY *work_key;
	unsigned char at[24], tk1[TK_LEN], tk[TK_LEN], k_mac[32], kbpk[32];
	unsigned char tr[8192];		/* the transcript: whole frames */
	size_t tr_len;
	unsigned char last_chal[CHAL_LEN];	/* for the replay */
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

/* MAC16(key, type || data): the first 16 bytes of HMAC-SHA-256 */
static void mac16_key(const unsigned char *key, unsigned char type,
		      const unsigned char *data, size_t len,
		      unsigned char *out)
{
	unsigned char buf[1 + KEY_MSG_MAX], full[32];
	unsigned int n;

	buf[0] = type;
	memcpy(buf + 1, data, len);
	HMAC(EVP_sha256(), key, 32, buf, len + 1, full, &n);
	memcpy(out, full, MAC16);
}

static void mac16(const struct rks *r, unsigned char type,
		  const unsigned char *data, size_t len, unsigned char *out)
{
	mac16_key(r->k_mac, type, data, len, out);
}

/*
 * NIST SP 800-108r1 4.1, counter mode, HMAC-SHA-256, r = 32:
 * K(i) = HMAC(key, [i]_32 || label || 00 || ctx[32] || [L]_32)
 */
static void kdf(const unsigned char *key, size_t key_len, const char *label,
		const unsigned char ctx[32], unsigned char *out, size_t len)
{
	unsigned char in[4 + 64 + 1 + 32 + 4], block[32];
	size_t ll = strlen(label), n, take;
	unsigned int i, bits = len * 8, m;

	for (i = 1; len; i++) {
		in[0] = i >> 24; in[1] = i >> 16; in[2] = i >> 8; in[3] = i;
		memcpy(in + 4, label, ll);
		in[4 + ll] = 0;
		memcpy(in + 5 + ll, ctx, 32);
		n = 5 + ll + 32;
		in[n++] = bits >> 24; in[n++] = bits >> 16;
		in[n++] = bits >> 8; in[n++] = bits;
		HMAC(EVP_sha256(), key, key_len, in, n, block, &m);
		take = len < 32 ? len : 32;
		memcpy(out, block, take);
		out += take;
		len -= take;
	}
}

/* Append one frame (header, this version, and body) to the transcript. */
static void keep(struct rks *r, unsigned char type, const void *body,
		 size_t len)
{
	unsigned char *p = r->tr + r->tr_len;

	p[0] = 0x52; p[1] = 0x4b; p[2] = PINPAD_PROTO_VERSION; p[3] = type;
	p[4] = len >> 24; p[5] = len >> 16; p[6] = len >> 8; p[7] = len;
	memcpy(p + 8, body, len);
	r->tr_len += 8 + len;
}

/* The transcript's hash; the transcript goes on from it. */
static void transcript_hash(struct rks *r, unsigned char h[32])
{
	EVP_Digest(r->tr, r->tr_len, h, NULL, EVP_sha256(), NULL);
	memcpy(r->tr, h, 32);
	r->tr_len = 32;
}

/* CHALLENGE = TDES-ECB-E(K_CE, AT || TK1) || MAC16(K_CA, 04 || C) */
static void make_challenge(struct rks *r, const unsigned char *dik2,
			   const unsigned char h_c[32], unsigned char *chal)
{
	unsigned char in[24 + TK_LEN], keys[56];

	kdf(dik2, 24, "pinpad-rkd v2 CHALLENGE", h_c, keys, sizeof(keys));
	memcpy(in, r->at, 24);
	memcpy(in + 24, r->tk1, TK_LEN);
	tdes_ecb(keys, 1, in, sizeof(in), chal);
	mac16_key(keys + 24, PINPAD_MSG_CHALLENGE, chal, sizeof(in),
		  chal + sizeof(in));
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

/* CMAC (NIST SP 800-38B) with AES of @key_len bytes */
static void aes_cmac(const unsigned char *key, size_t key_len,
		     const unsigned char *a, size_t a_len,
		     const unsigned char *b, size_t b_len, unsigned char mac[16])
{
	char cipher[16];
	OSSL_PARAM p[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
		OSSL_PARAM_END,
	};
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *c = EVP_MAC_CTX_new(m);
	size_t n;

	snprintf(cipher, sizeof(cipher), "AES-%zu-CBC", key_len * 8);
	EVP_MAC_init(c, key, key_len, p);
	EVP_MAC_update(c, a, a_len);
	if (b_len)
		EVP_MAC_update(c, b, b_len);
	EVP_MAC_final(c, mac, &n, 16);
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(m);
}

/*
 * An X9.143 version D key block under the AES-256 @kbpk (TR-31:2018
 * 5.3.2.3): KBEK, KBAK = CMAC(KBPK, i || 0000|0001 || 00 || 0004 ||
 * 0100), i = 1, 2; key data = bits (2) || key || padding to 32 bytes of
 * key (length obfuscation) and whole AES blocks; MAC = CMAC(KBAK, header
 * || key data); block = header || HEX(AES-CBC(KBEK, IV = MAC, key data))
 * || HEX(MAC). @hdr7: usage, algorithm, mode, version, exportability
 * (e.g. "D0TB00N"). Returns the block's length (NUL-terminated at @out).
 */
static size_t kb_wrap_d(const unsigned char kbpk[32], const char *hdr7,
			const unsigned char *key, size_t len, char *out)
{
	unsigned char kbek[32], kbak[32], d[8] = { 0, 0, 0, 0, 0, 4, 1, 0 };
	unsigned char data[48], enc[48], mac[16];
	size_t data_len = 48, i, total = 16 + 2 * data_len + 32;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	for (i = 0; i < 2; i++) {
		d[0] = i + 1;
		d[2] = 0;
		aes_cmac(kbpk, 32, d, 8, NULL, 0, kbek + 16 * i);
		d[2] = 1;
		aes_cmac(kbpk, 32, d, 8, NULL, 0, kbak + 16 * i);
	}
	sprintf(out, "D%04zu%.7s0000", total, hdr7);
	data[0] = (len * 8) >> 8;
	data[1] = len * 8;
	memcpy(data + 2, key, len);
	RAND_bytes(data + 2 + len, data_len - 2 - len);
	aes_cmac(kbak, 32, (const unsigned char *)out, 16, data, data_len,
		 mac);
	EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), NULL, kbek, mac);
	EVP_CIPHER_CTX_set_padding(c, 0);
	EVP_EncryptUpdate(c, enc, &n, data, data_len);
	EVP_CIPHER_CTX_free(c);
	for (i = 0; i < data_len; i++)
		sprintf(out + 16 + 2 * i, "%02X", enc[i]);
	for (i = 0; i < 16; i++)
		sprintf(out + 16 + 2 * data_len + 2 * i, "%02X", mac[i]);
	return total;
}

/*
 * A KEY body (v3): index, slot, B, 0000, the key block of @key under
 * @kbpk with attributes @hdr7, MAC16 under K_MAC. Returns its length.
 */
static size_t build_key_kb(const struct rks *r, const unsigned char *kbpk,
			   unsigned int index, unsigned int slot,
			   const char *hdr7, const unsigned char *key,
			   size_t len, unsigned char *out)
{
	size_t b = kb_wrap_d(kbpk, hdr7, key, len, (char *)out + 8);

	out[0] = index;
	out[1] = slot;
	out[2] = b >> 8;
	out[3] = b;
	memset(out + 4, 0, 4);
	mac16(r, PINPAD_MSG_KEY, out, 8 + b, out + 8 + b);
	return 8 + b + MAC16;
}

/* The same with the class's usual attributes for a TDES key. */
static size_t build_key(const struct rks *r, unsigned int index,
			unsigned int slot, unsigned int usage,
			const unsigned char *key, size_t len,
			unsigned char *out)
{
	static const char *const hdr[] = {
		[PINPAD_USAGE_TMK] = "K0TD00N", [PINPAD_USAGE_PIN] = "P0TE00N",
		[PINPAD_USAGE_MAC] = "M3TC00N", [PINPAD_USAGE_DATA] = "D0TB00N",
	};

	return build_key_kb(r, r->kbpk, index, slot, hdr[usage], key, len,
			    out);
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
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	self->rks.work_key = load_key("work2048.key");
	ASSERT_NE(NULL, self->rks.work_key);
	self->work_der = cert_body("work2048.der", NULL, &self->work_len);
	ASSERT_NE(NULL, self->work_der);
}

FIXTURE_TEARDOWN(sess)
{
	EVP_PKEY_free(self->rks.work_key);
	free(self->work_der);
	if (self->fd >= 0)
		pp_close(self->fd);
}

/* What the RKS of authenticate_as() sends as its CHALLENGE. */
enum chal_kind {
	CHAL_GOOD,
	CHAL_RANDOM,		/* 64 random bytes */
	CHAL_REPEATED,		/* one block six times, random tag */
	CHAL_PERMUTED,		/* a good one, blocks 0 and 3 swapped */
	CHAL_REPLAYED,		/* the last good one, of another session */
	CHAL_OTHER_DIK2,	/* well made, but not with this device's DIK2 */
	CHAL_KINDS,
};

/*
 * Run S301-S307 as the RKS: HELLO, WORK_CERT, FACTOR checked, CHALLENGE,
 * RESPONSE checked (AT, TK_SHA2); leaves TK, K_MAC and KBPK_S in self->rks. With
 * a forged CHALLENGE, check that the device refuses it, writes nothing
 * and forgets the session.
 */
static void authenticate_as(struct __test_metadata *_metadata,
			    FIXTURE_DATA(sess) *self, enum chal_kind kind)
{
	unsigned char plain[512], chal[CHAL_LEN], tk_sha2[32], h[32], t[8];
	struct rks *r = &self->rks;
	size_t n = sizeof(plain);
	unsigned int i;

	r->tr_len = 0;
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(PINPAD_MSG_HELLO, self->st.out_type);
	ASSERT_EQ(1 + strlen(DSN) + NONCE, self->st.out_len);
	EXPECT_EQ(strlen(DSN), self->out[0]);
	EXPECT_EQ(0, memcmp(self->out + 1, DSN, strlen(DSN)));
	keep(r, PINPAD_MSG_HELLO, self->out, self->st.out_len);

	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	ASSERT_EQ(PINPAD_MSG_FACTOR, self->st.out_type);
	ASSERT_EQ(256, self->st.out_len);
	keep(r, PINPAD_MSG_WORK_CERT, self->work_der, self->work_len);
	keep(r, PINPAD_MSG_FACTOR, self->out, 256);
	ASSERT_EQ(0, oaep_decrypt(r->work_key, self->out, 256, plain, &n));
	ASSERT_EQ(16, n);			/* the factor pp_provision set */
	for (i = 0; i < n; i++) {
		EXPECT_EQ(0xfa, plain[i]);
	}

	RAND_bytes(r->at, 24);
	RAND_bytes(r->tk1, TK_LEN);
	transcript_hash(r, h);					/* H_C */
	if (kind == CHAL_OTHER_DIK2)
		make_challenge(r, WK_DATA, h, chal);
	else
		make_challenge(r, DIK2, h, chal);
	switch (kind) {
	case CHAL_RANDOM:
		RAND_bytes(chal, sizeof(chal));
		break;
	case CHAL_REPEATED:
		for (i = 1; i < 7; i++)
			memcpy(chal + 8 * i, chal, 8);
		RAND_bytes(chal + 56, 16);
		break;
	case CHAL_PERMUTED:
		memcpy(t, chal, 8);
		memcpy(chal, chal + 24, 8);
		memcpy(chal + 24, t, 8);
		break;
	case CHAL_REPLAYED:
		memcpy(chal, r->last_chal, sizeof(chal));
		break;
	default:
		break;
	}
	if (kind != CHAL_GOOD) {
		/* the device stops: no RESPONSE, not a byte written */
		memset(self->out, 0xee, PINPAD_MSG_MAX);
		EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_CHALLENGE, chal,
					 sizeof(chal), self->out, &self->st));
		for (i = 0; i < PINPAD_MSG_MAX; i++)
			if (self->out[i] != 0xee)
				break;
		EXPECT_EQ(PINPAD_MSG_MAX, i);
		/* and the session is gone */
		EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_CHALLENGE, chal,
					sizeof(chal), self->out, &self->st));
		return;
	}
	memcpy(r->last_chal, chal, sizeof(chal));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_CHALLENGE, chal, sizeof(chal),
			  self->out, &self->st));
	ASSERT_EQ(PINPAD_MSG_RESPONSE, self->st.out_type);
	ASSERT_EQ(PINPAD_PHASE_AWAIT_KEYS, self->st.phase);
	keep(r, PINPAD_MSG_CHALLENGE, chal, sizeof(chal));
	keep(r, PINPAD_MSG_RESPONSE, self->out, 256);
	n = sizeof(plain);
	ASSERT_EQ(0, oaep_decrypt(r->work_key, self->out, 256, plain, &n));
	ASSERT_EQ(24 + TK_LEN + 32, n);
	EXPECT_EQ(0, memcmp(plain, r->at, 24));		/* S308 */
	for (i = 0; i < TK_LEN; i++)
		r->tk[i] = r->tk1[i] ^ plain[24 + i];
	EVP_Digest(r->tk, TK_LEN, tk_sha2, NULL, EVP_sha256(), NULL);
	EXPECT_EQ(0, memcmp(plain + 24 + TK_LEN, tk_sha2, 32));	/* S319 */
	transcript_hash(r, h);					/* H_R */
	kdf(r->tk, TK_LEN, "pinpad-rkd v3 K_MAC", h, r->k_mac, 32);
	kdf(r->tk, TK_LEN, "pinpad-rkd v3 KBPK", h, r->kbpk, 32);
}

static void authenticate(struct __test_metadata *_metadata,
			 FIXTURE_DATA(sess) *self)
{
	authenticate_as(_metadata, self, CHAL_GOOD);
}

static void expect_no_keys(struct __test_metadata *_metadata, int fd)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_status(fd, &st));
	EXPECT_EQ(0, st.keys_loaded);
}

TEST_F(sess, download_three_keys)
{
	unsigned char msg[KEY_MSG_MAX], data[32], expect[32], ack[17];
	struct pinpad_slot_info info;
	size_t n;

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 0, PINPAD_USAGE_TMK, TMK, 16,
		      msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	EXPECT_EQ(PINPAD_MSG_NONE, self->st.out_type);
	n = build_key(&self->rks, 1, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_key(&self->rks, 2, 17, PINPAD_USAGE_PIN, WK_PIN, 16,
		      msg);
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

	der = cert_body("work3072.der", NULL, &len);
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

		der = cert_body(bad[i], NULL, &len);
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

/*
 * The work certificate profile (protocol.md, "Certificate profile"): each
 * certificate of the table breaks one rule and is refused at S303 with
 * the reason named in the kernel log; the good one is accepted.
 */
static bool kmsg_has(int kmsg, const char *needle)
{
	char line[1024];
	bool found = false;
	ssize_t n;

	while ((n = read(kmsg, line, sizeof(line) - 1)) > 0 ||
	       (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		line[n] = 0;
		if (strstr(line, needle))
			found = true;
	}
	return found;
}

TEST_F(sess, cert_table)
{
	static const struct {
		const char *file, *reason;
	} table[] = {
		{ "worksignonly.der", "keyUsage is not keyEncipherment alone" },
		{ "workca.der", "a CA certificate" },
		{ "workcrit.der", "an unknown critical extension" },
		{ "workexpired.der", "expired" },
		{ "worknotyet.der", "not yet valid" },
		{ "workpss.der", "not sha256WithRSAEncryption" },
		{ "work1024.der", NULL },	/* key size: no profile line */
		{ "workec.der", "the key is not RSA" },
		{ "workrogue.der", "the issuer is not the root" },
		{ "worknoeku.der", "lacks the RKS work certificate OID" },
		{ "root2048.der", "a CA certificate" },
	};
	unsigned int i;
	int kmsg;

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, kmsg);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		unsigned char *der;
		size_t len;

		TH_LOG("%s", table[i].file);
		der = cert_body(table[i].file, NULL, &len);
		ASSERT_NE(NULL, der);
		lseek(kmsg, 0, SEEK_END);
		ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0,
				  self->out, &self->st));
		EXPECT_EQ(-EKEYREJECTED, step(self->fd, PINPAD_MSG_WORK_CERT,
					      der, len, self->out,
					      &self->st));
		if (table[i].reason)
			EXPECT_TRUE(kmsg_has(kmsg, table[i].reason));
		free(der);
	}
	close(kmsg);
	/* and the good one */
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	EXPECT_EQ(PINPAD_MSG_FACTOR, self->st.out_type);
	expect_no_keys(_metadata, self->fd);
}

/*
 * A device whose clock is unset (before 2025-01-01: an RTC that lost
 * power reads 1970) cannot check validity, so it refuses every work
 * certificate, the good one too, until its clock is set.
 */
TEST_F(sess, unset_clock_refuses_every_work_certificate)
{
	struct timespec now, epoch = { .tv_sec = 86400 };

	ASSERT_EQ(0, clock_gettime(CLOCK_REALTIME, &now));
	ASSERT_EQ(0, clock_settime(CLOCK_REALTIME, &epoch));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(-EKEYREJECTED, step(self->fd, PINPAD_MSG_WORK_CERT,
				      self->work_der, self->work_len,
				      self->out, &self->st));
	clock_gettime(CLOCK_REALTIME, &epoch);
	now.tv_sec += epoch.tv_sec - 86400;	/* the time that passed */
	ASSERT_EQ(0, clock_settime(CLOCK_REALTIME, &now));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	EXPECT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
}

TEST_F(sess, bad_key_messages_store_nothing)
{
	static const struct {
		unsigned int index, slot, usage;
		const unsigned char *key;
		size_t key_len;
		unsigned int at;	/* a byte of the message, XOR flip */
		unsigned char flip;
	} bad_key[] = {
		{ 1, 16, PINPAD_USAGE_DATA, WK_DATA, 24, 0, 0 },
		{ 0, 16, PINPAD_USAGE_TMK, TMK, 16, 0, 0 },
		{ 0, 2, PINPAD_USAGE_DATA, WK_DATA, 24, 0, 0 },
		{ 0, 48, PINPAD_USAGE_DATA, WK_DATA, 24, 0, 0 },
		{ 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24, 3, 0x10 },
		{ 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24, 6, 1 },
	};
	static const struct {
		unsigned int usage0;
		const unsigned char *key0;
		size_t len0;
		unsigned int slot1, usage1;	/* the second: WK_PIN */
		int err;
	} second[] = {
		{ PINPAD_USAGE_DATA, WK_DATA, 24, 16, PINPAD_USAGE_PIN,
		  -EPROTO },
		{ PINPAD_USAGE_PIN, WK_PIN, 16, 17, PINPAD_USAGE_DATA,
		  -EKEYREJECTED },
	};
	unsigned char msg[KEY_MSG_MAX], other[32];
	size_t n, i;

	/* MAC broken */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	msg[n - 1] ^= 1;
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	/*
	 * v3: one bit of the key block changed (its MAC16 made again, as by
	 * someone who has K_MAC but not KBPK_S): the block's own MAC fails
	 */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	/* a hex digit of the key data, made another */
	msg[8 + 40] = msg[8 + 40] == '0' ? '1' : '0';
	mac16(&self->rks, PINPAD_MSG_KEY, msg, n - MAC16, msg + n - MAC16);
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	EXPECT_EQ(PINPAD_PHASE_IDLE, self->st.phase);
	/* the header's usage changed (D0 -> P0), the block's MAC left */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	msg[8 + 5] = 'P';
	mac16(&self->rks, PINPAD_MSG_KEY, msg, n - MAC16, msg + n - MAC16);
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	/* a block under another session's KBPK_S */
	authenticate(_metadata, self);
	RAND_bytes(other, sizeof(other));
	n = build_key_kb(&self->rks, other, 0, 16, "D0TB00N", WK_DATA, 24,
			 msg);
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	/* an authenticated block the policy refuses: exportability E */
	authenticate(_metadata, self);
	n = build_key_kb(&self->rks, self->rks.kbpk, 0, 16, "D0TB00E",
			 WK_DATA, 24, msg);
	EXPECT_EQ(-EKEYREJECTED, step(self->fd, PINPAD_MSG_KEY, msg, n,
				      self->out, &self->st));
	/* B0 (a BDK): no slot class takes it, refused before the MAC */
	authenticate(_metadata, self);
	n = build_key_kb(&self->rks, self->rks.kbpk, 0, 16, "B0TX00N",
			 WK_DATA, 24, msg);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				&self->st));
	/*
	 * KEYs the protocol refuses (-EPROTO), each in a session of its own:
	 * index out of order; a TMK into a working-key slot; a DATA key into
	 * a TMK slot; slot 48; a length field that disagrees with the body
	 * (byte 3 ^ 0x10: B); a zero byte made 1 (byte 6); a short body
	 */
	for (i = 0; i < sizeof(bad_key) / sizeof(bad_key[0]); i++) {
		TH_LOG("refused KEY %zu", i);
		authenticate(_metadata, self);
		n = build_key(&self->rks, bad_key[i].index, bad_key[i].slot,
			      bad_key[i].usage, bad_key[i].key,
			      bad_key[i].key_len, msg);
		msg[bad_key[i].at] ^= bad_key[i].flip;
		EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, n,
					self->out, &self->st));
	}
	authenticate(_metadata, self);
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_KEY, msg, 3, self->out,
				&self->st));
	/*
	 * A good KEY, then a second one the session refuses: the same slot
	 * twice (-EPROTO); the same clear key under a second usage
	 * (-EKEYREJECTED)
	 */
	for (i = 0; i < sizeof(second) / sizeof(second[0]); i++) {
		authenticate(_metadata, self);
		n = build_key(&self->rks, 0, 16, second[i].usage0,
			      second[i].key0, second[i].len0, msg);
		ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				  &self->st));
		n = build_key(&self->rks, 1, second[i].slot1, second[i].usage1,
			      WK_PIN, 16, msg);
		EXPECT_EQ(second[i].err, step(self->fd, PINPAD_MSG_KEY, msg, n,
					      self->out, &self->st));
	}
	expect_no_keys(_metadata, self->fd);
}

/*
 * v3 (#11): an AES-256 TMK and an AES-128 DATA key delivered in key
 * blocks; the RECEIPT's KCVs are X9.24-1:2017 A.3 (AES-CMAC of a zero
 * block, computed here with OpenSSL), and each slot keeps its block's
 * attributes. TMK_AES is TR-31:2018 A.7.4's KBPK (vectors.h).
 */
TEST_F(sess, download_aes_keys)
{
	static const unsigned char zero[16];
	unsigned char msg[KEY_MSG_MAX], kcv[16];
	struct pinpad_slot_info info;
	size_t n;

	authenticate(_metadata, self);
	n = build_key_kb(&self->rks, self->rks.kbpk, 0, 3, "K1AB00N",
			 TMK_AES, 32, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_key_kb(&self->rks, self->rks.kbpk, 1, 20, "D0AE07N",
			 WK_PIN, 16, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 2, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
			  &self->st));
	ASSERT_EQ(PINPAD_MSG_RECEIPT, self->st.out_type);
	ASSERT_EQ(1 + 2 * 4 + 16, self->st.out_len);
	EXPECT_EQ(3, self->out[1]);
	aes_cmac(TMK_AES, 32, zero, 16, NULL, 0, kcv);
	EXPECT_EQ(0, memcmp(self->out + 2, kcv, 3));
	EXPECT_EQ(20, self->out[5]);
	aes_cmac(WK_PIN, 16, zero, 16, NULL, 0, kcv);
	EXPECT_EQ(0, memcmp(self->out + 6, kcv, 3));
	mac16(&self->rks, PINPAD_MSG_RECEIPT, self->out, 9, msg);
	EXPECT_EQ(0, memcmp(self->out + 9, msg, 16));

	ASSERT_EQ(0, pp_slot_info(self->fd, 20, &info));
	EXPECT_EQ(PINPAD_USAGE_DATA, info.usage);
	EXPECT_EQ(PINPAD_ALG_AES, info.alg);
	EXPECT_EQ(0, memcmp(info.attr.usage, "D0", 2));
	EXPECT_EQ('E', info.attr.mode);
	EXPECT_EQ(0, memcmp(info.attr.version, "07", 2));
	EXPECT_EQ('N', info.attr.exportability);
	ASSERT_EQ(0, pp_slot_info(self->fd, 3, &info));
	EXPECT_EQ(PINPAD_USAGE_TMK, info.usage);
	EXPECT_EQ(PINPAD_ALG_AES, info.alg);
	EXPECT_EQ(32, info.key_len);
	EXPECT_EQ(0, memcmp(info.attr.usage, "K1", 2));
}

/*
 * The same clear key under two usages, once across sessions and LOAD_WK:
 * a TMK is delivered; a second session stages the DATA key WK_DATA as a
 * PIN key; meanwhile LOAD_WK stores WK_DATA as a DATA key (KB_DATA, under
 * that TMK); DONE is then refused and stores nothing.
 */
TEST_F(sess, a_key_loaded_meanwhile_under_another_usage_fails_done)
{
	unsigned char msg[KEY_MSG_MAX], ack[17];
	struct pinpad_slot_info info;
	size_t n;

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 0, PINPAD_USAGE_TMK, TMK3, 24, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 1, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
			  &self->st));
	ack[0] = 0;
	mac16(&self->rks, PINPAD_MSG_ACK, ack, 1, ack + 1);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_ACK, ack, 17, self->out,
			  &self->st));

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 17, PINPAD_USAGE_PIN, WK_DATA, 24, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	ASSERT_EQ(0, pp_load_wk(self->fd, 16, 0, KB_DATA, WK_DATA_KCV));
	n = build_done(&self->rks, 1, msg);
	EXPECT_EQ(-EKEYREJECTED, step(self->fd, PINPAD_MSG_DONE, msg, n,
				      self->out, &self->st));
	ASSERT_EQ(0, pp_slot_info(self->fd, 17, &info));
	EXPECT_EQ(0, info.key_len);
}

TEST_F(sess, bad_done_stores_nothing)
{
	unsigned char msg[KEY_MSG_MAX];
	size_t n;

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 2, msg);		/* count != 1 */
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
				&self->st));
	expect_no_keys(_metadata, self->fd);

	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 1, msg);
	msg[5] ^= 0x80;					/* MAC broken */
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
				 &self->st));
	expect_no_keys(_metadata, self->fd);
}

/*
 * The impostor RKS: it holds a root-signed work certificate and its key,
 * but not DIK1, so not DIK2. Whatever CHALLENGE it sends -- random,
 * repeated blocks, permuted blocks, replayed from an earlier session, or
 * well made under another DIK2 -- the device sends no RESPONSE, stores
 * nothing, and wipes the session. Then a real RKS still gets through.
 */
TEST_F(sess, impostor_challenge_gets_nothing)
{
	unsigned char msg[KEY_MSG_MAX], ack[17];
	int kind;
	size_t n;

	for (kind = CHAL_RANDOM; kind < CHAL_KINDS; kind++) {
		TH_LOG("forged CHALLENGE kind %d", kind);
		authenticate(_metadata, self);	/* a CHALLENGE to replay */
		authenticate_as(_metadata, self, kind);
		expect_no_keys(_metadata, self->fd);
	}
	/* a version-1 CHALLENGE (48 bytes, no MAC) is malformed */
	authenticate(_metadata, self);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out,
			  &self->st));
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_WORK_CERT, self->work_der,
			  self->work_len, self->out, &self->st));
	EXPECT_EQ(-EPROTO, step(self->fd, PINPAD_MSG_CHALLENGE,
				self->rks.last_chal, 48, self->out,
				&self->st));
	expect_no_keys(_metadata, self->fd);

	/* the device is none the worse: a real session stores a key */
	authenticate(_metadata, self);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
			  &self->st));
	n = build_done(&self->rks, 1, msg);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_DONE, msg, n, self->out,
			  &self->st));
	ack[0] = 0;
	mac16(&self->rks, PINPAD_MSG_ACK, ack, 1, ack + 1);
	ASSERT_EQ(0, step(self->fd, PINPAD_MSG_ACK, ack, 17, self->out,
			  &self->st));
	EXPECT_EQ(PINPAD_PHASE_COMPLETE, self->st.phase);
}

/* K_MAC binds the transcript: a RESPONSE-time change breaks every MAC. */
TEST_F(sess, k_mac_binds_the_transcript)
{
	unsigned char msg[KEY_MSG_MAX];
	size_t n;

	authenticate(_metadata, self);
	/* the RKS's K_MAC from the right TK but another transcript hash */
	ASSERT_EQ(32, self->rks.tr_len);		/* H_R */
	self->rks.tr[31] ^= 1;
	kdf(self->rks.tk, TK_LEN, "pinpad-rkd v3 K_MAC", self->rks.tr,
	    self->rks.k_mac, 32);
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
	EXPECT_EQ(-EBADMSG, step(self->fd, PINPAD_MSG_KEY, msg, n, self->out,
				 &self->st));
	expect_no_keys(_metadata, self->fd);
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
	unsigned char msg[KEY_MSG_MAX];
	int other;
	size_t n;

	/* SESSION_END: the next step finds no session */
	authenticate(_metadata, self);
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SESSION_END, NULL));
	n = build_key(&self->rks, 0, 16, PINPAD_USAGE_DATA, WK_DATA, 24,
		      msg);
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
		      msg);
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

/* One WORK_CERT of @cert with @rl, in a new session: its step's result. */
static int offer(FIXTURE_DATA(sess) *self, const char *cert, const char *rl)
{
	unsigned char *body;
	size_t len;
	int ret;

	body = cert_body(cert, rl, &len);
	if (!body)
		return -ENOENT;
	ret = step(self->fd, PINPAD_MSG_NONE, NULL, 0, self->out, &self->st);
	if (!ret)
		ret = step(self->fd, PINPAD_MSG_WORK_CERT, body, len,
			   self->out, &self->st);
	free(body);
	return ret;
}

/*
 * Revocation (protocol.md, "Revocation list"): a list of the root's is
 * honoured, its number kept; a list older than the newest seen, none at
 * all once one was seen, one the root did not sign, and a certificate the
 * list names are refused (S315); the number survives sealing and reload.
 */
TEST_F(sess, revocation_list)
{
	unsigned char blob[PINPAD_STATE_MAX];
	struct pinpad_state_blob sb = { .addr = (unsigned long)blob,
					.cap = sizeof(blob) };
	struct pinpad_state_blob in = { 0 };	/* import: no cap */
	long id;

	/* no list while none was ever seen: fine */
	EXPECT_EQ(0, offer(self, "work2048.der", NULL));
	/* list 5, naming another certificate */
	EXPECT_EQ(0, offer(self, "work2048.der", "rl5.rl"));
	EXPECT_EQ(PINPAD_MSG_FACTOR, self->st.out_type);
	EXPECT_EQ(-EKEYREJECTED, offer(self, "workrogue.der", "rl5.rl"));
	EXPECT_EQ(-EKEYREJECTED, offer(self, "work2048.der", NULL));
	EXPECT_EQ(-EKEYREJECTED, offer(self, "work2048.der", "rl3.rl"));
	EXPECT_EQ(-EKEYREJECTED, offer(self, "work2048.der", "rlrogue.rl"));
	/* list 6 revokes work2048: refused; list 5 is now older */
	EXPECT_EQ(-EKEYREJECTED, offer(self, "work2048.der", "rl6.rl"));
	EXPECT_EQ(-EKEYREJECTED, offer(self, "work3072.der", "rl5.rl"));
	/* rollover: the new work certificate with list 6, no device touched */
	EXPECT_EQ(0, offer(self, "work3072.der", "rl6.rl"));
	expect_no_keys(_metadata, self->fd);

	/* sealed and restored, the device still knows list 6 */
	id = syscall(__NR_add_key, "logon", PINPAD_DEVICE_KEY_DESC,
		     "revocation test: 32-byte key....", 32,
		     KEY_SPEC_PROCESS_KEYRING);
	ASSERT_LE(0, id);
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_STATE_EXPORT, &sb));
	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
	in.addr = sb.addr;
	in.len = sb.len;
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_STATE_IMPORT, &in));
	EXPECT_EQ(-EKEYREJECTED, offer(self, "work3072.der", "rl5.rl"));
	EXPECT_EQ(0, offer(self, "work3072.der", "rl6.rl"));
}

TEST_HARNESS_MAIN
