// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * components.c - a clear key as 2 or 3 XOR components, each held and
 * checked (by its own KCV) by its own custodian: the one place rks-admin
 * and rks-factory combine and check components (components.h). Needs
 * only libpinpadcli and librkdproto, not the key database.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "components.h"
#include "rkd_crypto.h"

/*
 * The @i-th comma-separated entry of @list into @buf; false if there is
 * none or it does not fit. Entries hold no commas (names, paths, KCVs).
 */
static bool list_entry(const char *list, unsigned int i, char *buf,
		       size_t size)
{
	const char *p = list, *end;

	while (i--) {
		p = strchr(p, ',');
		if (!p)
			return false;
		p++;
	}
	end = strchrnul(p, ',');
	if ((size_t)(end - p) >= size)
		return false;
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
	return true;
}

static unsigned int list_len(const char *list)
{
	unsigned int n = 1;

	while ((list = strchr(list, ',')))
		n++, list++;
	return n;
}

static bool name_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

bool comp_parse_custodians(const char *list, struct comp_custodians *c)
{
	unsigned int i, j;

	c->n = list_len(list);
	if (c->n < COMP_MIN) {
		cli_err("--custodians: one custodian is no split knowledge: "
			"give %d or %d, comma-separated", COMP_MIN, COMP_MAX);
		return false;
	}
	if (c->n > COMP_MAX) {
		cli_err("--custodians: %u names; at most %d components",
			c->n, COMP_MAX);
		return false;
	}
	for (i = 0; i < c->n; i++) {
		if (!list_entry(list, i, c->name[i], sizeof(c->name[i])) ||
		    !name_valid(c->name[i])) {
			cli_err("--custodians: name %u: 1-%d printable ASCII "
				"characters, no comma", i + 1, COMP_NAME_MAX);
			return false;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(c->name[i], c->name[j])) {
				cli_err("--custodians: %s twice: each "
					"component has its own custodian",
					c->name[i]);
				return false;
			}
	}
	return true;
}

const char *comp_names(const struct comp_custodians *c, char *buf,
		       size_t size)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < c->n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i ? ", " : "", c->name[i]);
	return buf;
}

/* One line typed at the terminal on stdin, echo off, into @line. */
static bool read_hidden(const char *prompt, char *line, size_t size)
{
	struct termios old, quiet;
	bool ok;

	if (tcgetattr(STDIN_FILENO, &old)) {
		cli_err("no --component-files and stdin is no terminal: each "
			"component comes from its custodian's own file or is "
			"typed at the terminal");
		return false;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	fputs(prompt, stderr);
	fflush(stderr);
	/* No stdio buffer may keep a copy of the component behind. */
	setvbuf(stdin, NULL, _IONBF, 0);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ok = fgets(line, (int)size, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (!ok)
		cli_err("no component typed");
	line[strcspn(line, "\r\n")] = '\0';
	return ok;
}

/* Component @i (of @c) into @buf, from its file or the terminal. */
static bool read_one(const struct cli_opt *opts,
		     const struct comp_custodians *c, unsigned int i,
		     uint8_t *buf, size_t len)
{
	char what[96], path[4096], line[128], prompt[160];
	size_t got;
	bool ok;

	snprintf(what, sizeof(what), "component %u (custodian %s)", i + 1,
		 c->name[i]);
	if (opts[COMP_OPT_FILES].value) {
		if (!list_entry(opts[COMP_OPT_FILES].value, i, path,
				sizeof(path)) || !*path) {
			cli_err("--component-files: no file for %s", what);
			return false;
		}
		return cli_read_key_file(what, path, buf, len);
	}
	snprintf(prompt, sizeof(prompt), "%s, %s of %u: %zu hex digits (not "
		 "shown): ", c->name[i], what, c->n, 2 * len);
	ok = read_hidden(prompt, line, sizeof(line)) &&
	     cli_parse_hex(what, line, true, buf, len, len, &got);
	OPENSSL_cleanse(line, sizeof(line));
	return ok;
}

/* Is @comp's KCV the custodian's @want_hex? Says which if not. */
static bool check_kcv(const char *want_hex, char alg, const uint8_t *comp,
		      size_t len, const struct comp_custodians *c,
		      unsigned int i)
{
	uint8_t want[RKD_KCV_LEN], kcv[RKD_KCV_LEN] = { 0 };
	char what[96], have_hex[2 * RKD_KCV_LEN + 1];
	char want_up[2 * RKD_KCV_LEN + 1];
	size_t n;

	snprintf(what, sizeof(what), "--component-kcvs: component %u "
		 "(custodian %s)", i + 1, c->name[i]);
	if (!cli_parse_hex(what, want_hex, false, want, RKD_KCV_LEN,
			   RKD_KCV_LEN, &n))
		return false;
	if (rkd_kcv_alg(alg, comp, len, kcv)) {
		cli_err("%s: no KCV", what);
		return false;
	}
	cli_hex(kcv, sizeof(kcv), have_hex);
	cli_hex(want, sizeof(want), want_up);
	if (CRYPTO_memcmp(kcv, want, sizeof(kcv))) {
		cli_err("%s: its KCV is %s, not %s: a typing error, or not "
			"this custodian's component; nothing is stored", what,
			have_hex, want_up);
		return false;
	}
	fprintf(stderr, "component %u of %u (custodian %s): KCV %s checked\n",
		i + 1, c->n, c->name[i], have_hex);
	return true;
}

int comp_read(const struct cli_opt *opts, struct comp_custodians *c,
	      char alg, uint8_t *key, size_t len)
{
	uint8_t comp[32];
	char kcv_hex[16];
	unsigned int i;
	size_t j;

	if (!comp_parse_custodians(opts[COMP_OPT_CUSTODIANS].value, c))
		return CLI_EXIT_USAGE;
	if (!opts[COMP_OPT_KCVS].value ||
	    list_len(opts[COMP_OPT_KCVS].value) != c->n) {
		cli_err("--component-kcvs: give one KCV per custodian (%u), "
			"comma-separated: each component is checked by its "
			"own", c->n);
		return CLI_EXIT_USAGE;
	}
	if (opts[COMP_OPT_FILES].value &&
	    list_len(opts[COMP_OPT_FILES].value) != c->n) {
		cli_err("--component-files: give one file per custodian (%u), "
			"comma-separated", c->n);
		return CLI_EXIT_USAGE;
	}
	memset(key, 0, len);
	for (i = 0; i < c->n; i++) {
		if (!read_one(opts, c, i, comp, len) ||
		    !list_entry(opts[COMP_OPT_KCVS].value, i, kcv_hex,
				sizeof(kcv_hex)) ||
		    !check_kcv(kcv_hex, alg, comp, len, c, i)) {
			OPENSSL_cleanse(comp, sizeof(comp));
			OPENSSL_cleanse(key, len);
			return CLI_EXIT_USAGE;
		}
		for (j = 0; j < len; j++)
			key[j] ^= comp[j];
	}
	OPENSSL_cleanse(comp, sizeof(comp));
	return CLI_EXIT_OK;
}
