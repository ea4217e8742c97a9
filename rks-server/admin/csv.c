// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * csv.c - RFC 4180 records, one byte at a time (csv.h). A state machine
 * over getc() rather than lines: a quoted field may hold a line end, and
 * a NUL must be seen rather than end a C string early.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "csv.h"

void csv_init(struct csv *c, FILE *f)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	c->lineno = 1;
}

static int get(struct csv *c)
{
	int ch;

	if (c->npb) {
		ch = c->pb[0];
		memmove(c->pb, c->pb + 1, --c->npb);
	} else {
		ch = getc_unlocked(c->f);
	}
	if (ch == '\n')
		c->lineno++;
	return ch;
}

/* Skips "EF BB BF" at the start; keeps whatever else is there. */
static void skip_bom(struct csv *c)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	int ch;

	c->started = true;
	while (c->npb < 3) {
		ch = getc_unlocked(c->f);
		if (ch == EOF)
			break;
		c->pb[c->npb++] = (unsigned char)ch;
		if (ch != bom[c->npb - 1])
			return;
	}
	if (c->npb == 3)
		c->npb = 0;
}

static int bad(struct csv *c, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct csv *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	c->line = line;
	return -1;
}

/* EOF: the end, or a read error (-1). */
static int at_eof(struct csv *c)
{
	if (ferror(c->f))
		return bad(c, c->lineno, "read error: %s", strerror(errno));
	return 0;
}

static int nul(struct csv *c)
{
	return bad(c, c->lineno, "a NUL byte");
}

static int cr_alone(struct csv *c)
{
	return bad(c, c->lineno, "a CR not followed by LF");
}

/*
 * Up to the next record's first byte, past empty lines and '#' lines.
 * Return: that byte, EOF, or -2 after bad().
 */
static int record_start(struct csv *c)
{
	int ch;

	for (;;) {
		c->line = c->lineno;
		ch = get(c);
		if (ch == '\n')
			continue;
		if (ch == '\r') {
			if (get(c) == '\n')
				continue;
			cr_alone(c);
			return -2;
		}
		if (ch != '#')
			return ch;
		while ((ch = get(c)) != '\n' && ch != EOF) {
			if (!ch) {
				nul(c);
				return -2;
			}
		}
		if (ch == EOF)
			return EOF;
	}
}

/*
 * One quoted field, its opening '"' read; @out takes the bytes.
 * Return: the byte after the closing quote (or EOF), or -2 after bad().
 */
static int quoted(struct csv *c, char *out, size_t *len)
{
	unsigned long opened = c->lineno;
	int ch;

	for (;;) {
		ch = get(c);
		if (ch == EOF) {
			if (at_eof(c))
				return -2;
			bad(c, opened, "a quoted field opened on line %lu never "
			    "closes", opened);
			return -2;
		}
		if (!ch) {
			nul(c);
			return -2;
		}
		if (ch == '"' && (ch = get(c)) != '"')
			return ch;
		if (*len == CSV_FIELD_MAX) {
			bad(c, c->lineno, "field %zu is longer than %d bytes",
			    c->n, CSV_FIELD_MAX);
			return -2;
		}
		out[(*len)++] = (char)ch;
	}
}

static bool field_end(int ch)
{
	return ch == ',' || ch == '\n' || ch == '\r' || ch == EOF;
}

int csv_next(struct csv *c)
{
	size_t len;
	char *out = c->buf;
	int ch;

	if (!c->started)
		skip_bom(c);
	c->n = 0;
	ch = record_start(c);
	if (ch == -2)
		return -1;
	if (ch == EOF)
		return at_eof(c);
	for (;;) {
		if (c->n == CSV_MAX_FIELDS)
			return bad(c, c->lineno, "more than %d fields",
				   CSV_MAX_FIELDS);
		c->field[c->n++] = out;
		len = 0;
		if (ch == '"') {
			ch = quoted(c, out, &len);
			if (ch == -2)
				return -1;
			if (!ch)
				return nul(c);
			if (!field_end(ch))
				return bad(c, c->lineno, "field %zu: '%c' after "
					   "its closing quote", c->n,
					   ch > ' ' && ch < 127 ? ch : '?');
		} else {
			for (; !field_end(ch); ch = get(c)) {
				if (!ch)
					return nul(c);
				if (ch == '"')
					return bad(c, c->lineno, "field %zu: a "
						   "quote in a field not "
						   "enclosed in quotes", c->n);
				if (len == CSV_FIELD_MAX)
					return bad(c, c->lineno, "field %zu is "
						   "longer than %d bytes",
						   c->n, CSV_FIELD_MAX);
				out[len++] = (char)ch;
			}
		}
		out[len] = '\0';
		out += len + 1;
		if (ch == ',') {
			ch = get(c);
			continue;
		}
		if (ch == '\r' && get(c) != '\n')
			return cr_alone(c);
		if (ch == EOF && ferror(c->f))
			return at_eof(c);
		return 1;
	}
}
