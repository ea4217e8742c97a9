// SPDX-License-Identifier: MIT
/*
 * msg_delivery.c - bodies of the key delivery messages (KEY, DONE,
 * RECEIPT, ACK). Each ends with MAC16(K_MAC, type || everything before).
 */
#include <string.h>

#include <openssl/crypto.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_msg.h"

/* The largest MAC'd body (RECEIPT of 48 entries), without its MAC. */
#define RKD_SIGNED_MAX	(1 + 4 * RKD_KEYS_MAX)

/*
 * Append @fields || MAC16(K_MAC, type || fields) to @out, all or nothing.
 * @fields is a fixed buffer the caller filled.
 */
static int rkd_put_maced(struct rkd_buf *out, uint8_t type,
			 const struct rkd_buf *fields,
			 const uint8_t kmac[RKD_KMAC_LEN])
{
	size_t n = rkd_buf_len(fields);
	uint8_t mac[RKD_MAC16_LEN];
	int r;

	if ((r = rkd_msg_check_len(type, (uint32_t)(n + sizeof(mac)))) != 0)
		return r;
	if (rkd_buf_avail(out) < n + sizeof(mac))
		return RKD_ERR_NO_SPACE;
	if ((r = rkd_mac16(kmac, type, rkd_buf_ptr(fields), n, mac)) == 0 &&
	    (r = rkd_buf_put(out, rkd_buf_ptr(fields), n)) == 0)
		r = rkd_buf_put(out, mac, sizeof(mac));
	OPENSSL_cleanse(mac, sizeof(mac));
	return r;
}

/*
 * Split a MAC'd body of @type: check its length rule, view the signed
 * part in @fields and the MAC in @mac. The MAC is verified later, with
 * rkd_check_mac(), after the fields have been judged.
 */
static int rkd_split_maced(uint8_t type, const uint8_t *body, size_t len,
			   struct rkd_buf *fields, uint8_t mac[RKD_MAC16_LEN])
{
	const uint8_t *signed_part;
	struct rkd_buf b;
	int r;

	memset(mac, 0, RKD_MAC16_LEN);
	rkd_buf_view(fields, NULL, 0);
	if (len > RKD_BODY_MAX)
		return RKD_ERR_TOO_LONG;
	if ((r = rkd_msg_check_len(type, (uint32_t)len)) != 0)
		return r;
	rkd_buf_view(&b, body, len);
	if ((r = rkd_buf_get_ptr(&b, len - RKD_MAC16_LEN, &signed_part)) != 0 ||
	    (r = rkd_buf_get(&b, mac, RKD_MAC16_LEN)) != 0 ||
	    (r = rkd_buf_get_end(&b)) != 0)
		return r;
	rkd_buf_view(fields, signed_part, len - RKD_MAC16_LEN);
	return RKD_OK;
}

static int rkd_check_mac(uint8_t type, const uint8_t *body, size_t len,
			 const uint8_t mac[RKD_MAC16_LEN],
			 const uint8_t kmac[RKD_KMAC_LEN])
{
	return rkd_mac16_verify(kmac, type, body, len - RKD_MAC16_LEN, mac);
}

static int rkd_key_fields_check(const struct rkd_key_msg *m)
{
	if (m->index >= RKD_KEYS_MAX || m->slot >= RKD_SLOTS ||
	    m->block_len < PINPAD_KB_HDR_LEN ||
	    m->block_len > RKD_KEY_BLOCK_MAX ||
	    !rkd_slot_accepts(m->slot,
			      pinpad_kb_usage_class(
				      m->block[PINPAD_KB_OFF_USAGE],
				      m->block[PINPAD_KB_OFF_USAGE + 1])))
		return RKD_ERR_BAD_FIELD;
	return RKD_OK;
}

int rkd_key_encode(struct rkd_buf *out, const struct rkd_key_msg *m,
		   const uint8_t kmac[RKD_KMAC_LEN])
{
	uint8_t mem[sizeof(struct rkd_key_wire) + RKD_KEY_BLOCK_MAX];
	struct rkd_key_wire w = {
		.index = m->index, .slot = m->slot,
		.block_len = { (uint8_t)(m->block_len >> 8),
			       (uint8_t)m->block_len },
	};
	struct rkd_buf f;
	int r;

	if ((r = rkd_key_fields_check(m)) != 0)
		return r;
	rkd_buf_fixed(&f, mem, sizeof(mem));
	if ((r = rkd_buf_put(&f, &w, sizeof(w))) == 0 &&
	    (r = rkd_buf_put(&f, m->block, m->block_len)) == 0)
		r = rkd_put_maced(out, RKD_MSG_KEY, &f, kmac);
	OPENSSL_cleanse(mem, sizeof(mem));
	return r;
}

int rkd_key_decode(const uint8_t *body, size_t len,
		   const uint8_t kmac[RKD_KMAC_LEN], struct rkd_key_msg *m)
{
	static const uint8_t zero[sizeof(((struct rkd_key_wire *)0)->zero)];
	uint8_t mac[RKD_MAC16_LEN];
	struct rkd_key_wire w;
	struct rkd_buf f;
	int r;

	memset(m, 0, sizeof(*m));
	if ((r = rkd_split_maced(RKD_MSG_KEY, body, len, &f, mac)) != 0 ||
	    (r = rkd_buf_get(&f, &w, sizeof(w))) != 0)
		goto err;
	m->index = w.index;
	m->slot = w.slot;
	m->block_len = (uint16_t)(w.block_len[0] << 8 | w.block_len[1]);
	/* B must say what the body length says */
	if (m->block_len != rkd_buf_len(&f) ||
	    memcmp(w.zero, zero, sizeof(zero)) != 0) {
		r = RKD_ERR_BAD_FIELD;
		goto err;
	}
	if ((r = rkd_buf_get(&f, m->block, m->block_len)) != 0 ||
	    (r = rkd_buf_get_end(&f)) != 0 ||
	    (r = rkd_key_fields_check(m)) != 0 ||
	    (r = rkd_check_mac(RKD_MSG_KEY, body, len, mac, kmac)) != 0)
		goto err;
	return RKD_OK;
err:
	OPENSSL_cleanse(m, sizeof(*m));
	return r;
}

/* DONE and ACK: one byte and its MAC */
static int rkd_byte_encode(struct rkd_buf *out, uint8_t type, uint8_t v,
			   const uint8_t kmac[RKD_KMAC_LEN])
{
	struct rkd_buf f;

	rkd_buf_view(&f, &v, 1);
	return rkd_put_maced(out, type, &f, kmac);
}

/* @v must be in lo..hi */
static int rkd_byte_decode(uint8_t type, const uint8_t *body, size_t len,
			   const uint8_t kmac[RKD_KMAC_LEN], uint8_t lo,
			   uint8_t hi, uint8_t *v)
{
	uint8_t mac[RKD_MAC16_LEN];
	struct rkd_buf f;
	int r;

	*v = 0;
	if ((r = rkd_split_maced(type, body, len, &f, mac)) != 0 ||
	    (r = rkd_buf_get_u8(&f, v)) != 0 ||
	    (r = rkd_buf_get_end(&f)) != 0)
		goto err;
	if (*v < lo || *v > hi) {
		r = RKD_ERR_BAD_FIELD;
		goto err;
	}
	if ((r = rkd_check_mac(type, body, len, mac, kmac)) != 0)
		goto err;
	return RKD_OK;
err:
	*v = 0;
	return r;
}

int rkd_done_encode(struct rkd_buf *out, uint8_t count,
		    const uint8_t kmac[RKD_KMAC_LEN])
{
	if (count > RKD_KEYS_MAX)
		return RKD_ERR_BAD_FIELD;
	return rkd_byte_encode(out, RKD_MSG_DONE, count, kmac);
}

int rkd_done_decode(const uint8_t *body, size_t len,
		    const uint8_t kmac[RKD_KMAC_LEN], uint8_t *count)
{
	return rkd_byte_decode(RKD_MSG_DONE, body, len, kmac, 0, RKD_KEYS_MAX,
			       count);
}

int rkd_ack_encode(struct rkd_buf *out, uint8_t status,
		   const uint8_t kmac[RKD_KMAC_LEN])
{
	if (status != RKD_ACK_RECORDED)
		return RKD_ERR_BAD_FIELD;
	return rkd_byte_encode(out, RKD_MSG_ACK, status, kmac);
}

int rkd_ack_decode(const uint8_t *body, size_t len,
		   const uint8_t kmac[RKD_KMAC_LEN], uint8_t *status)
{
	return rkd_byte_decode(RKD_MSG_ACK, body, len, kmac, RKD_ACK_RECORDED,
			       RKD_ACK_RECORDED, status);
}

int rkd_receipt_encode(struct rkd_buf *out, const struct rkd_receipt *m,
		       const uint8_t kmac[RKD_KMAC_LEN])
{
	uint8_t mem[RKD_SIGNED_MAX];
	struct rkd_buf f;
	unsigned int i;
	int r;

	if (m->count > RKD_KEYS_MAX)
		return RKD_ERR_BAD_FIELD;
	rkd_buf_fixed(&f, mem, sizeof(mem));
	r = rkd_buf_put_u8(&f, m->count);
	for (i = 0; r == 0 && i < m->count; i++) {
		if (m->e[i].slot >= RKD_SLOTS)
			r = RKD_ERR_BAD_FIELD;
		else if ((r = rkd_buf_put_u8(&f, m->e[i].slot)) == 0)
			r = rkd_buf_put(&f, m->e[i].kcv, RKD_KCV_LEN);
	}
	if (r == 0)
		r = rkd_put_maced(out, RKD_MSG_RECEIPT, &f, kmac);
	OPENSSL_cleanse(mem, sizeof(mem));
	return r;
}

int rkd_receipt_parse(const uint8_t *body, size_t len, struct rkd_receipt *m,
		      uint8_t mac[RKD_MAC16_LEN])
{
	struct rkd_buf f;
	unsigned int i;
	int r;

	memset(m, 0, sizeof(*m));
	if ((r = rkd_split_maced(RKD_MSG_RECEIPT, body, len, &f, mac)) != 0 ||
	    (r = rkd_buf_get_u8(&f, &m->count)) != 0)
		goto err;
	if (m->count > RKD_KEYS_MAX) {
		r = RKD_ERR_BAD_FIELD;
		goto err;
	}
	/* count must say what the body length says */
	if (rkd_buf_len(&f) != 4u * m->count) {
		r = rkd_buf_len(&f) < 4u * m->count ? RKD_ERR_SHORT :
						       RKD_ERR_TRAILING;
		goto err;
	}
	for (i = 0; i < m->count; i++) {
		if ((r = rkd_buf_get_u8(&f, &m->e[i].slot)) != 0 ||
		    (r = rkd_buf_get(&f, m->e[i].kcv, RKD_KCV_LEN)) != 0)
			goto err;
		if (m->e[i].slot >= RKD_SLOTS) {
			r = RKD_ERR_BAD_FIELD;
			goto err;
		}
	}
	if ((r = rkd_buf_get_end(&f)) != 0)
		goto err;
	return RKD_OK;
err:
	memset(m, 0, sizeof(*m));
	memset(mac, 0, RKD_MAC16_LEN);
	return r;
}

int rkd_receipt_verify(const struct rkd_receipt *m,
		       const uint8_t mac[RKD_MAC16_LEN],
		       const uint8_t kmac[RKD_KMAC_LEN])
{
	uint8_t mem[RKD_SIGNED_MAX + RKD_MAC16_LEN];
	struct rkd_buf out;
	int r;

	/* the canonical body, with the MAC it must carry at its end */
	rkd_buf_fixed(&out, mem, sizeof(mem));
	if ((r = rkd_receipt_encode(&out, m, kmac)) == 0 &&
	    CRYPTO_memcmp(rkd_buf_ptr(&out) + rkd_buf_len(&out) -
			  RKD_MAC16_LEN, mac, RKD_MAC16_LEN) != 0)
		r = RKD_ERR_BAD_MAC;
	OPENSSL_cleanse(mem, sizeof(mem));
	return r;
}

int rkd_receipt_decode(const uint8_t *body, size_t len,
		       const uint8_t kmac[RKD_KMAC_LEN], struct rkd_receipt *m)
{
	uint8_t mac[RKD_MAC16_LEN];
	int r;

	if ((r = rkd_receipt_parse(body, len, m, mac)) == 0 &&
	    (r = rkd_receipt_verify(m, mac, kmac)) != 0)
		memset(m, 0, sizeof(*m));
	return r;
}
