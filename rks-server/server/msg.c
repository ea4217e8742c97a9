// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * msg.c - `frame -> message` (msg.h): librkdproto's decoders, one per
 * type the RKS takes, and nothing that needs a key (a RECEIPT is parsed
 * here; its MAC is checked by the session, which holds K_MAC).
 */
#include <string.h>

#include <openssl/crypto.h>

#include "msg.h"
#include "net_hook.h"
#include "rkd_err.h"
#include "rkd_frame.h"

int rks_msg_decode(uint8_t type, const uint8_t *body, uint32_t len,
		   size_t modulus_len, struct rks_msg *m)
{
	const uint8_t *ct = NULL;
	int r;

	memset(m, 0, sizeof(*m));
	m->type = type;
	m->len = len;
	/* a test build's way to crash the decoder (net_hook.h) */
	if (rks_net_decode_hook)
		rks_net_decode_hook(type, body, len);
	switch (type) {
	case RKD_MSG_HELLO:
		r = rkd_hello_decode(body, len, &m->u.hello);
		break;
	case RKD_MSG_FACTOR:
		r = rkd_factor_decode(body, len, modulus_len, &ct);
		break;
	case RKD_MSG_RESPONSE:
		r = rkd_response_decode(body, len, modulus_len, &ct);
		break;
	case RKD_MSG_RECEIPT:
		r = rkd_receipt_parse(body, len, &m->u.receipt.items,
				      m->u.receipt.mac);
		break;
	default:
		r = RKD_ERR_UNEXPECTED;
		break;
	}
	if (r == RKD_OK && ct) {
		/* (the decoder checked len == modulus_len <= 512) */
		m->u.rsa.len = (uint16_t)modulus_len;
		memcpy(m->u.rsa.ct, ct, modulus_len);
	}
	if (r != RKD_OK)
		memset(&m->u, 0, sizeof(m->u));
	m->err = r;
	return r;
}

void rks_msg_bad_header(struct rks_msg *m, int err)
{
	memset(m, 0, sizeof(*m));
	m->err = err;
}

bool rks_msg_header_error(int err)
{
	return err == RKD_ERR_BAD_MAGIC || err == RKD_ERR_BAD_VERSION ||
	       err == RKD_ERR_BAD_TYPE || err == RKD_ERR_TOO_LONG ||
	       err == RKD_ERR_BAD_LENGTH;
}

bool rks_msg_body_error(int err)
{
	return err == RKD_ERR_SHORT || err == RKD_ERR_TRAILING ||
	       err == RKD_ERR_TOO_LONG || err == RKD_ERR_BAD_LENGTH ||
	       err == RKD_ERR_BAD_FIELD;
}

bool rks_msg_taken(unsigned int type)
{
	return type == RKD_MSG_HELLO || type == RKD_MSG_FACTOR ||
	       type == RKD_MSG_RESPONSE || type == RKD_MSG_RECEIPT;
}

int rks_msg_body(const struct rks_msg *m, struct rkd_buf *out)
{
	if (m->err != RKD_OK)
		return RKD_ERR_ARGUMENT;
	switch (m->type) {
	case RKD_MSG_HELLO:
		return rkd_hello_encode(out, m->u.hello.dsn,
					m->u.hello.dsn_len,
					m->u.hello.nonce);
	case RKD_MSG_FACTOR:
		return rkd_factor_encode(out, m->u.rsa.ct, m->u.rsa.len);
	case RKD_MSG_RESPONSE:
		return rkd_response_encode(out, m->u.rsa.ct, m->u.rsa.len);
	default:
		return RKD_ERR_ARGUMENT;
	}
}

void rks_msg_wipe(struct rks_msg *m)
{
	OPENSSL_cleanse(m, sizeof(*m));
}
