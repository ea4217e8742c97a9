/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * components.h - a clear key as 2 or 3 components combined by XOR, each
 * held by its own custodian and checked by its own KCV: split knowledge
 * and dual control (ANSI X9.24-1:2017 section 7.2 and annex A.2; PCI PIN
 * Security Requirements 6-3 and 8-1). One definition for every command
 * that takes or hands out a key in components (dik1 import/export, key
 * import).
 */
#ifndef RKS_ADMIN_COMPONENTS_H
#define RKS_ADMIN_COMPONENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli_common.h"
#include "rkd_proto.h"	/* RKD_KCV_LEN */

#define COMP_MIN	2	/* one component alone is the whole key */
#define COMP_MAX	3
#define COMP_NAME_MAX	32	/* a custodian's name, printable ASCII */

/*
 * The options of a command that takes components; all three lists are
 * comma-separated, one entry per custodian, in the same order.
 */
enum { COMP_OPT_CUSTODIANS, COMP_OPT_FILES, COMP_OPT_KCVS, COMP_N_OPTS };
#define COMP_OPTS \
	{ .name = "--custodians", .optional = true }, \
	{ .name = "--component-files", .optional = true }, \
	{ .name = "--component-kcvs", .optional = true }

/* The custodians of one key, in the order of their components. */
struct comp_custodians {
	unsigned int n;
	char name[COMP_MAX][COMP_NAME_MAX + 1];
};

/*
 * comp_parse_custodians() - --custodians NAME,NAME[,NAME]
 *
 * Return: false after a usage message: fewer than COMP_MIN names (a
 * single component is refused), more than COMP_MAX, an empty or
 * non-printable name, or the same name twice (dual control needs two
 * people).
 */
bool comp_parse_custodians(const char *list, struct comp_custodians *c);

/* "alice, bob" into @buf (for messages and the audit). */
const char *comp_names(const struct comp_custodians *c, char *buf,
		       size_t size);

/*
 * comp_actor() (comp_split.c, rks-admin only) - who, for the audit: admin_actor(), and the custodians if
 * @c has any ("rks-admin:USER, custodians alice, bob"), into @buf.
 */
const char *comp_actor(const struct comp_custodians *c, char *buf,
		       size_t size);

/*
 * comp_read() - a key of @len bytes (TDES 'T': 16 or 24; AES 'A': 16, 24
 *   or 32) from its components
 * @opts: the COMP_N_OPTS options (COMP_OPTS); --custodians must be given
 * @alg:  'T' or 'A': the algorithm of the components' KCVs
 * @key:  out, @len bytes: the XOR of the components, as they make it (parity
 *        bits too: the same key a whole-key import of it stores)
 *
 * Each component comes from its custodian's own file (--component-files,
 * mode 0600, one line of hex like a key file) or, without that option,
 * is typed at the terminal with echo off (termios), one prompt per
 * custodian. Each component's KCV (X9.24-1 A.2: TDES-encrypt zeros, first
 * 3 bytes; A.3 for AES: AES-CMAC of a zero block, first 3) must equal the one given for it in --component-kcvs (required:
 * the custodian's own check); a mismatch names the component and its
 * custodian and nothing is returned. No component nor the key is printed.
 *
 * Return: CLI_EXIT_OK, or CLI_EXIT_USAGE after saying why (@key wiped).
 */
int comp_read(const struct cli_opt *opts, struct comp_custodians *c,
	      char alg, uint8_t *key, size_t len);

/*
 * comp_split() (comp_split.c, rks-admin only) - @n random components of @key (@len bytes, TDES) whose
 * XOR is @key: components 1..n-1 are random (RAND_priv_bytes), the last
 * is @key XOR them. Each component's KCV goes into @kcv.
 *
 * Return: 0, or -EIO if no random bytes or no KCV could be made.
 */
int comp_split(const uint8_t *key, size_t len, unsigned int n,
	       uint8_t comp[][24], uint8_t kcv[][RKD_KCV_LEN]);

#endif /* RKS_ADMIN_COMPONENTS_H */
