// SPDX-License-Identifier: MIT
/*
 * msg_auth.c - bodies of the authentication messages (HELLO, WORK_CERT,
 * FACTOR, CHALLENGE, RESPONSE) and of ERROR.
 */
#include <string.h>

#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_msg.h"

/* Append a body of @type, all or nothing, after checking its length. */
static int rkd_put_body(struct rkd_buf *out, unsigned int type,
			const uint8_t *p, size_t len)
{
	int r;

	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(type, (uint32_t)len)) != 0)
		return r;
	if (rkd_buf_avail(out) < len)
		return RKD_ERR_NO_SPACE;
	return rkd_buf_put(out, p, len);
}

int rkd_hello_encode(struct rkd_buf *out, const char *dsn, size_t dsn_len,
		     const uint8_t nonce[RKD_NONCE_LEN])
{
	int r;

	if (!rkd_dsn_valid(dsn, dsn_len))
		return RKD_ERR_BAD_FIELD;
	if (rkd_buf_avail(out) < 1 + dsn_len + RKD_NONCE_LEN)
		return RKD_ERR_NO_SPACE;
	if ((r = rkd_buf_put_u8(out, (uint8_t)dsn_len)) != 0 ||
	    (r = rkd_buf_put(out, dsn, dsn_len)) != 0 ||
	    (r = rkd_buf_put(out, nonce, RKD_NONCE_LEN)) != 0)
		return r;
	return RKD_OK;
}

int rkd_hello_decode(const uint8_t *body, size_t len, struct rkd_hello *m)
{
	struct rkd_buf b;
	int r;

	memset(m, 0, sizeof(*m));
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(RKD_MSG_HELLO, (uint32_t)len)) != 0)
		return r;
	rkd_buf_view(&b, body, len);
	if ((r = rkd_buf_get_u8(&b, &m->dsn_len)) != 0)
		goto err;
	if (m->dsn_len < 1 || m->dsn_len > RKD_DSN_MAX) {
		r = RKD_ERR_BAD_FIELD;
		goto err;
	}
	if ((r = rkd_buf_get(&b, m->dsn, m->dsn_len)) != 0 ||
	    (r = rkd_buf_get(&b, m->nonce, RKD_NONCE_LEN)) != 0 ||
	    (r = rkd_buf_get_end(&b)) != 0)
		goto err;
	if (!rkd_dsn_valid(m->dsn, m->dsn_len)) {
		r = RKD_ERR_BAD_FIELD;
		goto err;
	}
	return RKD_OK;
err:
	memset(m, 0, sizeof(*m));
	return r;
}

int rkd_work_cert_encode(struct rkd_buf *out, const uint8_t *der, size_t len,
			 const uint8_t *rl, size_t rl_len)
{
	size_t n = 2 + len + rl_len;
	int r;

	if (!len || len > 0xffff || n > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if (rkd_buf_avail(out) < n)
		return RKD_ERR_NO_SPACE;
	if ((r = rkd_buf_put_u8(out, (uint8_t)(len >> 8))) != 0 ||
	    (r = rkd_buf_put_u8(out, (uint8_t)len)) != 0 ||
	    (r = rkd_buf_put(out, der, len)) != 0 ||
	    (rl_len && (r = rkd_buf_put(out, rl, rl_len)) != 0))
		return r;
	return RKD_OK;
}

int rkd_work_cert_decode(const uint8_t *body, size_t len,
			 const uint8_t **der, size_t *der_len,
			 const uint8_t **rl, size_t *rl_len)
{
	struct rkd_buf b;
	uint8_t hi, lo;
	size_t n;
	int r;

	*der = *rl = NULL;
	*der_len = *rl_len = 0;
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(RKD_MSG_WORK_CERT, (uint32_t)len)) != 0)
		return r;
	rkd_buf_view(&b, body, len);
	if ((r = rkd_buf_get_u8(&b, &hi)) != 0 ||
	    (r = rkd_buf_get_u8(&b, &lo)) != 0)
		return r;
	n = (size_t)hi << 8 | lo;
	if (!n)
		return RKD_ERR_BAD_FIELD;
	if ((r = rkd_buf_get_ptr(&b, n, der)) != 0) {
		*der = NULL;
		return r;
	}
	*der_len = n;
	*rl_len = len - 2 - n;
	if (*rl_len && (r = rkd_buf_get_ptr(&b, *rl_len, rl)) != 0)
		return r;
	return RKD_OK;
}

/* FACTOR and RESPONSE: exactly one modulus-sized RSA ciphertext */
static int rkd_rsa_body_decode(unsigned int type, const uint8_t *body,
			       size_t len, size_t modulus_len,
			       const uint8_t **ct)
{
	struct rkd_buf b;
	int r;

	*ct = NULL;
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(type, (uint32_t)len)) != 0)
		return r;
	if (modulus_len < RKD_RSA_MIN_BYTES || modulus_len > RKD_RSA_MAX_BYTES)
		return RKD_ERR_ARGUMENT;
	if (len != modulus_len)
		return RKD_ERR_BAD_LENGTH;
	rkd_buf_view(&b, body, len);
	return rkd_buf_get_ptr(&b, len, ct);
}

int rkd_factor_encode(struct rkd_buf *out, const uint8_t *ct, size_t len)
{
	return rkd_put_body(out, RKD_MSG_FACTOR, ct, len);
}

int rkd_factor_decode(const uint8_t *body, size_t len, size_t modulus_len,
		      const uint8_t **ct)
{
	return rkd_rsa_body_decode(RKD_MSG_FACTOR, body, len, modulus_len, ct);
}

int rkd_response_encode(struct rkd_buf *out, const uint8_t *ct, size_t len)
{
	return rkd_put_body(out, RKD_MSG_RESPONSE, ct, len);
}

int rkd_response_decode(const uint8_t *body, size_t len, size_t modulus_len,
			const uint8_t **ct)
{
	return rkd_rsa_body_decode(RKD_MSG_RESPONSE, body, len, modulus_len,
				   ct);
}

int rkd_challenge_encode(struct rkd_buf *out,
			 const uint8_t ct[RKD_CHALLENGE_LEN])
{
	return rkd_put_body(out, RKD_MSG_CHALLENGE, ct, RKD_CHALLENGE_LEN);
}

int rkd_challenge_decode(const uint8_t *body, size_t len,
			 uint8_t ct[RKD_CHALLENGE_LEN])
{
	struct rkd_buf b;
	int r;

	memset(ct, 0, RKD_CHALLENGE_LEN);
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(RKD_MSG_CHALLENGE, (uint32_t)len)) != 0)
		return r;
	rkd_buf_view(&b, body, len);
	if ((r = rkd_buf_get(&b, ct, RKD_CHALLENGE_LEN)) != 0 ||
	    (r = rkd_buf_get_end(&b)) != 0)
		return r;
	return RKD_OK;
}

static bool rkd_error_code_known(unsigned int code)
{
	return code >= RKD_ERROR_AUTH_FAILED && code <= RKD_ERROR_BUSY;
}

const char *rkd_error_code_name(unsigned int code)
{
	static const char *const names[] = {
		[RKD_ERROR_AUTH_FAILED] = "AUTH_FAILED",
		[RKD_ERROR_PROTOCOL] = "PROTOCOL",
		[RKD_ERROR_VERSION] = "VERSION",
		[RKD_ERROR_BUSY] = "BUSY",
	};

	return rkd_error_code_known(code) ? names[code] : "unknown";
}

int rkd_error_encode(struct rkd_buf *out, uint8_t code)
{
	if (!rkd_error_code_known(code))
		return RKD_ERR_BAD_FIELD;
	return rkd_put_body(out, RKD_MSG_ERROR, &code, 1);
}

int rkd_error_decode(const uint8_t *body, size_t len, uint8_t *code)
{
	struct rkd_buf b;
	int r;

	*code = 0;
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(RKD_MSG_ERROR, (uint32_t)len)) != 0)
		return r;
	rkd_buf_view(&b, body, len);
	if ((r = rkd_buf_get_u8(&b, code)) != 0 ||
	    (r = rkd_buf_get_end(&b)) != 0)
		return r;
	if (!rkd_error_code_known(*code)) {
		*code = 0;
		return RKD_ERR_BAD_FIELD;
	}
	return RKD_OK;
}
