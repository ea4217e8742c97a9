// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fake_device.c - ioctl(2) answered the way pinpad.h says pinpad.ko
 * answers, for host tests. See fake_device.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_device.h"
#include "libpinpad.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_rules.h"
#include "role_table.h"

struct fake_device fake;
static bool fake_initialised;

static const struct {
	const char *name;
	int err;
} fake_errnos[] = {
	{ "EBADMSG", EBADMSG }, { "ENOKEY", ENOKEY }, { "ENODATA", ENODATA },
	{ "EACCES", EACCES }, { "EPERM", EPERM }, { "EKEYREJECTED",
						    EKEYREJECTED },
	{ "ENOSPC", ENOSPC }, { "EAGAIN", EAGAIN }, { "EDQUOT", EDQUOT },
};

static int errno_from_env(void)
{
	const char *name = getenv("PINPAD_FAKE_ERRNO");
	size_t i;

	for (i = 0; name && i < sizeof(fake_errnos) / sizeof(fake_errnos[0]);
	     i++)
		if (!strcmp(name, fake_errnos[i].name))
			return fake_errnos[i].err;
	return 0;
}

static void fake_slots_reset(void);

void fake_reset(void)
{
	const char *api = getenv("PINPAD_FAKE_API");

	fake_initialised = true;
	memset(&fake, 0, sizeof(fake));
	fake.fail_errno = errno_from_env();
	fake.api_version = api ? (uint32_t)atoi(api) : PINPAD_API_VERSION;
	fake_slots_reset();
}

/* How the file of the command being served was opened. */
static const char *fake_open_mode;

static void fake_log(const char *fmt, ...)
{
	const char *path = getenv("PINPAD_FAKE_LOG");
	va_list ap;
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "[%s] ", fake_open_mode);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

/*
 * The device's slots: at reset a TDES TMK in slot 0, an AES-256 TMK in
 * slot FAKE_AES_TMK_SLOT (both KBPKs for LOAD_WK, their clear keys known to
 * the tests), a D0 key in slot 16, a P0 key in slot FAKE_PIN_SLOT and an
 * M3 key in slot FAKE_MAC_SLOT. Only LOAD_WK changes them (INJECT_KEY and
 * CLEAR_SLOT are checked and logged, nothing more). The KCVs of the fixed
 * working keys are made up; those of the keys LOAD_WK stores are real
 * (rkd_kcv_alg()).
 */
struct fake_slot {
	struct pinpad_slot_info info;
	uint8_t key[PINPAD_KEY_MAX];	/* KBPKs and loaded keys */
	unsigned int fails;		/* failed LOAD_WKs in a row, as KBPK */
};

static struct fake_slot fake_slots[PINPAD_SLOTS];

static void fake_slot_set(uint32_t slot, uint32_t usage, uint32_t alg,
			  const uint8_t *key, uint32_t len, const char *kcv)
{
	struct fake_slot *s = &fake_slots[slot];

	memset(s, 0, sizeof(*s));
	s->info.slot = slot;
	s->info.usage = usage;
	s->info.key_len = len;
	s->info.alg = alg;
	pinpad_key_attr_default(usage, alg, &s->info.attr);
	memcpy(s->info.kcv, kcv, PINPAD_KCV_LEN);
	if (key)
		memcpy(s->key, key, len);
}

static void fake_slots_reset(void)
{
	static const uint8_t tmk[] = FAKE_TMK_TDES, aes[] = FAKE_TMK_AES;

	memset(fake_slots, 0, sizeof(fake_slots));
	fake_slot_set(0, PINPAD_USAGE_TMK, PINPAD_ALG_TDES, tmk, sizeof(tmk),
		      "\x12\x34\x56");
	fake_slot_set(FAKE_AES_TMK_SLOT, PINPAD_USAGE_TMK, PINPAD_ALG_AES, aes,
		      sizeof(aes), "\x0A\x0E\x50");
	fake_slot_set(PINPAD_WK_FIRST, PINPAD_USAGE_DATA, PINPAD_ALG_TDES, NULL,
		      24, "\x9A\xBC\xDE");
	fake_slot_set(FAKE_PIN_SLOT, PINPAD_USAGE_PIN, PINPAD_ALG_TDES, NULL, 16,
		      "\x11\x22\x33");
	fake_slot_set(FAKE_MAC_SLOT, PINPAD_USAGE_MAC, PINPAD_ALG_TDES, NULL, 16,
		      "\x44\x55\x66");
}

static void fake_slot(uint32_t slot, struct pinpad_slot_info *info)
{
	if (slot < PINPAD_SLOTS)
		*info = fake_slots[slot].info;
	info->slot = slot;
}

static int fake_status(struct pinpad_status *st)
{
	size_t i;

	memset(st, 0, sizeof(*st));
	st->api_version = fake.api_version;
	st->state = PINPAD_STATE_FACTORY;
	st->flags = PINPAD_STATUS_HAS_DSN | PINPAD_STATUS_HAS_DIK2 |
		    PINPAD_STATUS_HAS_ROOT;
	st->dsn_len = 7;
	memcpy(st->dsn, "PP-0001", 7);
	st->tmk_slots = PINPAD_TMK_SLOTS;
	st->wk_slots = PINPAD_WK_SLOTS;
	st->keys_loaded = 2;
	st->factor_len = 16;
	st->dik2_kcv[0] = 0xAB;
	st->dik2_kcv[1] = 0xCD;
	st->dik2_kcv[2] = 0xEF;
	for (i = 0; i < PINPAD_FPR_LEN; i++)
		st->root_fpr[i] = (uint8_t)(0xA0 + i);
	fake_log("STATUS");
	return 0;
}

static int fake_slot_info(struct pinpad_slot_info *info)
{
	uint32_t slot = info->slot;

	if (slot >= PINPAD_SLOTS || info->reserved0)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->slot = slot;
	fake_slot(slot, info);
	fake_log("SLOT_INFO slot=%u", slot);
	return 0;
}

static int fake_set_dsn(const struct pinpad_dsn *d)
{
	/* the module's rule, from the one copy userspace has */
	if (d->reserved0 || d->len > PINPAD_DSN_MAX ||
	    !rkd_dsn_valid((const char *)d->dsn, d->len))
		return -EINVAL;
	fake_log("SET_DSN len=%u dsn=%.*s", d->len, (int)d->len, d->dsn);
	return 0;
}

static int fake_set_dik2(const struct pinpad_dik2 *d)
{
	if (d->reserved0 || d->factor_len < 1 ||
	    d->factor_len > PINPAD_FACTOR_MAX ||
	    rkd_tdes_key_weak(d->dik2, PINPAD_DIK2_LEN))
		return -EINVAL;
	fake_log("SET_DIK2 factor_len=%u", d->factor_len);
	return 0;
}

static int fake_set_root(const struct pinpad_buf *b)
{
	if (b->reserved0 || b->len < 1 || b->len > PINPAD_CERT_MAX)
		return -EINVAL;
	memcpy(fake.last_data, (const void *)(uintptr_t)b->addr, b->len);
	fake.last_data_len = b->len;
	fake_log("SET_ROOT len=%u", b->len);
	return 0;
}

/*
 * What an operation does with a key, and the X9.143 usages and modes that
 * allow it: the module's pinpad_slot_use() (CONTRACT of #11, kmod/key.h).
 */
enum fake_use {
	FAKE_USE_UNWRAP,	/* K0/K1, mode B or D: a KBPK for LOAD_WK */
	FAKE_USE_PIN,		/* P0, mode E or B */
	FAKE_USE_MAC_GENERATE,	/* M1/M3/M6, mode G or C */
	FAKE_USE_MAC_VERIFY,	/* M1/M3/M6, mode V or C */
	FAKE_USE_ENCRYPT,	/* D0, mode E or B */
	FAKE_USE_DECRYPT,	/* D0, mode D or B */
	FAKE_USE_TOKEN,		/* D0, any mode: the skcipher checks it */
};

static bool fake_use_allowed(const struct pinpad_key_attr *a,
			     enum fake_use use)
{
	static const struct {
		char usages[7];		/* pairs of characters */
		char modes[4];
	} rules[] = {
		[FAKE_USE_UNWRAP] = { "K0K1", "BD" },
		[FAKE_USE_PIN] = { "P0", "EB" },
		[FAKE_USE_MAC_GENERATE] = { "M1M3M6", "GC" },
		[FAKE_USE_MAC_VERIFY] = { "M1M3M6", "VC" },
		[FAKE_USE_ENCRYPT] = { "D0", "EB" },
		[FAKE_USE_DECRYPT] = { "D0", "DB" },
		[FAKE_USE_TOKEN] = { "D0", "EDB" },
	};
	const char *u;

	for (u = rules[use].usages; *u; u += 2)
		if (a->usage[0] == u[0] && a->usage[1] == u[1])
			return a->mode && strchr(rules[use].modes, a->mode);
	return false;
}

/* 0, -ENOKEY or -EKEYREJECTED: may @slot's key be used for @use? */
static int fake_key_for(uint32_t slot, enum fake_use use)
{
	struct pinpad_slot_info key = { 0 };

	fake_slot(slot, &key);
	if (key.usage == PINPAD_USAGE_NONE)
		return -ENOKEY;
	return fake_use_allowed(&key.attr, use) ? 0 : -EKEYREJECTED;
}

/* The slot class of an X9.143 usage: ioctl/pinpad_kb.h's, as the module */
static uint32_t fake_kb_class(const uint8_t usage[2])
{
	return pinpad_kb_usage_class((char)usage[0], (char)usage[1]);
}

/* A key of @alg and @len: TDES 16/24 not degenerate, AES 16/24/32. */
static bool fake_key_ok(uint32_t alg, const uint8_t *key, uint32_t len)
{
	if (alg == PINPAD_ALG_TDES)
		return !rkd_tdes_key_weak(key, len);
	return alg == PINPAD_ALG_AES && pinpad_kb_strength('A', len);
}

static int fake_inject(const struct pinpad_key_inject *k)
{
	const struct pinpad_key_attr *a = &k->attr;
	uint32_t class = fake_kb_class(a->usage);

	if (!all_zero(k->reserved0, sizeof(k->reserved0)) || a->reserved0 ||
	    (k->flags & ~PINPAD_KEY_F_CHECK_KCV) ||
	    k->alg != pinpad_key_attr_alg(a) ||
	    !pinpad_kb_usage_mode_ok((char)a->usage[0], (char)a->usage[1],
				     (char)a->mode) ||
	    !pinpad_kb_kvn_ok((char)a->version[0], (char)a->version[1]) ||
	    a->exportability != PINPAD_KB_EXPORT_NONE ||
	    !rkd_slot_accepts(k->slot, class) ||
	    !fake_key_ok(k->alg, k->key, k->key_len))	/* a bad length too */
		return -EINVAL;
	fake_log("INJECT_KEY slot=%u usage=%u alg=%u key_len=%u flags=%u "
		 "attr=%.2s%c%c%.2s", k->slot, class, k->alg, k->key_len,
		 k->flags, a->usage, a->algorithm, a->mode, a->version);
	return 0;
}

/*
 * LOAD_WK as the module does it, with the host's codec (librkdproto's
 * rkd_kb_unwrap(), which enforces ioctl/pinpad_kb.h as kmod/keyblock.c
 * does): -EBADMSG for anything wrong before the block authenticates,
 * -EKEYREJECTED for an authentic block the rules refuse. A refusal changes
 * no slot.
 */
static int fake_load_wk_one(struct pinpad_wk_load *w);

/*
 * The lockout of a KBPK (pinpad.h, PINPAD_KBPK_FAIL_MAX): failed loads in
 * a row against one TMK slot lock it for unwrapping (-EKEYREVOKED) until
 * SLOT_UNLOCK; a success resets the count.
 */
static int fake_load_wk(struct pinpad_wk_load *w)
{
	struct fake_slot *kbpk;
	int err;

	if (w->kbpk_slot < PINPAD_SLOTS &&
	    (fake_slots[w->kbpk_slot].info.flags & PINPAD_SLOT_F_LOCKED)) {
		memset(w->kcv, 0, sizeof(w->kcv));
		return -EKEYREVOKED;
	}
	err = fake_load_wk_one(w);
	if (w->kbpk_slot >= PINPAD_SLOTS || err == -EINVAL || err == -ENOKEY)
		return err;
	kbpk = &fake_slots[w->kbpk_slot];
	kbpk->fails = err ? kbpk->fails + 1 : 0;
	if (kbpk->fails >= PINPAD_KBPK_FAIL_MAX)
		kbpk->info.flags |= PINPAD_SLOT_F_LOCKED;
	return err;
}

static int fake_slot_unlock(const __u32 *slot)
{
	if (*slot >= PINPAD_TMK_SLOTS)
		return -EINVAL;
	if (fake_slots[*slot].info.usage == PINPAD_USAGE_NONE)
		return -ENOKEY;
	fake_slots[*slot].fails = 0;
	fake_slots[*slot].info.flags &= ~(__u32)PINPAD_SLOT_F_LOCKED;
	fake_log("SLOT_UNLOCK slot=%u", *slot);
	return 0;
}

static int fake_load_wk_one(struct pinpad_wk_load *w)
{
	uint8_t key[PINPAD_KB_KEY_MAX];
	const struct fake_slot *kbpk;
	struct fake_slot *dst;
	struct rkd_kb_attr a;
	size_t key_len = 0;
	uint32_t class;
	int err;

	memset(w->kcv, 0, sizeof(w->kcv));
	if (w->reserved0 || !all_zero(w->reserved1, sizeof(w->reserved1)) ||
	    !w->block_len || w->block_len > PINPAD_KEY_BLOCK_MAX ||
	    w->slot < PINPAD_WK_FIRST || w->slot >= PINPAD_SLOTS ||
	    w->kbpk_slot >= PINPAD_SLOTS)
		return -EINVAL;
	kbpk = &fake_slots[w->kbpk_slot];
	if (kbpk->info.usage == PINPAD_USAGE_NONE)
		return -ENOKEY;
	if (!fake_use_allowed(&kbpk->info.attr, FAKE_USE_UNWRAP))
		return -EKEYREJECTED;
	if (pinpad_kb_kbpk_alg((char)w->block[0]) !=
	    (char)kbpk->info.attr.algorithm)
		return -EBADMSG;
	err = rkd_kb_unwrap(kbpk->key, kbpk->info.key_len,
			    (const char *)w->block, w->block_len, &a, key,
			    sizeof(key), &key_len, NULL);
	if (err == RKD_ERR_KB_FORMAT || err == RKD_ERR_BAD_MAC)
		return -EBADMSG;
	class = fake_kb_class((const uint8_t *)a.usage);
	if (err || !rkd_slot_accepts(w->slot, class)) {
		explicit_bzero(key, sizeof(key));
		return -EKEYREJECTED;
	}
	dst = &fake_slots[w->slot];
	memset(dst, 0, sizeof(*dst));
	dst->info.slot = w->slot;
	dst->info.usage = class;
	dst->info.alg = a.algorithm == 'A' ? PINPAD_ALG_AES : PINPAD_ALG_TDES;
	dst->info.key_len = (uint32_t)key_len;
	memcpy(dst->info.attr.usage, a.usage, 2);
	dst->info.attr.algorithm = (uint8_t)a.algorithm;
	dst->info.attr.mode = (uint8_t)a.mode;
	memcpy(dst->info.attr.version, a.version, 2);
	dst->info.attr.exportability = (uint8_t)a.exportability;
	memcpy(dst->key, key, key_len);
	rkd_kcv_alg(a.algorithm, key, key_len, dst->info.kcv);
	explicit_bzero(key, sizeof(key));
	memcpy(w->kcv, dst->info.kcv, PINPAD_KCV_LEN);
	fake_log("LOAD_WK slot=%u kbpk_slot=%u block_len=%u usage=%.2s",
		 w->slot, w->kbpk_slot, w->block_len, a.usage);
	return 0;
}

/*
 * Not TDES nor AES: XOR, with the IV on the first block, so tests can
 * predict. The checks are the module's: the key's block size (TDES 8, AES
 * 16; a TDES IV's last 8 bytes zero), D0 with the direction its mode
 * allows.
 */
static int fake_cipher(struct pinpad_cipher *c)
{
	struct pinpad_slot_info key = { 0 };
	const uint8_t *in = (const uint8_t *)(uintptr_t)c->in;
	uint8_t *out = (uint8_t *)(uintptr_t)c->out;
	const uint8_t *last_ct;
	uint32_t i, blk;
	int err;

	if ((c->mode != PINPAD_MODE_ECB && c->mode != PINPAD_MODE_CBC) ||
	    (c->op != PINPAD_OP_ENCRYPT && c->op != PINPAD_OP_DECRYPT) ||
	    c->len < PINPAD_BLOCK_LEN || c->len > PINPAD_DATA_MAX ||
	    c->slot >= PINPAD_SLOTS ||
	    (c->mode == PINPAD_MODE_ECB && !all_zero(c->iv, sizeof(c->iv))))
		return -EINVAL;
	err = fake_key_for(c->slot, c->op == PINPAD_OP_ENCRYPT ?
			   FAKE_USE_ENCRYPT : FAKE_USE_DECRYPT);
	if (err)
		return err;
	fake_slot(c->slot, &key);
	blk = key.alg == PINPAD_ALG_AES ? PINPAD_AES_BLOCK_LEN
					: PINPAD_BLOCK_LEN;
	if (c->len % blk || !all_zero(c->iv + blk, sizeof(c->iv) - blk))
		return -EINVAL;
	memcpy(fake.last_data, in, c->len);
	fake.last_data_len = c->len;
	for (i = 0; i < c->len; i++)
		out[i] = fake.last_data[i] ^ FAKE_CIPHER_XOR ^
			 (i < blk ? c->iv[i] : 0);
	last_ct = c->op == PINPAD_OP_ENCRYPT ? out : fake.last_data;
	if (c->mode == PINPAD_MODE_CBC)
		memcpy(c->iv, last_ct + c->len - blk, blk);
	fake_log("CIPHER slot=%u mode=%u op=%u len=%u", c->slot, c->mode,
		 c->op, c->len);
	return 0;
}

static bool digits(const uint8_t *s, uint32_t len)
{
	while (len--)
		if (*s < '0' || *s++ > '9')
			return false;
	return true;
}

/*
 * Not TDES: the clear ISO 9564-1 format 0 block, XORed with 0x5A. Format 4
 * (an AES P0 key): the same 8 bytes, then 8 bytes of 0x44, XORed alike.
 */
static int fake_pin_block(struct pinpad_pin_block *pb)
{
	struct pinpad_slot_info key = { 0 };
	uint8_t block[PINPAD_AES_BLOCK_LEN];
	const uint8_t *acct;
	uint32_t i, n;
	int err;

	if (pb->reserved0 || (pb->format != PINPAD_PIN_FORMAT_ISO0 &&
			      pb->format != PINPAD_PIN_FORMAT_ISO4) ||
	    pb->slot >= PINPAD_SLOTS || pb->pin_len < PINPAD_PIN_MIN ||
	    pb->pin_len > PINPAD_PIN_MAX || pb->pan_len < PINPAD_PAN_MIN ||
	    pb->pan_len > PINPAD_PAN_MAX || !digits(pb->pin, pb->pin_len) ||
	    !digits(pb->pan, pb->pan_len))
		return -EINVAL;
	err = fake_key_for(pb->slot, FAKE_USE_PIN);
	if (err)
		return err;
	/* format 0 is TDES's, format 4 AES's (ISO 9564-1:2017) */
	fake_slot(pb->slot, &key);
	if ((key.alg == PINPAD_ALG_AES) !=
	    (pb->format == PINPAD_PIN_FORMAT_ISO4))
		return -EKEYREJECTED;
	n = key.alg == PINPAD_ALG_AES ? PINPAD_AES_BLOCK_LEN : PINPAD_BLOCK_LEN;
	memset(block, 0xff, PINPAD_BLOCK_LEN);
	memset(block + PINPAD_BLOCK_LEN, 0x44, PINPAD_BLOCK_LEN);
	block[0] = (uint8_t)pb->pin_len;
	for (i = 0; i < pb->pin_len; i++)
		block[1 + i / 2] ^= (uint8_t)((0xf ^ (pb->pin[i] - '0')) <<
					      (i % 2 ? 0 : 4));
	acct = pb->pan + pb->pan_len - 13;
	for (i = 0; i < 12; i++)
		block[2 + i / 2] ^= (uint8_t)((acct[i] - '0') <<
					      (i % 2 ? 0 : 4));
	memset(pb->block, 0, sizeof(pb->block));
	for (i = 0; i < n; i++)
		pb->block[i] = block[i] ^ FAKE_CIPHER_XOR;
	pb->block_len = n;
	fake_log("PIN_BLOCK slot=%u format=%u pin_len=%u pan_len=%u",
		 pb->slot, pb->format, pb->pin_len, pb->pan_len);
	return 0;
}

/*
 * Not a MAC: byte i is 0x5A ^ padding ^ every data byte j, j % n == i, n
 * the key's block (8 TDES, 16 AES). The checks are the module's: an M1,
 * M3 or M6 key whose mode allows the operation; padding 1 or 2 for M1 and
 * M3, none for M6 (CMAC pads itself); mac_len up to the block.
 */
static int fake_mac(struct pinpad_mac *m, bool verify)
{
	const uint8_t *data = (const uint8_t *)(uintptr_t)m->data;
	struct pinpad_slot_info key = { 0 };
	uint8_t mac[PINPAD_MAC_MAX];
	uint32_t i, n;
	bool cmac;
	int err;

	if (!m->len || m->len > PINPAD_DATA_MAX ||
	    m->mac_len < PINPAD_MAC_MIN || m->mac_len > PINPAD_MAC_MAX ||
	    m->padding > PINPAD_MAC_PAD_ISO2 || m->slot >= PINPAD_SLOTS)
		return -EINVAL;
	err = fake_key_for(m->slot, verify ? FAKE_USE_MAC_VERIFY
					   : FAKE_USE_MAC_GENERATE);
	if (err)
		return err;
	fake_slot(m->slot, &key);
	cmac = key.attr.usage[1] == '6';
	n = key.alg == PINPAD_ALG_AES ? PINPAD_AES_BLOCK_LEN : PINPAD_MAC_LEN;
	if (cmac != (m->padding == PINPAD_MAC_PAD_NONE) || m->mac_len > n)
		return -EINVAL;
	memset(mac, FAKE_CIPHER_XOR ^ m->padding, sizeof(mac));
	for (i = 0; i < m->len; i++)
		mac[i % n] ^= data[i];
	memcpy(fake.last_data, data, m->len);
	fake.last_data_len = m->len;
	fake_log("%s slot=%u padding=%u len=%u mac_len=%u",
		 verify ? "MAC_VERIFY" : "MAC_GENERATE", m->slot, m->padding,
		 m->len, m->mac_len);
	if (verify)
		return memcmp(mac, m->mac, m->mac_len) ? -EBADMSG : 0;
	memset(m->mac, 0, sizeof(m->mac));
	memcpy(m->mac, mac, m->mac_len);
	return 0;
}

/* The one token the fake hands out, for slot 16. */
static void fake_token(struct pinpad_token *tok)
{
	uint32_t i;

	memset(tok, 0, sizeof(*tok));
	tok->magic = PINPAD_TOKEN_MAGIC;
	tok->slot = PINPAD_WK_FIRST;
	tok->epoch = 0x1122334455667788ULL;
	for (i = 0; i < PINPAD_HANDLE_LEN; i++)
		tok->handle[i] = (uint8_t)(0xA0 + i);
}

static int fake_token_get(struct pinpad_token *tok)
{
	uint32_t slot = tok->slot;
	int err;

	if (tok->magic || tok->epoch ||
	    !all_zero(tok->handle, sizeof(tok->handle)) || slot >= PINPAD_SLOTS)
		return -EINVAL;
	err = fake_key_for(slot, FAKE_USE_TOKEN);
	if (err)
		return err;
	fake_token(tok);
	fake_log("TOKEN_GET slot=%u", slot);
	return 0;
}

static int fake_token_revoke(const struct pinpad_token *tok)
{
	struct pinpad_token live;

	fake_token(&live);
	if (memcmp(tok, &live, sizeof(live)))
		return -ENOKEY;
	fake_log("TOKEN_REVOKE slot=%u", tok->slot);
	return 0;
}

static int fake_clear_slot(const __u32 *slot)
{
	if (*slot >= PINPAD_SLOTS)
		return -EINVAL;
	fake_log("CLEAR_SLOT slot=%u", *slot);
	return 0;
}

/* The rate limits at their defaults (pinpad.h), nothing used yet. */
static int fake_limit(void *arg, bool set)
{
	struct pinpad_limit_info *li = arg;
	bool pin = li->limit == PINPAD_LIMIT_PIN_BLOCK;
	uint32_t per_hour = pin ? PINPAD_PIN_PER_HOUR : PINPAD_FAIL_PER_HOUR;
	uint32_t burst = pin ? PINPAD_PIN_BURST : PINPAD_FAIL_BURST;

	if (li->limit >= PINPAD_LIMITS || li->available ||
	    li->retry_after_ms || li->refused)
		return -EINVAL;
	if (set) {
		if (!li->per_hour || !li->burst || li->per_hour > per_hour ||
		    li->burst > burst)
			return -EINVAL;
		fake_log("LIMIT_SET limit=%u per_hour=%u burst=%u", li->limit,
			 li->per_hour, li->burst);
		per_hour = li->per_hour;
		burst = li->burst;
	} else if (li->per_hour || li->burst) {
		return -EINVAL;
	}
	li->per_hour = per_hour;
	li->burst = burst;
	li->available = burst;
	return 0;
}

static int fake_dispatch(unsigned long cmd, void *arg)
{
	switch (cmd) {
	case PINPAD_IOC_SLOT_INFO:
		return fake_slot_info(arg);
	case PINPAD_IOC_SET_DSN:
		return fake_set_dsn(arg);
	case PINPAD_IOC_SET_DIK2:
		return fake_set_dik2(arg);
	case PINPAD_IOC_SET_ROOT:
		return fake_set_root(arg);
	case PINPAD_IOC_INJECT_KEY:
		return fake_inject(arg);
	case PINPAD_IOC_SEAL:
		fake_log("SEAL");
		return 0;
	case PINPAD_IOC_LOAD_WK:
		return fake_load_wk(arg);
	case PINPAD_IOC_CIPHER:
		return fake_cipher(arg);
	case PINPAD_IOC_CLEAR_SLOT:
		return fake_clear_slot(arg);
	case PINPAD_IOC_SLOT_UNLOCK:
		return fake_slot_unlock(arg);
	case PINPAD_IOC_TAMPER:
		fake_log("TAMPER");
		return 0;
	case PINPAD_IOC_RECOVER:
		fake_log("RECOVER");
		return 0;
	case PINPAD_IOC_LIMIT_GET:
		return fake_limit(arg, false);
	case PINPAD_IOC_LIMIT_SET:
		return fake_limit(arg, true);
	case PINPAD_IOC_PIN_BLOCK:
		return fake_pin_block(arg);
	case PINPAD_IOC_MAC_GENERATE:
		return fake_mac(arg, false);
	case PINPAD_IOC_MAC_VERIFY:
		return fake_mac(arg, true);
	case PINPAD_IOC_TOKEN_GET:
		return fake_token_get(arg);
	case PINPAD_IOC_TOKEN_REVOKE:
		return fake_token_revoke(arg);
	}
	return -ENOTTY;
}

static bool is_read_only_cmd(unsigned long cmd)
{
	return cmd == PINPAD_IOC_STATUS || cmd == PINPAD_IOC_SLOT_INFO ||
	       cmd == PINPAD_IOC_LIMIT_GET;
}

/*
 * The role of the node behind @fd, as pinpad.ko's: a file named like one
 * of its nodes (pinpad, pinpad-admin, pinpad-dl, pinpad-status, in any
 * directory) acts as that node; any other file (/dev/null) takes every
 * command, as the one-node device did. -1: every role.
 */
static int fake_node_role(int fd)
{
	static const char *const names[] = {
		[PINPAD_ROLE_STATUS] = "pinpad-status",
		[PINPAD_ROLE_USE] = "pinpad",
		[PINPAD_ROLE_DOWNLOAD] = "pinpad-dl",
		[PINPAD_ROLE_ADMIN] = "pinpad-admin",
	};
	char link[64], path[4096];
	const char *base;
	ssize_t n;
	int role;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return -1;
	path[n] = '\0';
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	for (role = 0; role < (int)(sizeof(names) / sizeof(names[0])); role++)
		if (!strcmp(base, names[role]))
			return role;
	return -1;
}

static int fake_ioctl(int fd, unsigned long cmd, void *arg)
{
	int mode = fcntl(fd, F_GETFL);
	int node = fake_node_role(fd), role = pinpad_role_of(cmd);

	if (!fake_initialised)
		fake_reset();
	fake_open_mode = (mode & O_ACCMODE) == O_RDONLY ? "rdonly" : "rdwr";
	fake.calls++;
	fake.last_cmd = cmd;
	if (arg && _IOC_SIZE(cmd) <= sizeof(fake.last))
		memcpy(&fake.last, arg, _IOC_SIZE(cmd));
	if (fake.eintr_once) {
		fake.eintr_once = 0;
		return -EINTR;
	}
	if (node >= 0 && role >= 0 && node != role &&
	    (_IOC_TYPE(cmd) == PINPAD_IOC_MAGIC))
		return -EPERM;
	if (cmd == PINPAD_IOC_STATUS)
		return fake_status(arg);
	if (!is_read_only_cmd(cmd) && (mode & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (fake.fail_errno)
		return -fake.fail_errno;
	return fake_dispatch(cmd, arg);
}

/* Takes the place of the C library's ioctl() in programs linked with it. */
int ioctl(int fd, unsigned long cmd, ...)
{
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	ret = fake_ioctl(fd, cmd, arg);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}
