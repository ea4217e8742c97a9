// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_key.c - `key generate|import|list`: the keys waiting for delivery to
 * a device (TMKs in slots 0-15; PIN, MAC and DATA keys in 16-47).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "admin.h"
#include "components.h"
#include "key_csv.h"
#include "rkd_rules.h"

#define SLOT_RULES \
	"  --slot N        0-47: TMKs go in slots 0-15, PIN, MAC and DATA " \
	"keys in 16-47\n" \
	"  --usage U       tmk, pin, mac or data\n"

static const struct cli_help generate_help = {
	.synopsis = "--dsn DSN --slot N --usage tmk|pin|mac|data "
		    "[--length 16|24] | --csv FILE [--length 16|24]",
	.details =
	"Makes a random TDES key (odd parity, not degenerate) for a device's "
	"slot;\nrks-server delivers it at the device's next download. A slot "
	"has at most one\nkey waiting.\n\n"
	"  --dsn DSN       the device\n" SLOT_RULES
	"  --length L      16 (double-length) or 24 (triple-length, the "
	"default)\n"
	"  --csv FILE      instead of --dsn, --slot, --usage: one key a line,\n"
	"                  DSN,SLOT,USAGE[,LENGTH] ('-': stdin), all stored in\n"
	"                  one transaction, or none\n",
};

static const struct cli_help import_help = {
	.synopsis = "--dsn DSN --slot N --usage tmk|pin|mac|data "
		    "--hex HEX|- | --custodians A,B[,C] [--component-files "
		    "F1,F2[,F3]] --component-kcvs K1,K2[,K3] [--length 16|24] "
		    "[--kcv HEX]",
	.details =
	"Stores a key made elsewhere for a device's slot, like `key "
	"generate`.\n\n"
	"  --dsn DSN       the device\n" SLOT_RULES
	"  --hex HEX       the key: 32 or 48 hex digits; '-' reads it from "
	"stdin,\n"
	"                  which keeps it out of the process list and "
	"history\n"
	"  --custodians A,B[,C]\n"
	"                  instead of --hex: the key (e.g. a TMK) as 2 or 3 "
	"components\n"
	"                  (XOR), one per custodian, each typed at the "
	"terminal (not\n"
	"                  shown) and named in the audit\n"
	"  --component-files F1,F2[,F3]\n"
	"                  each component from its custodian's own file "
	"(0600)\n"
	"  --component-kcvs K1,K2[,K3]\n"
	"                  each component's KCV; a mismatch is refused\n"
	"  --length L      with --custodians: 16 or 24 (the default) bytes\n"
	"  --kcv HEX       the KCV the key must have (6 hex digits): a "
	"typing check\n",
	.secret = true,
};

static const struct cli_help list_help = {
	.synopsis = "[--dsn DSN] [--json]",
	.details = "Lists the keys, of every device or of one: id, DSN, slot, "
		   "usage, length,\nKCV, status (pending or delivered), "
		   "times.\n\n"
		   "  --json   one JSON array, an object per key: id, dsn, "
		   "slot, usage, length,\n           kcv, status, created, "
		   "delivered (null while pending)\n",
};

enum { K_DSN, K_SLOT, K_USAGE, K_LEN, K_HEX = K_LEN, K_KCV, K_CSV = K_KCV };

struct key_args {
	uint32_t slot;
	unsigned int usage;
};

static bool parse_target(struct cli_opt *opts, struct key_args *a)
{
	if (!cli_parse_dsn("--dsn", opts[K_DSN].value) ||
	    !cli_parse_u32("--slot", opts[K_SLOT].value, 0, RKS_SLOTS - 1,
			   &a->slot))
		return false;
	a->usage = rks_usage_parse(opts[K_USAGE].value);
	if (!a->usage) {
		cli_err("--usage: %s is not tmk, pin, mac or data",
			cli_quote(opts[K_USAGE].value));
		return false;
	}
	return admin_check_slot_usage("--slot", a->slot, a->usage);
}

/* @actor: who, for the audit (the custodians too, for components). */
static int store_key(struct cli_opt *opts, const struct key_args *a,
		     const uint8_t *key, size_t len, const char *actor)
{
	struct rks_key_info info;
	struct rks_db *db;
	int ret;

	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_key_add(db, opts[K_DSN].value, a->slot, a->usage, key,
			     len, actor, &info);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("key %" PRId64 ": DSN %s slot %u %s, %zu bytes, KCV %s; "
		       "pending delivery\n", info.id, info.dsn, a->slot,
		       rks_usage_name(a->usage), len, admin_kcv(info.kcv));
	rks_db_close(db);
	return ret;
}

static int generate_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		[K_DSN] = { .name = "--dsn", .optional = true },
		[K_SLOT] = { .name = "--slot", .optional = true },
		[K_USAGE] = { .name = "--usage", .optional = true },
		[K_LEN] = { .name = "--length", .optional = true },
		[K_CSV] = { .name = "--csv", .optional = true },
	};
	bool one = false, all = true;
	uint8_t key[24];
	struct key_args a;
	uint32_t len = 24;
	int ret, i;

	ret = cli_parse_args(argc, argv, &generate_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	for (i = K_DSN; i <= K_USAGE; i++) {
		one = one || opts[i].value;
		all = all && opts[i].value;
	}
	if (opts[K_CSV].value ? one : !all) {
		cli_err("give --dsn, --slot and --usage, or --csv FILE");
		return CLI_EXIT_USAGE;
	}
	if (!opts[K_CSV].value && !parse_target(opts, &a))
		return CLI_EXIT_USAGE;
	if (opts[K_LEN].value) {
		if (strcmp(opts[K_LEN].value, "16") &&
		    strcmp(opts[K_LEN].value, "24")) {
			cli_err("--length: %s; a key is 16 or 24 bytes",
				cli_quote(opts[K_LEN].value));
			return CLI_EXIT_USAGE;
		}
		len = (uint32_t)atoi(opts[K_LEN].value);
	}
	if (opts[K_CSV].value)
		return key_csv_generate(opts[K_CSV].value, len);
	if (rks_tdes_generate(key, len)) {
		cli_err("no random bytes for the key");
		return CLI_EXIT_INTEGRITY;
	}
	ret = store_key(opts, &a, key, len, admin_actor());
	OPENSSL_cleanse(key, sizeof(key));
	return ret;
}

enum { K_IMP_LEN = K_KCV + 1, K_COMP };

/* The key of --hex or of components (@c), checked against --kcv. */
static int read_key(struct cli_opt *opts, uint8_t *key, size_t *len,
		    struct comp_custodians *c)
{
	uint8_t want[RKS_KCV_LEN];
	uint32_t bytes = 24;
	size_t n;
	int ret;

	if (!opts[K_HEX].value == !opts[K_COMP + COMP_OPT_CUSTODIANS].value) {
		cli_err(opts[K_HEX].value ? "--hex or --custodians, not both" :
			"missing --hex (the key), or --custodians (its "
			"components)");
		return CLI_EXIT_USAGE;
	}
	if (opts[K_IMP_LEN].value &&
	    (!opts[K_COMP + COMP_OPT_CUSTODIANS].value ||
	     !cli_parse_u32("--length", opts[K_IMP_LEN].value, 16, 24,
			    &bytes) || !rkd_key_len_valid(bytes))) {
		cli_err("--length: 16 or 24, with --custodians");
		return CLI_EXIT_USAGE;
	}
	if (opts[K_KCV].value &&
	    !cli_parse_hex("--kcv", opts[K_KCV].value, false, want,
			   RKS_KCV_LEN, RKS_KCV_LEN, &n))
		return CLI_EXIT_USAGE;
	if (!opts[K_HEX].value) {
		*len = bytes;
		ret = comp_read(opts + K_COMP, c, key, bytes);
		if (ret)
			return ret;
	} else if (!strcmp(opts[K_HEX].value, "-")) {
		char line[128];	/* one line of 32 or 48 hex digits */

		/* No stdio buffer may keep a copy of the key behind. */
		setvbuf(stdin, NULL, _IONBF, 0);
		if (!fgets(line, sizeof(line), stdin)) {
			cli_err("--hex -: nothing on stdin");
			return CLI_EXIT_USAGE;
		}
		line[strcspn(line, "\r\n")] = '\0';
		n = cli_parse_hex("--hex -", line, true, key, 16, 24, len);
		OPENSSL_cleanse(line, sizeof(line));
		if (!n)
			return CLI_EXIT_USAGE;
	} else if (!cli_parse_hex("--hex", opts[K_HEX].value, true, key, 16,
				  24, len)) {
		return CLI_EXIT_USAGE;
	}
	if (!rkd_key_len_valid(*len)) {
		cli_err("--hex: a key is 32 or 48 hex digits (16 or 24 "
			"bytes), not %zu", 2 * *len);
		return CLI_EXIT_USAGE;
	}
	if (rks_tdes_degenerate(key, *len)) {
		cli_err("--hex: a degenerate TDES key (K1 = K2 or K2 = K3)");
		return CLI_EXIT_USAGE;
	}
	if (opts[K_KCV].value && !admin_kcv_matches(key, *len, want))
		return CLI_EXIT_USAGE;
	return CLI_EXIT_OK;
}

static int import_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		[K_DSN] = { .name = "--dsn" },
		[K_SLOT] = { .name = "--slot" },
		[K_USAGE] = { .name = "--usage" },
		[K_HEX] = { .name = "--hex", .optional = true },
		[K_KCV] = { .name = "--kcv", .optional = true },
		[K_IMP_LEN] = { .name = "--length", .optional = true },
		COMP_OPTS
	};
	uint8_t key[24] = { 0 };
	struct comp_custodians c = { 0 };
	char actor[256];
	struct key_args a;
	size_t len = 0;
	int ret;

	ret = cli_parse_args(argc, argv, &import_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = CLI_EXIT_USAGE;
	if (!parse_target(opts, &a))
		goto out;
	ret = read_key(opts, key, &len, &c);
	if (!ret)
		ret = store_key(opts, &a, key, len,
				comp_actor(&c, actor, sizeof(actor)));
out:
	OPENSSL_cleanse(key, sizeof(key));
	cli_wipe_arg(opts[K_HEX].value);
	return ret;
}

static int print_key(const struct rks_key_info *k, void *arg)
{
	struct cli_json *j = admin_json;

	(void)arg;
	if (j) {
		cli_json_open(j, '{');
		cli_json_kint(j, "id", k->id);
		cli_json_kstr(j, "dsn", k->dsn);
		cli_json_kint(j, "slot", k->slot);
		cli_json_kstr(j, "usage", rks_usage_name(k->usage));
		cli_json_kint(j, "length", k->len);
		cli_json_kstr(j, "kcv", admin_kcv(k->kcv));
		cli_json_kstr(j, "status", k->delivered ? "delivered" :
			      "pending");
		admin_json_time("created", k->created);
		admin_json_time("delivered", k->delivered_at);
		cli_json_close(j, '}');
		return 0;
	}
	printf("%-6" PRId64 " %-32s %-4u %-5s %-3u %-6s  %-9s  %-20s  %s\n",
	       k->id, k->dsn, k->slot, rks_usage_name(k->usage), k->len,
	       admin_kcv(k->kcv), k->delivered ? "delivered" : "pending",
	       admin_time(k->created), admin_time(k->delivered_at));
	return 0;
}

static int list_main(int argc, char *argv[])
{
	struct cli_opt opts[] = { { .name = "--dsn", .optional = true },
				  ADMIN_OPT_JSON };
	struct rks_db *db;
	int ret;

	ret = cli_parse_args(argc, argv, &list_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	if (opts[0].value && !cli_parse_dsn("--dsn", opts[0].value))
		return CLI_EXIT_USAGE;
	ret = admin_open(&db);
	if (ret)
		return ret;
	admin_json_begin(&opts[1]);
	if (!admin_json)
		printf("%-6s %-32s %-4s %-5s %-3s %-6s  %-9s  %-20s  %s\n",
		       "ID", "DSN", "SLOT", "USAGE", "LEN", "KCV", "STATUS",
		       "CREATED", "DELIVERED");
	ret = rks_db_key_list(db, opts[0].value, print_key, NULL);
	ret = ret ? admin_db_error(db, ret) : CLI_EXIT_OK;
	rks_db_close(db);
	return admin_json_end(ret);
}

static const struct cli_command key_commands[] = {
	{ "generate", generate_main, "Makes a random key for a device's slot" },
	{ "import", import_main, "Stores a key given in hex for a device's "
				 "slot" },
	{ "list", list_main, "Lists keys: slot, usage, length, KCV, status" },
	{ "cancel", key_cancel_main, "Cancels a pending key" },
};

int key_main(int argc, char *argv[])
{
	return cli_dispatch(key_commands, ARRAY_SIZE(key_commands), argc,
			    argv);
}
