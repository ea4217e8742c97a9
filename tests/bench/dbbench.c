// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rks-dbbench - the cost of the server's device lookup,
 * rks_db_device_auth() (db.h), on a given database: random known DSNs
 * (the B-tree walk, the DIK1 row and its AES-GCM unsealing) and unknown
 * ones (the walk alone). Run it on a small database and on one with a
 * million devices and compare. The DSNs are drawn over the whole range so
 * that SQLite's page cache does not flatter a large database; the OS page
 * cache is warm (the file was just written), as on a busy server.
 *
 * usage: rks-dbbench DB MASTER_KEY PREFIX DIGITS FIRST DEVICES MAX_LOOKUPS
 *                    MAX_SECONDS
 * Output: one line "rks-dbbench: key=value ...". Bounded by lookups and
 * time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "db.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: reproducible and cheap next to a lookup */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

struct bench {
	struct rks_db *db;
	const char *prefix;
	int digits;
	unsigned long first, devices, max_lookups;
	double max_s;
};

/*
 * @miss: look up DSNs past the last device (unknown). Returns mean
 * microseconds per lookup, or -1 if a lookup did not give what it should.
 */
static double run(const struct bench *b, bool miss, unsigned long *n_out)
{
	struct rks_device_auth da;
	char dsn[40];
	uint64_t rng = miss ? 0x9e3779b97f4a7c15ULL : 0x2545f4914f6cdd1dULL;
	unsigned long n, idx;
	double t0 = now_s(), t = t0;
	int r;

	for (n = 0; n < b->max_lookups && t - t0 < b->max_s; n++) {
		idx = b->first + rng_next(&rng) % b->devices;
		if (miss)
			idx += b->devices;
		snprintf(dsn, sizeof(dsn), "%s%0*lu", b->prefix, b->digits,
			 idx);
		r = rks_db_device_auth(b->db, dsn, &da);
		OPENSSL_cleanse(&da, sizeof(da));
		if (r != (miss ? -ENOENT : 0)) {
			fprintf(stderr, "rks-dbbench: %s: error %d\n", dsn, r);
			return -1;
		}
		if ((n & 255) == 0)
			t = now_s();
	}
	t = now_s();
	*n_out = n;
	return n ? (t - t0) * 1e6 / (double)n : -1;
}

int main(int argc, char **argv)
{
	struct bench b = { 0 };
	unsigned long n_hit = 0, n_miss = 0;
	double hit, miss;
	int r;

	if (argc != 9) {
		fprintf(stderr, "usage: rks-dbbench DB MASTER_KEY PREFIX DIGITS "
			"FIRST DEVICES MAX_LOOKUPS MAX_SECONDS\n");
		return 2;
	}
	b.prefix = argv[3];
	b.digits = atoi(argv[4]);
	b.first = strtoul(argv[5], NULL, 10);
	b.devices = strtoul(argv[6], NULL, 10);
	b.max_lookups = strtoul(argv[7], NULL, 10);
	b.max_s = atof(argv[8]);
	if (b.digits < 1 || b.digits > 10 || !b.devices || !b.max_lookups ||
	    b.max_s <= 0 || b.max_s > 600) {
		fprintf(stderr, "rks-dbbench: bad arguments\n");
		return 2;
	}
	r = rks_db_open(argv[1], argv[2], &b.db);
	if (r) {
		fprintf(stderr, "rks-dbbench: %s: cannot open (%d)\n", argv[1],
			r);
		return 1;
	}
	hit = run(&b, false, &n_hit);
	miss = hit < 0 ? -1 : run(&b, true, &n_miss);
	rks_db_close(b.db);
	if (hit < 0 || miss < 0)
		return 1;
	printf("rks-dbbench: devices=%lu hits=%lu hit_us=%.2f misses=%lu "
	       "miss_us=%.2f\n", b.devices, n_hit, hit, n_miss, miss);
	return 0;
}
