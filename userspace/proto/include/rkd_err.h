/* SPDX-License-Identifier: MIT */
/*
 * rkd_err.h - the error codes of librkdproto (OpenSSH's ssherr.h idiom).
 *
 * Every function of the library that can fail returns RKD_OK (0) or one of
 * these negative codes; rkd_strerror() names it. The codes say *what* was
 * wrong with the input so that a log line can say it; callers that only
 * need "good or not" test for != 0.
 */
#ifndef RKD_ERR_H
#define RKD_ERR_H

enum rkd_err {
	RKD_OK			=   0,
	RKD_ERR_INTERNAL	=  -1,	/* a bug: should not happen */
	RKD_ERR_ALLOC		=  -2,	/* out of memory */
	RKD_ERR_ARGUMENT	=  -3,	/* caller passed an invalid argument */
	RKD_ERR_NO_SPACE	=  -4,	/* output buffer would exceed its max */
	RKD_ERR_READ_ONLY	=  -5,	/* write to a read-only buffer */
	RKD_ERR_SHORT		=  -6,	/* fewer bytes left than the field */
	RKD_ERR_TRAILING	=  -7,	/* bytes left after the last field */
	RKD_ERR_BAD_MAGIC	=  -8,	/* frame does not start with "RK" */
	RKD_ERR_BAD_VERSION	=  -9,	/* frame version is not 2 */
	RKD_ERR_BAD_TYPE	= -10,	/* unknown message type */
	RKD_ERR_TOO_LONG	= -11,	/* body length above 4096 */
	RKD_ERR_BAD_LENGTH	= -12,	/* body length not allowed for type */
	RKD_ERR_BAD_FIELD	= -13,	/* a field's value is out of range */
	RKD_ERR_BAD_MAC		= -14,	/* MAC16 does not match */
	RKD_ERR_BAD_KCV		= -15,	/* key check value does not match */
	RKD_ERR_WEAK_KEY	= -16,	/* TDES key with K1 == K2 or K2 == K3 */
	RKD_ERR_CRYPTO		= -17,	/* an OpenSSL call failed */
	RKD_ERR_DECRYPT		= -18,	/* RSA-OAEP decryption failed */
	RKD_ERR_CERT		= -19,	/* certificate unusable or untrusted */
	RKD_ERR_EOF		= -20,	/* peer closed between frames */
	RKD_ERR_TRUNCATED	= -21,	/* peer closed inside a frame */
	RKD_ERR_TIMEOUT		= -22,	/* deadline passed */
	RKD_ERR_AGAIN		= -23,	/* non-blocking I/O: not complete yet */
	RKD_ERR_SYSTEM		= -24,	/* a system call failed: see errno */
	RKD_ERR_UNEXPECTED	= -25,	/* message not expected in this state */
	RKD_ERR_PEER_ERROR	= -26,	/* the peer sent an ERROR frame */
	RKD_ERR_KB_FORMAT	= -27,	/* key block malformed (before MAC) */
	RKD_ERR_KB_REFUSED	= -28,	/* authenticated key block refused */
};

/* A static, never-NULL description of @r (also for unknown codes). */
const char *rkd_strerror(int r);

/* A stable short name ("bad-mac") for logs and audit records. */
const char *rkd_errname(int r);

#endif /* RKD_ERR_H */
