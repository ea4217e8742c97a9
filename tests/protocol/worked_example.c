// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * worked_example - print every message of one download session, in hex,
 * for fixed keys and fixed "random" values, as Documentation/protocol.md
 * shows them; check-worked-example compares the two byte for byte.
 *
 * The device's half is the software device (librkdsoftdev, the same
 * computations as kmod/session.c) with a deterministic random source; the
 * RKS's half is built here from librkdproto's codecs and crypto, with
 * fixed AT and TK1. Every value the RKS checks is checked, so the example
 * is also a test that both halves agree. The RKS's transcript hashes are
 * computed here from the frames as printed (not with rkd_transcript_*),
 * and its CHALLENGE from TDES-ECB and MAC16 (not rkd_challenge_seal), so
 * that the library's version-2 helpers are checked against the spec.
 * Version 3: TK1, TK2, TK are 32 bytes, and each KEY carries an X9.143
 * key block (version D) under KBPK_S, with padding fixed for the example
 * (01 02 03 ...) where a real RKS draws it at random.
 *
 * Usage: worked_example PKI_DIR   (tests/protocol/pki)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "rkd_buf.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_keyblock.h"
#include "rkd_msg.h"
#include "rkd_softdev.h"

#define DSN "PP-EXAMPLE-0001"

static const uint8_t FACTOR[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const uint8_t DIK1[24] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67,
};
/* The RKS's "random" AT and TK1, fixed for the example. */
static const uint8_t AT[24] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
};
static const uint8_t TK1[32] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00,
	0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
	0x0f, 0xed, 0xcb, 0xa9, 0x87, 0x65, 0x43, 0x21,
};
/*
 * The keys delivered: an AES-256 TMK (K0, mode D) for slot 0, a 3-key
 * TDES DATA key (D0, mode B) for slot 16, each with its X9.143 header.
 */
static const struct {
	uint8_t slot, len;
	struct rkd_kb_attr attr;
	uint8_t key[32];
} KEYS[] = {
	{ 0, 32, { "K0", 'A', 'D', "00", 'N' },
	  { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	    0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } },
	{ 16, 24, { "D0", 'T', 'B', "00", 'N' },
	  { 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67,
	    0x76, 0x54, 0x32, 0x10, 0xfe, 0xdc, 0xba, 0x98,
	    0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87 } },
};
/* The key blocks' padding, fixed for the example: 01 02 03 ... */
static const uint8_t PAD[46] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14,
	0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e,
	0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
	0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e,
};

/*
 * The device's random source for the example: SHA-256("pinpad-rkd worked
 * example" || 32-bit big-endian counter), block after block. It gives N_D,
 * TK2 and the OAEP seeds. A real device uses get_random_bytes().
 */
static int det_rand(void *ctx, uint8_t *out, size_t n)
{
	static const char label[] = "pinpad-rkd worked example";
	uint32_t *counter = ctx;
	uint8_t in[sizeof(label) - 1 + 4], block[32];
	size_t take;

	while (n) {
		memcpy(in, label, sizeof(label) - 1);
		in[sizeof(label) - 1] = *counter >> 24;
		in[sizeof(label)] = *counter >> 16;
		in[sizeof(label) + 1] = *counter >> 8;
		in[sizeof(label) + 2] = *counter;
		(*counter)++;
		if (rkd_sha256(in, sizeof(in), block))
			return -1;
		take = n < sizeof(block) ? n : sizeof(block);
		memcpy(out, block, take);
		out += take;
		n -= take;
	}
	return 0;
}

static void die(const char *what, int r)
{
	fprintf(stderr, "worked_example: %s: %s\n", what,
		r < 0 ? rkd_strerror(r) : "failed");
	exit(1);
}

static void hex_line(const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	printf("%-9s ", name);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* One message, as its whole frame in hex, 32 bytes a line. */
static void show(const char *step, const char *dir, unsigned int type,
		 const uint8_t *body, size_t len)
{
	struct rkd_buf frame;
	uint8_t mem[RKD_FRAME_HDR_LEN + RKD_BODY_MAX];
	size_t i, n;
	const uint8_t *p;
	int r;

	rkd_buf_fixed(&frame, mem, sizeof(mem));
	r = rkd_frame_encode(&frame, type, body, len);
	if (r)
		die("frame", r);
	p = rkd_buf_ptr(&frame);
	n = rkd_buf_len(&frame);
	printf("\n%s %s %s, body %zu bytes:\n", step, dir, rkd_msg_name(type),
	       len);
	for (i = 0; i < n; i++)
		printf("%02x%s", p[i], (i + 1) % 32 == 0 || i + 1 == n ?
		       "\n" : "");
}

static uint8_t *read_file(const char *dir, const char *name, size_t *len)
{
	char path[512];
	uint8_t *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc(n)) ||
	    fread(buf, 1, n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

/* The RKS's copy of the transcript: whole frames, as on the wire. */
static uint8_t tr_mem[3 * RKD_BODY_MAX];
static struct rkd_buf tr;

static void keep(unsigned int type, const uint8_t *body, size_t len)
{
	if (rkd_frame_encode(&tr, type, body, len))
		die("transcript", 1);
}

/* SHA256 of what was kept; the transcript goes on from that hash. */
static void transcript_hash(uint8_t h[32])
{
	if (rkd_sha256(rkd_buf_ptr(&tr), rkd_buf_len(&tr), h))
		die("transcript hash", 1);
	rkd_buf_fixed(&tr, tr_mem, sizeof(tr_mem));
	if (rkd_buf_put(&tr, h, 32))
		die("transcript", 1);
}

struct session {
	struct rkd_softdev *dev;
	uint8_t out_mem[RKD_BODY_MAX];
	struct rkd_buf out;
	uint8_t out_type;
};

/* Hand the device a message; its answer is left in s->out. */
static void device_step(struct session *s, unsigned int type,
			const uint8_t *body, size_t len)
{
	int r;

	rkd_buf_fixed(&s->out, s->out_mem, sizeof(s->out_mem));
	r = rkd_softdev_step(s->dev, type, body, len, &s->out_type, &s->out);
	if (r)
		die("device step", r);
}

int main(int argc, char **argv)
{
	uint8_t dik2[24], chal_in[56], chal[72], plain[512], tk[32];
	uint8_t tk_sha2[32], kmac[32], kbpk[32], mem[RKD_BODY_MAX], nd[32];
	uint8_t h_c[32], h_r[32], kc[56];
	const uint8_t *der_p;
	struct rkd_softdev_params p = { 0 };
	struct rkd_receipt receipt;
	struct session s;
	size_t der_len, n, i;
	struct rkd_buf b;
	uint32_t counter = 0;
	EVP_PKEY *work_key;
	uint8_t *der, *root_der;
	X509 *root;
	FILE *f;
	char path[512];
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PKI_DIR\n", argv[0]);
		return 2;
	}
	root_der = read_file(argv[1], "root-cert.der", &n);
	der_p = root_der;
	root = d2i_X509(NULL, &der_p, n);
	der = read_file(argv[1], "work-cert.der", &der_len);
	snprintf(path, sizeof(path), "%s/work-key.pem", argv[1]);
	f = fopen(path, "r");
	work_key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!root || !work_key)
		die("loading the example PKI", 1);

	r = rkd_dik2(DSN, strlen(DSN), FACTOR, sizeof(FACTOR), DIK1, dik2,
		     NULL);
	if (r)
		die("DIK2", r);
	p.dsn = DSN;
	p.factor = FACTOR;
	p.factor_len = sizeof(FACTOR);
	p.dik2 = dik2;
	p.root = root;
	p.rand = det_rand;
	p.rand_ctx = &counter;
	r = rkd_softdev_new(&p, &s.dev);
	if (r)
		die("software device", r);

	printf("Inputs: DSN \"%s\"; the device's random bytes are SHA-256(\"pinpad-rkd worked example\" || counter), counter from 0.\n\n",
	       DSN);
	hex_line("DIK1", DIK1, 24);
	hex_line("factor", FACTOR, 16);
	hex_line("DIK2", dik2, 24);
	hex_line("AT", AT, 24);
	hex_line("TK1", TK1, 32);

	rkd_buf_fixed(&tr, tr_mem, sizeof(tr_mem));
	/* S301 */
	device_step(&s, 0, NULL, 0);
	show("S301", "device -> RKS", s.out_type, rkd_buf_ptr(&s.out),
	     rkd_buf_len(&s.out));
	keep(s.out_type, rkd_buf_ptr(&s.out), rkd_buf_len(&s.out));
	memcpy(nd, rkd_buf_ptr(&s.out) + rkd_buf_len(&s.out) - 32, 32);
	/* S302: the certificate, and no revocation list in this example */
	rkd_buf_fixed(&b, mem, sizeof(mem));
	r = rkd_work_cert_encode(&b, der, der_len, NULL, 0);
	if (r)
		die("WORK_CERT", r);
	show("S302", "RKS -> device", RKD_MSG_WORK_CERT, rkd_buf_ptr(&b),
	     rkd_buf_len(&b));
	keep(RKD_MSG_WORK_CERT, rkd_buf_ptr(&b), rkd_buf_len(&b));
	device_step(&s, RKD_MSG_WORK_CERT, rkd_buf_ptr(&b), rkd_buf_len(&b));
	/* S304 */
	show("S304", "device -> RKS", s.out_type, rkd_buf_ptr(&s.out),
	     rkd_buf_len(&s.out));
	keep(s.out_type, rkd_buf_ptr(&s.out), rkd_buf_len(&s.out));
	r = rkd_oaep_decrypt(work_key, rkd_buf_ptr(&s.out), rkd_buf_len(&s.out),
			     plain, sizeof(plain), &n);
	if (r || n != sizeof(FACTOR) || memcmp(plain, FACTOR, n))
		die("S305: the factor does not decrypt", r);

	/* S306: K_CE || K_CA from DIK2 and H_C; C = TDES(K_CE), T = MAC16 */
	transcript_hash(h_c);
	memcpy(chal_in, AT, 24);
	memcpy(chal_in + 24, TK1, 32);
	r = rkd_kdf(dik2, 24, "pinpad-rkd v2 CHALLENGE", h_c, 32, kc, 56);
	if (!r)
		r = rkd_tdes_ecb(kc, 24, true, chal_in, 56, chal);
	if (!r)
		r = rkd_mac16(kc + 24, RKD_MSG_CHALLENGE, chal, 56, chal + 56);
	if (r)
		die("CHALLENGE", r);
	show("S306", "RKS -> device", RKD_MSG_CHALLENGE, chal, 72);
	keep(RKD_MSG_CHALLENGE, chal, 72);
	device_step(&s, RKD_MSG_CHALLENGE, chal, 72);
	/* S307 */
	show("S307", "device -> RKS", s.out_type, rkd_buf_ptr(&s.out),
	     rkd_buf_len(&s.out));
	keep(s.out_type, rkd_buf_ptr(&s.out), rkd_buf_len(&s.out));
	transcript_hash(h_r);
	r = rkd_oaep_decrypt(work_key, rkd_buf_ptr(&s.out), rkd_buf_len(&s.out),
			     plain, sizeof(plain), &n);
	if (r || n != 88 || memcmp(plain, AT, 24))
		die("S308: AT mismatch", r);
	for (i = 0; i < 32; i++)
		tk[i] = TK1[i] ^ plain[24 + i];
	if (rkd_sha256(tk, 32, tk_sha2) || memcmp(tk_sha2, plain + 56, 32))
		die("S319: TK_SHA2 mismatch", 1);
	if (rkd_kdf(tk, 32, "pinpad-rkd v3 K_MAC", h_r, 32, kmac, 32) ||
	    rkd_kdf(tk, 32, "pinpad-rkd v3 KBPK", h_r, 32, kbpk, 32))
		die("K_MAC, KBPK_S", 1);

	/* S310, once per key: a version D key block under KBPK_S */
	for (i = 0; i < sizeof(KEYS) / sizeof(KEYS[0]); i++) {
		struct rkd_kb_wrap_opts o = { .pad = PAD };
		struct rkd_key_msg m = { .index = i, .slot = KEYS[i].slot };
		size_t bl;

		r = rkd_kb_wrap_ex('D', kbpk, 32, &KEYS[i].attr, KEYS[i].key,
				   KEYS[i].len, 1, &o, m.block,
				   sizeof(m.block), &bl, NULL);
		if (r)
			die("key block", r);
		m.block_len = (uint16_t)bl;
		rkd_buf_fixed(&b, mem, sizeof(mem));
		r = rkd_key_encode(&b, &m, kmac);
		if (r)
			die("KEY", r);
		show("S310", "RKS -> device", RKD_MSG_KEY, rkd_buf_ptr(&b),
		     rkd_buf_len(&b));
		device_step(&s, RKD_MSG_KEY, rkd_buf_ptr(&b), rkd_buf_len(&b));
	}
	/* S322 */
	rkd_buf_fixed(&b, mem, sizeof(mem));
	r = rkd_done_encode(&b, 2, kmac);
	if (r)
		die("DONE", r);
	show("S322", "RKS -> device", RKD_MSG_DONE, rkd_buf_ptr(&b),
	     rkd_buf_len(&b));
	device_step(&s, RKD_MSG_DONE, rkd_buf_ptr(&b), rkd_buf_len(&b));
	show("S322", "device -> RKS", s.out_type, rkd_buf_ptr(&s.out),
	     rkd_buf_len(&s.out));
	r = rkd_receipt_decode(rkd_buf_ptr(&s.out), rkd_buf_len(&s.out), kmac,
			       &receipt);
	if (r || receipt.count != 2)
		die("RECEIPT", r);
	/* each KCV: X9.24-1 A.2 (TDES) or A.3 (AES), as the RKS stored it */
	for (i = 0; i < 2; i++) {
		uint8_t kcv[3];

		if (rkd_kcv_alg(KEYS[i].attr.algorithm, KEYS[i].key,
				KEYS[i].len, kcv) ||
		    receipt.e[i].slot != KEYS[i].slot ||
		    memcmp(receipt.e[i].kcv, kcv, 3))
			die("RECEIPT entry", 1);
	}
	/* S323: the device checks ACK and wipes; S324: so does the RKS */
	rkd_buf_fixed(&b, mem, sizeof(mem));
	r = rkd_ack_encode(&b, 0, kmac);
	if (r)
		die("ACK", r);
	show("S323", "RKS -> device", RKD_MSG_ACK, rkd_buf_ptr(&b),
	     rkd_buf_len(&b));
	device_step(&s, RKD_MSG_ACK, rkd_buf_ptr(&b), rkd_buf_len(&b));
	if (rkd_softdev_phase(s.dev) != RKD_SOFTDEV_COMPLETE)
		die("the session did not complete", 1);

	printf("\nDerived on both sides:\n\n");
	hex_line("N_D", nd, 32);
	hex_line("H_C", h_c, 32);
	hex_line("K_CE", kc, 24);
	hex_line("K_CA", kc + 24, 32);
	hex_line("H_R", h_r, 32);
	hex_line("TK2", plain + 24, 32);
	hex_line("TK", tk, 32);
	hex_line("TK_SHA2", tk_sha2, 32);
	hex_line("K_MAC", kmac, 32);
	hex_line("KBPK_S", kbpk, 32);
	for (i = 0; i < sizeof(KEYS) / sizeof(KEYS[0]); i++) {
		uint8_t kcv[3];
		char name[16];

		rkd_kcv_alg(KEYS[i].attr.algorithm, KEYS[i].key, KEYS[i].len,
			    kcv);
		snprintf(name, sizeof(name), "slot %u", KEYS[i].slot);
		printf("%-9s key ", name);
		for (n = 0; n < KEYS[i].len; n++)
			printf("%02x", KEYS[i].key[n]);
		printf(", %.2s %s, KCV %02x%02x%02x\n", KEYS[i].attr.usage,
		       KEYS[i].attr.algorithm == 'A' ? "AES" : "TDES", kcv[0],
		       kcv[1], kcv[2]);
	}
	rkd_softdev_free(s.dev);
	EVP_PKEY_free(work_key);
	X509_free(root);
	free(der);
	free(root_der);
	return 0;
}
