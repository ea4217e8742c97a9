// SPDX-License-Identifier: GPL-2.0-or-later
#include "backoff.h"

/*
 * "Full jitter": a uniform delay in [min/2, bound], where bound doubles per
 * attempt from min_ms up to max_ms. @random is any uniformly random value.
 */
unsigned int rkd_backoff_next(struct rkd_backoff *b, unsigned int random)
{
	unsigned long long bound = b->min_ms;
	unsigned int i, floor;

	for (i = 0; i < b->attempt && bound < b->max_ms; i++)
		bound *= 2;
	if (bound > b->max_ms)
		bound = b->max_ms;
	if (b->attempt < 64)
		b->attempt++;
	floor = b->min_ms / 2 < bound ? b->min_ms / 2 : bound;
	return floor + random % (unsigned int)(bound - floor + 1);
}

void rkd_backoff_reset(struct rkd_backoff *b)
{
	b->attempt = 0;
}
