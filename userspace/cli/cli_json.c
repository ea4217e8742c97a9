// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_json.c - the JSON writer of cli_json.h (RFC 8259).
 */
#include <inttypes.h>
#include <stddef.h>

#include "cli_json.h"

void cli_json_init(struct cli_json *j, FILE *f)
{
	*j = (struct cli_json){ .f = f };
}

/* The ',' before a value or key that is not the first of its level. */
static void sep(struct cli_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth && !j->first[j->depth - 1])
		putc(',', j->f);
	if (j->depth)
		j->first[j->depth - 1] = false;
}

void cli_json_open(struct cli_json *j, char bracket)
{
	sep(j);
	putc(bracket, j->f);
	if (j->depth < CLI_JSON_DEPTH)
		j->first[j->depth++] = true;
}

void cli_json_close(struct cli_json *j, char bracket)
{
	putc(bracket, j->f);
	if (j->depth)
		j->depth--;
	if (!j->depth)
		putc('\n', j->f);
}

/* The length of the valid UTF-8 sequence at @s (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int c = s[0];
	uint32_t cp;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	cp = c & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong, a surrogate, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static void put_str(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	putc('"', f);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(f, "\\%c", *s++);
		} else if (*s == '\n') {
			fputs("\\n", f), s++;
		} else if (*s == '\r') {
			fputs("\\r", f), s++;
		} else if (*s == '\t') {
			fputs("\\t", f), s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(f, "\\u%04x", *s++);
		} else if (*s < 0x80) {
			putc(*s++, f);
		} else if ((n = utf8_len(s))) {
			fwrite(s, 1, n, f);
			s += n;
		} else {
			fputs("\\ufffd", f), s++;
		}
	}
	putc('"', f);
}

void cli_json_key(struct cli_json *j, const char *name)
{
	sep(j);
	put_str(j->f, name);
	putc(':', j->f);
	j->after_key = true;
}

void cli_json_str(struct cli_json *j, const char *s)
{
	sep(j);
	put_str(j->f, s);
}

void cli_json_int(struct cli_json *j, int64_t v)
{
	sep(j);
	fprintf(j->f, "%" PRId64, v);
}

void cli_json_bool(struct cli_json *j, bool v)
{
	sep(j);
	fputs(v ? "true" : "false", j->f);
}

void cli_json_null(struct cli_json *j)
{
	sep(j);
	fputs("null", j->f);
}

void cli_json_kstr(struct cli_json *j, const char *name, const char *s)
{
	cli_json_key(j, name);
	cli_json_str(j, s);
}

void cli_json_kint(struct cli_json *j, const char *name, int64_t v)
{
	cli_json_key(j, name);
	cli_json_int(j, v);
}

void cli_json_kbool(struct cli_json *j, const char *name, bool v)
{
	cli_json_key(j, name);
	cli_json_bool(j, v);
}
