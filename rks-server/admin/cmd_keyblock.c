// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_keyblock.c - ANSI X9.143 (TR-31) key blocks at the RKS:
 *
 *   key wrap              a working key under a device's delivered TMK,
 *                         as the acquirer host would send it to the POS
 *                         application for LOAD_WK (tests, the demo)
 *   key import --key-block  a key that arrives as a key block under a
 *                         key-encryption key an HSM exported, unwrapped
 *                         and stored for delivery like any other key
 *
 * The codec is librkdproto's (rkd_kb_wrap(), rkd_kb_unwrap()); the rules
 * of which key may protect which are in Documentation/key-hierarchy.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "admin.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_keyblock.h"
#include "rkd_rules.h"

#define KB_KEY_MAX	PINPAD_KB_KEY_MAX
#define KB_BLOCK_MAX	RKD_KB_MAX

/*
 * The mode `key wrap` gives a key of each class by default: the key
 * database's defaults (rks_key_attr_default()). Which usage goes in
 * which class, and which modes go with it, are ioctl/pinpad_kb.h's
 * pinpad_kb_usage_class() and pinpad_kb_usage_mode_ok(), the rules the
 * module and the codec share.
 */
static char kb_default_mode(unsigned int class)
{
	struct rks_key_attr a;

	rks_key_attr_default(class, &a);
	return a.mode;
}

/* Bits of security (NIST SP 800-57, pinpad_kb.h); 0: not a key we take */
static unsigned int kb_strength(char alg, size_t len)
{
	return pinpad_kb_strength(alg, (unsigned int)len);
}

static bool kb_len_valid(char alg, size_t len)
{
	return kb_strength(alg, len) != 0;
}

/* The KCV of X9.24-1:2017 A.2 (TDES) or A.3 (AES), as the device shows. */
static int kb_kcv(char alg, const uint8_t *key, size_t len,
		  uint8_t kcv[RKS_KCV_LEN])
{
	return rkd_kcv_alg(alg, key, len, kcv) ? -EINVAL : 0;
}


static const struct cli_help wrap_help = {
	.synopsis = "--dsn DSN --tmk-slot N --usage P0|M1|M3|M6|D0 "
		    "[--mode M] [--alg tdes|aes] [--length 16|24|32] "
		    "[--key-version NN] [--hex HEX|-] [--out FILE]",
	.details =
	"Wraps a working key as an ANSI X9.143 key block under the TMK that\n"
	"was delivered to slot --tmk-slot (0-15) of the device, as the\n"
	"acquirer host does for the POS application's LOAD_WK (pinpadctl\n"
	"load-wk). Version B under a TDES TMK, D under an AES one;\n"
	"exportability N; the key length hidden (X9.143 obfuscation).\n\n"
	"  --usage U       the key's X9.143 usage: P0 (PIN), M1, M3, M6 (MAC),\n"
	"                  D0 (data)\n"
	"  --mode M        mode of use: P0 E or B; M* C, G or V; D0 B, E or D\n"
	"                  (default the first)\n"
	"  --alg A         tdes or aes (default the TMK's algorithm)\n"
	"  --length L      key bytes: TDES 16 or 24, AES 16, 24 or 32 (default\n"
	"                  16); never stronger than the TMK (X9.24-1)\n"
	"  --key-version NN  two characters (default 00)\n"
	"  --hex HEX|-     the key to wrap ('-': stdin); default a random one\n"
	"  --out FILE      write the block there (mode 0600) instead of stdout\n\n"
	"Prints the key block (unless --out), then its key's KCV. The clear\n"
	"key is never shown. Each block made is audited (admin: key wrap).\n"
	"Only a TMK the device acknowledged (status delivered) can be used.\n",
	.secret = true,
};

enum { W_DSN, W_TMK, W_USAGE, W_MODE, W_ALG, W_LEN, W_VER, W_HEX, W_OUT };

struct wrap_req {
	uint32_t tmk_slot;
	struct rkd_kb_attr attr;
	size_t len;
	uint8_t key[KB_KEY_MAX];
};

/* The attributes and length from the options; @tmk_alg: 'T' or 'A'. */
static bool wrap_attr(struct cli_opt *o, char tmk_alg, struct wrap_req *r)
{
	const char *u = o[W_USAGE].value, *m = o[W_MODE].value;
	const char *v = o[W_VER].value;
	uint32_t len = 16;
	unsigned int class = strlen(u) == 2 ?
			     pinpad_kb_usage_class(u[0], u[1]) : 0;

	if (!class || class == RKS_USAGE_TMK) {
		cli_err("--usage: %s is not P0, M1, M3, M6 or D0",
			cli_quote(u));
		return false;
	}
	memcpy(r->attr.usage, u, 2);
	r->attr.mode = kb_default_mode(class);
	if (m && (strlen(m) != 1 ||
		  !pinpad_kb_usage_mode_ok(u[0], u[1], m[0]))) {
		cli_err("--mode: %s is not a mode of use the PIN pad takes "
			"for %s", cli_quote(m), u);
		return false;
	}
	if (m)
		r->attr.mode = m[0];
	r->attr.algorithm = tmk_alg;
	if (o[W_ALG].value) {
		if (!strcmp(o[W_ALG].value, "tdes")) {
			r->attr.algorithm = 'T';
		} else if (!strcmp(o[W_ALG].value, "aes")) {
			r->attr.algorithm = 'A';
		} else {
			cli_err("--alg: %s is not tdes or aes",
				cli_quote(o[W_ALG].value));
			return false;
		}
	}
	if (o[W_LEN].value &&
	    !cli_parse_u32("--length", o[W_LEN].value, 16, 32, &len))
		return false;
	if (!kb_len_valid(r->attr.algorithm, len)) {
		cli_err("--length: %u bytes is not a %s key", len,
			r->attr.algorithm == 'A' ? "AES" : "TDES");
		return false;
	}
	r->len = len;
	if (v && strlen(v) != 2) {
		cli_err("--key-version: %s is not two characters",
			cli_quote(v));
		return false;
	}
	memcpy(r->attr.version, v ? v : "00", 2);
	r->attr.exportability = 'N';
	return true;
}

/* The key of --hex, or a random one; 0 or an exit code. */
static int wrap_key(struct cli_opt *o, struct wrap_req *r)
{
	char line[2 * KB_KEY_MAX + 3];
	const char *hex = o[W_HEX].value;
	size_t n;
	bool ok;

	if (!hex) {
		if (r->attr.algorithm == 'T')
			return rks_tdes_generate(r->key, r->len) ?
			       CLI_EXIT_INTEGRITY : 0;
		return RAND_bytes(r->key, (int)r->len) == 1 ? 0 :
		       CLI_EXIT_INTEGRITY;
	}
	if (!strcmp(hex, "-")) {
		setvbuf(stdin, NULL, _IONBF, 0);
		if (!fgets(line, sizeof(line), stdin)) {
			cli_err("--hex -: nothing on stdin");
			return CLI_EXIT_USAGE;
		}
		line[strcspn(line, "\r\n")] = '\0';
		hex = line;
	}
	ok = cli_parse_hex("--hex", hex, true, r->key, r->len, r->len, &n);
	OPENSSL_cleanse(line, sizeof(line));
	if (!ok)
		return CLI_EXIT_USAGE;
	if (r->attr.algorithm == 'T' && rks_tdes_degenerate(r->key, r->len)) {
		cli_err("--hex: a degenerate TDES key (K1 = K2 or K2 = K3)");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* --out, made now (owner-only, never over a file), or stdout. */
static int wrap_open_out(const char *out, FILE **f)
{
	int fd;

	*f = stdout;
	if (!out)
		return 0;
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	*f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!*f) {
		cli_err("--out %s: %s", cli_quote(out), strerror(errno));
		if (fd >= 0)
			close(fd);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* Writes @block to @f (closed unless stdout); 0 or an exit code. */
static int wrap_write(FILE *f, const char *out, const char *block,
		      size_t len)
{
	int bad;

	fprintf(f, "%.*s\n", (int)len, block);
	bad = f == stdout ? fflush(f) : fclose(f);
	if (bad) {
		cli_err("%s: %s", out ? cli_quote(out) : "stdout",
			strerror(errno));
		return CLI_EXIT_REFUSED;
	}
	return 0;
}

static int wrap_main(int argc, char *argv[])
{
	struct cli_opt o[] = {
		[W_DSN] = { .name = "--dsn" },
		[W_TMK] = { .name = "--tmk-slot" },
		[W_USAGE] = { .name = "--usage" },
		[W_MODE] = { .name = "--mode", .optional = true },
		[W_ALG] = { .name = "--alg", .optional = true },
		[W_LEN] = { .name = "--length", .optional = true },
		[W_VER] = { .name = "--key-version", .optional = true },
		[W_HEX] = { .name = "--hex", .optional = true },
		[W_OUT] = { .name = "--out", .optional = true },
	};
	char block[KB_BLOCK_MAX], detail[128];
	struct rks_pending_key tmk;
	uint8_t kcv[RKS_KCV_LEN];
	struct wrap_req r;
	struct rks_db *db = NULL;
	const char *why = NULL;
	size_t block_len = 0;
	FILE *out = NULL;
	int ret, err;
	char tmk_alg;

	memset(&r, 0, sizeof(r));
	memset(&tmk, 0, sizeof(tmk));
	ret = cli_parse_args(argc, argv, &wrap_help, o, ARRAY_SIZE(o), NULL,
			     0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = CLI_EXIT_USAGE;
	if (!cli_parse_dsn("--dsn", o[W_DSN].value) ||
	    !cli_parse_u32("--tmk-slot", o[W_TMK].value, 0, RKS_TMK_SLOTS - 1,
			   &r.tmk_slot))
		goto out;
	/*
	 * The shape of the options first, the database after: checked as
	 * for an AES TMK (the widest), then again for the TMK there is.
	 */
	if (!wrap_attr(o, 'A', &r))
		goto out;
	ret = admin_open(&db);
	if (ret)
		goto out;
	ret = rks_db_tmk_for_wrap(db, o[W_DSN].value, r.tmk_slot, &tmk);
	if (ret) {
		ret = admin_db_error(db, ret);
		goto out;
	}
	tmk_alg = tmk.attr.alg;
	ret = CLI_EXIT_USAGE;
	if (!wrap_attr(o, tmk_alg, &r))
		goto out;
	if (kb_strength(r.attr.algorithm, r.len) >
	    kb_strength(tmk_alg, tmk.len)) {
		cli_err("a %zu-byte %s key is stronger than the %u-byte %s "
			"TMK that would protect it (X9.24-1: equal or greater "
			"strength)", r.len,
			r.attr.algorithm == 'A' ? "AES" : "TDES", tmk.len,
			tmk_alg == 'A' ? "AES" : "TDES");
		goto out;
	}
	ret = wrap_key(o, &r);
	if (!ret)
		ret = wrap_open_out(o[W_OUT].value, &out);
	if (ret)
		goto out;
	err = rkd_kb_wrap(tmk_alg == 'A' ? 'D' : 'B', tmk.key, tmk.len,
			  &r.attr, r.key, r.len, 1, block, sizeof(block),
			  &block_len, &why);
	if (err || kb_kcv(r.attr.algorithm, r.key, r.len, kcv)) {
		cli_err("the key block could not be made: %s",
			why ? why : "KCV");
		ret = err == RKD_ERR_KB_REFUSED || err == RKD_ERR_WEAK_KEY ?
		      CLI_EXIT_USAGE : CLI_EXIT_INTEGRITY;
		goto out;
	}
	/* the audit first: no block leaves without its record */
	snprintf(detail, sizeof(detail), "a %.2s %s key of %zu "
		 "bytes, KCV %s, under key %" PRId64 " (slot %u TMK)",
		 r.attr.usage, r.attr.algorithm == 'A' ? "AES" : "TDES",
		 r.len, admin_kcv(kcv), tmk.id, r.tmk_slot);
	err = rks_db_audit(db, o[W_DSN].value, admin_actor(),
			   "admin: key wrap", detail);
	if (err) {
		ret = admin_db_error(db, err);
		goto out;
	}
	ret = wrap_write(out, o[W_OUT].value, block, block_len);
	out = NULL;
	if (!ret)
		printf("KCV %s: a %.2s %s key of %zu bytes under the TMK in "
		       "slot %u of %s (KCV %s)\n", admin_kcv(kcv),
		       r.attr.usage, r.attr.algorithm == 'A' ? "AES" : "TDES",
		       r.len, r.tmk_slot, o[W_DSN].value, admin_kcv(tmk.kcv));
out:
	if (out && out != stdout) {	/* made, but nothing written: remove */
		fclose(out);
		unlink(o[W_OUT].value);
	}
	OPENSSL_cleanse(&r, sizeof(r));
	OPENSSL_cleanse(&tmk, sizeof(tmk));
	cli_wipe_arg(o[W_HEX].value);
	rks_db_close(db);
	return ret;
}

static const struct cli_help import_kb_help = {
	.synopsis = "--dsn DSN --slot N --key-block FILE|- --kek FILE "
		    "--kek-kcv HEX",
	.details =
	"Stores a key that arrives as an ANSI X9.143 key block (one line of\n"
	"ASCII in FILE, '-': stdin) under a key-encryption key an HSM\n"
	"exported, for delivery to a device's slot like `key generate`.\n\n"
	"  --kek FILE      the KEK: one line of hex (32, 48 or 64 digits),\n"
	"                  readable by its owner only; version B blocks need a\n"
	"                  TDES KEK, D blocks an AES one\n"
	"  --kek-kcv HEX   the KEK's KCV (6 hex digits), checked before use\n\n"
	"The block's usage decides the key's class (K0, K1 tmk; P0 pin;\n"
	"M1, M3, M6 mac; D0 data), which must fit --slot; B0 and other usages\n"
	"are refused, as is an exportability other than N, a key stronger\n"
	"than the KEK, or a block that does not authenticate. A refused block\n"
	"changes nothing.\n",
};

enum { I_DSN, I_SLOT, I_BLOCK, I_KEK, I_KEK_KCV };

/* The KEK file's key, its length taken from the file; KCV checked. */
static int read_kek(struct cli_opt *o, char alg, uint8_t *kek, size_t *len)
{
	uint8_t want[RKS_KCV_LEN], kcv[RKS_KCV_LEN];
	size_t n, digits = 0;
	char line[160];
	FILE *f;

	if (!cli_parse_hex("--kek-kcv", o[I_KEK_KCV].value, false, want,
			   RKS_KCV_LEN, RKS_KCV_LEN, &n))
		return CLI_EXIT_USAGE;
	f = fopen(o[I_KEK].value, "r");
	while (f && fgets(line, sizeof(line), f)) {
		digits = strspn(line, "0123456789abcdefABCDEF");
		if (digits)
			break;
	}
	if (f)
		fclose(f);
	OPENSSL_cleanse(line, sizeof(line));
	*len = digits / 2;
	if (!kb_len_valid(alg, *len))
		*len = alg == 'A' ? 32 : 16;	/* the reader says what is wrong */
	if (!cli_read_key_file("--kek", o[I_KEK].value, kek, *len))
		return CLI_EXIT_USAGE;
	if (kb_kcv(alg, kek, *len, kcv) ||
	    CRYPTO_memcmp(kcv, want, RKS_KCV_LEN)) {
		cli_err("--kek: its KCV is %s, not %s: the wrong KEK, or not "
			"a %s key", admin_kcv(kcv), admin_kcv(want),
			alg == 'A' ? "AES" : "TDES");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int key_import_block_main(int argc, char *argv[])
{
	struct cli_opt o[] = {
		[I_DSN] = { .name = "--dsn" },
		[I_SLOT] = { .name = "--slot" },
		[I_BLOCK] = { .name = "--key-block" },
		[I_KEK] = { .name = "--kek" },
		[I_KEK_KCV] = { .name = "--kek-kcv" },
	};
	uint8_t kek[KB_KEY_MAX], key[KB_KEY_MAX];
	size_t block_len, kek_len = 0, key_len = 0;
	struct rkd_kb_attr attr;
	struct rks_key_info info;
	struct rks_key_attr ka;
	struct rks_new_key nk;
	char block[KB_BLOCK_MAX];
	struct rks_db *db = NULL;
	const char *why = NULL;
	unsigned int class;
	uint32_t slot;
	int ret, err;

	ret = cli_parse_args(argc, argv, &import_kb_help, o, ARRAY_SIZE(o),
			     NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ret = CLI_EXIT_USAGE;
	if (!cli_parse_dsn("--dsn", o[I_DSN].value) ||
	    !cli_parse_u32("--slot", o[I_SLOT].value, 0, RKS_SLOTS - 1,
			   &slot) ||
	    !cli_read_key_block(o[I_BLOCK].value, block, sizeof(block),
				&block_len))
		goto out;
	if (block[0] != 'B' && block[0] != 'D') {
		cli_err("--key-block: version %c; this RKS takes B (TDES KEK) "
			"and D (AES KEK)", block[0]);
		goto out;
	}
	ret = read_kek(o, block[0] == 'D' ? 'A' : 'T', kek, &kek_len);
	if (ret)
		goto out;
	ret = CLI_EXIT_USAGE;
	/* the codec enforces pinpad_kb.h: usage and mode, exportability N,
	 * strength not above the KEK's, no degenerate TDES key */
	err = rkd_kb_unwrap(kek, kek_len, block, block_len, &attr, key,
			    sizeof(key), &key_len, &why);
	if (err == RKD_ERR_KB_FORMAT || err == RKD_ERR_BAD_MAC) {
		cli_err("--key-block: refused: it does not authenticate under "
			"the KEK (%s)", why ? why : rkd_strerror(err));
		goto out;
	}
	if (err) {
		cli_err("--key-block: refused: %s",
			why ? why : rkd_strerror(err));
		goto out;
	}
	class = pinpad_kb_usage_class(attr.usage[0], attr.usage[1]);
	if (!class) {
		cli_err("--key-block: usage %.2s is not one the PIN pad "
			"accepts", attr.usage);
		goto out;
	}
	if (!admin_check_slot_usage("--slot", slot, class))
		goto out;
	ret = admin_open(&db);
	if (ret)
		goto out;
	/* stored with the block's attributes, delivered in a block again */
	memset(&ka, 0, sizeof(ka));
	ka.alg = attr.algorithm;
	memcpy(ka.usage, attr.usage, 2);
	ka.mode = attr.mode;
	memcpy(ka.version, attr.version, 2);
	nk.dsn = o[I_DSN].value;
	nk.slot = slot;
	nk.usage = class;
	nk.key = key;
	nk.len = key_len;
	nk.attr = &ka;
	ret = rks_db_key_add_many(db, &nk, 1, admin_actor(), &info, NULL);
	if (ret)
		ret = admin_db_error(db, ret);
	else
		printf("key %" PRId64 ": DSN %s slot %u %s (%.2s, mode %c), "
		       "%zu bytes, KCV %s; pending delivery\n", info.id,
		       info.dsn, slot, rks_usage_name(class), attr.usage,
		       attr.mode, key_len, admin_kcv(info.kcv));
out:
	OPENSSL_cleanse(kek, sizeof(kek));
	OPENSSL_cleanse(key, sizeof(key));
	rks_db_close(db);
	return ret;
}

/* `key wrap`, for cmd_key.c's table */
int key_wrap_main(int argc, char *argv[])
{
	return wrap_main(argc, argv);
}
