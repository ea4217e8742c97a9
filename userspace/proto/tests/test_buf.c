// SPDX-License-Identifier: MIT
/*
 * test_buf.c - the buffer API: bounds, maxima, zeroed outputs, views.
 */
#include <string.h>

#include "rkd_buf.h"
#include "rkd_err.h"
#include "test.h"

static void test_roundtrip(void)
{
	struct rkd_buf *b = rkd_buf_new(64);
	uint8_t u8, raw[3];
	uint16_t u16;
	uint32_t u32;

	CHECK(b != NULL);
	CHECK_ERR(rkd_buf_put_u8(b, 0xab), RKD_OK);
	CHECK_ERR(rkd_buf_put_u16(b, 0x1234), RKD_OK);
	CHECK_ERR(rkd_buf_put_u32(b, 0xdeadbeef), RKD_OK);
	CHECK_ERR(rkd_buf_put(b, "xyz", 3), RKD_OK);
	CHECK_INT(rkd_buf_len(b), 10);
	/* big-endian on the wire */
	CHECK_HEX(rkd_buf_ptr(b), 7, "ab1234deadbeef");
	CHECK_ERR(rkd_buf_get_u8(b, &u8), RKD_OK);
	CHECK_INT(u8, 0xab);
	CHECK_ERR(rkd_buf_get_u16(b, &u16), RKD_OK);
	CHECK_INT(u16, 0x1234);
	CHECK_ERR(rkd_buf_get_u32(b, &u32), RKD_OK);
	CHECK_INT(u32, 0xdeadbeef);
	CHECK_ERR(rkd_buf_get_end(b), RKD_ERR_TRAILING);
	CHECK_ERR(rkd_buf_get(b, raw, 3), RKD_OK);
	CHECK(memcmp(raw, "xyz", 3) == 0);
	CHECK_ERR(rkd_buf_get_end(b), RKD_OK);
	CHECK_INT(rkd_buf_len(b), 0);
	rkd_buf_free(b);
}

/* A failed getter zeroes its output and consumes nothing. */
static void test_short_reads(void)
{
	static const uint8_t three[3] = { 1, 2, 3 };
	uint8_t out[4];
	const uint8_t *p = three;
	struct rkd_buf v;
	uint32_t u32 = 0xffffffff;
	uint16_t u16 = 0xffff;

	rkd_buf_view(&v, three, sizeof(three));
	CHECK_ERR(rkd_buf_get_u32(&v, &u32), RKD_ERR_SHORT);
	CHECK_INT(u32, 0);
	CHECK_INT(rkd_buf_len(&v), 3);
	memset(out, 0xaa, sizeof(out));
	CHECK_ERR(rkd_buf_get(&v, out, 4), RKD_ERR_SHORT);
	CHECK_HEX(out, 4, "00000000");
	CHECK_ERR(rkd_buf_get_ptr(&v, 4, &p), RKD_ERR_SHORT);
	CHECK(p == NULL);
	CHECK_ERR(rkd_buf_consume(&v, 4), RKD_ERR_SHORT);
	CHECK_INT(rkd_buf_len(&v), 3);
	CHECK_ERR(rkd_buf_get_u16(&v, &u16), RKD_OK);
	CHECK_INT(u16, 0x0102);
	CHECK_ERR(rkd_buf_get_u16(&v, &u16), RKD_ERR_SHORT);
	CHECK_INT(u16, 0);
	CHECK_ERR(rkd_buf_get_ptr(&v, 1, &p), RKD_OK);
	CHECK(p == three + 2);
	CHECK_ERR(rkd_buf_get_end(&v), RKD_OK);
	/* an empty view */
	rkd_buf_view(&v, NULL, 0);
	CHECK_ERR(rkd_buf_get_ptr(&v, 0, &p), RKD_OK);
	CHECK(p != NULL);
	CHECK_ERR(rkd_buf_get(&v, out, 1), RKD_ERR_SHORT);
}

static void test_limits(void)
{
	uint8_t mem[8], big[300], *p;
	struct rkd_buf *b = rkd_buf_new(300), f, v;
	size_t i;

	/* heap: grows past its first allocation, stops at the maximum */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	CHECK_ERR(rkd_buf_put(b, big, 200), RKD_OK);
	CHECK_ERR(rkd_buf_put(b, big, 101), RKD_ERR_NO_SPACE);
	CHECK_INT(rkd_buf_len(b), 200);
	CHECK_INT(rkd_buf_avail(b), 100);
	CHECK_ERR(rkd_buf_put(b, big + 200, 100), RKD_OK);
	CHECK(memcmp(rkd_buf_ptr(b), big, 300) == 0);
	CHECK_ERR(rkd_buf_put_u8(b, 0), RKD_ERR_NO_SPACE);
	/* reading everything starts the buffer over */
	CHECK_ERR(rkd_buf_consume(b, 300), RKD_OK);
	CHECK_INT(rkd_buf_avail(b), 300);
	rkd_buf_free(b);
	rkd_buf_free(NULL);

	/* fixed: never past the caller's memory */
	rkd_buf_fixed(&f, mem, sizeof(mem));
	CHECK_ERR(rkd_buf_put_u32(&f, 1), RKD_OK);
	CHECK_ERR(rkd_buf_put_u32(&f, 2), RKD_OK);
	CHECK_ERR(rkd_buf_put_u8(&f, 3), RKD_ERR_NO_SPACE);
	CHECK_ERR(rkd_buf_unput(&f, 4), RKD_OK);
	CHECK_HEX(mem + 4, 4, "00000000");	/* unput wipes */
	CHECK_ERR(rkd_buf_reserve(&f, 4, &p), RKD_OK);
	CHECK(p == mem + 4);
	CHECK_ERR(rkd_buf_unput(&f, 9), RKD_ERR_SHORT);
	rkd_buf_reset(&f);
	CHECK_INT(rkd_buf_len(&f), 0);
	CHECK_HEX(mem, 8, "0000000000000000");	/* reset wipes */

	/* a view is read-only */
	rkd_buf_view(&v, big, 10);
	CHECK_ERR(rkd_buf_put_u8(&v, 1), RKD_ERR_READ_ONLY);
	CHECK_ERR(rkd_buf_unput(&v, 1), RKD_ERR_READ_ONLY);
	CHECK_INT(rkd_buf_avail(&v), 0);
	CHECK_INT(rkd_buf_len(&v), 10);
}

static void test_errors(void)
{
	CHECK(strcmp(rkd_errname(RKD_ERR_BAD_MAC), "bad-mac") == 0);
	CHECK(strcmp(rkd_strerror(RKD_ERR_BAD_VERSION),
		     "unsupported protocol version") == 0);
	CHECK(strcmp(rkd_strerror(-1000), "unknown error") == 0);
	CHECK(strcmp(rkd_errname(5), "unknown") == 0);
	CHECK(strcmp(rkd_errname(RKD_ERR_PEER_ERROR), "peer-error") == 0);
}

void test_buf(void)
{
	test_roundtrip();
	test_short_reads();
	test_limits();
	test_errors();
}
