// SPDX-License-Identifier: MIT
/*
 * test_msg.c - every message body's codec: a good body (the MAC'd ones
 * against openssl CLI vectors), and bad ones: truncated, oversized,
 * trailing bytes, fields out of range, a MAC that does not verify.
 */
#include <string.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_msg.h"
#include "test.h"
#include "vectors.h"

static uint8_t kmac[RKD_KMAC_LEN];

/* N_D of the HELLO tests: 32 bytes 00 01 .. 1f */
#define ND	"000102030405060708090a0b0c0d0e0f" \
		"101112131415161718191a1b1c1d1e1f"

static void test_hello(void)
{
	uint8_t mem[80], body[80], nd[RKD_NONCE_LEN];
	struct rkd_hello m;
	struct rkd_buf b;
	size_t n;

	unhex(ND, nd, sizeof(nd));
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_hello_encode(&b, "PP-1", 4, nd), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), rkd_buf_len(&b), "04" "50502d31" ND);
	CHECK_ERR(rkd_hello_decode(rkd_buf_ptr(&b), 37, &m), RKD_OK);
	CHECK_INT(m.dsn_len, 4);
	CHECK(strcmp(m.dsn, "PP-1") == 0);
	CHECK(memcmp(m.nonce, nd, sizeof(nd)) == 0);
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_hello_encode(&b, VB_DSN, 32, nd), RKD_OK);
	CHECK_INT(rkd_buf_len(&b), 65);
	CHECK_ERR(rkd_hello_encode(&b, "PP 1", 4, nd), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_hello_encode(&b, "", 0, nd), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_hello_encode(&b, VB_DSN "X", 33, nd), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_hello_encode(&b, "PP-1", 4, nd), RKD_ERR_NO_SPACE);

	n = unhex("04" "50502d31" ND, body, sizeof(body));
	CHECK_ERR(rkd_hello_decode(body, n - 1, &m), RKD_ERR_SHORT);
	CHECK_INT(m.dsn_len, 0);
	n = unhex("04" "50502d3132" ND, body, sizeof(body));
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_TRAILING);
	/* a version-1 HELLO (no nonce) is too short for its length rule */
	n = unhex("04" "50502d31", body, sizeof(body));
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_BAD_LENGTH);
	n = unhex("00" "50" ND, body, sizeof(body));
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_BAD_FIELD);
	n = unhex("21" "50" ND, body, sizeof(body));		/* 33 */
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_BAD_FIELD);
	n = unhex("02" "5020" ND, body, sizeof(body));		/* space */
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_BAD_FIELD);
	CHECK(m.dsn[0] == 0);
	CHECK(m.nonce[0] == 0 && m.nonce[31] == 0);
	n = unhex("02" "507f" ND, body, sizeof(body));		/* DEL */
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_BAD_FIELD);
	n = unhex("02" "5000" ND, body, sizeof(body));		/* NUL */
	CHECK_ERR(rkd_hello_decode(body, n, &m), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_hello_decode(body, 33, &m), RKD_ERR_BAD_LENGTH);
	memset(body, 'A', sizeof(body));
	body[0] = 33;
	CHECK_ERR(rkd_hello_decode(body, 66, &m), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_hello_decode(body, 5000, &m), RKD_ERR_TOO_LONG);
}

static void test_blobs(void)
{
	uint8_t mem[600], ct[600];
	const uint8_t *p, *q;
	struct rkd_buf b;
	size_t n, m;

	memset(ct, 0x5c, sizeof(ct));
	rkd_buf_fixed(&b, mem, sizeof(mem));
	/* WORK_CERT: cert_len[2] || cert || revocation list, in place */
	CHECK_ERR(rkd_work_cert_encode(&b, ct, 100, NULL, 0), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), 3, "00645c");
	CHECK_ERR(rkd_work_cert_decode(rkd_buf_ptr(&b), 102, &p, &n, &q, &m),
		  RKD_OK);
	CHECK(p == rkd_buf_ptr(&b) + 2 && n == 100 && q == NULL && m == 0);
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_work_cert_encode(&b, ct, 100, ct, 50), RKD_OK);
	CHECK_ERR(rkd_work_cert_decode(rkd_buf_ptr(&b), 152, &p, &n, &q, &m),
		  RKD_OK);
	CHECK(n == 100 && q == rkd_buf_ptr(&b) + 102 && m == 50);
	/* a length past the body; a zero length; the range */
	CHECK_ERR(rkd_work_cert_decode(rkd_buf_ptr(&b), 101, &p, &n, &q, &m),
		  RKD_ERR_SHORT);
	CHECK(p == NULL && n == 0 && q == NULL && m == 0);
	CHECK_ERR(rkd_work_cert_decode((const uint8_t *)"\0\0\1", 3, &p, &n,
				       &q, &m), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_work_cert_decode(ct, 2, &p, &n, &q, &m),
		  RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_work_cert_decode(ct, 4097, &p, &n, &q, &m),
		  RKD_ERR_TOO_LONG);
	CHECK_ERR(rkd_work_cert_encode(&b, ct, 0, NULL, 0), RKD_ERR_TOO_LONG);
	rkd_buf_reset(&b);

	/* FACTOR and RESPONSE: exactly the modulus size */
	CHECK_ERR(rkd_factor_encode(&b, ct, 256), RKD_OK);
	CHECK_ERR(rkd_factor_decode(ct, 256, 256, &p), RKD_OK);
	CHECK(p == ct);
	CHECK_ERR(rkd_factor_decode(ct, 384, 256, &p), RKD_ERR_BAD_LENGTH);
	CHECK(p == NULL);
	CHECK_ERR(rkd_factor_decode(ct, 255, 256, &p), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_factor_decode(ct, 513, 512, &p), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_factor_decode(ct, 256, 128, &p), RKD_ERR_ARGUMENT);
	CHECK_ERR(rkd_factor_encode(&b, ct, 255), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_factor_encode(&b, ct, 513), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_response_decode(ct, 384, 384, &p), RKD_OK);
	CHECK_ERR(rkd_response_decode(ct, 383, 384, &p), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_response_decode(ct, 512, 384, &p), RKD_ERR_BAD_LENGTH);
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_response_encode(&b, ct, 512), RKD_OK);
	/* no room: nothing written */
	CHECK_ERR(rkd_response_encode(&b, ct, 256), RKD_ERR_NO_SPACE);
	CHECK_INT(rkd_buf_len(&b), 512);
}

static void test_challenge(void)
{
	uint8_t mem[96], ct[RKD_CHALLENGE_LEN], out[RKD_CHALLENGE_LEN];
	uint8_t body[96];
	struct rkd_buf b;

	memset(ct, 0xc3, sizeof(ct));
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_challenge_encode(&b, ct), RKD_OK);
	CHECK_INT(rkd_buf_len(&b), 72);
	CHECK_ERR(rkd_challenge_decode(rkd_buf_ptr(&b), 72, out), RKD_OK);
	CHECK(memcmp(out, ct, 72) == 0);
	memset(body, 1, sizeof(body));
	/* 48 bytes: a version-1 CHALLENGE, without its MAC */
	CHECK_ERR(rkd_challenge_decode(body, 48, out), RKD_ERR_BAD_LENGTH);
	CHECK_HEX(out, 4, "00000000");
	/* 64 bytes: a version-2 CHALLENGE (TK1 of 24 bytes) */
	CHECK_ERR(rkd_challenge_decode(body, 64, out), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_challenge_decode(body, 71, out), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_challenge_decode(body, 73, out), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_challenge_decode(body, 0, out), RKD_ERR_BAD_LENGTH);
}

static void test_key(void)
{
	uint8_t body[RKD_BODY_MAX], mem[RKD_BODY_MAX];
	struct rkd_key_msg m, e;
	struct rkd_buf b;
	size_t n, signed_len;

	/* the openssl vector decodes... */
	n = unhex(KEY_BODY, body, sizeof(body));
	CHECK_INT(n, 8 + 112 + 16);
	signed_len = n - 16;
	CHECK_ERR(rkd_key_decode(body, n, kmac, &m), RKD_OK);
	CHECK_INT(m.index, 0);
	CHECK_INT(m.slot, 20);
	CHECK_INT(m.block_len, 112);
	CHECK(!memcmp(m.block, KEY_BLOCK_A74, 112));
	/* ...and our encoder rebuilds it byte for byte */
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_key_encode(&b, &m, kmac), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), rkd_buf_len(&b), KEY_BODY);

	/* the fixed header is struct rkd_key_wire; the key block follows */
	CHECK_INT(offsetof(struct rkd_key_wire, block_len), 2);
	CHECK_INT(offsetof(struct rkd_key_wire, zero), 4);
	CHECK_INT(sizeof(struct rkd_key_wire), 8);

	/* MAC: any flipped bit, or another key */
	body[sizeof(struct rkd_key_wire)] ^= 0x01;	/* the block */
	CHECK_ERR(rkd_key_decode(body, n, kmac, &m), RKD_ERR_BAD_MAC);
	CHECK_INT(m.block_len, 0);			/* zeroed */
	body[sizeof(struct rkd_key_wire)] ^= 0x01;
	body[n - 1] ^= 0x01;
	CHECK_ERR(rkd_key_decode(body, n, kmac, &m), RKD_ERR_BAD_MAC);
	body[n - 1] ^= 0x01;
	kmac[5] ^= 1;
	CHECK_ERR(rkd_key_decode(body, n, kmac, &m), RKD_ERR_BAD_MAC);
	kmac[5] ^= 1;
	CHECK_ERR(rkd_key_decode(body, n, kmac, &m), RKD_OK);

	/* lengths: B disagreeing with the body, truncated, oversized */
	body[offsetof(struct rkd_key_wire, block_len) + 1] = 113;
	CHECK_ERR(rkd_key_decode(body, n, kmac, &m), RKD_ERR_BAD_FIELD);
	body[offsetof(struct rkd_key_wire, block_len) + 1] = 112;
	CHECK_ERR(rkd_key_decode(body, n - 1, kmac, &m), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_key_decode(body, 8 + 15 + 16, kmac, &m),
		  RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_key_decode(body, 8 + 513 + 16, kmac, &m),
		  RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_key_decode(body, 5000, kmac, &m), RKD_ERR_TOO_LONG);

	/* fields: the MAC is fine, the values are not */
	e = m;
	e.slot = 2;			/* a P0 block: slot 2 takes TMKs only */
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	CHECK_INT(rkd_buf_len(&b), 0);
	e = m;
	e.slot = 48;
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	e = m;
	e.block_len = 15;
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	e = m;
	e.block_len = RKD_KEY_BLOCK_MAX + 1;
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	e = m;
	e.index = 48;
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	e = m;
	memcpy(e.block + PINPAD_KB_OFF_USAGE, "B0", 2);	/* no class */
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	/* decoding the same, with a valid MAC over the bad fields */
	{
#define KW(field) offsetof(struct rkd_key_wire, field)
		static const struct { uint8_t off, val; int err; } bad[] = {
			{ KW(slot), 2, RKD_ERR_BAD_FIELD },	/* P0, TMK slot */
			{ KW(slot), 48, RKD_ERR_BAD_FIELD },	/* no slot 48 */
			{ KW(index), 48, RKD_ERR_BAD_FIELD },	/* index 48 */
			{ KW(zero), 1, RKD_ERR_BAD_FIELD },	/* reserved */
			{ KW(zero) + 3, 1, RKD_ERR_BAD_FIELD },	/* reserved */
			{ 8 + PINPAD_KB_OFF_USAGE, 'B', RKD_ERR_BAD_FIELD },
		};
#undef KW
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			n = unhex(KEY_BODY, body, sizeof(body));
			body[bad[i].off] = bad[i].val;
			rkd_mac16(kmac, RKD_MSG_KEY, body, signed_len,
				  body + signed_len);
			check_at(rkd_key_decode(body, n, kmac, &m) ==
				 bad[i].err, __FILE__, __LINE__,
				 "KEY byte %u = %u refused", bad[i].off,
				 bad[i].val);
		}
	}
	/* the longest block, in the last working-key slot */
	e = m;
	n = unhex(KEY_BODY, body, sizeof(body));
	rkd_key_decode(body, n, kmac, &e);
	memset(e.block + 112, 'A', RKD_KEY_BLOCK_MAX - 112);
	e.block_len = RKD_KEY_BLOCK_MAX;
	e.slot = 47;
	e.index = 47;
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_key_encode(&b, &e, kmac), RKD_OK);
	CHECK_INT(rkd_buf_len(&b), 8 + RKD_KEY_BLOCK_MAX + 16);
	CHECK_ERR(rkd_key_decode(rkd_buf_ptr(&b), rkd_buf_len(&b), kmac, &m),
		  RKD_OK);
	CHECK_INT(m.slot, 47);
	CHECK_INT(m.block_len, RKD_KEY_BLOCK_MAX);
}

static void test_done_ack(void)
{
	uint8_t mem[64], body[32], v;
	struct rkd_buf b;
	size_t n;

	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_done_encode(&b, 3, kmac), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), rkd_buf_len(&b), "03" MAC16_DONE3);
	n = unhex("03" MAC16_DONE3, body, sizeof(body));
	CHECK_ERR(rkd_done_decode(body, n, kmac, &v), RKD_OK);
	CHECK_INT(v, 3);
	CHECK_ERR(rkd_done_decode(body, n - 1, kmac, &v), RKD_ERR_BAD_LENGTH);
	CHECK_INT(v, 0);
	CHECK_ERR(rkd_done_decode(body, n + 1, kmac, &v), RKD_ERR_BAD_LENGTH);
	body[0] = 4;
	CHECK_ERR(rkd_done_decode(body, n, kmac, &v), RKD_ERR_BAD_MAC);
	CHECK_INT(v, 0);
	body[0] = 49;
	rkd_mac16(kmac, RKD_MSG_DONE, body, 1, body + 1);
	CHECK_ERR(rkd_done_decode(body, n, kmac, &v), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_done_encode(&b, 49, kmac), RKD_ERR_BAD_FIELD);
	/* DONE's MAC does not pass for an ACK: the type is MAC'd */
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_done_encode(&b, 0, kmac), RKD_OK);
	CHECK_ERR(rkd_ack_decode(rkd_buf_ptr(&b), 17, kmac, &v),
		  RKD_ERR_BAD_MAC);

	rkd_buf_reset(&b);
	CHECK_ERR(rkd_ack_encode(&b, 0, kmac), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), rkd_buf_len(&b), "00" MAC16_ACK0);
	n = unhex("00" MAC16_ACK0, body, sizeof(body));
	CHECK_ERR(rkd_ack_decode(body, n, kmac, &v), RKD_OK);
	CHECK_ERR(rkd_ack_decode(body, 16, kmac, &v), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_ack_encode(&b, 1, kmac), RKD_ERR_BAD_FIELD);
	body[0] = 1;
	rkd_mac16(kmac, RKD_MSG_ACK, body, 1, body + 1);
	CHECK_ERR(rkd_ack_decode(body, n, kmac, &v), RKD_ERR_BAD_FIELD);
}

static void test_receipt(void)
{
	uint8_t mem[256], body[256];
	struct rkd_receipt m, e;
	struct rkd_buf b;
	size_t n, i;

	n = unhex(RECEIPT_BODY, body, sizeof(body));
	CHECK_ERR(rkd_receipt_decode(body, n, kmac, &m), RKD_OK);
	CHECK_INT(m.count, 1);
	CHECK_INT(m.e[0].slot, 2);
	CHECK_HEX(m.e[0].kcv, 3, KCV_OF_K16);
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_receipt_encode(&b, &m, kmac), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), rkd_buf_len(&b), RECEIPT_BODY);

	body[2] ^= 1;
	CHECK_ERR(rkd_receipt_decode(body, n, kmac, &m), RKD_ERR_BAD_MAC);
	CHECK_INT(m.count, 0);
	body[2] ^= 1;
	/* count disagreeing with the length, either way */
	body[0] = 2;
	CHECK_ERR(rkd_receipt_decode(body, n, kmac, &m), RKD_ERR_SHORT);
	body[0] = 0;
	CHECK_ERR(rkd_receipt_decode(body, n, kmac, &m), RKD_ERR_TRAILING);
	body[0] = 1;
	CHECK_ERR(rkd_receipt_decode(body, n - 1, kmac, &m),
		  RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_receipt_decode(body, n + 4, kmac, &m),
		  RKD_ERR_TRAILING);
	CHECK_ERR(rkd_receipt_decode(body, n + 2, kmac, &m),
		  RKD_ERR_BAD_LENGTH);
	/* count 49 and slot 48, MAC'd correctly */
	body[0] = 49;
	rkd_mac16(kmac, RKD_MSG_RECEIPT, body, 5, body + 5);
	CHECK_ERR(rkd_receipt_decode(body, n, kmac, &m), RKD_ERR_BAD_FIELD);
	body[0] = 1;
	body[1] = 48;
	rkd_mac16(kmac, RKD_MSG_RECEIPT, body, 5, body + 5);
	CHECK_ERR(rkd_receipt_decode(body, n, kmac, &m), RKD_ERR_BAD_FIELD);

	/* empty and full receipts */
	memset(&e, 0, sizeof(e));
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_receipt_encode(&b, &e, kmac), RKD_OK);
	CHECK_INT(rkd_buf_len(&b), 17);
	CHECK_ERR(rkd_receipt_decode(rkd_buf_ptr(&b), 17, kmac, &m), RKD_OK);
	CHECK_INT(m.count, 0);
	e.count = 48;
	for (i = 0; i < 48; i++) {
		e.e[i].slot = (uint8_t)i;
		e.e[i].kcv[0] = (uint8_t)i;
	}
	rkd_buf_reset(&b);
	CHECK_ERR(rkd_receipt_encode(&b, &e, kmac), RKD_OK);
	CHECK_INT(rkd_buf_len(&b), 209);
	CHECK_ERR(rkd_receipt_decode(rkd_buf_ptr(&b), 209, kmac, &m), RKD_OK);
	CHECK(memcmp(&m, &e, sizeof(m)) == 0);
	e.count = 49;
	CHECK_ERR(rkd_receipt_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
	e.count = 1;
	e.e[0].slot = 99;
	CHECK_ERR(rkd_receipt_encode(&b, &e, kmac), RKD_ERR_BAD_FIELD);
}

/*
 * The two halves of rkd_receipt_decode() (RECEIPT_BODY, vectors.h): the
 * parse needs no K_MAC and gives the tag as received; the verify takes
 * the entries and the tag, re-encodes and checks; each refuses alone.
 */
static void test_receipt_split(void)
{
	uint8_t body[64], mac[RKD_MAC16_LEN];
	struct rkd_receipt m;
	size_t n;

	n = unhex(RECEIPT_BODY, body, sizeof(body));
	CHECK_ERR(rkd_receipt_parse(body, n, &m, mac), RKD_OK);
	CHECK_INT(m.count, 1);
	CHECK_INT(m.e[0].slot, 2);
	CHECK(memcmp(mac, body + n - RKD_MAC16_LEN, RKD_MAC16_LEN) == 0);
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_OK);
	/* the tag is the body's: one bit off fails the verify only */
	mac[15] ^= 0x80;
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_ERR_BAD_MAC);
	mac[15] ^= 0x80;
	/* an entry changed after the parse: the MAC no longer covers it */
	m.e[0].kcv[2] ^= 1;
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_ERR_BAD_MAC);
	m.e[0].kcv[2] ^= 1;
	m.count = 2;
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_ERR_BAD_MAC);
	m.count = 49;
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_ERR_BAD_FIELD);
	m.count = 1;
	m.e[0].slot = RKD_SLOTS;
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_ERR_BAD_FIELD);
	/* a bad MAC parses: the structure is all it judges */
	body[2] ^= 1;
	CHECK_ERR(rkd_receipt_parse(body, n, &m, mac), RKD_OK);
	CHECK_ERR(rkd_receipt_verify(&m, mac, kmac), RKD_ERR_BAD_MAC);
	body[2] ^= 1;
	/* structure errors: outputs zeroed */
	body[0] = 2;
	CHECK_ERR(rkd_receipt_parse(body, n, &m, mac), RKD_ERR_SHORT);
	CHECK_INT(m.count, 0);
	CHECK(mac[0] == 0 && mac[15] == 0);
	body[0] = 1;
	body[1] = RKD_SLOTS;
	CHECK_ERR(rkd_receipt_parse(body, n, &m, mac), RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_receipt_parse(body, n - 1, &m, mac), RKD_ERR_BAD_LENGTH);
}

/*
 * The decoders the RKS's network process runs are strict: what they
 * accept re-encodes to the very bytes received, so the privileged side
 * can put the canonical encoding in the transcript (rks-server.md,
 * "Privilege separation"). One body of each type the RKS receives.
 */
static void test_reencode(void)
{
	static const char *const hellos[] = {
		"04" "50502d31" ND,
		"20" "3132333435363738393031323334353637383930"
		"313233343536373839303132" ND,
	};
	uint8_t body[RKD_RSA_MAX_BYTES], mem[RKD_RSA_MAX_BYTES];
	uint8_t mac[RKD_MAC16_LEN];
	struct rkd_receipt rc;
	struct rkd_hello h;
	const uint8_t *ct;
	struct rkd_buf b;
	size_t n, i;

	for (i = 0; i < sizeof(hellos) / sizeof(hellos[0]); i++) {
		n = unhex(hellos[i], body, sizeof(body));
		rkd_buf_fixed(&b, mem, sizeof(mem));
		CHECK_ERR(rkd_hello_decode(body, n, &h), RKD_OK);
		CHECK_ERR(rkd_hello_encode(&b, h.dsn, h.dsn_len, h.nonce),
			  RKD_OK);
		CHECK(rkd_buf_len(&b) == n &&
		      memcmp(rkd_buf_ptr(&b), body, n) == 0);
	}
	for (n = RKD_RSA_MIN_BYTES; n <= RKD_RSA_MAX_BYTES; n += 128) {
		for (i = 0; i < n; i++)
			body[i] = (uint8_t)(i * 7 + n);
		rkd_buf_fixed(&b, mem, sizeof(mem));
		CHECK_ERR(rkd_factor_decode(body, n, n, &ct), RKD_OK);
		CHECK_ERR(rkd_factor_encode(&b, ct, n), RKD_OK);
		CHECK(rkd_buf_len(&b) == n &&
		      memcmp(rkd_buf_ptr(&b), body, n) == 0);
		rkd_buf_fixed(&b, mem, sizeof(mem));
		CHECK_ERR(rkd_response_decode(body, n, n, &ct), RKD_OK);
		CHECK_ERR(rkd_response_encode(&b, ct, n), RKD_OK);
		CHECK(rkd_buf_len(&b) == n &&
		      memcmp(rkd_buf_ptr(&b), body, n) == 0);
	}
	/* RECEIPT: entries and tag from the parse, re-encoded with K_MAC */
	n = unhex(RECEIPT_BODY, body, sizeof(body));
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_receipt_parse(body, n, &rc, mac), RKD_OK);
	CHECK_ERR(rkd_receipt_encode(&b, &rc, kmac), RKD_OK);
	CHECK(rkd_buf_len(&b) == n && memcmp(rkd_buf_ptr(&b), body, n) == 0);
}

static void test_error(void)
{
	uint8_t mem[8], code;
	struct rkd_buf b;

	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_error_encode(&b, RKD_ERROR_AUTH_FAILED), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), rkd_buf_len(&b), "01");
	CHECK_ERR(rkd_error_decode((const uint8_t *)"\x04", 1, &code), RKD_OK);
	CHECK_INT(code, RKD_ERROR_BUSY);
	CHECK_ERR(rkd_error_decode((const uint8_t *)"\x00", 1, &code),
		  RKD_ERR_BAD_FIELD);
	CHECK_INT(code, 0);
	CHECK_ERR(rkd_error_decode((const uint8_t *)"\x05", 1, &code),
		  RKD_ERR_BAD_FIELD);
	CHECK_ERR(rkd_error_decode((const uint8_t *)"\x01\x01", 2, &code),
		  RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_error_decode((const uint8_t *)"", 0, &code),
		  RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_error_encode(&b, 0), RKD_ERR_BAD_FIELD);
	CHECK(strcmp(rkd_error_code_name(RKD_ERROR_VERSION), "VERSION") == 0);
	CHECK(strcmp(rkd_error_code_name(9), "unknown") == 0);
}

static void test_helpers(void)
{
	CHECK(rkd_slot_accepts(0, RKD_USAGE_TMK));
	CHECK(rkd_slot_accepts(15, RKD_USAGE_TMK));
	CHECK(!rkd_slot_accepts(16, RKD_USAGE_TMK));
	CHECK(!rkd_slot_accepts(15, RKD_USAGE_MAC));
	CHECK(rkd_slot_accepts(16, RKD_USAGE_PIN));
	CHECK(rkd_slot_accepts(47, RKD_USAGE_DATA));
	CHECK(!rkd_slot_accepts(48, RKD_USAGE_DATA));
	CHECK(!rkd_slot_accepts(20, 0));
	CHECK(rkd_dsn_valid("!~", 2));
	CHECK(!rkd_dsn_valid("a\tb", 3));
}

void test_msg(void)
{
	unhex(KMAC, kmac, sizeof(kmac));
	test_hello();
	test_blobs();
	test_challenge();
	test_key();
	test_done_ack();
	test_receipt();
	test_receipt_split();
	test_reencode();
	test_error();
	test_helpers();
}
