/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * backoff.h - how long rkd waits before trying again: exponential with
 * full jitter after network errors (so a fleet rebooting together does not
 * hit the RKS in waves), and a long fixed pause after an authentication
 * failure (so a terminal with a wrong key cannot hammer the RKS, which
 * would lock it out anyway).
 */
#ifndef RKD_BACKOFF_H
#define RKD_BACKOFF_H

struct rkd_backoff {
	unsigned int min_ms;	/* first delay's upper bound */
	unsigned int max_ms;	/* cap on any delay */
	unsigned int attempt;	/* failures so far */
};

/* Delay before the next try after a network error; counts the attempt. */
unsigned int rkd_backoff_next(struct rkd_backoff *b, unsigned int random);
void rkd_backoff_reset(struct rkd_backoff *b);

#endif /* RKD_BACKOFF_H */
