// SPDX-License-Identifier: MIT
/*
 * harness.c - hex helpers; the checks are the shared harness's
 * (tests/lib/host-test.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static void hex_print(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

void check_hex_at(const char *file, int line, const char *what,
		  const uint8_t *got, size_t len, const char *hex)
{
	uint8_t want[4096];
	size_t n = unhex(hex, want, sizeof(want));
	bool ok = n == len && memcmp(got, want, len) == 0;

	check_at(ok, file, line, "%s differs from the vector", what);
	if (!ok) {
		printf("  got  ");
		hex_print(got, len);
		printf("\n  want %s\n", hex);
	}
}

size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned int v;

	while (hex[0] && hex[1] && n < cap) {
		if (sscanf(hex, "%2x", &v) != 1) {
			fprintf(stderr, "unhex: bad hex \"%s\"\n", hex);
			exit(2);
		}
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}
