/* SPDX-License-Identifier: MIT */
/*
 * rkd_msg.h - encoders and decoders for the body of every message of the
 * download protocol (Documentation/protocol.md, "Messages"). No I/O, no
 * session state: each function checks one body against the layout and the
 * ranges the specification gives, so it can be tested and fuzzed alone.
 *
 * Decoders take the body as received (@body, @len), zero their outputs
 * first and return RKD_OK or a negative rkd_err: RKD_ERR_BAD_LENGTH,
 * RKD_ERR_SHORT or RKD_ERR_TRAILING for a length that does not fit the
 * layout, RKD_ERR_BAD_FIELD for a value out of range, RKD_ERR_BAD_MAC for
 * a MAC16 that does not verify under @kmac. Pointer outputs point into
 * @body. Encoders append one body to @out and check the same rules, so
 * that nothing is sent that a decoder would refuse; on error @out is
 * unchanged.
 */
#ifndef RKD_MSG_H
#define RKD_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rkd_buf.h"
#include "rkd_proto.h"
#include "rkd_rules.h"	/* rkd_dsn_valid(), rkd_slot_accepts() */

/* HELLO: dsn_len[1] || DSN || N_D[32], N_D the device's fresh nonce */
struct rkd_hello {
	uint8_t dsn_len;
	char dsn[RKD_DSN_MAX + 1];	/* NUL-terminated copy */
	uint8_t nonce[RKD_NONCE_LEN];	/* N_D */
};
int rkd_hello_encode(struct rkd_buf *out, const char *dsn, size_t dsn_len,
		     const uint8_t nonce[RKD_NONCE_LEN]);
int rkd_hello_decode(const uint8_t *body, size_t len, struct rkd_hello *m);

/*
 * WORK_CERT: cert_len[2] || X.509 DER [cert_len >= 1] || the revocation
 * list (the rest, possibly empty; rkd_rl.h). Parsing the certificate and
 * the list is the reader's job.
 */
int rkd_work_cert_encode(struct rkd_buf *out, const uint8_t *der, size_t len,
			 const uint8_t *rl, size_t rl_len);
int rkd_work_cert_decode(const uint8_t *body, size_t len,
			 const uint8_t **der, size_t *der_len,
			 const uint8_t **rl, size_t *rl_len);

/*
 * FACTOR and RESPONSE: one RSA-OAEP ciphertext exactly as long as the
 * modulus of RKS_WCRT (@modulus_len, 256..512).
 */
int rkd_factor_encode(struct rkd_buf *out, const uint8_t *ct, size_t len);
int rkd_factor_decode(const uint8_t *body, size_t len, size_t modulus_len,
		      const uint8_t **ct);
int rkd_response_encode(struct rkd_buf *out, const uint8_t *ct, size_t len);
int rkd_response_decode(const uint8_t *body, size_t len, size_t modulus_len,
			const uint8_t **ct);

/*
 * CHALLENGE: C[48] || T[16], 64 bytes (rkd_crypto.h: rkd_challenge_seal()
 * makes it, rkd_challenge_open() checks it); the codec checks the length.
 */
int rkd_challenge_encode(struct rkd_buf *out,
			 const uint8_t ct[RKD_CHALLENGE_LEN]);
int rkd_challenge_decode(const uint8_t *body, size_t len,
			 uint8_t ct[RKD_CHALLENGE_LEN]);

/*
 * KEY (v3): index, slot, B (2 bytes, big-endian), 4 zero bytes, an X9.143
 * key block of B ASCII bytes, MAC16(K_MAC, 06 || all before). Checked
 * before the MAC: index < 48, slot < 48, B = what the body length says
 * and <= RKD_KEY_BLOCK_MAX, zero bytes, and the slot's class accepts the
 * block header's key usage (rkd_slot_accepts(), pinpad_kb_usage_class());
 * the block itself is the receiver's to open (rkd_keyblock.h).
 *
 * struct rkd_key_wire is the body's fixed header as it is on the wire
 * (Documentation/protocol.md, "KEY"): single bytes only, so no padding
 * and no implicit byte order; the codec reads and writes it whole, and
 * tests that forge bodies name its fields instead of offsets. struct
 * rkd_key_msg is the decoded message.
 */
struct rkd_key_wire {
	uint8_t index;			/* 0, 1, ... in the session */
	uint8_t slot;			/* the PIN pad's slot */
	uint8_t block_len[2];		/* B, big-endian */
	uint8_t zero[4];		/* 0 */
};
_Static_assert(sizeof(struct rkd_key_wire) == RKD_KEY_HDR_LEN,
	       "the KEY header is 8 bytes");

struct rkd_key_msg {
	uint8_t index;
	uint8_t slot;
	uint16_t block_len;		/* B */
	char block[RKD_KEY_BLOCK_MAX];	/* B bytes used, not NUL-terminated */
};
int rkd_key_encode(struct rkd_buf *out, const struct rkd_key_msg *m,
		   const uint8_t kmac[RKD_KMAC_LEN]);
int rkd_key_decode(const uint8_t *body, size_t len,
		   const uint8_t kmac[RKD_KMAC_LEN], struct rkd_key_msg *m);

/* DONE: count[1] || MAC16(K_MAC, 07 || count); count <= 48 */
int rkd_done_encode(struct rkd_buf *out, uint8_t count,
		    const uint8_t kmac[RKD_KMAC_LEN]);
int rkd_done_decode(const uint8_t *body, size_t len,
		    const uint8_t kmac[RKD_KMAC_LEN], uint8_t *count);

/* RECEIPT: count || count x (slot || KCV[3]) || MAC16(K_MAC, 08 || ...) */
struct rkd_receipt_entry {
	uint8_t slot;
	uint8_t kcv[RKD_KCV_LEN];
};
struct rkd_receipt {
	uint8_t count;			/* <= RKD_KEYS_MAX */
	struct rkd_receipt_entry e[RKD_KEYS_MAX];
};
int rkd_receipt_encode(struct rkd_buf *out, const struct rkd_receipt *m,
		       const uint8_t kmac[RKD_KMAC_LEN]);
int rkd_receipt_decode(const uint8_t *body, size_t len,
		       const uint8_t kmac[RKD_KMAC_LEN], struct rkd_receipt *m);
/*
 * rkd_receipt_decode() in two halves, for a reader that must not hold
 * K_MAC where it parses (the RKS's network process, rks-server.md):
 *
 * rkd_receipt_parse() checks the structure only (length, count <= 48,
 * count agreeing with the length, slot < 48) and gives the entries in @m
 * and the MAC16 as received in @mac; the MAC is not checked. Errors as
 * rkd_receipt_decode() but never RKD_ERR_BAD_MAC; outputs zero on error.
 *
 * rkd_receipt_verify() checks @mac against the canonical encoding of @m
 * (what rkd_receipt_encode() writes: the only encoding the parser
 * accepts), in constant time. RKD_OK; RKD_ERR_BAD_FIELD for entries out
 * of range; RKD_ERR_BAD_MAC.
 */
int rkd_receipt_parse(const uint8_t *body, size_t len, struct rkd_receipt *m,
		      uint8_t mac[RKD_MAC16_LEN]);
int rkd_receipt_verify(const struct rkd_receipt *m,
		       const uint8_t mac[RKD_MAC16_LEN],
		       const uint8_t kmac[RKD_KMAC_LEN]);

/* ACK: status[1] || MAC16(K_MAC, 09 || status); v1 knows only status 00 */
int rkd_ack_encode(struct rkd_buf *out, uint8_t status,
		   const uint8_t kmac[RKD_KMAC_LEN]);
int rkd_ack_decode(const uint8_t *body, size_t len,
		   const uint8_t kmac[RKD_KMAC_LEN], uint8_t *status);

/* ERROR: code[1], one of enum rkd_error_code */
int rkd_error_encode(struct rkd_buf *out, uint8_t code);
int rkd_error_decode(const uint8_t *body, size_t len, uint8_t *code);
/* "AUTH_FAILED", "PROTOCOL", "VERSION", "BUSY" or "unknown" */
const char *rkd_error_code_name(unsigned int code);

#endif /* RKD_MSG_H */
