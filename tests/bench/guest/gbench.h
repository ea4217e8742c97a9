/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gbench.h - what the guest benchmarks share: a clock, and a loop bounded
 * both in operations and in time (the clock is read every 64 operations,
 * so that reading it costs nothing next to one).
 *
 * Results go to stdout as "RESULT name=value" lines, which tests/bench/run
 * picks out of the VM's output.
 */
#ifndef GBENCH_H
#define GBENCH_H

#include <stdio.h>
#include <time.h>

static inline double gb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One operation: 0, or a negative errno that ends the measurement. */
typedef int (*gb_op_fn)(void *ctx);

/*
 * gb_rate() - run @op until @secs have passed or @max_ops were done
 * Return: operations per second, or a negative errno from @op.
 */
static inline double gb_rate(gb_op_fn op, void *ctx, double secs,
			     unsigned long max_ops, unsigned long *done)
{
	double t0 = gb_now(), t = t0;
	unsigned long n = 0;
	int r;

	while (n < max_ops && t - t0 < secs) {
		if ((r = op(ctx)) != 0)
			return r;
		if ((++n & 63) == 0)
			t = gb_now();
	}
	t = gb_now();
	if (done)
		*done = n;
	return t > t0 ? (double)n / (t - t0) : 0;
}

#endif /* GBENCH_H */
