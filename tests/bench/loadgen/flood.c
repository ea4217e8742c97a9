// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * flood.c - the flood mode: the cheap attack of #14 (connect, 8 junk
 * bytes, close), one connection after another for --flood seconds, from
 * --source. Bounded in time and to the loopback address, like every mode.
 */
#include <stdio.h>
#include <unistd.h>

#include "loadgen.h"

int lg_run_flood(const struct lg_opts *o)
{
	double until = lg_now() + o->flood;
	unsigned long long n = 0, failed = 0;
	int fd;

	while (lg_now() < until) {
		fd = lg_connect(o->port, o->source, true);
		if (fd < 0) {
			failed++;
			continue;
		}
		/* shed connections are closed by the server: no matter */
		if (write(fd, "JUNKJUNK", 8) != 8)
			failed++;
		close(fd);
		n++;
	}
	printf("rks-loadgen: flood-done connections=%llu failed=%llu "
	       "per_s=%.0f\n", n, failed, (double)n / o->flood);
	return 0;
}
