// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opts.c - rks-loadgen's command line. Every value is checked here, with
 * the offending value quoted (never a key: the DIK1 comes from a file).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "loadgen.h"
#include "rkd_rules.h"

void lg_usage(void)
{
	printf(
"usage: rks-loadgen --port N --root ROOT.der --dik1-file FILE --devices N\n"
"                   [-c N] [--sessions N] [--duration S] [options]\n"
"       rks-loadgen --port N --idle N [--hold S]\n"
"       rks-loadgen --port N --flood S [--source N]\n"
"\n"
"Software terminals (librkdsoftdev: a test tool, never a terminal) running\n"
"download sessions against rks-server on 127.0.0.1:N, N at a time.\n"
"Device i has DSN PREFIX + i in DIGITS digits, i from --first, and its\n"
"DIK2 is F(DSN, factor, DIK1) for a random factor per session: register\n"
"them with `rks-admin device import` under the DIK1 in FILE.\n"
"\n"
"  --port N           rks-server's port on 127.0.0.1 (nothing else)\n"
"  --root FILE        RKS_RCRT, DER or PEM: the devices' root\n"
"  --dik1-file FILE   the DIK1: 48 hex digits on a line, '#' comments\n"
"  --dsn-prefix P     DSN prefix (BENCH-)\n"
"  --dsn-digits N     digits after it (7)\n"
"  --first N          first device index (0)\n"
"  --devices N        devices in the database, from --first\n"
"  -c, --concurrency N  sessions in flight at once (1)\n"
"  --sessions N       at most N sessions (--devices): each device once\n"
"  --duration S       start no session after S seconds (10)\n"
"  --timeout S        give a session up after S seconds (60)\n"
"  --expect-keys K    a session storing another number of keys is an\n"
"                     error (kind \"keys\")\n"
"  --idle N           open N connections, send nothing, hold them\n"
"  --hold S           for S seconds (10), then close\n"
"  --flood S          for S seconds: connect, 8 junk bytes, close, as\n"
"                     fast as it can (one source's flood, #14)\n"
"  --source N         connect from 127.0.0.N (another source to the\n"
"                     server's admission control)\n"
"  --no-cache         check every session's work certificate and\n"
"                     revocation list in full; by default the devices\n"
"                     share a cache (librkdsoftdev's): byte-identical ones\n"
"                     reuse the last verdict and key, their validity\n"
"                     dates checked again against the clock each time\n"
"  -q, --quiet        only the machine-readable line\n"
"\n"
"Output: a human summary, then one line `rks-loadgen: key=value ...`\n"
"(sessions_per_s, keys_per_s, p50_ms, p90_ms, p99_ms, max_ms, errors,\n"
"err_KIND for each kind, and cpu_s: this program's own CPU).\n"
"In idle mode: `rks-loadgen: idle-ready connections=N` once all are\n"
"open, and `idle-done` at the end.\n"
"Exit status: 0 every session succeeded; 1 some failed; 2 usage.\n");
}

static bool parse_uint(const char *name, const char *s, unsigned long min,
		       unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || v < min ||
	    v > max) {
		fprintf(stderr, "rks-loadgen: %s: '%.40s' is not a number "
			"from %lu to %lu\n", name, s, min, max);
		return false;
	}
	*out = (unsigned int)v;
	return true;
}

static bool load_root(const char *path, X509 **out)
{
	FILE *f = fopen(path, "rb");
	X509 *x;

	if (!f) {
		fprintf(stderr, "rks-loadgen: --root: %s: %s\n", path,
			strerror(errno));
		return false;
	}
	x = d2i_X509_fp(f, NULL);
	if (!x) {
		rewind(f);
		x = PEM_read_X509(f, NULL, NULL, NULL);
	}
	fclose(f);
	if (!x)
		fprintf(stderr, "rks-loadgen: --root: %s is not an X.509 "
			"certificate (DER or PEM)\n", path);
	*out = x;
	return x != NULL;
}

/* The first non-comment line: 48 hex digits. */
static bool load_dik1(const char *path, uint8_t dik1[RKD_TDES_LEN])
{
	char line[256];
	bool ok = false;
	size_t i, n;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "rks-loadgen: --dik1-file: %s: %s\n", path,
			strerror(errno));
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		n = strcspn(line, "\r\n");
		ok = n == 2 * RKD_TDES_LEN;
		for (i = 0; ok && i < RKD_TDES_LEN; i++)
			ok = sscanf(line + 2 * i, "%2hhx", &dik1[i]) == 1 &&
			     isxdigit((unsigned char)line[2 * i]) &&
			     isxdigit((unsigned char)line[2 * i + 1]);
		break;
	}
	OPENSSL_cleanse(line, sizeof(line));
	fclose(f);
	if (!ok)
		fprintf(stderr, "rks-loadgen: --dik1-file: %s has no line of "
			"%d hex digits\n", path, 2 * RKD_TDES_LEN);
	return ok;
}

static bool check_dsns(const struct lg_opts *o)
{
	unsigned long long last = (unsigned long long)o->first + o->devices;
	unsigned long long room = 1;
	unsigned int i;

	for (i = 0; o->prefix[i]; i++)
		if (!rkd_dsn_char_valid((unsigned char)o->prefix[i])) {
			fprintf(stderr, "rks-loadgen: --dsn-prefix: character "
				"%u is not graphic ASCII\n", i + 1);
			return false;
		}
	if (strlen(o->prefix) + o->digits > RKD_DSN_MAX) {
		fprintf(stderr, "rks-loadgen: a DSN would have %zu characters; "
			"at most %d\n", strlen(o->prefix) + o->digits,
			RKD_DSN_MAX);
		return false;
	}
	for (i = 0; i < o->digits && room <= last; i++)
		room *= 10;
	if (last > room) {
		fprintf(stderr, "rks-loadgen: device index %llu has more than "
			"%u digits\n", last - 1, o->digits);
		return false;
	}
	return true;
}

enum {
	O_PORT = 256, O_ROOT, O_DIK1, O_PREFIX, O_DIGITS, O_FIRST, O_DEVICES,
	O_SESSIONS, O_DURATION, O_TIMEOUT, O_EXPECT, O_IDLE, O_HOLD,
	O_FLOOD, O_SOURCE, O_NO_CACHE,
};

static const struct option lg_long[] = {
	{ "port", required_argument, NULL, O_PORT },
	{ "root", required_argument, NULL, O_ROOT },
	{ "dik1-file", required_argument, NULL, O_DIK1 },
	{ "dsn-prefix", required_argument, NULL, O_PREFIX },
	{ "dsn-digits", required_argument, NULL, O_DIGITS },
	{ "first", required_argument, NULL, O_FIRST },
	{ "devices", required_argument, NULL, O_DEVICES },
	{ "concurrency", required_argument, NULL, 'c' },
	{ "sessions", required_argument, NULL, O_SESSIONS },
	{ "duration", required_argument, NULL, O_DURATION },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "expect-keys", required_argument, NULL, O_EXPECT },
	{ "idle", required_argument, NULL, O_IDLE },
	{ "hold", required_argument, NULL, O_HOLD },
	{ "flood", required_argument, NULL, O_FLOOD },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "no-cache", no_argument, NULL, O_NO_CACHE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One option; false on a bad value. */
static bool lg_opt(struct lg_opts *o, int c, const char *v)
{
	unsigned int k;

	switch (c) {
	case O_PORT:
		return parse_uint("--port", v, 1, 65535, &o->port);
	case O_ROOT:
		X509_free(o->root);
		return load_root(v, &o->root);
	case O_DIK1:
		return load_dik1(v, o->dik1);
	case O_PREFIX:
		if (strlen(v) > LG_PREFIX_MAX) {
			fprintf(stderr, "rks-loadgen: --dsn-prefix: longer "
				"than %d characters\n", LG_PREFIX_MAX);
			return false;
		}
		snprintf(o->prefix, sizeof(o->prefix), "%s", v);
		return true;
	case O_DIGITS:
		return parse_uint("--dsn-digits", v, 1, 10, &o->digits);
	case O_FIRST:
		return parse_uint("--first", v, 0, 999999999, &o->first);
	case O_DEVICES:
		return parse_uint("--devices", v, 1, 1000000000, &o->devices);
	case 'c':
		return parse_uint("--concurrency", v, 1, LG_CONCURRENCY_MAX,
				  &o->concurrency);
	case O_SESSIONS:
		return parse_uint("--sessions", v, 1, LG_SESSIONS_MAX,
				  &o->sessions);
	case O_DURATION:
		return parse_uint("--duration", v, 1, LG_DURATION_MAX,
				  &o->duration);
	case O_TIMEOUT:
		return parse_uint("--timeout", v, 1, LG_DURATION_MAX,
				  &o->timeout);
	case O_EXPECT:
		if (!parse_uint("--expect-keys", v, 0, RKD_KEYS_MAX, &k))
			return false;
		o->expect_keys = (int)k;
		return true;
	case O_IDLE:
		return parse_uint("--idle", v, 1, LG_CONCURRENCY_MAX,
				  &o->idle);
	case O_HOLD:
		return parse_uint("--hold", v, 1, LG_DURATION_MAX, &o->hold);
	case O_FLOOD:
		return parse_uint("--flood", v, 1, LG_DURATION_MAX, &o->flood);
	case O_SOURCE:
		return parse_uint("--source", v, 1, 254, &o->source);
	case O_NO_CACHE:
		o->no_cache = true;
		return true;
	case 'q':
		o->quiet = true;
		return true;
	default:
		return false;
	}
}

bool lg_parse(int argc, char **argv, struct lg_opts *o, bool *help)
{
	bool dik1 = false;
	int c;

	memset(o, 0, sizeof(*o));
	snprintf(o->prefix, sizeof(o->prefix), "BENCH-");
	o->digits = 7;
	o->concurrency = 1;
	o->duration = 10;
	o->timeout = 60;
	o->hold = 10;
	o->expect_keys = -1;
	*help = false;
	while ((c = getopt_long(argc, argv, "c:qh", lg_long, NULL)) != -1) {
		if (c == 'h') {
			*help = true;
			return true;
		}
		if (!lg_opt(o, c, optarg))
			return false;
		dik1 |= c == O_DIK1;
	}
	if (optind < argc) {
		fprintf(stderr, "rks-loadgen: unexpected argument '%.40s'\n",
			argv[optind]);
		return false;
	}
	if (!o->port) {
		fprintf(stderr, "rks-loadgen: --port is required\n");
		return false;
	}
	if (o->idle || o->flood)
		return true;
	if (!o->root || !dik1 || !o->devices) {
		fprintf(stderr, "rks-loadgen: --root, --dik1-file and "
			"--devices are required\n");
		return false;
	}
	if (!o->sessions)
		o->sessions = o->devices;
	return check_dsns(o);
}
