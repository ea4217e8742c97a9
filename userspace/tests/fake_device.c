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
#include "rkd_rules.h"

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

void fake_reset(void)
{
	const char *api = getenv("PINPAD_FAKE_API");

	fake_initialised = true;
	memset(&fake, 0, sizeof(fake));
	fake.fail_errno = errno_from_env();
	fake.api_version = api ? (uint32_t)atoi(api) : PINPAD_API_VERSION;
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
 * The fixed contents: a TMK in slot 0, a DATA key in slot 16, a PIN key in
 * slot FAKE_PIN_SLOT, a MAC key in slot FAKE_MAC_SLOT.
 */
static void fake_slot(uint32_t slot, struct pinpad_slot_info *info)
{
	static const uint8_t tmk_kcv[] = { 0x12, 0x34, 0x56 };
	static const uint8_t data_kcv[] = { 0x9A, 0xBC, 0xDE };
	static const uint8_t pin_kcv[] = { 0x11, 0x22, 0x33 };
	static const uint8_t mac_kcv[] = { 0x44, 0x55, 0x66 };

	if (slot == 0) {
		info->usage = PINPAD_USAGE_TMK;
		info->key_len = 16;
		memcpy(info->kcv, tmk_kcv, sizeof(tmk_kcv));
	} else if (slot == PINPAD_WK_FIRST) {
		info->usage = PINPAD_USAGE_DATA;
		info->key_len = 24;
		memcpy(info->kcv, data_kcv, sizeof(data_kcv));
	} else if (slot == FAKE_PIN_SLOT) {
		info->usage = PINPAD_USAGE_PIN;
		info->key_len = 16;
		memcpy(info->kcv, pin_kcv, sizeof(pin_kcv));
	} else if (slot == FAKE_MAC_SLOT) {
		info->usage = PINPAD_USAGE_MAC;
		info->key_len = 16;
		memcpy(info->kcv, mac_kcv, sizeof(mac_kcv));
	}
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

/* The slot class of an X9.143 usage, as the module derives it (interim) */
static uint32_t fake_class(const struct pinpad_key_attr *a)
{
	if (a->usage[0] == 'K' && (a->usage[1] == '0' || a->usage[1] == '1'))
		return PINPAD_USAGE_TMK;
	if (a->usage[0] == 'P' && a->usage[1] == '0')
		return PINPAD_USAGE_PIN;
	if (a->usage[0] == 'M')
		return PINPAD_USAGE_MAC;
	if (a->usage[0] == 'D' && a->usage[1] == '0')
		return PINPAD_USAGE_DATA;
	return PINPAD_USAGE_NONE;
}

static int fake_inject(const struct pinpad_key_inject *k)
{
	uint32_t usage = fake_class(&k->attr);

	if (!all_zero(k->reserved0, sizeof(k->reserved0)) ||
	    (k->flags & ~PINPAD_KEY_F_CHECK_KCV) ||
	    k->alg != PINPAD_ALG_TDES || !rkd_slot_accepts(k->slot, usage) ||
	    rkd_tdes_key_weak(k->key, k->key_len))	/* a bad length too */
		return -EINVAL;
	fake_log("INJECT_KEY slot=%u usage=%u key_len=%u flags=%u", k->slot,
		 usage, k->key_len, k->flags);
	return 0;
}

static int fake_load_wk(const struct pinpad_wk_load *w)
{
	struct pinpad_slot_info tmk = { 0 };

	if (w->reserved0 || !all_zero(w->reserved1, sizeof(w->reserved1)) ||
	    !w->block_len || w->block_len > PINPAD_KEY_BLOCK_MAX ||
	    w->slot < PINPAD_WK_FIRST || w->slot >= PINPAD_SLOTS ||
	    w->kbpk_slot >= PINPAD_SLOTS)
		return -EINVAL;
	fake_slot(w->kbpk_slot, &tmk);
	if (tmk.usage == PINPAD_USAGE_NONE)
		return -ENOKEY;
	if (tmk.usage != PINPAD_USAGE_TMK)
		return -EKEYREJECTED;
	fake_log("LOAD_WK slot=%u kbpk_slot=%u block_len=%u", w->slot,
		 w->kbpk_slot, w->block_len);
	return 0;
}

/* Not TDES: XOR, with the IV on the first block, so tests can predict. */
static int fake_cipher(struct pinpad_cipher *c)
{
	struct pinpad_slot_info key = { 0 };
	const uint8_t *in = (const uint8_t *)(uintptr_t)c->in;
	uint8_t *out = (uint8_t *)(uintptr_t)c->out;
	const uint8_t *last_ct;
	uint32_t i;

	if ((c->mode != PINPAD_MODE_ECB && c->mode != PINPAD_MODE_CBC) ||
	    (c->op != PINPAD_OP_ENCRYPT && c->op != PINPAD_OP_DECRYPT) ||
	    c->len < PINPAD_BLOCK_LEN || c->len > PINPAD_DATA_MAX ||
	    c->len % PINPAD_BLOCK_LEN || c->slot >= PINPAD_SLOTS ||
	    (c->mode == PINPAD_MODE_ECB && !all_zero(c->iv, sizeof(c->iv))))
		return -EINVAL;
	fake_slot(c->slot, &key);
	if (key.usage == PINPAD_USAGE_NONE)
		return -ENOKEY;
	if (key.usage != PINPAD_USAGE_DATA)
		return -EKEYREJECTED;
	memcpy(fake.last_data, in, c->len);
	fake.last_data_len = c->len;
	for (i = 0; i < c->len; i++)
		out[i] = fake.last_data[i] ^ FAKE_CIPHER_XOR ^
			 (i < PINPAD_BLOCK_LEN ? c->iv[i] : 0);
	last_ct = c->op == PINPAD_OP_ENCRYPT ? out : fake.last_data;
	if (c->mode == PINPAD_MODE_CBC)
		memcpy(c->iv, last_ct + c->len - PINPAD_BLOCK_LEN,
		       PINPAD_BLOCK_LEN);
	fake_log("CIPHER slot=%u mode=%u op=%u len=%u", c->slot, c->mode,
		 c->op, c->len);
	return 0;
}

/* 0, -ENOKEY or -EKEYREJECTED: may @slot's key be used for @usage? */
static int fake_key_for(uint32_t slot, uint32_t usage)
{
	struct pinpad_slot_info key = { 0 };

	fake_slot(slot, &key);
	if (key.usage == PINPAD_USAGE_NONE)
		return -ENOKEY;
	return key.usage == usage ? 0 : -EKEYREJECTED;
}

static bool digits(const uint8_t *s, uint32_t len)
{
	while (len--)
		if (*s < '0' || *s++ > '9')
			return false;
	return true;
}

/* Not TDES: the clear ISO 9564-1 format 0 block, XORed with 0x5A. */
static int fake_pin_block(struct pinpad_pin_block *pb)
{
	const uint8_t *acct;
	uint8_t block[PINPAD_BLOCK_LEN];
	uint32_t i;
	int err;

	if (pb->reserved0 || pb->format != PINPAD_PIN_FORMAT_ISO0 ||
	    pb->slot >= PINPAD_SLOTS || pb->pin_len < PINPAD_PIN_MIN ||
	    pb->pin_len > PINPAD_PIN_MAX || pb->pan_len < PINPAD_PAN_MIN ||
	    pb->pan_len > PINPAD_PAN_MAX || !digits(pb->pin, pb->pin_len) ||
	    !digits(pb->pan, pb->pan_len))
		return -EINVAL;
	err = fake_key_for(pb->slot, PINPAD_USAGE_PIN);
	if (err)
		return err;
	memset(block, 0xff, sizeof(block));
	block[0] = (uint8_t)pb->pin_len;
	for (i = 0; i < pb->pin_len; i++)
		block[1 + i / 2] ^= (uint8_t)((0xf ^ (pb->pin[i] - '0')) <<
					      (i % 2 ? 0 : 4));
	acct = pb->pan + pb->pan_len - 13;
	for (i = 0; i < 12; i++)
		block[2 + i / 2] ^= (uint8_t)((acct[i] - '0') <<
					      (i % 2 ? 0 : 4));
	for (i = 0; i < PINPAD_BLOCK_LEN; i++)
		pb->block[i] = block[i] ^ FAKE_CIPHER_XOR;
	fake_log("PIN_BLOCK slot=%u format=%u pin_len=%u pan_len=%u",
		 pb->slot, pb->format, pb->pin_len, pb->pan_len);
	return 0;
}

/* Not a retail MAC: byte i is 0x5A ^ padding ^ every data byte j, j%8==i. */
static int fake_mac(struct pinpad_mac *m, bool verify)
{
	const uint8_t *data = (const uint8_t *)(uintptr_t)m->data;
	uint8_t mac[PINPAD_MAC_LEN];
	uint32_t i;
	int err;

	if (!m->len || m->len > PINPAD_DATA_MAX ||
	    m->mac_len < PINPAD_MAC_MIN || m->mac_len > PINPAD_MAC_LEN ||
	    (m->padding != PINPAD_MAC_PAD_ISO1 &&
	     m->padding != PINPAD_MAC_PAD_ISO2) || m->slot >= PINPAD_SLOTS)
		return -EINVAL;
	err = fake_key_for(m->slot, PINPAD_USAGE_MAC);
	if (err)
		return err;
	memset(mac, FAKE_CIPHER_XOR ^ m->padding, sizeof(mac));
	for (i = 0; i < m->len; i++)
		mac[i % PINPAD_MAC_LEN] ^= data[i];
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
	err = fake_key_for(slot, PINPAD_USAGE_DATA);
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

/* The role whose node takes @cmd (ioctl/pinpad.h); -1: every node. */
static int fake_cmd_role(unsigned long cmd)
{
	switch (cmd) {
	case PINPAD_IOC_STATUS: case PINPAD_IOC_SLOT_INFO:
	case PINPAD_IOC_LIMIT_GET:
		return -1;
	case PINPAD_IOC_SESSION: case PINPAD_IOC_SESSION_END:
		return PINPAD_ROLE_DOWNLOAD;
	case PINPAD_IOC_LOAD_WK: case PINPAD_IOC_CIPHER:
	case PINPAD_IOC_PIN_BLOCK: case PINPAD_IOC_MAC_GENERATE:
	case PINPAD_IOC_MAC_VERIFY: case PINPAD_IOC_TOKEN_GET:
	case PINPAD_IOC_TOKEN_REVOKE:
		return PINPAD_ROLE_USE;
	}
	return PINPAD_ROLE_ADMIN;
}

static int fake_ioctl(int fd, unsigned long cmd, void *arg)
{
	int mode = fcntl(fd, F_GETFL);
	int node = fake_node_role(fd), role = fake_cmd_role(cmd);

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
