// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * key_csv.c - `key generate --csv FILE`: keys for many slots in one
 * process and one transaction (all stored, or none), instead of one
 * rks-admin process per key.
 *
 * FILE ('-': stdin) is CSV (RFC 4180, csv.h) with one key a record:
 * DSN,SLOT,USAGE[,LENGTH], with USAGE tmk, pin, mac or data and LENGTH 16
 * or 24 (default: --length, or 24); blank lines and lines starting with
 * '#' are skipped. Every record is checked before any key is made; an
 * error names FILE:LINE.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "admin.h"
#include "csv.h"
#include "key_csv.h"

#define KEY_CSV_MAX	1000000		/* keys in one file */

struct csv_keys {
	struct rks_new_key *k;
	uint8_t (*val)[24];
	char (*dsn)[RKS_DSN_MAX + 1];
	size_t n, cap;
};

static bool csv_grow(struct csv_keys *c)
{
	size_t cap = c->cap ? c->cap * 2 : 256;
	void *k, *dsn;

	if (cap > KEY_CSV_MAX)
		cap = KEY_CSV_MAX;
	k = realloc(c->k, cap * sizeof(*c->k));
	if (k)
		c->k = k;
	dsn = realloc(c->dsn, cap * sizeof(*c->dsn));
	if (dsn)
		c->dsn = dsn;
	/* (the clear key bytes are made once all lines are read: never
	 * moved by realloc) */
	if (!k || !dsn)
		return false;
	c->cap = cap;
	return true;
}

/* One record "DSN,SLOT,USAGE[,LENGTH]" (@f, @n fields) into c->k[c->n]. */
static bool csv_line(struct csv_keys *c, char *const *f, size_t n,
		     const char *where, uint32_t def_len)
{
	char what[320];
	uint32_t slot, len = def_len;
	unsigned int usage;

	if (n < 3 || n > 4) {
		cli_err("%s: expected DSN,SLOT,USAGE[,LENGTH]", where);
		return false;
	}
	snprintf(what, sizeof(what), "%s: DSN", where);
	if (!cli_parse_dsn(what, f[0]))
		return false;
	snprintf(what, sizeof(what), "%s: slot", where);
	if (!cli_parse_u32(what, f[1], 0, RKS_SLOTS - 1, &slot))
		return false;
	usage = rks_usage_parse(f[2]);
	if (!usage) {
		cli_err("%s: usage %s is not tmk, pin, mac or data", where,
			cli_quote(f[2]));
		return false;
	}
	snprintf(what, sizeof(what), "%s: slot", where);
	if (!admin_check_slot_usage(what, slot, usage))
		return false;
	if (n == 4 && strcmp(f[3], "16") && strcmp(f[3], "24")) {
		cli_err("%s: length %s; a key is 16 or 24 bytes", where,
			cli_quote(f[3]));
		return false;
	}
	if (n == 4)
		len = (uint32_t)atoi(f[3]);
	if (c->n == c->cap && (c->cap == KEY_CSV_MAX || !csv_grow(c))) {
		cli_err("%s: more than %d keys, or out of memory", where,
			KEY_CSV_MAX);
		return false;
	}
	snprintf(c->dsn[c->n], sizeof(c->dsn[c->n]), "%s", f[0]);
	c->k[c->n] = (struct rks_new_key){ .slot = slot, .usage = usage,
					   .len = len };
	c->n++;
	return true;
}

static bool csv_read(struct csv_keys *c, const char *path, uint32_t def_len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	struct csv *r;
	char where[300];
	bool ok = true;
	int got = 0;

	if (!f) {
		cli_err("--csv: cannot open %s: %m", cli_quote(path));
		return false;
	}
	r = malloc(sizeof(*r));
	if (r) {
		csv_init(r, f);
		while (ok && (got = csv_next(r)) > 0) {
			snprintf(where, sizeof(where), "%.256s:%lu", path,
				 r->line);
			ok = csv_line(c, r->field, r->n, where, def_len);
		}
		if (got < 0)
			cli_err("%.256s:%lu: %s", path, r->line, r->err);
	} else {
		cli_err("out of memory");
	}
	ok = ok && r && got == 0;
	free(r);
	if (f != stdin)
		fclose(f);
	if (ok && !c->n) {
		cli_err("--csv: %s lists no keys", cli_quote(path));
		ok = false;
	}
	return ok;
}

int key_csv_generate(const char *path, uint32_t def_len)
{
	struct csv_keys c = { 0 };
	struct rks_key_info info;
	struct rks_db *db = NULL;
	size_t i, bad = 0;
	int ret = CLI_EXIT_USAGE;

	if (!csv_read(&c, path, def_len))
		goto out;
	c.val = OPENSSL_secure_zalloc(c.n * sizeof(*c.val));
	if (!c.val && !(c.val = OPENSSL_zalloc(c.n * sizeof(*c.val)))) {
		cli_err("out of memory for %zu keys", c.n);
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		c.k[i].dsn = c.dsn[i];
		c.k[i].key = c.val[i];
		if (rks_tdes_generate(c.val[i], c.k[i].len)) {
			cli_err("no random bytes for the keys");
			ret = CLI_EXIT_INTEGRITY;
			goto out;
		}
	}
	ret = admin_open(&db);
	if (ret)
		goto out;
	ret = rks_db_key_add_many(db, c.k, c.n, admin_actor(), &info, &bad);
	if (ret) {
		fprintf(stderr, "rks-admin: key %zu of %zu (DSN %s slot %u): "
			"no key stored\n", bad + 1, c.n, c.dsn[bad],
			c.k[bad].slot);
		ret = admin_db_error(db, ret);
	} else {
		printf("%zu keys generated; pending delivery\n", c.n);
	}
	rks_db_close(db);
out:
	if (c.val) {
		OPENSSL_cleanse(c.val, c.n * sizeof(*c.val));
		if (CRYPTO_secure_allocated(c.val))
			OPENSSL_secure_free(c.val);
		else
			OPENSSL_free(c.val);
	}
	free(c.k);
	free(c.dsn);
	return ret;
}
