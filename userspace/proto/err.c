// SPDX-License-Identifier: MIT
/*
 * err.c - one table for the text and the log name of every rkd_err.
 */
#include <stddef.h>

#include "rkd_err.h"

struct rkd_err_desc {
	const char *name;	/* key=value friendly: no spaces */
	const char *text;
};

static const struct rkd_err_desc rkd_errs[] = {
	[-RKD_OK]		= { "ok", "success" },
	[-RKD_ERR_INTERNAL]	= { "internal", "internal error" },
	[-RKD_ERR_ALLOC]	= { "no-memory", "out of memory" },
	[-RKD_ERR_ARGUMENT]	= { "bad-argument", "invalid argument" },
	[-RKD_ERR_NO_SPACE]	= { "no-space", "buffer size limit reached" },
	[-RKD_ERR_READ_ONLY]	= { "read-only", "buffer is read-only" },
	[-RKD_ERR_SHORT]	= { "short", "message shorter than its fields" },
	[-RKD_ERR_TRAILING]	= { "trailing-bytes",
				    "unexpected bytes after the last field" },
	[-RKD_ERR_BAD_MAGIC]	= { "bad-magic", "frame magic is not \"RK\"" },
	[-RKD_ERR_BAD_VERSION]	= { "bad-version",
				    "unsupported protocol version" },
	[-RKD_ERR_BAD_TYPE]	= { "bad-type", "unknown message type" },
	[-RKD_ERR_TOO_LONG]	= { "too-long",
				    "frame body longer than 4096 bytes" },
	[-RKD_ERR_BAD_LENGTH]	= { "bad-length",
				    "body length not allowed for this type" },
	[-RKD_ERR_BAD_FIELD]	= { "bad-field", "field value out of range" },
	[-RKD_ERR_BAD_MAC]	= { "bad-mac", "message authentication failed" },
	[-RKD_ERR_BAD_KCV]	= { "bad-kcv", "key check value mismatch" },
	[-RKD_ERR_WEAK_KEY]	= { "weak-key", "degenerate TDES key" },
	[-RKD_ERR_CRYPTO]	= { "crypto", "cryptographic library error" },
	[-RKD_ERR_DECRYPT]	= { "decrypt", "RSA-OAEP decryption failed" },
	[-RKD_ERR_CERT]		= { "bad-cert",
				    "certificate not usable or not trusted" },
	[-RKD_ERR_EOF]		= { "eof", "connection closed by peer" },
	[-RKD_ERR_TRUNCATED]	= { "truncated",
				    "connection closed inside a frame" },
	[-RKD_ERR_TIMEOUT]	= { "timeout", "timed out" },
	[-RKD_ERR_AGAIN]	= { "again", "operation would block" },
	[-RKD_ERR_SYSTEM]	= { "system", "system call failed" },
	[-RKD_ERR_UNEXPECTED]	= { "unexpected",
				    "message not expected in this state" },
	[-RKD_ERR_PEER_ERROR]	= { "peer-error", "peer reported an error" },
	[-RKD_ERR_KB_FORMAT]	= { "kb-format", "malformed key block" },
	[-RKD_ERR_KB_REFUSED]	= { "kb-refused",
				    "key block refused by policy" },
};

static const struct rkd_err_desc *rkd_err_lookup(int r)
{
	static const struct rkd_err_desc unknown = { "unknown",
						     "unknown error" };

	if (r > 0 || (size_t)-r >= sizeof(rkd_errs) / sizeof(rkd_errs[0]) ||
	    !rkd_errs[-r].name)
		return &unknown;
	return &rkd_errs[-r];
}

const char *rkd_strerror(int r)
{
	return rkd_err_lookup(r)->text;
}

const char *rkd_errname(int r)
{
	return rkd_err_lookup(r)->name;
}
