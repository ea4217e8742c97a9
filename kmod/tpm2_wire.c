// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 marshalling and response parsing (tpm2_wire.h). Everything a TPM
 * or userspace hands the module goes through the bounded reader here.
 */
#include "tpm2_wire.h"

void tpm2w_put(struct tpm2w_writer *w, const void *src, u32 n)
{
	if (w->bad || n > w->cap - w->len) {
		w->bad = true;
		return;
	}
	memcpy(w->p + w->len, src, n);
	w->len += n;
}

void tpm2w_u8(struct tpm2w_writer *w, u8 v)
{
	tpm2w_put(w, &v, 1);
}

void tpm2w_u16(struct tpm2w_writer *w, u16 v)
{
	u8 b[2] = { v >> 8, v };

	tpm2w_put(w, b, sizeof(b));
}

void tpm2w_u32(struct tpm2w_writer *w, u32 v)
{
	u8 b[4] = { v >> 24, v >> 16, v >> 8, v };

	tpm2w_put(w, b, sizeof(b));
}

/* A TPM2B: a 16-bit size, then that many bytes */
void tpm2w_tpm2b(struct tpm2w_writer *w, const void *src, u16 n)
{
	tpm2w_u16(w, n);
	if (n)
		tpm2w_put(w, src, n);
}

static const u8 *tpm2w_get(struct tpm2w_reader *r, u32 n)
{
	const u8 *p;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

u16 tpm2w_get_u16(struct tpm2w_reader *r)
{
	const u8 *p = tpm2w_get(r, 2);

	return p ? (u16)(p[0] << 8 | p[1]) : 0;
}

u32 tpm2w_get_u32(struct tpm2w_reader *r)
{
	const u8 *p = tpm2w_get(r, 4);

	return p ? (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3] :
		   0;
}

/* A TPM2B of at most @max bytes; a longer one marks the reader bad */
struct tpm2w_b tpm2w_get_tpm2b(struct tpm2w_reader *r, u16 max)
{
	struct tpm2w_b b = {};
	u16 n = tpm2w_get_u16(r);

	if (n > max) {
		r->bad = true;
		return b;
	}
	b.p = tpm2w_get(r, n);
	b.len = b.p ? n : 0;
	return b;
}

/* TPML_PCR_SELECTION with one TPMS_PCR_SELECTION: SHA-256, 3 bytes */
void tpm2w_pcr_selection(struct tpm2w_writer *w, u32 pcr)
{
	u8 sel[3] = {};

	if (pcr >= 24) {
		w->bad = true;
		return;
	}
	sel[pcr / 8] = 1 << (pcr % 8);
	tpm2w_u32(w, 1);
	tpm2w_u16(w, TPM2W_ALG_SHA256);
	tpm2w_u8(w, sizeof(sel));
	tpm2w_put(w, sel, sizeof(sel));
}

/*
 * A password authorization (Part 1, "Password Authorizations"); @pw may be
 * empty
 */
void tpm2w_pw_auth(struct tpm2w_writer *w, const u8 *pw, u16 pw_len)
{
	tpm2w_u32(w, 4 + 2 + 1 + 2 + pw_len);	/* authorizationSize */
	tpm2w_u32(w, TPM2W_RS_PW);
	tpm2w_tpm2b(w, NULL, 0);		/* nonceCaller */
	tpm2w_u8(w, 0);				/* sessionAttributes */
	tpm2w_tpm2b(w, pw, pw_len);		/* hmac: the password */
}

/*
 * TPM2_CreatePrimary (Part 3 section 24.1): the owner hierarchy's ECC
 * P-256 storage key, from a fixed template (TCG "TPM 2.0 Provisioning
 * Guidance", the SRK template), so every boot gets the same key back
 */
void tpm2w_body_create_primary(struct tpm2w_writer *w)
{
	tpm2w_u32(w, TPM2W_RH_OWNER);
	tpm2w_pw_auth(w, NULL, 0);
	tpm2w_u16(w, 4);		/* inSensitive: empty auth and data */
	tpm2w_u16(w, 0);
	tpm2w_u16(w, 0);
	tpm2w_u16(w, 26);		/* inPublic: TPMT_PUBLIC */
	tpm2w_u16(w, 0x0023);		/* TPM_ALG_ECC */
	tpm2w_u16(w, TPM2W_ALG_SHA256);
	/* fixedTPM fixedParent sensitiveDataOrigin userWithAuth noDA
	 * restricted decrypt
	 */
	tpm2w_u32(w, 0x00030472);
	tpm2w_u16(w, 0);		/* authPolicy */
	tpm2w_u16(w, 0x0006);		/* symmetric: AES-128-CFB */
	tpm2w_u16(w, 128);
	tpm2w_u16(w, 0x0043);
	tpm2w_u16(w, TPM2W_ALG_NULL);	/* scheme */
	tpm2w_u16(w, 0x0003);		/* TPM_ECC_NIST_P256 */
	tpm2w_u16(w, TPM2W_ALG_NULL);	/* kdf */
	tpm2w_u16(w, 0);		/* unique: empty x, y */
	tpm2w_u16(w, 0);
	tpm2w_u16(w, 0);		/* outsideInfo */
	tpm2w_u32(w, 0);		/* creationPCR: none */
}

/* TPM2_Load (Part 3 section 12.2) of a sealed object under @parent */
void tpm2w_body_load(struct tpm2w_writer *w, u32 parent, struct tpm2w_b priv,
		     struct tpm2w_b pub)
{
	tpm2w_u32(w, parent);
	tpm2w_pw_auth(w, NULL, 0);
	tpm2w_tpm2b(w, priv.p, priv.len);
	tpm2w_tpm2b(w, pub.p, pub.len);
}

/*
 * TPM2_StartAuthSession (Part 3 section 11.1): a policy session with no
 * salt, no bind, no parameter encryption
 */
void tpm2w_body_start_auth(struct tpm2w_writer *w, const u8 nonce[16])
{
	tpm2w_u32(w, TPM2W_RH_NULL);	/* tpmKey */
	tpm2w_u32(w, TPM2W_RH_NULL);	/* bind */
	tpm2w_tpm2b(w, nonce, 16);
	tpm2w_u16(w, 0);		/* encryptedSalt */
	tpm2w_u8(w, 0x01);		/* TPM_SE_POLICY */
	tpm2w_u16(w, TPM2W_ALG_NULL);	/* symmetric */
	tpm2w_u16(w, TPM2W_ALG_SHA256);	/* authHash */
}

/*
 * TPM2_PolicyPCR (Part 3 section 23.7) on @session, with the TPM's
 * current value of @pcr
 */
void tpm2w_body_policy_pcr(struct tpm2w_writer *w, u32 session, u32 pcr)
{
	tpm2w_u32(w, session);
	tpm2w_u16(w, 0);		/* pcrDigest: the TPM's current one */
	tpm2w_pcr_selection(w, pcr);
}

/*
 * TPM2_Unseal (Part 3 section 12.7) of @item under @session (a policy
 * session, which the TPM then ends, or TPM2W_RS_PW with no password)
 */
void tpm2w_body_unseal(struct tpm2w_writer *w, u32 item, u32 session)
{
	tpm2w_u32(w, item);
	tpm2w_u32(w, 9);		/* authorizationSize */
	tpm2w_u32(w, session);
	tpm2w_u16(w, 0);		/* nonceCaller */
	tpm2w_u8(w, 0);			/* attributes: end the session */
	tpm2w_u16(w, 0);		/* hmac: none */
}

/*
 * TPM2_NV_Read (Part 3 section 31.13, the whole 8-byte counter) or
 * TPM2_NV_Increment (31.8) of @index, authorized by its password
 */
void tpm2w_body_nv(struct tpm2w_writer *w, u32 cc, u32 index, const u8 *pw,
		   u16 pw_len)
{
	tpm2w_u32(w, index);		/* authHandle */
	tpm2w_u32(w, index);		/* nvIndex */
	tpm2w_pw_auth(w, pw, pw_len);
	if (cc == TPM2W_CC_NV_READ) {
		tpm2w_u16(w, 8);	/* size */
		tpm2w_u16(w, 0);	/* offset */
	}
}

int tpm2w_rsp_open(struct tpm2w_reader *r, const u8 *rsp, u32 buf_len,
		   u32 n_handles, u32 *handle, u32 *rc)
{
	struct tpm2w_reader h = { .p = rsp, .len = buf_len };
	u16 tag = tpm2w_get_u16(&h);
	u32 size = tpm2w_get_u32(&h), i, psize;

	*rc = tpm2w_get_u32(&h);
	r->p = rsp;
	r->off = 0;
	r->len = 0;
	r->bad = false;
	if (h.bad || size < TPM2W_HEADER_LEN || size > buf_len ||
	    (tag != TPM2W_ST_NO_SESSIONS && tag != TPM2W_ST_SESSIONS))
		return -EBADMSG;
	if (*rc)
		return size == TPM2W_HEADER_LEN ? 0 : -EBADMSG;
	h.len = size;			/* never read past the response */
	for (i = 0; i < n_handles; i++) {
		u32 v = tpm2w_get_u32(&h);

		if (handle)
			*handle = v;
	}
	if (tag == TPM2W_ST_SESSIONS) {
		psize = tpm2w_get_u32(&h);
		if (h.bad || psize > h.len - h.off)
			return -EBADMSG;
		h.len = h.off + psize;	/* the auth area follows */
	}
	if (h.bad)
		return -EBADMSG;
	*r = h;
	return 0;
}

int tpm2w_rsp_close(const struct tpm2w_reader *r)
{
	return r->bad || r->off != r->len ? -EBADMSG : 0;
}

int tpm2w_obj_parse(const u8 *obj, u32 len, struct tpm2w_b *priv,
		    struct tpm2w_b *pub)
{
	struct tpm2w_reader r = { .p = obj, .len = len };
	const u8 *hdr = tpm2w_get(&r, TPM2W_OBJ_HDR_LEN);

	if (!hdr || memcmp(hdr, TPM2W_OBJ_MAGIC, 4) ||
	    hdr[4] != TPM2W_OBJ_VERSION || hdr[5] || hdr[6] || hdr[7])
		return -EBADMSG;
	*priv = tpm2w_get_tpm2b(&r, TPM2W_PRIV_MAX);
	*pub = tpm2w_get_tpm2b(&r, TPM2W_PUB_MAX);
	if (r.bad || r.off != r.len || !priv->len || !pub->len)
		return -EBADMSG;
	return 0;
}

u32 tpm2w_obj_build(u8 *out, u32 cap, struct tpm2w_b priv, struct tpm2w_b pub)
{
	struct tpm2w_writer w = { .p = out, .cap = cap };
	static const u8 hdr[TPM2W_OBJ_HDR_LEN] = {
		'P', 'P', 'T', 'K', TPM2W_OBJ_VERSION, 0, 0, 0
	};

	if (priv.len > TPM2W_PRIV_MAX || pub.len > TPM2W_PUB_MAX)
		return 0;
	tpm2w_put(&w, hdr, sizeof(hdr));
	tpm2w_tpm2b(&w, priv.p, priv.len);
	tpm2w_tpm2b(&w, pub.p, pub.len);
	return w.bad ? 0 : w.len;
}

/* Skip a TPM2B the module does not use (bounded like any other) */
static void tpm2w_skip_tpm2b(struct tpm2w_reader *r, u16 max)
{
	tpm2w_get_tpm2b(r, max);
}

/*
 * Response parsers, one per command (Part 3 gives each response's layout).
 * Each: 0 with the outputs set, or the TPM's response code (> 0) with
 * nothing set, or -EBADMSG when the bytes do not parse exactly.
 */
static int tpm2w_open(struct tpm2w_reader *r, const u8 *rsp, u32 len,
		      u32 n_handles, u32 *handle)
{
	u32 rc;
	int err = tpm2w_rsp_open(r, rsp, len, n_handles, handle, &rc);

	if (err)
		return err;
	return rc > 0x7fffffff ? -EBADMSG : (int)rc;
}

/*
 * TPM2_CreatePrimary: handle; outPublic, creationData, creationHash,
 * creationTicket, name
 */
int tpm2w_parse_create_primary(const u8 *rsp, u32 len, u32 *handle)
{
	struct tpm2w_reader r;
	u32 h = 0;
	int rc = tpm2w_open(&r, rsp, len, 1, &h);

	if (rc)
		return rc;
	tpm2w_skip_tpm2b(&r, TPM2W_PUB_MAX);	/* outPublic */
	tpm2w_skip_tpm2b(&r, TPM2W_BIG_MAX);	/* creationData */
	tpm2w_skip_tpm2b(&r, TPM2W_NONCE_MAX);	/* creationHash */
	tpm2w_get_u16(&r);			/* ticket: tag */
	tpm2w_get_u32(&r);			/* hierarchy */
	tpm2w_skip_tpm2b(&r, TPM2W_NONCE_MAX);	/* digest */
	tpm2w_skip_tpm2b(&r, TPM2W_NONCE_MAX);	/* name */
	if (tpm2w_rsp_close(&r))
		return -EBADMSG;
	*handle = h;
	return 0;
}

/* TPM2_Create: outPrivate, outPublic, creationData, creationHash, ticket */
int tpm2w_parse_create(const u8 *rsp, u32 len, struct tpm2w_b *priv,
		       struct tpm2w_b *pub)
{
	struct tpm2w_reader r;
	struct tpm2w_b a, b;
	int rc = tpm2w_open(&r, rsp, len, 0, NULL);

	if (rc)
		return rc;
	a = tpm2w_get_tpm2b(&r, TPM2W_PRIV_MAX);
	b = tpm2w_get_tpm2b(&r, TPM2W_PUB_MAX);
	tpm2w_skip_tpm2b(&r, TPM2W_BIG_MAX);
	tpm2w_skip_tpm2b(&r, TPM2W_NONCE_MAX);
	tpm2w_get_u16(&r);
	tpm2w_get_u32(&r);
	tpm2w_skip_tpm2b(&r, TPM2W_NONCE_MAX);
	if (tpm2w_rsp_close(&r) || !a.len || !b.len)
		return -EBADMSG;
	*priv = a;
	*pub = b;
	return 0;
}

/*
 * TPM2_Load (handle; name) and TPM2_StartAuthSession (handle; nonceTPM):
 * a handle and one TPM2B of at most TPM2W_NONCE_MAX bytes
 */
int tpm2w_parse_handle(const u8 *rsp, u32 len, u32 *handle)
{
	struct tpm2w_reader r;
	u32 h = 0;
	int rc = tpm2w_open(&r, rsp, len, 1, &h);

	if (rc)
		return rc;
	tpm2w_skip_tpm2b(&r, TPM2W_NONCE_MAX);
	if (tpm2w_rsp_close(&r))
		return -EBADMSG;
	*handle = h;
	return 0;
}

/*
 * TPM2_Unseal (outData) and TPM2_NV_Read (data): one TPM2B that must be
 * exactly @want bytes, copied to @out
 */
int tpm2w_parse_data(const u8 *rsp, u32 len, u8 *out, u16 want)
{
	struct tpm2w_reader r;
	struct tpm2w_b b;
	int rc = tpm2w_open(&r, rsp, len, 0, NULL);

	if (rc)
		return rc;
	b = tpm2w_get_tpm2b(&r, want);
	if (tpm2w_rsp_close(&r) || b.len != want)
		return -EBADMSG;
	memcpy(out, b.p, want);
	return 0;
}

/* Commands with no response parameters (PolicyPCR, PCR_Extend, NV_*) */
int tpm2w_parse_empty(const u8 *rsp, u32 len)
{
	struct tpm2w_reader r;
	int rc = tpm2w_open(&r, rsp, len, 0, NULL);

	if (rc)
		return rc;
	return tpm2w_rsp_close(&r);
}

const char *tpm2w_rc_text(u32 rc)
{
	switch (tpm2w_rc_base(rc)) {
	case 0:
		return "success";
	case 0x084:
		return "value out of range (TPM_RC_VALUE)";
	case 0x08b:
		return "no such handle (TPM_RC_HANDLE)";
	case 0x08e:
	case 0x0a2:
		return "authorization failed (TPM_RC_AUTH_FAIL/BAD_AUTH)";
	case 0x095:
		return "size mismatch (TPM_RC_SIZE)";
	case 0x09d:
		return "policy check failed (TPM_RC_POLICY_FAIL)";
	case 0x09f:
		return "integrity check failed (TPM_RC_INTEGRITY)";
	case 0x127:
		return "PCR check failed (TPM_RC_PCR)";
	case 0x128:
		return "PCR changed during the policy (TPM_RC_PCR_CHANGED)";
	case 0x14a:
		return "NV index not written yet (TPM_RC_NV_UNINITIALIZED)";
	case 0x14b:
		return "out of NV space (TPM_RC_NV_SPACE)";
	case 0x14c:
		return "NV index already defined (TPM_RC_NV_DEFINED)";
	case 0x148:
		return "NV access locked (TPM_RC_NV_LOCKED)";
	case 0x149:
		return "NV authorization refused (TPM_RC_NV_AUTHORIZATION)";
	case 0x921:
		return "in dictionary-attack lockout (TPM_RC_LOCKOUT)";
	case 0x902:
	case 0x903:
		return "out of object or session memory";
	}
	return "TPM error";
}
