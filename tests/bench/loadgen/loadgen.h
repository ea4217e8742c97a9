/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loadgen.h - rks-loadgen: many software terminals (librkdsoftdev) running
 * download sessions against rks-server on 127.0.0.1, for benchmarks.
 *
 * A TEST TOOL: its devices keep DIK2 in ordinary memory, which is exactly
 * what a terminal must never do (design.md, "The one rule"). It talks only
 * to the loopback address, and every run is bounded in sessions and time.
 */
#ifndef LOADGEN_H
#define LOADGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "rkd_proto.h"

#define LG_CONCURRENCY_MAX	20000
#define LG_DURATION_MAX		600	/* seconds */
#define LG_SESSIONS_MAX		10000000u
#define LG_PREFIX_MAX		24	/* DSN prefix; digits fill up to 32 */
#define LG_EXCHANGE_MAX		8	/* round trips kept for `exchange=` */

struct lg_opts {
	unsigned int port;
	X509 *root;			/* RKS_RCRT the devices trust */
	uint8_t dik1[RKD_TDES_LEN];	/* the batch key of every device */
	char prefix[LG_PREFIX_MAX + 1];	/* DSN = prefix + index, zero-padded */
	unsigned int digits;
	unsigned int first;		/* first device index */
	unsigned int devices;		/* how many devices the DB holds */
	unsigned int concurrency;
	unsigned int sessions;		/* at most this many sessions */
	unsigned int duration;		/* start none after this many s */
	unsigned int timeout;		/* s, for one whole session */
	int expect_keys;		/* keys each session must store, or -1 */
	unsigned int idle;		/* idle mode: connections to hold */
	unsigned int hold;		/* idle mode: seconds to hold them */
	unsigned int flood;		/* flood mode: seconds of junk */
	unsigned int source;		/* connect from 127.0.0.N (0: any) */
	bool no_cache;			/* check every WORK_CERT in full */
	bool quiet;
};

/* Why a session failed: one counter each in the report. */
enum lg_err {
	LG_ERR_CONNECT,		/* connect() refused or failed */
	LG_ERR_CLOSED,		/* the server closed or reset mid-session */
	LG_ERR_TIMEOUT,		/* the session outlived --timeout */
	LG_ERR_AUTH,		/* ERROR AUTH_FAILED */
	LG_ERR_PROTOCOL,	/* ERROR PROTOCOL or VERSION */
	LG_ERR_BUSY,		/* ERROR BUSY (over max_connections...) */
	LG_ERR_DEVICE,		/* the software device refused a message */
	LG_ERR_KEYS,		/* done, but not --expect-keys keys stored */
	LG_ERR_LOCAL,		/* this program ran out of something */
	LG_ERR_KINDS,
};

struct lg_stats {
	unsigned int started, ok, errors;
	unsigned int err[LG_ERR_KINDS];
	unsigned long long keys;
	uint32_t *lat_us;		/* latency of each good session */
	size_t n_lat;
	double elapsed;			/* s, first connect to last end */
	int last_device_err;		/* an rkd_err, for the message */
	/*
	 * The last good session's round trips: bytes sent, bytes received
	 * (whole frames, headers included) each; n_x 0 if none was good or
	 * it had more than LG_EXCHANGE_MAX (rks-floor's --exchange).
	 */
	uint32_t x_req[LG_EXCHANGE_MAX], x_rep[LG_EXCHANGE_MAX];
	unsigned int n_x;
};

/* opts.c: parse argv; false (and a message) on a bad argument */
bool lg_parse(int argc, char **argv, struct lg_opts *o, bool *help);
void lg_usage(void);

/* run.c: the session mode; 0, or -1 if it could not run at all */
int lg_run_sessions(const struct lg_opts *o, struct lg_stats *st);

/* idle.c: open --idle connections, say so, hold them --hold s */
int lg_run_idle(const struct lg_opts *o);

/* stats.c */
const char *lg_err_name(enum lg_err e);
void lg_report(const struct lg_opts *o, struct lg_stats *st);

/* flood.c: connect, 8 junk bytes, close, for --flood s; say how many */
int lg_run_flood(const struct lg_opts *o);

/*
 * net.c: a non-blocking TCP socket connecting to 127.0.0.1:port, from
 * 127.0.0.@source (0: the kernel's choice); @block: a blocking one
 */
int lg_connect(unsigned int port, unsigned int source, bool block);
double lg_now(void);
void lg_raise_nofile(unsigned int need);

#endif /* LOADGEN_H */
