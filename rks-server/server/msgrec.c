// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * msgrec.c - the records between the network process and the server
 * (msgrec.h, which has the layout): encoding on the network side; on the
 * server's side a strict check of every byte and a reader.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "msgrec.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_rules.h"

/* Each record type: the message type it carries, its payload size. */
static const struct {
	uint8_t msg;
	size_t size;
} rks_rec[] = {
	[RKS_REC_HELLO] = { RKD_MSG_HELLO,
			    RKS_REC_HELLO_END - RKS_REC_HDR_LEN },
	[RKS_REC_FACTOR] = { RKD_MSG_FACTOR,
			     RKS_REC_RSA_END - RKS_REC_HDR_LEN },
	[RKS_REC_RESPONSE] = { RKD_MSG_RESPONSE,
			       RKS_REC_RSA_END - RKS_REC_HDR_LEN },
	[RKS_REC_RECEIPT] = { RKD_MSG_RECEIPT,
			      RKS_REC_RECEIPT_END - RKS_REC_HDR_LEN },
	[RKS_REC_BAD] = { 0, RKS_REC_BAD_END - RKS_REC_HDR_LEN },
};

#define RKS_REC_TYPES	(sizeof(rks_rec) / sizeof(rks_rec[0]))

size_t rks_msgrec_size(uint32_t type)
{
	return type < RKS_REC_TYPES ? rks_rec[type].size : 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The record type of a decoded message's type (0: none). */
static uint32_t rks_rec_of(uint8_t msg)
{
	uint32_t t;

	for (t = RKS_REC_HELLO; t < RKS_REC_BAD; t++)
		if (rks_rec[t].msg == msg)
			return t;
	return 0;
}

size_t rks_msgrec_encode(const struct rks_msg *m, uint8_t out[RKS_REC_MAX])
{
	uint32_t t = m->err == RKD_OK ? rks_rec_of(m->type) : 0;
	const struct rkd_receipt *rc = &m->u.receipt.items;
	uint8_t *e;
	size_t i;

	memset(out, 0, RKS_REC_MAX);
	if (!t)
		t = RKS_REC_BAD;
	put32(out + RKS_REC_OFF_TYPE, t);
	put32(out + RKS_REC_OFF_SIZE, (uint32_t)rks_rec[t].size);
	switch (t) {
	case RKS_REC_HELLO:
		out[RKS_REC_HELLO_DSN_LEN] = m->u.hello.dsn_len;
		memcpy(out + RKS_REC_HELLO_DSN, m->u.hello.dsn,
		       m->u.hello.dsn_len);
		memcpy(out + RKS_REC_HELLO_NONCE, m->u.hello.nonce,
		       RKD_NONCE_LEN);
		break;
	case RKS_REC_FACTOR:
	case RKS_REC_RESPONSE:
		out[RKS_REC_RSA_LEN] = (uint8_t)m->u.rsa.len;
		out[RKS_REC_RSA_LEN + 1] = (uint8_t)(m->u.rsa.len >> 8);
		memcpy(out + RKS_REC_RSA_CT, m->u.rsa.ct, m->u.rsa.len);
		break;
	case RKS_REC_RECEIPT:
		out[RKS_REC_RECEIPT_COUNT] = rc->count;
		for (i = 0; i < rc->count; i++) {
			e = out + RKS_REC_RECEIPT_ENTRY +
			    i * RKS_REC_ENTRY_LEN;
			e[0] = rc->e[i].slot;
			memcpy(e + 1, rc->e[i].kcv, RKD_KCV_LEN);
		}
		memcpy(out + RKS_REC_RECEIPT_MAC, m->u.receipt.mac,
		       RKD_MAC16_LEN);
		break;
	default:
		out[RKS_REC_BAD_TYPE] = m->type;
		put32(out + RKS_REC_BAD_ERR, (uint32_t)m->err);
		put32(out + RKS_REC_BAD_LEN, m->len);
		break;
	}
	return RKS_REC_HDR_LEN + rks_rec[t].size;
}

static bool rks_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	while (n--)
		acc |= *p++;
	return acc == 0;
}

static int rks_refuse(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rks_refuse(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -1;
}

static int rks_rec_hello(const uint8_t *rec, struct rks_msg *m, char *why,
			 size_t ws)
{
	uint8_t n = rec[RKS_REC_HELLO_DSN_LEN];

	if (n < 1 || n > RKD_DSN_MAX ||
	    !rkd_dsn_valid((const char *)rec + RKS_REC_HELLO_DSN, n))
		return rks_refuse(why, ws, "HELLO record: DSN not valid");
	if (!rks_zero(rec + RKS_REC_HELLO_DSN + n, RKD_DSN_MAX - n))
		return rks_refuse(why, ws, "HELLO record: bytes after the "
				  "DSN not zero");
	m->u.hello.dsn_len = n;
	memcpy(m->u.hello.dsn, rec + RKS_REC_HELLO_DSN, n);
	memcpy(m->u.hello.nonce, rec + RKS_REC_HELLO_NONCE, RKD_NONCE_LEN);
	m->len = 1u + n + RKD_NONCE_LEN;
	return 0;
}

static int rks_rec_rsa(const uint8_t *rec, size_t modulus_len,
		       struct rks_msg *m, char *why, size_t ws)
{
	size_t n = (size_t)rec[RKS_REC_RSA_LEN] |
		   (size_t)rec[RKS_REC_RSA_LEN + 1] << 8;

	if (n != modulus_len || n > RKD_RSA_MAX_BYTES)
		return rks_refuse(why, ws, "%s record: %zu bytes of "
				  "ciphertext; the modulus has %zu",
				  rkd_msg_name(m->type), n, modulus_len);
	if (!rks_zero(rec + RKS_REC_RSA_CT + n, RKD_RSA_MAX_BYTES - n))
		return rks_refuse(why, ws, "%s record: bytes after the "
				  "ciphertext not zero",
				  rkd_msg_name(m->type));
	m->u.rsa.len = (uint16_t)n;
	memcpy(m->u.rsa.ct, rec + RKS_REC_RSA_CT, n);
	m->len = (uint32_t)n;
	return 0;
}

static int rks_rec_receipt(const uint8_t *rec, struct rks_msg *m, char *why,
			   size_t ws)
{
	struct rkd_receipt *rc = &m->u.receipt.items;
	const uint8_t *e = rec + RKS_REC_RECEIPT_ENTRY;
	uint8_t n = rec[RKS_REC_RECEIPT_COUNT];
	size_t i;

	if (n > RKD_KEYS_MAX)
		return rks_refuse(why, ws, "RECEIPT record: count %u above "
				  "%u", n, RKD_KEYS_MAX);
	for (i = 0; i < n; i++, e += RKS_REC_ENTRY_LEN) {
		if (e[0] >= RKD_SLOTS)
			return rks_refuse(why, ws, "RECEIPT record: entry "
					  "%zu: slot %u", i, e[0]);
		rc->e[i].slot = e[0];
		memcpy(rc->e[i].kcv, e + 1, RKD_KCV_LEN);
	}
	if (!rks_zero(e, (size_t)(RKD_KEYS_MAX - n) * RKS_REC_ENTRY_LEN))
		return rks_refuse(why, ws, "RECEIPT record: unused entries "
				  "not zero");
	rc->count = n;
	memcpy(m->u.receipt.mac, rec + RKS_REC_RECEIPT_MAC, RKD_MAC16_LEN);
	m->len = 1u + 4u * n + RKD_MAC16_LEN;
	return 0;
}

/*
 * BAD: the frame type and the error must agree with what the network
 * process's decoder can say of such a frame (msg.c), nothing else.
 */
static int rks_rec_bad(const uint8_t *rec, struct rks_msg *m, char *why,
		       size_t ws)
{
	uint8_t type = rec[RKS_REC_BAD_TYPE];
	int err = (int)get32(rec + RKS_REC_BAD_ERR);
	uint32_t len = get32(rec + RKS_REC_BAD_LEN);
	bool ok;

	if (!rks_zero(rec + RKS_REC_BAD_ZERO, 3) || len > RKD_BODY_MAX)
		return rks_refuse(why, ws, "BAD record: not zero, or body "
				  "length %u", len);
	if (type == 0)
		ok = rks_msg_header_error(err);
	else if (!rkd_msg_type_known(type))
		ok = false;
	else if (rks_msg_taken(type))
		ok = rks_msg_body_error(err);
	else
		ok = err == RKD_ERR_UNEXPECTED;
	if (!ok)
		return rks_refuse(why, ws, "BAD record: frame type 0x%02x "
				  "with error %d", type, err);
	m->type = type;
	m->err = err;
	m->len = len;
	return 0;
}

int rks_msgrec_decode(const uint8_t *rec, size_t len, size_t modulus_len,
		      struct rks_msg *m, char *why, size_t why_size)
{
	uint32_t type, size;
	int r;

	memset(m, 0, sizeof(*m));
	if (len < RKS_REC_HDR_LEN)
		return rks_refuse(why, why_size, "record of %zu bytes", len);
	type = get32(rec + RKS_REC_OFF_TYPE);
	size = get32(rec + RKS_REC_OFF_SIZE);
	if (!rks_msgrec_size(type))
		return rks_refuse(why, why_size, "record of unknown type "
				  "%u", type);
	if (size != rks_msgrec_size(type) || len != RKS_REC_HDR_LEN + size)
		return rks_refuse(why, why_size, "record of type %u: %u "
				  "bytes, not %zu", type, size,
				  rks_msgrec_size(type));
	m->type = rks_rec[type].msg;
	switch (type) {
	case RKS_REC_HELLO:
		r = rks_rec_hello(rec, m, why, why_size);
		break;
	case RKS_REC_FACTOR:
	case RKS_REC_RESPONSE:
		r = rks_rec_rsa(rec, modulus_len, m, why, why_size);
		break;
	case RKS_REC_RECEIPT:
		r = rks_rec_receipt(rec, m, why, why_size);
		break;
	default:
		r = rks_rec_bad(rec, m, why, why_size);
		break;
	}
	if (r)
		rks_msg_wipe(m);
	return r;
}

void rks_rec_rx_init(struct rks_rec_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->want = RKS_REC_HDR_LEN;
}

int rks_rec_rx_read(int fd, struct rks_rec_rx *rx)
{
	uint32_t size;
	ssize_t n;

	if (rx->complete)
		rks_rec_rx_init(rx);
	while (rx->have < rx->want) {
		/* never waits, whatever the descriptor's flags: the
		 * network process shares its open file and could clear
		 * O_NONBLOCK, to stop the server's event loop */
		n = recv(fd, rx->b + rx->have, rx->want - rx->have,
			 MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return RKD_ERR_AGAIN;
		if (n < 0)
			return RKD_ERR_SYSTEM;
		if (n == 0)
			return rx->have ? RKD_ERR_TRUNCATED : RKD_ERR_EOF;
		rx->have += (size_t)n;
		if (rx->have == RKS_REC_HDR_LEN) {
			size = get32(rx->b + RKS_REC_OFF_SIZE);
			/* too big: complete now, refused by the check */
			if (size <= RKS_REC_MAX - RKS_REC_HDR_LEN)
				rx->want += size;
		}
	}
	rx->complete = true;
	return RKD_OK;
}
