/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * csv.h - the one CSV reader of rks-admin (csv.c): RFC 4180 records from
 * a stream, for `device import --csv` and `key generate --csv`.
 */
#ifndef RKS_CSV_H
#define RKS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELDS	8	/* fields in one record */
#define CSV_FIELD_MAX	255	/* bytes in one field, its quotes undone */

struct csv {
	FILE *f;
	unsigned long lineno;	/* the line being read (1-based) */
	unsigned long line;	/* the last record's first line, or the
				 * line an error concerns */
	size_t n;		/* fields of the last record */
	char *field[CSV_MAX_FIELDS];
	char err[96];		/* why csv_next() refused (no line) */
	bool started;		/* past the byte order mark */
	unsigned char pb[3];	/* bytes read ahead at the start */
	size_t npb;
	char buf[CSV_MAX_FIELDS * (CSV_FIELD_MAX + 1)];
};

/* Reads records from @f, which stays the caller's to close. */
void csv_init(struct csv *c, FILE *f);

/*
 * csv_next() - the next record of RFC 4180 (text/csv)
 *
 * Fields are separated by ',' and records end with CRLF or LF (the last
 * one may end with the input). A field enclosed in '"' may hold ',', '"'
 * (written twice: "") and line ends. A UTF-8 byte order mark (EF BB BF)
 * at the very start is skipped, as spreadsheets write one for "CSV UTF-8".
 * Beyond RFC 4180, and what rks-admin's files always allowed: an empty
 * line, and a line whose first byte is '#', are skipped.
 *
 * Refused (return -1, the reason in c->err and its line in c->line): a NUL
 * byte anywhere; a CR not followed by LF outside quotes; a '"' inside an
 * unquoted field; anything but ',' or a line end after a closing quote; a
 * quoted field still open at the end of the input; more than
 * CSV_MAX_FIELDS fields; a field longer than CSV_FIELD_MAX bytes; a read
 * error. Nothing after a refusal is meaningful: the caller stops.
 *
 * Return: 1 a record, c->field[0 .. c->n - 1] (NUL-terminated, valid until
 * the next call) starting on line c->line; 0 the end of the input; -1.
 */
int csv_next(struct csv *c);

#endif /* RKS_CSV_H */
