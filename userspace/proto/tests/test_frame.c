// SPDX-License-Identifier: MIT
/*
 * test_frame.c - frame headers: magic, version, type, the 4096 cap and
 * every type's own length rule; encode and parse from memory.
 */
#include <stdlib.h>
#include <string.h>

#include "rkd_err.h"
#include "rkd_frame.h"
#include "test.h"

static void hdr(uint8_t h[8], uint8_t type, uint32_t len)
{
	h[0] = 'R';
	h[1] = 'K';
	h[2] = RKD_PROTO_VERSION;
	h[3] = type;
	h[4] = len >> 24;
	h[5] = len >> 16;
	h[6] = len >> 8;
	h[7] = len;
}

static int parse(uint8_t type, uint32_t len)
{
	uint8_t h[8], t = 0xee;
	uint32_t n = 0xeeee;
	int r;

	hdr(h, type, len);
	r = rkd_frame_hdr_parse(h, &t, &n);
	/* outputs are set on success and zero on error */
	if (r == 0 && (t != type || n != len))
		return RKD_ERR_INTERNAL;
	if (r != 0 && (t != 0 || n != 0))
		return RKD_ERR_INTERNAL;
	return r;
}

/* Each type: lengths it allows, and lengths next to them it refuses. */
static const struct {
	uint8_t type;
	uint32_t good[6];
	uint32_t bad[6];
} rules[] = {
	{ 0x01, { 34, 45, 65 },		{ 0, 2, 33, 66, 4096 } }, /* HELLO */
	{ 0x02, { 3, 900, 4096 },	{ 0, 1, 2 } },		/* WORK_CERT */
	{ 0x03, { 256, 384, 512 },	{ 0, 255, 513, 4096 } },/* FACTOR */
	{ 0x04, { 72 },			{ 0, 48, 64, 71, 73 } },/* CHALLENGE */
	{ 0x05, { 256, 384, 512 },	{ 0, 128, 255, 513 } },	/* RESPONSE */
	{ 0x06, { 40, 136, 536 },	{ 0, 32, 39, 537 } },	/* KEY */
	{ 0x07, { 17 },			{ 0, 1, 16, 18 } },	/* DONE */
	{ 0x08, { 17, 21, 209 },	{ 0, 16, 18, 20, 213, 210 } }, /* RECEIPT */
	{ 0x09, { 17 },			{ 0, 1, 16, 18 } },	/* ACK */
	{ 0x7f, { 1 },			{ 0, 2, 17 } },		/* ERROR */
};

static void test_len_rules(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		for (j = 0; j < 6 && rules[i].good[j]; j++)
			check_at(parse(rules[i].type, rules[i].good[j]) == 0,
				 __FILE__, __LINE__, "type %02x len %u allowed",
				 rules[i].type, rules[i].good[j]);
		/* bad[0] is always 0: the empty body */
		for (j = 0; j < 6 && (j == 0 || rules[i].bad[j]); j++)
			check_at(parse(rules[i].type, rules[i].bad[j]) ==
				 RKD_ERR_BAD_LENGTH, __FILE__, __LINE__,
				 "type %02x len %u refused", rules[i].type,
				 rules[i].bad[j]);
		/* above the cap it is "too long", whatever the type */
		CHECK_ERR(parse(rules[i].type, 4097), RKD_ERR_TOO_LONG);
		CHECK_ERR(parse(rules[i].type, 0xffffffff), RKD_ERR_TOO_LONG);
		CHECK(rkd_msg_type_known(rules[i].type));
		CHECK(strcmp(rkd_msg_name(rules[i].type), "unknown") != 0);
	}
}

static void test_bad_headers(void)
{
	uint8_t h[8], t;
	uint32_t n;
	unsigned int type;

	hdr(h, 0x01, 5);
	h[0] = 'r';
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_MAGIC);
	hdr(h, 0x01, 5);
	h[1] = 'J';
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_MAGIC);
	hdr(h, 0x01, 5);
	h[2] = 1;			/* a version-1 peer */
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_VERSION);
	h[2] = 2;			/* a version-2 peer */
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_VERSION);
	h[2] = 4;
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_VERSION);
	h[2] = 0;
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_VERSION);
	/* magic is judged before version, version before type */
	hdr(h, 0x55, 5);
	h[2] = 9;
	h[0] = 0;
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_MAGIC);
	hdr(h, 0x55, 5);
	h[2] = 9;
	CHECK_ERR(rkd_frame_hdr_parse(h, &t, &n), RKD_ERR_BAD_VERSION);
	/* every unknown type; type before length */
	for (type = 0; type < 256; type++) {
		if (rkd_msg_type_known(type))
			continue;
		if (parse((uint8_t)type, 1) != RKD_ERR_BAD_TYPE)
			check_at(false, __FILE__, __LINE__,
				 "type %02x refused", type);
	}
	CHECK_ERR(parse(0x00, 9999), RKD_ERR_BAD_TYPE);
	CHECK_ERR(parse(0x0a, 17), RKD_ERR_BAD_TYPE);
	CHECK_ERR(parse(0xff, 1), RKD_ERR_BAD_TYPE);
	CHECK(!rkd_msg_type_known(0x80));
	CHECK(strcmp(rkd_msg_name(0x80), "unknown") == 0);
}

static void test_encode_parse(void)
{
	uint8_t mem[64], body[40];
	struct rkd_frame *f = malloc(sizeof(*f));
	struct rkd_buf b, in;

	memset(body, 0x42, sizeof(body));
	rkd_buf_fixed(&b, mem, sizeof(mem));
	CHECK_ERR(rkd_frame_encode(&b, 0x06, body, 40), RKD_OK);
	CHECK_HEX(rkd_buf_ptr(&b), 8, "524b030600000028");
	CHECK_ERR(rkd_frame_encode(&b, 0x7f, "\x02", 1), RKD_OK);
	CHECK_INT(rkd_buf_len(&b), 48 + 9);
	/* no room for another: nothing written */
	CHECK_ERR(rkd_frame_encode(&b, 0x7f, "\x02", 1), RKD_ERR_NO_SPACE);
	CHECK_INT(rkd_buf_len(&b), 57);
	/* encoders check what readers check */
	CHECK_ERR(rkd_frame_encode(&b, 0x06, body, 39), RKD_ERR_BAD_LENGTH);
	CHECK_ERR(rkd_frame_encode(&b, 0x42, body, 1), RKD_ERR_BAD_TYPE);
	CHECK_ERR(rkd_frame_encode(&b, 0x02, body, 4097), RKD_ERR_TOO_LONG);

	rkd_buf_view(&in, rkd_buf_ptr(&b), rkd_buf_len(&b));
	CHECK_ERR(rkd_frame_parse(&in, f), RKD_OK);
	CHECK_INT(f->type, 0x06);
	CHECK_INT(f->len, 40);
	CHECK(memcmp(f->body, body, 40) == 0);
	CHECK_ERR(rkd_frame_parse(&in, f), RKD_OK);
	CHECK_INT(f->type, 0x7f);
	CHECK_INT(f->len, 1);
	CHECK_ERR(rkd_frame_parse(&in, f), RKD_ERR_SHORT);

	/* a truncated frame consumes nothing */
	rkd_buf_view(&in, rkd_buf_ptr(&b), 47);
	CHECK_ERR(rkd_frame_parse(&in, f), RKD_ERR_SHORT);
	CHECK_INT(rkd_buf_len(&in), 47);
	CHECK_INT(f->type, 0);
	rkd_buf_view(&in, rkd_buf_ptr(&b), 5);
	CHECK_ERR(rkd_frame_parse(&in, f), RKD_ERR_SHORT);
	free(f);
}

void test_frame(void)
{
	test_len_rules();
	test_bad_headers();
	test_encode_parse();
}
