// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wire_tests.c - unit tests of kmod/tpm2_wire.c on the host.
 *
 * Vectors: responses and command bodies laid out by hand from the TCG TPM
 * 2.0 Library specification, Part 1 "Command/Response Structure" (header,
 * handle area, parameterSize, authorization area) and Part 3 (each
 * command's response: CreatePrimary 24.1, Create 12.1, Load 12.2,
 * StartAuthSession 11.1, Unseal 12.7, NV_Read 31.13). The Unseal response
 * is the shape swtpm 0.7.1 returns (checked with tests/e2e/tpm-e2e's
 * module, which parses it).
 *
 * With --seeds DIR, writes the good responses as the fuzzer's seeds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "host-test.h"
#include "tpm2_wire.h"

#define RC_POLICY_FAIL_S1	0x99d	/* TPM_RC_POLICY_FAIL, session 1 */

struct vec {
	const char *name;
	u8 b[256];
	u32 len;
};

static struct vec v;

static void start(const char *name)
{
	memset(&v, 0, sizeof(v));
	v.name = name;
}

static void put(const void *p, u32 n)
{
	memcpy(v.b + v.len, p, n);
	v.len += n;
}

static void u16be(u16 x)
{
	u8 b[2] = { x >> 8, x };

	put(b, 2);
}

static void u32be(u32 x)
{
	u8 b[4] = { x >> 24, x >> 16, x >> 8, x };

	put(b, 4);
}

/* Patch the header's responseSize once the response is complete */
static void done(void)
{
	v.b[2] = v.len >> 24;
	v.b[3] = v.len >> 16;
	v.b[4] = v.len >> 8;
	v.b[5] = v.len;
}

static const u8 key32[32] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/* The empty response authorization of a password or policy session */
static void auth_rsp(void)
{
	u16be(0);		/* nonceTPM */
	put("\x00", 1);		/* sessionAttributes */
	u16be(0);		/* hmac */
}

/* Unseal: tag SESSIONS, size, rc 0, parameterSize, outData, auth */
static void unseal_rsp(u16 data_len, u32 psize_extra, bool trailing)
{
	start("unseal");
	u16be(TPM2W_ST_SESSIONS);
	u32be(0);
	u32be(0);
	u32be(2 + data_len + psize_extra + trailing);
	u16be(data_len);
	put(key32, data_len);
	if (trailing)
		put("\x00", 1);
	auth_rsp();
	done();
}

static void test_header(void)
{
	struct tpm2w_reader r;
	u32 rc, h;
	u8 err[10] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x9d };
	u8 buf[16];

	CHECK_INT(tpm2w_rsp_open(&r, err, sizeof(err), 0, NULL, &rc), 0);
	CHECK_INT(rc, RC_POLICY_FAIL_S1);
	CHECK_INT(tpm2w_parse_data(err, sizeof(err), buf, 32),
		  RC_POLICY_FAIL_S1);
	/* shorter than a header, or a size past the buffer */
	CHECK_INT(tpm2w_rsp_open(&r, err, 9, 0, NULL, &rc), -EBADMSG);
	err[5] = 11;
	CHECK_INT(tpm2w_rsp_open(&r, err, sizeof(err), 0, NULL, &rc), -EBADMSG);
	err[5] = 9;
	CHECK_INT(tpm2w_rsp_open(&r, err, sizeof(err), 0, NULL, &rc), -EBADMSG);
	err[5] = 10;
	/* an unknown tag */
	err[1] = 0xc4;
	CHECK_INT(tpm2w_rsp_open(&r, err, sizeof(err), 0, NULL, &rc), -EBADMSG);
	/* an error response carries nothing after the header */
	memcpy(buf, "\x80\x01\x00\x00\x00\x0b\x00\x00\x09\x9d\x00", 11);
	CHECK_INT(tpm2w_rsp_open(&r, buf, 11, 0, NULL, &rc), -EBADMSG);
	/* a handle cut short */
	memcpy(buf, "\x80\x01\x00\x00\x00\x0c\x00\x00\x00\x00\x80\x00", 12);
	CHECK_INT(tpm2w_rsp_open(&r, buf, 12, 1, &h, &rc), -EBADMSG);
}

static void test_unseal(void)
{
	u8 out[32];

	unseal_rsp(32, 0, false);
	memset(out, 0xee, sizeof(out));
	CHECK_INT(tpm2w_parse_data(v.b, v.len, out, 32), 0);
	CHECK_MEM(out, key32, 32);
	/* the buffer may be larger than the response: the size field rules */
	CHECK_INT(tpm2w_parse_data(v.b, sizeof(v.b), out, 32), 0);
	/* but never smaller */
	CHECK_INT(tpm2w_parse_data(v.b, v.len - 1, out, 32), -EBADMSG);
	/* 31 or 33 bytes of key: refused, nothing copied */
	unseal_rsp(31, 0, false);
	memset(out, 0xee, sizeof(out));
	CHECK_INT(tpm2w_parse_data(v.b, v.len, out, 32), -EBADMSG);
	CHECK(out[0] == 0xee);
	unseal_rsp(32, 0, true);
	CHECK_INT(tpm2w_parse_data(v.b, v.len, out, 32), -EBADMSG);
	/* parameterSize past the response */
	unseal_rsp(32, 100, false);
	CHECK_INT(tpm2w_parse_data(v.b, v.len, out, 32), -EBADMSG);
	/* parameterSize shorter than the TPM2B: the auth area is no key */
	unseal_rsp(32, 0, false);
	v.b[13] = 20;
	CHECK_INT(tpm2w_parse_data(v.b, v.len, out, 32), -EBADMSG);
}

static void load_rsp(void)
{
	start("load");
	u16be(TPM2W_ST_SESSIONS);
	u32be(0);
	u32be(0);
	u32be(0x80000001);	/* objectHandle */
	u32be(2 + 34);		/* parameterSize */
	u16be(34);		/* name: nameAlg + SHA-256 digest */
	u16be(TPM2W_ALG_SHA256);
	put(key32, 32);
	auth_rsp();
	done();
}

static void test_load_and_session(void)
{
	u32 h = 0;

	load_rsp();
	CHECK_INT(tpm2w_parse_handle(v.b, v.len, &h), 0);
	CHECK_INT(h, 0x80000001);
	v.b[19] = 35;	/* name longer than the parameter area */
	CHECK_INT(tpm2w_parse_handle(v.b, v.len, &h), -EBADMSG);

	/* StartAuthSession: NO_SESSIONS, handle, nonceTPM */
	start("start-auth");
	u16be(TPM2W_ST_NO_SESSIONS);
	u32be(0);
	u32be(0);
	u32be(0x03000000);
	u16be(16);
	put(key32, 16);
	done();
	h = 0;
	CHECK_INT(tpm2w_parse_handle(v.b, v.len, &h), 0);
	CHECK_INT(h, 0x03000000);
	v.b[15] = 65;	/* nonceTPM over TPM2W_NONCE_MAX */
	CHECK_INT(tpm2w_parse_handle(v.b, v.len, &h), -EBADMSG);

	/* PolicyPCR, PCR_Extend, NV_Increment: nothing but the header (and
	 * for SESSIONS an empty parameter area and the auth area) */
	start("empty");
	u16be(TPM2W_ST_NO_SESSIONS);
	u32be(0);
	u32be(0);
	done();
	CHECK_INT(tpm2w_parse_empty(v.b, v.len), 0);
	start("empty-sessions");
	u16be(TPM2W_ST_SESSIONS);
	u32be(0);
	u32be(0);
	u32be(0);
	auth_rsp();
	done();
	CHECK_INT(tpm2w_parse_empty(v.b, v.len), 0);
	v.b[13] = 1;	/* one parameter byte where none is defined */
	CHECK_INT(tpm2w_parse_empty(v.b, v.len), -EBADMSG);
}

static void create_rsp(u16 priv_len)
{
	start("create");
	u16be(TPM2W_ST_SESSIONS);
	u32be(0);
	u32be(0);
	u32be(2 + priv_len + 2 + 10 + 2 + 2 + 2 + 4 + 2);
	u16be(priv_len);	/* outPrivate */
	put(key32, priv_len);
	u16be(10);		/* outPublic (any 10 bytes here) */
	put(key32, 10);
	u16be(0);		/* creationData */
	u16be(0);		/* creationHash */
	u16be(0x8021);		/* creationTicket: TPM_ST_CREATION */
	u32be(TPM2W_RH_OWNER);
	u16be(0);
	auth_rsp();
	done();
}

static void test_create_and_object(void)
{
	struct tpm2w_b priv, pub, p2, q2;
	u8 obj[TPM2W_OBJ_MAX + 1];
	u32 n;

	create_rsp(20);
	CHECK_INT(tpm2w_parse_create(v.b, v.len, &priv, &pub), 0);
	CHECK_INT(priv.len, 20);
	CHECK_INT(pub.len, 10);
	n = tpm2w_obj_build(obj, sizeof(obj), priv, pub);
	CHECK_INT(n, 8 + 2 + 20 + 2 + 10);
	CHECK_MEM(obj, "PPTK\x01\x00\x00\x00\x00\x14", 10);
	CHECK_INT(tpm2w_obj_parse(obj, n, &p2, &q2), 0);
	CHECK(p2.len == 20 && !memcmp(p2.p, priv.p, 20));
	CHECK(q2.len == 10 && !memcmp(q2.p, pub.p, 10));
	/* too small a buffer: nothing */
	CHECK_INT(tpm2w_obj_build(obj, n - 1, priv, pub), 0);
	/* trailing byte, short, bad magic or version: refused */
	CHECK_INT(tpm2w_obj_parse(obj, n + 1, &p2, &q2), -EBADMSG);
	CHECK_INT(tpm2w_obj_parse(obj, n - 1, &p2, &q2), -EBADMSG);
	obj[0] = 'Q';
	CHECK_INT(tpm2w_obj_parse(obj, n, &p2, &q2), -EBADMSG);
	obj[0] = 'P';
	obj[4] = 2;
	CHECK_INT(tpm2w_obj_parse(obj, n, &p2, &q2), -EBADMSG);
	CHECK_INT(tpm2w_obj_parse(obj, 0, &p2, &q2), -EBADMSG);
	/* an empty private part is no object */
	create_rsp(0);
	CHECK_INT(tpm2w_parse_create(v.b, v.len, &priv, &pub), -EBADMSG);
}

static void test_bodies(void)
{
	static const u8 sel15[] = {	/* Part 2 10.6.2, 10.9.7 */
		0, 0, 0, 1, 0x00, 0x0b, 3, 0x00, 0x80, 0x00
	};
	static const u8 unseal[] = {	/* Part 3 12.7.2: item, auth area */
		0x80, 0, 0, 1, 0, 0, 0, 9, 0x03, 0, 0, 0, 0, 0, 0, 0, 0
	};
	u8 buf[128];
	struct tpm2w_writer w = { .p = buf, .cap = sizeof(buf) };

	tpm2w_pcr_selection(&w, 15);
	CHECK_INT(w.len, sizeof(sel15));
	CHECK_MEM(buf, sel15, sizeof(sel15));
	w.len = 0;
	tpm2w_pcr_selection(&w, 24);
	CHECK(w.bad);
	w = (struct tpm2w_writer){ .p = buf, .cap = sizeof(buf) };
	tpm2w_body_unseal(&w, 0x80000001, 0x03000000);
	CHECK_INT(w.len, sizeof(unseal));
	CHECK_MEM(buf, unseal, sizeof(unseal));
	/* CreatePrimary: handle 4, auth 13, inSensitive 6, inPublic 28,
	 * outsideInfo 2, creationPCR 4 */
	w.len = 0;
	tpm2w_body_create_primary(&w);
	CHECK_INT(w.len, 4 + 13 + 6 + 28 + 2 + 4);
	CHECK(!w.bad);
	/* a writer that runs out stays out */
	w = (struct tpm2w_writer){ .p = buf, .cap = 10 };
	tpm2w_body_create_primary(&w);
	CHECK(w.bad);
	CHECK(w.len <= 10);
	CHECK_HAS(tpm2w_rc_text(RC_POLICY_FAIL_S1), "POLICY_FAIL");
	CHECK_HAS(tpm2w_rc_text(0x1df), "INTEGRITY");
	CHECK_HAS(tpm2w_rc_text(0x12345), "TPM error");
}

static int write_seeds(const char *dir)
{
	char path[4096];
	int i;
	FILE *f;

	for (i = 0; i < 4; i++) {
		if (i == 0)
			unseal_rsp(32, 0, false);
		else if (i == 1)
			load_rsp();
		else if (i == 2)
			create_rsp(20);
		else
			start("empty"), u16be(TPM2W_ST_NO_SESSIONS), u32be(0),
				u32be(0), done();
		snprintf(path, sizeof(path), "%s/%s", dir, v.name);
		f = fopen(path, "wb");
		if (!f || fwrite(v.b, 1, v.len, f) != v.len || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--seeds"))
		return write_seeds(argv[2]);
	test_header();
	test_suite_done("header", 8);
	test_unseal();
	test_suite_done("unseal", 8);
	test_load_and_session();
	test_suite_done("load", 8);
	test_create_and_object();
	test_suite_done("create", 8);
	test_bodies();
	test_suite_done("bodies", 8);
	return test_summary();
}
