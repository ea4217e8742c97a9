// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_key.c - `key generate|import|list|wrap`: the keys waiting for
 * delivery to a device (TMKs in slots 0-15; PIN, MAC and DATA keys in
 * 16-47). Key blocks (`key wrap`, `key import --key-block`) are in
 * cmd_keyblock.c.
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
#include "pinpad_kb.h"
#include "rkd_rules.h"

#define SLOT_RULES \
	"  --slot N        0-47: TMKs go in slots 0-15, PIN, MAC and DATA " \
	"keys in 16-47\n" \
	"  --usage U       tmk, pin, mac or data\n"
/* The X9.143 attributes the key is delivered with (its key block's header) */
#define ATTR_RULES \
	"  --alg A         tdes (the default) or aes\n" \
	"  --kb-usage XX   the X9.143 usage: tmk K0 (default) or K1; pin P0;\n" \
	"                  mac M3 (default; M6 for aes), M1 or M6; data D0\n" \
	"  --mode M        mode of use (default: K0/K1 D, P0 E, M* C, D0 B)\n" \
	"  --key-version NN  two letters or digits (default 00)\n"

static const struct cli_help generate_help = {
	.synopsis = "--dsn DSN --slot N --usage tmk|pin|mac|data "
		    "[--length 16|24|32] [--alg tdes|aes] [--kb-usage XX] "
		    "[--mode M] [--key-version NN] | --csv FILE [--length 16|24]",
	.details =
	"Makes a random key (TDES: odd parity, not degenerate; AES) for a "
	"device's slot;\nrks-server delivers it, in an X9.143 key block with "
	"its attributes, at the\ndevice's next download. A slot has at most "
	"one key waiting.\n\n"
	"  --dsn DSN       the device\n" SLOT_RULES
	"  --length L      TDES 16 (double-length) or 24 (triple-length, the "
	"default);\n                  AES 16, 24 or 32 (the default)\n"
	ATTR_RULES
	"  --csv FILE      instead of --dsn, --slot, --usage: one key a line,\n"
	"                  DSN,SLOT,USAGE[,LENGTH] ('-': stdin), all stored in\n"
	"                  one transaction, or none\n",
};

static const struct cli_help import_help = {
	.synopsis = "--dsn DSN --slot N --usage tmk|pin|mac|data "
		    "--hex HEX|- | --custodians A,B[,C] [--component-files "
		    "F1,F2[,F3]] --component-kcvs K1,K2[,K3] "
		    "[--length 16|24|32] [--kcv HEX] [--alg tdes|aes] "
		    "[--kb-usage XX] [--mode M] [--key-version NN]",
	.details =
	"Stores a key made elsewhere for a device's slot, like `key "
	"generate`.\n\n"
	"  --dsn DSN       the device\n" SLOT_RULES
	"  --hex HEX       the key: 32 or 48 hex digits (AES: 32, 48 or 64); "
	"'-'\n                  reads it from stdin, which keeps it out of "
	"the process list\n                  and history\n"
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
	"                  each component's KCV (X9.24-1 A.2 for TDES, A.3 "
	"for AES);\n                  a mismatch is refused\n"
	"  --length L      with --custodians: 16 or 24 (the default) bytes; "
	"AES: 16,\n                  24 or 32 (the default)\n"
	"  --kcv HEX       the KCV the key must have (6 hex digits; X9.24-1 "
	"A.2 for\n                  TDES, A.3 for AES): a typing check\n"
	ATTR_RULES "\n"
	"A key that arrives as an X9.143 key block: `key import --key-block "
	"FILE\n--kek FILE --kek-kcv HEX --dsn DSN --slot N` (see its "
	"--help).\n",
	.secret = true,
};

static const struct cli_help list_help = {
	.synopsis = "[--dsn DSN] [--json]",
	.details = "Lists the keys, of every device or of one: id, DSN, slot, "
		   "usage, length,\nKCV, status (pending or delivered), "
		   "times, and the key block it is delivered\nin: algorithm, "
		   "X9.143 usage/mode/version.\n\n"
		   "  --json   one JSON array, an object per key: id, dsn, "
		   "slot, usage, length,\n           kcv, status, created, "
		   "delivered (null while pending), alg,\n           "
		   "kb_usage, kb_mode, kb_version\n",
};

enum { K_DSN, K_SLOT, K_USAGE, K_LEN, K_HEX = K_LEN, K_KCV, K_CSV = K_KCV,
       K_ALG, K_KBU, K_MODE, K_VER, K_NOPTS };

/* The attribute options, the same in `generate` and `import` */
#define ATTR_OPTS \
	[K_ALG] = { .name = "--alg", .optional = true }, \
	[K_KBU] = { .name = "--kb-usage", .optional = true }, \
	[K_MODE] = { .name = "--mode", .optional = true }, \
	[K_VER] = { .name = "--key-version", .optional = true }

struct key_args {
	uint32_t slot;
	unsigned int usage;
	struct rks_key_attr attr;
};

/*
 * The key's attributes: its class's defaults (rks_key_attr_default()),
 * AES's MAC default M6 (algorithm 3 is TDES's), then what was given. Their
 * shape only; rks_key_attr_check() judges them with the key's length.
 */
static bool parse_attr(struct cli_opt *opts, struct key_args *a)
{
	const char *alg = opts[K_ALG].value, *u = opts[K_KBU].value;
	const char *m = opts[K_MODE].value, *v = opts[K_VER].value;

	rks_key_attr_default(a->usage, &a->attr);
	if (alg && strcmp(alg, "tdes") && strcmp(alg, "aes")) {
		cli_err("--alg: %s is not tdes or aes", cli_quote(alg));
		return false;
	}
	if (alg && !strcmp(alg, "aes")) {
		a->attr.alg = 'A';
		if (a->usage == RKS_USAGE_MAC)
			a->attr.usage[1] = '6';
	}
	if (u && strlen(u) != 2) {
		cli_err("--kb-usage: %s is not two characters (K0, P0, M3, "
			"...)", cli_quote(u));
		return false;
	}
	if (m && strlen(m) != 1) {
		cli_err("--mode: %s is not one letter", cli_quote(m));
		return false;
	}
	if (v && strlen(v) != 2) {
		cli_err("--key-version: %s is not two letters or digits",
			cli_quote(v));
		return false;
	}
	if (u)
		memcpy(a->attr.usage, u, 2);
	if (m)
		a->attr.mode = m[0];
	if (v)
		memcpy(a->attr.version, v, 2);
	return true;
}

/* The attributes fit the class and a key of @len bytes, or a usage error */
static bool check_attr(const struct key_args *a, size_t len)
{
	const char *why = rks_key_attr_check(a->usage, len, &a->attr);

	if (why)
		cli_err("%s", why);
	return !why;
}

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
	return admin_check_slot_usage("--slot", a->slot, a->usage) &&
	       parse_attr(opts, a);
}

/* @actor: who, for the audit (the custodians too, for components). */
static int store_key(struct cli_opt *opts, const struct key_args *a,
		     const uint8_t *key, size_t len, const char *actor)
{
	struct rks_new_key nk = {
		.dsn = opts[K_DSN].value, .slot = a->slot, .usage = a->usage,
		.key = key, .len = len, .attr = &a->attr,
	};
	struct rks_key_info info;
	struct rks_db *db;
	int ret;

	ret = admin_open(&db);
	if (ret)
		return ret;
	ret = rks_db_key_add_many(db, &nk, 1, actor, &info, NULL);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("key %" PRId64 ": DSN %s slot %u %s, %zu bytes, KCV %s; "
		       "pending delivery (%s %.2s, mode %c, version %.2s)\n",
		       info.id, info.dsn, a->slot, rks_usage_name(a->usage),
		       len, admin_kcv(info.kcv),
		       a->attr.alg == 'A' ? "AES" : "TDES", a->attr.usage,
		       a->attr.mode, a->attr.version);
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
		ATTR_OPTS,
	};
	bool one = false, all = true;
	uint8_t key[32];
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
	for (i = K_ALG; i < K_NOPTS; i++)
		one = one || opts[i].value;
	if (opts[K_CSV].value ? one : !all) {
		/* attributes go with --dsn, --slot and --usage only */
		cli_err("give --dsn, --slot and --usage, or --csv FILE");
		return CLI_EXIT_USAGE;
	}
	memset(&a, 0, sizeof(a));
	a.attr.alg = 'T';
	if (!opts[K_CSV].value && !parse_target(opts, &a))
		return CLI_EXIT_USAGE;
	if (a.attr.alg == 'A')
		len = 32;
	if (opts[K_LEN].value) {
		if (strcmp(opts[K_LEN].value, "16") &&
		    strcmp(opts[K_LEN].value, "24") &&
		    (a.attr.alg != 'A' || strcmp(opts[K_LEN].value, "32"))) {
			cli_err("--length: %s; a%s key is 16%s bytes",
				cli_quote(opts[K_LEN].value),
				a.attr.alg == 'A' ? "n AES" : "",
				a.attr.alg == 'A' ? ", 24 or 32" : " or 24");
			return CLI_EXIT_USAGE;
		}
		len = (uint32_t)atoi(opts[K_LEN].value);
	}
	if (opts[K_CSV].value)
		return key_csv_generate(opts[K_CSV].value, len);
	if (!check_attr(&a, len))
		return CLI_EXIT_USAGE;
	if (rks_key_generate(a.attr.alg, key, len)) {
		cli_err("no random bytes for the key");
		return CLI_EXIT_INTEGRITY;
	}
	ret = store_key(opts, &a, key, len, admin_actor());
	OPENSSL_cleanse(key, sizeof(key));
	return ret;
}

enum { K_IMP_LEN = K_NOPTS, K_COMP };

/*
 * The key of --hex or of components (@c), of the algorithm of @a (for
 * AES components, their KCVs are X9.24-1 A.3), checked against --kcv.
 */
static int read_key(struct cli_opt *opts, const struct key_args *a,
		    uint8_t *key, size_t *len, struct comp_custodians *c)
{
	bool aes = a->attr.alg == 'A';
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
	if (aes)
		bytes = 32;
	if (opts[K_IMP_LEN].value &&
	    (!opts[K_COMP + COMP_OPT_CUSTODIANS].value ||
	     !cli_parse_u32("--length", opts[K_IMP_LEN].value, 16,
			    aes ? 32 : 24, &bytes) ||
	     !pinpad_kb_strength(a->attr.alg, bytes))) {
		cli_err(aes ? "--length: 16, 24 or 32 (AES), with --custodians" :
			"--length: 16 or 24, with --custodians");
		return CLI_EXIT_USAGE;
	}
	if (opts[K_KCV].value &&
	    !cli_parse_hex("--kcv", opts[K_KCV].value, false, want,
			   RKS_KCV_LEN, RKS_KCV_LEN, &n))
		return CLI_EXIT_USAGE;
	if (!opts[K_HEX].value) {
		*len = bytes;
		ret = comp_read(opts + K_COMP, c, a->attr.alg, key, bytes);
		if (ret)
			return ret;
	} else if (!strcmp(opts[K_HEX].value, "-")) {
		char line[128];	/* one line of 32, 48 or 64 hex digits */

		/* No stdio buffer may keep a copy of the key behind. */
		setvbuf(stdin, NULL, _IONBF, 0);
		if (!fgets(line, sizeof(line), stdin)) {
			cli_err("--hex -: nothing on stdin");
			return CLI_EXIT_USAGE;
		}
		line[strcspn(line, "\r\n")] = '\0';
		n = cli_parse_hex("--hex -", line, true, key, 16,
				  aes ? 32 : 24, len);
		OPENSSL_cleanse(line, sizeof(line));
		if (!n)
			return CLI_EXIT_USAGE;
	} else if (!cli_parse_hex("--hex", opts[K_HEX].value, true, key, 16,
				  aes ? 32 : 24, len)) {
		return CLI_EXIT_USAGE;
	}
	if (!pinpad_kb_strength(a->attr.alg, (unsigned int)*len)) {
		cli_err("--hex: a%s key is %s hex digits (%s bytes), not %zu",
			aes ? "n AES" : "", aes ? "32, 48 or 64" : "32 or 48",
			aes ? "16, 24 or 32" : "16 or 24", 2 * *len);
		return CLI_EXIT_USAGE;
	}
	if (!aes && rks_tdes_degenerate(key, *len)) {
		cli_err("--hex: a degenerate TDES key (K1 = K2 or K2 = K3)");
		return CLI_EXIT_USAGE;
	}
	if (!check_attr(a, *len))
		return CLI_EXIT_USAGE;
	if (opts[K_KCV].value &&
	    !admin_kcv_matches(a->attr.alg, key, *len, want))
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
		ATTR_OPTS,
		[K_IMP_LEN] = { .name = "--length", .optional = true },
		COMP_OPTS
	};
	uint8_t key[32] = { 0 };
	struct comp_custodians c = { 0 };
	char actor[256];
	struct key_args a;
	size_t len = 0;
	int ret, i;

	/* a key block under an HSM's KEK: cmd_keyblock.c */
	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--key-block", 11))
			return key_import_block_main(argc, argv);
	ret = cli_parse_args(argc, argv, &import_help, opts, ARRAY_SIZE(opts),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = CLI_EXIT_USAGE;
	if (!parse_target(opts, &a))
		goto out;
	ret = read_key(opts, &a, key, &len, &c);
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
		char mode[2] = { k->attr.mode ? k->attr.mode : '-', 0 };

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
		cli_json_kstr(j, "alg", k->attr.alg == 'A' ? "AES" : "TDES");
		cli_json_kstr(j, "kb_usage", k->attr.usage);
		cli_json_kstr(j, "kb_mode", mode);
		cli_json_kstr(j, "kb_version", k->attr.version);
		cli_json_close(j, '}');
		return 0;
	}
	printf("%-6" PRId64 " %-32s %-4u %-5s %-3u %-6s  %-9s  %-20s  %-20s  "
	       "%s %.2s/%c/%.2s\n", k->id, k->dsn, k->slot,
	       rks_usage_name(k->usage), k->len, admin_kcv(k->kcv),
	       k->delivered ? "delivered" : "pending", admin_time(k->created),
	       admin_time(k->delivered_at),
	       k->attr.alg == 'A' ? "AES" : "TDES", k->attr.usage,
	       k->attr.mode ? k->attr.mode : '-', k->attr.version);
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
		printf("%-6s %-32s %-4s %-5s %-3s %-6s  %-9s  %-20s  %-20s  "
		       "%s\n", "ID", "DSN", "SLOT", "USAGE", "LEN", "KCV",
		       "STATUS", "CREATED", "DELIVERED", "KEY BLOCK");
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
	{ "wrap", key_wrap_main, "Wraps a working key under a device's "
				 "delivered TMK as a key block" },
	{ "cancel", key_cancel_main, "Cancels a pending key" },
};

int key_main(int argc, char *argv[])
{
	return cli_dispatch(key_commands, ARRAY_SIZE(key_commands), argc,
			    argv);
}
