// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_revoke.c - `rks-admin revoke`: revoke a work certificate and issue
 * the revocation list (Documentation/protocol.md, "Revocation list"), a
 * structure the root signs with a number that only grows. The CA
 * directory keeps the list's state (revocations: "number N", then one
 * SHA-256 per line); every run issues the next number, so that rolling
 * over to a new work certificate (revoking the old one) needs no device to
 * be touched: each device learns the new list at its next download.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "admin.h"
#include "ca.h"
#include "rkd_proto.h"
#include "rkd_rl.h"

#define CA_REVOCATIONS	"revocations"

static const struct cli_help revoke_help = {
	.synopsis = "--ca-dir DIR --out FILE [--cert FILE]",
	.details =
	"Adds the work certificate FILE (DER or PEM) to the revoked ones, if "
	"given, and\nissues the next revocation list, signed by the root CA "
	"in DIR, to --out. Run\nit where the root CA is (offline); give the "
	"list to rks-server\n(revocation_list). Devices refuse a revoked work "
	"certificate, and any list\nolder than the newest they have seen.\n\n"
	"  --ca-dir DIR   the root CA's directory, as `init` made it; its\n"
	"                 file " CA_REVOCATIONS " keeps the list's number and "
	"contents\n"
	"  --out FILE     where to write the signed list\n"
	"  --cert FILE    a work certificate to revoke\n",
};

struct revocations {
	uint64_t number;
	size_t count;
	uint8_t hash[RKD_RL_MAX][32];
};

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* DIR/revocations, or an empty state if it does not exist yet. */
static int load_revocations(const char *path, struct revocations *r)
{
	char line[128];
	unsigned long long n;
	FILE *f;
	int i, hi, lo;

	memset(r, 0, sizeof(*r));
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "number %llu", &n) != 1)
		goto bad;
	r->number = n;
	while (fgets(line, sizeof(line), f)) {
		if (r->count >= RKD_RL_MAX || strlen(line) != 65)
			goto bad;
		for (i = 0; i < 32; i++) {
			hi = hexval(line[2 * i]);
			lo = hexval(line[2 * i + 1]);
			if (hi < 0 || lo < 0)
				goto bad;
			r->hash[r->count][i] = (uint8_t)(hi << 4 | lo);
		}
		r->count++;
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	cli_err("%s: not a revocation state file (\"number N\", then one "
		"SHA-256 per line)", path);
	return -1;
}

static int save_revocations(const char *path, const struct revocations *r)
{
	char tmp[4200];
	size_t i, j;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	if (!f) {
		cli_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "number %" PRIu64 "\n", r->number);
	for (i = 0; i < r->count; i++) {
		for (j = 0; j < 32; j++)
			fprintf(f, "%02x", r->hash[i][j]);
		fputc('\n', f);
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		cli_err("%s: %s", path, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

/* SHA-256 of the DER of the certificate in @path (DER or PEM). */
static int cert_hash(const char *path, uint8_t hash[32])
{
	unsigned char *der = NULL;
	X509 *cert = NULL;
	unsigned int n;
	FILE *f;
	int len;

	f = fopen(path, "rb");
	if (!f) {
		cli_err("--cert: %s: %s", path, strerror(errno));
		return -1;
	}
	cert = PEM_read_X509(f, NULL, NULL, NULL);
	if (!cert) {
		rewind(f);
		cert = d2i_X509_fp(f, NULL);
	}
	fclose(f);
	len = cert ? i2d_X509(cert, &der) : -1;
	X509_free(cert);
	if (len <= 0 || EVP_Digest(der, (size_t)len, hash, &n, EVP_sha256(),
				   NULL) != 1) {
		cli_err("--cert: %s is not an X.509 certificate (DER or PEM)",
			path);
		OPENSSL_free(der);
		return -1;
	}
	OPENSSL_free(der);
	return 0;
}

int revoke_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		{ .name = "--ca-dir" },
		{ .name = "--out" },
		{ .name = "--cert", .optional = true },
	};
	static struct revocations r;
	char state[4096];
	uint8_t hash[32], rl[RKD_BODY_MAX];
	EVP_PKEY *root_key = NULL;
	X509 *root = NULL;
	size_t rl_len, i;
	int ret;
	FILE *f;

	ret = cli_parse_args(argc, argv, &revoke_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	snprintf(state, sizeof(state), "%s/%s", opts[0].value, CA_REVOCATIONS);
	if (load_revocations(state, &r))
		return CLI_EXIT_USAGE;
	if (opts[2].value) {
		if (cert_hash(opts[2].value, hash))
			return CLI_EXIT_USAGE;
		for (i = 0; i < r.count && memcmp(r.hash[i], hash, 32); i++)
			;
		if (i == r.count) {
			if (r.count == RKD_RL_MAX) {
				cli_err("the list holds %d certificates "
					"already", RKD_RL_MAX);
				return CLI_EXIT_USAGE;
			}
			memcpy(r.hash[r.count++], hash, 32);
		}
	}
	if (ca_load_root(opts[0].value, &root_key, &root))
		return CLI_EXIT_SETUP;
	r.number++;
	ret = CLI_EXIT_SETUP;
	if (rkd_rl_make(root_key, r.number, (const uint8_t (*)[32])r.hash,
			r.count, rl, sizeof(rl), &rl_len) != 0) {
		cli_err("signing the revocation list failed");
		goto out;
	}
	f = fopen(opts[1].value, "wb");
	if (!f || fwrite(rl, 1, rl_len, f) != rl_len) {
		cli_err("--out: %s: %s", opts[1].value, strerror(errno));
		if (f)
			fclose(f);
		goto out;
	}
	if (fclose(f) != 0 || save_revocations(state, &r))
		goto out;
	printf("revocation list %" PRIu64 ": %zu work certificate%s revoked; "
	       "written to %s\n", r.number, r.count, r.count == 1 ? "" : "s",
	       opts[1].value);
	ret = CLI_EXIT_OK;
out:
	EVP_PKEY_free(root_key);
	X509_free(root);
	return ret;
}
