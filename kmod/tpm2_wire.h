/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TPM 2.0 wire format (TCG TPM 2.0 Library, Part 1 "Command/Response
 * Structure" and Part 2 "Structures"): a bounded writer for command
 * parameters and a bounded reader for responses and for the sealed-object
 * file userspace hands back.
 *
 * No kernel call in here: tests/tpm2/ builds this file on the host with a
 * shim (tests/tpm2/shim/) for the unit tests and the libFuzzer harness.
 * Every reader call checks the bounds; a failed one sets ->bad and every
 * later call returns zeros, so parsers check ->bad once at the end.
 */
#ifndef PINPAD_TPM2_WIRE_H
#define PINPAD_TPM2_WIRE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include "tpm2_host_shim.h"
#endif

/* TPM 2.0 constants used here (Part 2; the kernel's <linux/tpm.h> has a few) */
#define TPM2W_ST_NO_SESSIONS	0x8001
#define TPM2W_ST_SESSIONS	0x8002
#define TPM2W_HEADER_LEN	10
#define TPM2W_RS_PW		0x40000009	/* password session */
#define TPM2W_RH_OWNER		0x40000001
#define TPM2W_RH_NULL		0x40000007
#define TPM2W_ALG_SHA256	0x000b
#define TPM2W_ALG_NULL		0x0010

#define TPM2W_CC_NV_UNDEFINE	0x00000122
#define TPM2W_CC_NV_DEFINE	0x0000012a
#define TPM2W_CC_CREATE_PRIMARY	0x00000131
#define TPM2W_CC_NV_INCREMENT	0x00000134
#define TPM2W_CC_NV_READ	0x0000014e
#define TPM2W_CC_CREATE		0x00000153
#define TPM2W_CC_LOAD		0x00000157
#define TPM2W_CC_UNSEAL		0x0000015e
#define TPM2W_CC_START_AUTH	0x00000176
#define TPM2W_CC_POLICY_PCR	0x0000017f
#define TPM2W_CC_PCR_EXTEND	0x00000182
#define TPM2W_CC_PCR_RESET	0x0000013d

/* Largest TPM2B this code accepts in a response or a sealed object */
#define TPM2W_PRIV_MAX		512	/* TPM2B_PRIVATE's buffer */
#define TPM2W_PUB_MAX		512	/* TPM2B_PUBLIC's buffer */
#define TPM2W_NONCE_MAX		64	/* digests, nonces, names */
#define TPM2W_BIG_MAX		1024	/* creationData */

/* The sealed-object file: "PPTK" | 1 | 0 0 0 | TPM2B_PRIVATE | TPM2B_PUBLIC */
#define TPM2W_OBJ_MAGIC		"PPTK"
#define TPM2W_OBJ_VERSION	1
#define TPM2W_OBJ_HDR_LEN	8
#define TPM2W_OBJ_MAX		(TPM2W_OBJ_HDR_LEN + 2 + TPM2W_PRIV_MAX + \
				 2 + TPM2W_PUB_MAX)

struct tpm2w_writer {
	u8 *p;
	u32 len, cap;
	bool bad;
};

struct tpm2w_reader {
	const u8 *p;
	u32 len, off;
	bool bad;
};

/* A counted byte string inside a buffer someone else owns */
struct tpm2w_b {
	const u8 *p;
	u16 len;
};

void tpm2w_put(struct tpm2w_writer *w, const void *src, u32 n);
void tpm2w_u8(struct tpm2w_writer *w, u8 v);
void tpm2w_u16(struct tpm2w_writer *w, u16 v);
void tpm2w_u32(struct tpm2w_writer *w, u32 v);
void tpm2w_tpm2b(struct tpm2w_writer *w, const void *src, u16 n);

u16 tpm2w_get_u16(struct tpm2w_reader *r);
u32 tpm2w_get_u32(struct tpm2w_reader *r);
struct tpm2w_b tpm2w_get_tpm2b(struct tpm2w_reader *r, u16 max);

/* The PolicyPCR selection this module seals under: SHA-256 bank, one PCR */
void tpm2w_pcr_selection(struct tpm2w_writer *w, u32 pcr);

/*
 * Command bodies (handles, authorization area, parameters: what follows
 * the 10-byte header), one per command; tpm2_wire.c cites each layout.
 * The kernel sends them with tpm_transmit_cmd(), the host's probe
 * (tests/tpm2/) through /dev/tpm0, so both build the same bytes.
 */
void tpm2w_pw_auth(struct tpm2w_writer *w, const u8 *pw, u16 pw_len);
void tpm2w_body_create_primary(struct tpm2w_writer *w);
void tpm2w_body_load(struct tpm2w_writer *w, u32 parent, struct tpm2w_b priv,
		     struct tpm2w_b pub);
void tpm2w_body_start_auth(struct tpm2w_writer *w, const u8 nonce[16]);
void tpm2w_body_policy_pcr(struct tpm2w_writer *w, u32 session, u32 pcr);
void tpm2w_body_unseal(struct tpm2w_writer *w, u32 item, u32 session);
void tpm2w_body_nv(struct tpm2w_writer *w, u32 cc, u32 index, const u8 *pw,
		   u16 pw_len);

/*
 * tpm2w_rsp_open() - check a response and position a reader on its
 * parameters
 * @rsp, @buf_len: the response buffer (@buf_len: how much of it is valid)
 * @n_handles: handles the command returns before the parameters (0 or 1)
 * @handle: out, the handle when @n_handles is 1
 * @rc: out, the TPM's response code
 *
 * Return: 0 with @r on the parameter area (for ST_SESSIONS responses
 * bounded by parameterSize, so the response auth area is never parsed as
 * parameters); -EBADMSG the header, size or parameterSize is inconsistent.
 * A TPM error (@rc != 0) returns 0 with an empty reader.
 */
int tpm2w_rsp_open(struct tpm2w_reader *r, const u8 *rsp, u32 buf_len,
		   u32 n_handles, u32 *handle, u32 *rc);

/* 0 if the reader is good and consumed its whole area; else -EBADMSG */
int tpm2w_rsp_close(const struct tpm2w_reader *r);

/*
 * Response parsers, one per command (TPM 2.0 Part 3 gives each layout):
 * 0 with the outputs set; the TPM's response code (> 0) with nothing set;
 * -EBADMSG when the bytes do not parse exactly (a trailing byte included).
 * The TPM2Bs returned point into @rsp.
 */
int tpm2w_parse_create_primary(const u8 *rsp, u32 len, u32 *handle);
int tpm2w_parse_create(const u8 *rsp, u32 len, struct tpm2w_b *priv,
		       struct tpm2w_b *pub);
int tpm2w_parse_handle(const u8 *rsp, u32 len, u32 *handle);
int tpm2w_parse_data(const u8 *rsp, u32 len, u8 *out, u16 want);
int tpm2w_parse_empty(const u8 *rsp, u32 len);

/*
 * tpm2w_obj_parse() - split a sealed-object file into the TPM2B_PRIVATE
 * and TPM2B_PUBLIC the TPM made (each returned with its size field)
 * Return: 0; -EBADMSG bad magic, version, sizes or trailing bytes.
 */
int tpm2w_obj_parse(const u8 *obj, u32 len, struct tpm2w_b *priv,
		    struct tpm2w_b *pub);

/* tpm2w_obj_build() - the reverse: the file from TPM2B bodies; bytes or 0 */
u32 tpm2w_obj_build(u8 *out, u32 cap, struct tpm2w_b priv, struct tpm2w_b pub);

/*
 * tpm2w_rc_text() - a short English reading of a TPM 2.0 response code
 * (Part 2 section 6.6), for log lines; never NULL
 */
const char *tpm2w_rc_text(u32 rc);

/* The format-one error number of @rc (its parameter/handle bits dropped) */
static inline u32 tpm2w_rc_base(u32 rc)
{
	return (rc & 0x80) ? (rc & 0xbf) : rc;
}

#endif /* PINPAD_TPM2_WIRE_H */
