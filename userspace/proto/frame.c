// SPDX-License-Identifier: MIT
/*
 * frame.c - frame headers and the per-type body length rules, without I/O.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "pinpad.h"
#include "rkd_err.h"
#include "rkd_frame.h"

/* The wire numbers are the module's (ioctl/pinpad.h): one truth. */
_Static_assert((int)RKD_MSG_HELLO == (int)PINPAD_MSG_HELLO, "HELLO");
_Static_assert((int)RKD_MSG_WORK_CERT == (int)PINPAD_MSG_WORK_CERT, "WORK_CERT");
_Static_assert((int)RKD_MSG_FACTOR == (int)PINPAD_MSG_FACTOR, "FACTOR");
_Static_assert((int)RKD_MSG_CHALLENGE == (int)PINPAD_MSG_CHALLENGE, "CHALLENGE");
_Static_assert((int)RKD_MSG_RESPONSE == (int)PINPAD_MSG_RESPONSE, "RESPONSE");
_Static_assert((int)RKD_MSG_KEY == (int)PINPAD_MSG_KEY, "KEY");
_Static_assert((int)RKD_MSG_DONE == (int)PINPAD_MSG_DONE, "DONE");
_Static_assert((int)RKD_MSG_RECEIPT == (int)PINPAD_MSG_RECEIPT, "RECEIPT");
_Static_assert((int)RKD_MSG_ACK == (int)PINPAD_MSG_ACK, "ACK");
_Static_assert((int)RKD_MSG_ERROR == (int)PINPAD_MSG_ERROR, "ERROR");
_Static_assert(RKD_BODY_MAX == PINPAD_MSG_MAX, "body cap");
_Static_assert(RKD_DSN_MAX == PINPAD_DSN_MAX, "DSN max");
_Static_assert(RKD_FACTOR_MAX == PINPAD_FACTOR_MAX, "factor max");
_Static_assert(RKD_SLOTS == PINPAD_SLOTS, "slots");
_Static_assert(RKD_TMK_SLOTS == PINPAD_TMK_SLOTS, "TMK slots");
_Static_assert(RKD_KEYS_MAX == PINPAD_SESSION_KEYS_MAX, "keys per session");
_Static_assert(RKD_KCV_LEN == PINPAD_KCV_LEN, "KCV");
_Static_assert(RKD_PROTO_VERSION == PINPAD_PROTO_VERSION, "wire version");

static const uint8_t rkd_magic[2] = { 0x52, 0x4b };	/* "RK" */

/* Body length rule of one type: a range, and for RECEIPT a step. */
struct rkd_len_rule {
	const char *name;
	uint32_t min, max;
	uint32_t step;		/* (len - min) % step == 0; 0: any */
};

static const struct rkd_len_rule rkd_len_rules[128] = {
	[RKD_MSG_HELLO]		= { "HELLO", 1 + 1 + RKD_NONCE_LEN,
				    1 + RKD_DSN_MAX + RKD_NONCE_LEN, 0 },
	[RKD_MSG_WORK_CERT]	= { "WORK_CERT", 3, RKD_BODY_MAX, 0 },
	[RKD_MSG_FACTOR]	= { "FACTOR", RKD_RSA_MIN_BYTES,
				    RKD_RSA_MAX_BYTES, 0 },
	[RKD_MSG_CHALLENGE]	= { "CHALLENGE", RKD_CHALLENGE_LEN,
				    RKD_CHALLENGE_LEN, 0 },
	[RKD_MSG_RESPONSE]	= { "RESPONSE", RKD_RSA_MIN_BYTES,
				    RKD_RSA_MAX_BYTES, 0 },
	/* v3: 8 + B + 16, B the key block's length (at least its header) */
	[RKD_MSG_KEY]		= { "KEY", RKD_KEY_HDR_LEN + PINPAD_KB_HDR_LEN +
				    RKD_MAC16_LEN, RKD_KEY_HDR_LEN +
				    RKD_KEY_BLOCK_MAX + RKD_MAC16_LEN, 0 },
	[RKD_MSG_DONE]		= { "DONE", 1 + RKD_MAC16_LEN,
				    1 + RKD_MAC16_LEN, 0 },
	[RKD_MSG_RECEIPT]	= { "RECEIPT", 1 + RKD_MAC16_LEN,
				    1 + 4 * RKD_KEYS_MAX + RKD_MAC16_LEN, 4 },
	[RKD_MSG_ACK]		= { "ACK", 1 + RKD_MAC16_LEN,
				    1 + RKD_MAC16_LEN, 0 },
	[RKD_MSG_ERROR]		= { "ERROR", 1, 1, 0 },
};

static const struct rkd_len_rule *rkd_len_rule(unsigned int type)
{
	if (type >= sizeof(rkd_len_rules) / sizeof(rkd_len_rules[0]) ||
	    !rkd_len_rules[type].name)
		return NULL;
	return &rkd_len_rules[type];
}

bool rkd_msg_type_known(unsigned int type)
{
	return rkd_len_rule(type) != NULL;
}

const char *rkd_msg_name(unsigned int type)
{
	const struct rkd_len_rule *rule = rkd_len_rule(type);

	return rule ? rule->name : "unknown";
}

int rkd_msg_check_len(unsigned int type, uint32_t len)
{
	const struct rkd_len_rule *rule = rkd_len_rule(type);

	if (!rule)
		return RKD_ERR_BAD_TYPE;
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if (len < rule->min || len > rule->max)
		return RKD_ERR_BAD_LENGTH;
	if (rule->step && (len - rule->min) % rule->step)
		return RKD_ERR_BAD_LENGTH;
	return RKD_OK;
}

int rkd_frame_hdr_parse(const uint8_t hdr[RKD_FRAME_HDR_LEN], uint8_t *type,
			uint32_t *len)
{
	uint8_t magic[2], version, t;
	struct rkd_buf b;
	uint32_t n;
	int r;

	*type = 0;
	*len = 0;
	rkd_buf_view(&b, hdr, RKD_FRAME_HDR_LEN);
	if ((r = rkd_buf_get(&b, magic, sizeof(magic))) != 0 ||
	    (r = rkd_buf_get_u8(&b, &version)) != 0 ||
	    (r = rkd_buf_get_u8(&b, &t)) != 0 ||
	    (r = rkd_buf_get_u32(&b, &n)) != 0)
		return r;
	if (memcmp(magic, rkd_magic, sizeof(magic)) != 0)
		return RKD_ERR_BAD_MAGIC;
	if (version != RKD_PROTO_VERSION)
		return RKD_ERR_BAD_VERSION;
	if ((r = rkd_msg_check_len(t, n)) != 0)
		return r;
	*type = t;
	*len = n;
	return RKD_OK;
}

int rkd_frame_encode(struct rkd_buf *out, unsigned int type,
		     const void *body, size_t len)
{
	int r;

	if (len > UINT32_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(type, (uint32_t)len)) != 0)
		return r;
	if (rkd_buf_avail(out) < RKD_FRAME_HDR_LEN + len)
		return RKD_ERR_NO_SPACE;	/* all or nothing */
	if ((r = rkd_buf_put(out, rkd_magic, sizeof(rkd_magic))) != 0 ||
	    (r = rkd_buf_put_u8(out, RKD_PROTO_VERSION)) != 0 ||
	    (r = rkd_buf_put_u8(out, (uint8_t)type)) != 0 ||
	    (r = rkd_buf_put_u32(out, (uint32_t)len)) != 0 ||
	    (r = rkd_buf_put(out, body, len)) != 0)
		return r;
	return RKD_OK;
}

int rkd_frame_parse(struct rkd_buf *in, struct rkd_frame *f)
{
	uint8_t hdr[RKD_FRAME_HDR_LEN];
	struct rkd_buf peek;
	int r;

	rkd_frame_wipe(f);
	/* look at the header through a view, so @in is untouched on error */
	rkd_buf_view(&peek, rkd_buf_ptr(in), rkd_buf_len(in));
	if ((r = rkd_buf_get(&peek, hdr, sizeof(hdr))) != 0 ||
	    (r = rkd_frame_hdr_parse(hdr, &f->type, &f->len)) != 0 ||
	    (r = rkd_buf_get(&peek, f->body, f->len)) != 0) {
		rkd_frame_wipe(f);
		return r;
	}
	return rkd_buf_consume(in, RKD_FRAME_HDR_LEN + f->len);
}

void rkd_frame_wipe(struct rkd_frame *f)
{
	OPENSSL_cleanse(f, sizeof(*f));
}
