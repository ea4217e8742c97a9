/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dl_bench.h - pinpad-dl-bench: one download's device-side time in the
 * VM, step by step, against the sum of its crypto (dl_prims.c).
 */
#ifndef DL_BENCH_H
#define DL_BENCH_H

#include <stddef.h>
#include <stdint.h>

struct dl_file {
	uint8_t data[8192];
	size_t len;
};

/* Microseconds per operation. */
struct dl_prims {
	double cert_us;		/* kernel: X.509 parse + signature check */
	double rsa_us;		/* kernel: raw RSA public operation */
	double sha_us;		/* OpenSSL: SHA-256 of one block */
	double hmac_us;		/* OpenSSL: HMAC-SHA-256 of 33 bytes */
	double tdes_us;		/* OpenSSL: one TDES block */
};

int dl_prims(const struct dl_file *work, const struct dl_file *root,
	     size_t mod_len, double secs, struct dl_prims *out);

#endif /* DL_BENCH_H */
