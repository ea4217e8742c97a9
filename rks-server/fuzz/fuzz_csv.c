// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_csv.c - libFuzzer over rks-admin's CSV reader (admin/csv.c).
 *
 * Beyond "no crash, no sanitizer report": every record read is written
 * back as RFC 4180 (every field quoted, quotes doubled) and read again,
 * and must come back the same, field for field; no field holds a NUL and
 * none is longer than CSV_FIELD_MAX.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* @c's record, quoted, into @out (large enough: see the caller). */
static size_t quote_record(const struct csv *c, char *out)
{
	size_t i, k = 0;
	const char *p;

	for (i = 0; i < c->n; i++) {
		if (i)
			out[k++] = ',';
		out[k++] = '"';
		for (p = c->field[i]; *p; p++) {
			if (*p == '"')
				out[k++] = '"';
			out[k++] = *p;
		}
		out[k++] = '"';
	}
	out[k++] = '\r';
	out[k++] = '\n';
	return k;
}

static void check_round_trip(const struct csv *c)
{
	static char text[CSV_MAX_FIELDS * (2 * CSV_FIELD_MAX + 3) + 2];
	static struct csv again;
	size_t i, len;
	FILE *f;

	for (i = 0; i < c->n; i++)
		if (strlen(c->field[i]) > CSV_FIELD_MAX)
			abort();
	len = quote_record(c, text);
	f = fmemopen(text, len, "r");
	if (!f)
		abort();
	csv_init(&again, f);
	if (csv_next(&again) != 1 || again.n != c->n)
		abort();
	for (i = 0; i < c->n; i++)
		if (strcmp(again.field[i], c->field[i]))
			abort();
	if (csv_next(&again) != 0)
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct csv c;
	FILE *f;
	int r;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	csv_init(&c, f);
	while ((r = csv_next(&c)) > 0)
		check_round_trip(&c);
	if (r < 0 && (!c.err[0] || !c.line))
		abort();
	fclose(f);
	return 0;
}
