// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stats.c - what a run measured: throughput, latency percentiles (nearest
 * rank over every good session, no sampling), errors by kind; as a human
 * summary and as one key=value line for scripts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "loadgen.h"
#include "rkd_err.h"

static const char *const lg_err_names[LG_ERR_KINDS] = {
	[LG_ERR_CONNECT] = "connect",
	[LG_ERR_CLOSED] = "closed",
	[LG_ERR_TIMEOUT] = "timeout",
	[LG_ERR_AUTH] = "auth",
	[LG_ERR_PROTOCOL] = "protocol",
	[LG_ERR_BUSY] = "busy",
	[LG_ERR_DEVICE] = "device",
	[LG_ERR_KEYS] = "keys",
	[LG_ERR_LOCAL] = "local",
};

const char *lg_err_name(enum lg_err e)
{
	return e < LG_ERR_KINDS ? lg_err_names[e] : "?";
}

static int lg_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least p% of values <= it. */
static double lg_pct_ms(const struct lg_stats *st, double p)
{
	size_t rank;

	if (!st->n_lat)
		return 0;
	rank = (size_t)ceil(p / 100.0 * (double)st->n_lat);
	if (rank < 1)
		rank = 1;
	return st->lat_us[rank - 1] / 1000.0;
}

void lg_report(const struct lg_opts *o, struct lg_stats *st)
{
	double secs = st->elapsed > 0 ? st->elapsed : 1e-9;
	double p50, p90, p99, max;
	struct rusage ru;
	unsigned int e;

	qsort(st->lat_us, st->n_lat, sizeof(*st->lat_us), lg_cmp_u32);
	p50 = lg_pct_ms(st, 50);
	p90 = lg_pct_ms(st, 90);
	p99 = lg_pct_ms(st, 99);
	max = lg_pct_ms(st, 100);
	if (!o->quiet) {
		printf("%u sessions (%u concurrent) in %.2f s: %u good, %u "
		       "failed\n", st->started, o->concurrency, st->elapsed,
		       st->ok, st->errors);
		printf("  %.1f sessions/s, %.1f keys/s (%llu keys)\n",
		       st->ok / secs, st->keys / secs, st->keys);
		printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
		       p50, p90, p99, max);
		for (e = 0; e < LG_ERR_KINDS; e++)
			if (st->err[e])
				printf("  errors %-9s %u\n", lg_err_name(e),
				       st->err[e]);
		if (st->err[LG_ERR_DEVICE] || st->err[LG_ERR_LOCAL])
			printf("  last device error: %s\n",
			       rkd_strerror(st->last_device_err));
	}
	printf("rks-loadgen: concurrency=%u sessions=%u ok=%u errors=%u "
	       "keys=%llu elapsed_s=%.3f sessions_per_s=%.2f keys_per_s=%.2f "
	       "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f",
	       o->concurrency, st->started, st->ok, st->errors, st->keys,
	       st->elapsed, st->ok / secs, st->keys / secs, p50, p90, p99,
	       max);
	for (e = 0; e < LG_ERR_KINDS; e++)
		printf(" err_%s=%u", lg_err_name(e), st->err[e]);
	/* the generator's own CPU, to tell its share of the machine apart */
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		printf(" cpu_s=%.3f", ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	/* the last good session's bytes per round trip, request:reply
	 * (rks-floor --exchange takes this list) */
	for (e = 0; e < st->n_x; e++)
		printf("%s%u:%u", e ? "," : " exchange=", st->x_req[e],
		       st->x_rep[e]);
	printf("\n");
}
