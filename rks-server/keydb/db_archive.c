// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db_archive.c - retention of the audit trail: the oldest records move,
 * in one transaction, into a text file that can be checked later, and the
 * database keeps the archive's range, count and final hash.
 *
 * The file (format version 1), one record per line, UTF-8 bytes as
 * stored, fields separated by TAB:
 *
 *   rks-audit-archive 1 older_than=T first=A last=B count=N
 *   ID TIME PEER DSN OUTCOME DETAIL KEYS CHAIN       (N lines, by id)
 *   end count=N sha256=CHAIN_N
 *
 * Text fields escape backslash, TAB, LF, CR and other control bytes
 * (\\ \t \n \r \xHH); a record without a DSN has \N there. CHAIN_i is
 * the hex SHA-256 of CHAIN_(i-1) (32 bytes) followed by the line up to,
 * not including, its last TAB; CHAIN_0 is the SHA-256 of the header line.
 * The line and the step are the ones of the rows' chain (db_chain.c); the
 * database also keeps the rows' chain at the last record archived
 * (audit_archives.chain), where the chain of the rows left goes on.
 * A line altered, deleted, moved or added breaks the chain at that line
 * or the next; a file rewritten whole, with a chain of its own, no longer
 * ends in the hash the database recorded.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "db_internal.h"

#define ARCHIVE_MAGIC	"rks-audit-archive 1 "
#define ARCHIVE_HEADER_MAX	256

/* errno after a failed stdio call, never 0 */
static int io_err(void)
{
	return errno ? -errno : -EIO;
}

static void hex32(const uint8_t h[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[64] = '\0';
}

/* The records to archive: ids up to the first one not older than @t. */
static int archive_range(struct rks_db *db, int64_t t,
			 struct rks_archive_info *a)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, "SELECT min(id), max(id), count(*) FROM audit "
			     "WHERE id < coalesce((SELECT min(id) FROM audit "
			     "WHERE time >= ?1), (SELECT max(id) + 1 FROM "
			     "audit))", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, t);
	if (rks_step(st) != RKS_ROW) {
		ret = rks_db_sql_fail(db, "reading the audit trail");
	} else {
		a->first_id = rks_col_int64(st, 0);
		a->last_id = rks_col_int64(st, 1);
		a->count = (uint64_t)rks_col_int64(st, 2);
	}
	rks_finalize(st);
	if (!ret && !a->count)
		ret = rks_db_fail(db, -ENOENT, "no audit record to archive: "
				  "none older than the date given (the "
				  "oldest not archived yet decides)");
	return ret;
}

/* Writes the header, the records and the trailer to @f; the final hash. */
static int archive_write(struct rks_db *db, FILE *f,
			 struct rks_archive_info *a)
{
	size_t off, cap = ARCHIVE_HEADER_MAX;
	char *line = malloc(cap), hex[65];
	struct rks_audit_row row;
	uint8_t h[32];
	struct rks_stmt *st = NULL;
	uint64_t n = 0;
	int rc, ret;

	if (!line)
		return rks_db_fail(db, -ENOMEM, "out of memory");
	off = (size_t)snprintf(line, cap, ARCHIVE_MAGIC
			       "older_than=%" PRId64 " first=%" PRId64
			       " last=%" PRId64 " count=%" PRIu64,
			       a->older_than, a->first_id, a->last_id,
			       a->count);
	ret = rks_chain_step(NULL, line, off, h);
	if (!ret && fprintf(f, "%s\n", line) < 0)
		ret = io_err();
	if (!ret)
		ret = rks_db_prepare(db, "SELECT id, time, peer, dsn, outcome, "
				     "detail, delivered_keys, chain FROM audit WHERE "
				     "id BETWEEN ?1 AND ?2 ORDER BY id", &st);
	if (ret)
		goto out;
	rks_bind_int64(st, 1, a->first_id);
	rks_bind_int64(st, 2, a->last_id);
	while ((rc = rks_step(st)) == RKS_ROW) {
		rks_audit_row_from(st, 0, &row);
		ret = rks_audit_line(&row, &line, &cap, &off);
		if (!ret)
			ret = rks_chain_step(h, line, off, h);
		if (ret)
			break;
		if (rks_column_blob(st, 7, a->row_chain, 32))
			a->has_row_chain = true;
		hex32(h, hex);
		if (fprintf(f, "%s\t%s\n", line, hex) < 0) {
			ret = io_err();
			break;
		}
		n++;
	}
	if (!ret && rc != RKS_DONE)
		ret = rks_db_sql_fail(db, "reading the audit trail");
	if (!ret && n != a->count)
		ret = rks_db_fail(db, -EIO, "%" PRIu64 " records read, %" PRIu64
				  " expected", n, a->count);
	if (!ret) {
		hex32(h, a->sha256);
		if (fprintf(f, "end count=%" PRIu64 " sha256=%s\n", n,
			    a->sha256) < 0)
			ret = io_err();
	}
out:
	rks_finalize(st);
	free(line);
	if (ret && ret != -ENOMEM && !*rks_db_errmsg(db))
		ret = rks_db_fail(db, ret, "writing the archive: %s",
				  strerror(-ret));
	return ret;
}

/* The archive's row, the watermark, the deletion: the same transaction. */
static int archive_record(struct rks_db *db, const char *path,
			  struct rks_archive_info *a)
{
	struct rks_stmt *st;
	int ret;

	ret = rks_db_prepare(db, "INSERT INTO audit_archives (time, older_than, "
			     "first_id, last_id, count, sha256, file, chain) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, rks_now());
	rks_bind_int64(st, 2, a->older_than);
	rks_bind_int64(st, 3, a->first_id);
	rks_bind_int64(st, 4, a->last_id);
	rks_bind_int64(st, 5, (int64_t)a->count);
	rks_bind_text(st, 6, a->sha256);
	rks_bind_text(st, 7, path);
	if (a->has_row_chain)
		rks_bind_blob(st, 8, a->row_chain, 32);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "recording the archive");
	rks_finalize(st);
	if (ret)
		return ret;
	/* the newest, and in this write transaction ours */
	ret = rks_db_prepare(db, "SELECT max(id) FROM audit_archives", &st);
	if (ret)
		return ret;
	if (rks_step(st) == RKS_ROW)
		a->id = rks_col_int64(st, 0);
	else
		ret = rks_db_sql_fail(db, "reading the archive's id");
	rks_finalize(st);
	if (ret)
		return ret;
	ret = rks_db_prepare(db, "UPDATE audit_watermark SET id = ?1", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, a->last_id);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "raising the audit watermark");
	rks_finalize(st);
	if (ret)
		return ret;
	ret = rks_db_prepare(db, "DELETE FROM audit WHERE id <= ?1", &st);
	if (ret)
		return ret;
	rks_bind_int64(st, 1, a->last_id);
	if (rks_step(st) != RKS_DONE)
		ret = rks_db_sql_fail(db, "removing the archived records");
	else if ((uint64_t)rks_db_changes(db) != a->count)
		ret = rks_db_fail(db, -EIO, "%" PRId64 " records removed, %" PRIu64
				  " archived", rks_db_changes(db),
				  a->count);
	rks_finalize(st);
	return ret;
}

int rks_db_audit_archive(struct rks_db *db, int64_t older_than,
			 const char *path, const char *actor,
			 struct rks_archive_info *a)
{
	char detail[256];
	FILE *f = NULL;
	int fd = -1, ret;

	memset(a, 0, sizeof(*a));
	a->older_than = older_than;
	rks_db_lock(db);
	rks_db_fail(db, 0, "%s", "");
	ret = rks_db_begin(db);
	if (ret)
		goto out;
	ret = archive_range(db, older_than, a);
	if (ret)
		goto end;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		ret = rks_db_fail(db, -errno, "%s: %s", path,
				  errno == EEXIST ? "exists already: an "
				  "archive is never overwritten" :
				  strerror(errno));
		goto end;
	}
	fd = -1;
	ret = archive_write(db, f, a);
	/* on disk before the records it holds leave the database */
	if (!ret && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		ret = rks_db_fail(db, io_err(), "%s: %s", path,
				  strerror(-io_err()));
	if (!ret) {
		/*
		 * The record of the archive before the deletion: the table
		 * is never empty after it, so ids keep rising (a rowid after
		 * an empty table would start at 1 again, under the watermark).
		 */
		snprintf(detail, sizeof(detail), "records %" PRId64 "-%" PRId64
			 " (%" PRIu64 ") to %s, SHA-256 %s", a->first_id,
			 a->last_id, a->count, path, a->sha256);
		ret = rks_db_audit_insert(db, NULL, actor,
					  "admin: audit archive", detail, NULL);
	}
	if (!ret)
		ret = archive_record(db, path, a);
end:
	ret = rks_db_end(db, ret);
	if (f && fclose(f) != 0 && !ret)
		ret = -EIO;	/* committed; fsync saw the data on disk */
	if (f && ret)
		unlink(path);
out:
	if (fd >= 0)
		close(fd);
	rks_db_unlock(db);
	return ret;
}

/* Undoes db_chain.c's escaping of @s in place (NUL-terminated); -1: bad escape. */
static int unescape(char *s, bool *null)
{
	char *r = s, *w = s;
	unsigned int x;

	*null = !strcmp(s, "\\N");
	if (*null)
		return 0;
	while (*r) {
		if (*r != '\\') {
			if ((unsigned char)*r < 0x20 || *r == 0x7f)
				return -1;
			*w++ = *r++;
			continue;
		}
		r++;
		if (*r == '\\' || *r == 't' || *r == 'n' || *r == 'r') {
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' :
			       *r == 'r' ? '\r' : '\\';
			r++;
		} else if (*r == 'x' && sscanf(r + 1, "%2x", &x) == 1 &&
			   r[1] && r[2]) {
			*w++ = (char)x;
			r += 3;
		} else {
			return -1;
		}
	}
	*w = '\0';
	return 0;
}

/* A record line's fields are 7 escaped strings; checks their syntax. */
static bool record_fields_ok(char *line, int64_t *id)
{
	char *f[7], *p = line, *end;
	bool null;
	int i;

	for (i = 0; i < 7; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (!p != (i == 6))
			return false;
		if (p)
			*p++ = '\0';
	}
	*id = strtoll(f[0], &end, 10);
	if (end == f[0] || *end || *id < 1)
		return false;
	strtoll(f[1], &end, 10);
	if (end == f[1] || *end)
		return false;
	for (i = 2; i < 7; i++)
		if (unescape(f[i], &null) || (null && i != 3))
			return false;
	return true;
}

#define BAD(n, ...) do {						\
	*bad_line = (n);						\
	snprintf(why, why_size, __VA_ARGS__);				\
	ret = -EBADMSG;							\
	goto out;							\
} while (0)

int rks_audit_archive_check(FILE *f, struct rks_archive_info *a,
			    unsigned long *bad_line, char *why,
			    size_t why_size)
{
	char *line = NULL, *tab, hex[65], *copy = NULL;
	unsigned long n = 0;
	uint64_t records = 0;
	int64_t id, prev_id = 0;
	uint8_t h[32];
	size_t cap = 0;
	ssize_t len;
	bool ended = false;
	int ret = 0, used;

	memset(a, 0, sizeof(*a));
	*bad_line = 0;
	snprintf(why, why_size, "%s", "");
	while ((len = getline(&line, &cap, f)) >= 0) {
		n++;
		if (len == 0 || line[len - 1] != '\n')
			BAD(n, "no line end: the file was cut");
		line[--len] = '\0';
		if (ended)
			BAD(n, "a line after the trailer");
		if (n == 1) {
			used = 0;
			if (sscanf(line, ARCHIVE_MAGIC "older_than=%" SCNd64
				   " first=%" SCNd64 " last=%" SCNd64
				   " count=%" SCNu64 "%n", &a->older_than,
				   &a->first_id, &a->last_id, &a->count,
				   &used) != 4 || used != len ||
			    a->first_id < 1 || a->last_id < a->first_id ||
			    !a->count)
				BAD(n, "not the header of an audit archive "
				    "(format 1)");
			ret = rks_chain_step(NULL, line, (size_t)len, h);
			if (ret)
				goto out;
			continue;
		}
		if (!strncmp(line, "end ", 4)) {
			used = 0;
			if (sscanf(line, "end count=%*u sha256=%64[0-9a-f]%n",
				   hex, &used) != 1 || used != len)
				BAD(n, "a malformed trailer");
			hex32(h, a->sha256);
			if (strtoull(line + 10, NULL, 10) != records ||
			    records != a->count)
				BAD(n, "the trailer counts %s records, the "
				    "header %" PRIu64 "; %" PRIu64 " are "
				    "there: records deleted or added",
				    line + 10, a->count, records);
			if (strcmp(hex, a->sha256))
				BAD(n, "the trailer's hash is not the chain's "
				    "end: records altered, deleted or moved");
			ended = true;
			continue;
		}
		tab = strrchr(line, '\t');
		if (!tab || strlen(tab + 1) != 64)
			BAD(n, "not a record line (8 fields, the last a "
			    "SHA-256)");
		ret = rks_chain_step(h, line, (size_t)(tab - line), h);
		if (ret)
			goto out;
		hex32(h, hex);
		if (strcmp(hex, tab + 1))
			BAD(n, "the hash chain breaks here: this line was "
			    "altered, or one before it deleted or moved");
		free(copy);
		copy = strndup(line, (size_t)(tab - line));
		if (!copy) {
			ret = -ENOMEM;
			goto out;
		}
		if (!record_fields_ok(copy, &id))
			BAD(n, "a record whose fields do not parse");
		if (id <= prev_id || id < a->first_id || id > a->last_id)
			BAD(n, "record %" PRId64 " out of order or outside "
			    "the header's range %" PRId64 "-%" PRId64, id,
			    a->first_id, a->last_id);
		prev_id = id;
		records++;
	}
	if (ferror(f)) {
		ret = io_err();
		snprintf(why, why_size, "reading: %s", strerror(errno));
		goto out;
	}
	if (!n)
		BAD(1, "an empty file");
	if (!ended)
		BAD(n + 1, "the file ends before its trailer: cut short");
out:
	free(line);
	free(copy);
	if (ret)
		memset(a->sha256, 0, sizeof(a->sha256));
	return ret;
}

int rks_db_archive_find(struct rks_db *db, const struct rks_archive_info *f,
			struct rks_archive_info *rec)
{
	struct rks_stmt *st;
	int rc, ret;

	memset(rec, 0, sizeof(*rec));
	rks_db_lock(db);
	ret = rks_db_prepare(db, "SELECT id, time, older_than, first_id, "
			     "last_id, count, sha256 FROM audit_archives "
			     "WHERE first_id = ?1 AND last_id = ?2", &st);
	if (ret)
		goto out;
	rks_bind_int64(st, 1, f->first_id);
	rks_bind_int64(st, 2, f->last_id);
	rc = rks_step(st);
	if (rc == RKS_ROW) {
		rec->id = rks_col_int64(st, 0);
		rec->time = rks_col_int64(st, 1);
		rec->older_than = rks_col_int64(st, 2);
		rec->first_id = rks_col_int64(st, 3);
		rec->last_id = rks_col_int64(st, 4);
		rec->count = (uint64_t)rks_col_int64(st, 5);
		rks_column_text(st, 6, rec->sha256, sizeof(rec->sha256));
		if (rec->count != f->count || strcmp(rec->sha256, f->sha256) ||
		    rec->older_than != f->older_than)
			ret = rks_db_fail(db, -EBADMSG, "archive %" PRId64
					  " of records %" PRId64 "-%" PRId64
					  " was recorded with %" PRIu64
					  " records and SHA-256 %s: this file "
					  "is not it", rec->id, rec->first_id,
					  rec->last_id, rec->count,
					  rec->sha256);
	} else if (rc == RKS_DONE) {
		ret = rks_db_fail(db, -ENOENT, "the database records no "
				  "archive of records %" PRId64 "-%" PRId64,
				  f->first_id, f->last_id);
	} else {
		ret = rks_db_sql_fail(db, "reading the archives");
	}
	rks_finalize(st);
out:
	rks_db_unlock(db);
	return ret;
}
