// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_ops.c - `pin-block` (ISO 9564-1 format 0 or 4 under a P0 key) and
 * `mac generate|verify` (the algorithm the MAC key's X9.143 usage names:
 * M3 retail MAC, M1 CBC-MAC, M6 CMAC).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "format.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help pin_block_help = {
	.synopsis = "--slot N --pin DIGITS|- --pan DIGITS [--format 0|4]",
	.details =
	"Builds an ISO 9564-1 PIN block in the device from --pin\n"
	"(4..12 digits; \"-\" reads it from the first line of stdin, which\n"
	"keeps it off the command line) and --pan (13..19 digits, check digit\n"
	"last), encrypts it with the P0 key in slot N (16..47), and prints\n"
	"the encrypted block as hex. --format 0 (the default; ANSI X9.8, a\n"
	"TDES key, 8 bytes) or 4 (ISO 9564-1:2017, an AES key, 16 bytes).\n"
	"The clear block never leaves the device.\n"
	"A real PIN pad reads the PIN from its own keypad; here it passes\n"
	"through this process, which wipes its copies (pin-and-mac.md).\n"
	"FACTORY or SEALED state; opens the device read-write.\n",
	.secret = true,
};

enum { OPT_SLOT, OPT_PIN, OPT_PAN, OPT_FORMAT };

/*
 * @what: @min..@max decimal digits into @buf (@max + 1 bytes, NUL added).
 * The value is never quoted: a PIN is secret, a PAN is cardholder data.
 */
static bool parse_digits(const char *what, const char *s, size_t min,
			 size_t max, char *buf, size_t *len)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			cli_err("%s: character %zu is not a digit", what,
				i + 1);
			return false;
		}
	}
	if (n < min || n > max) {
		cli_err("%s: %zu digits, expected %zu..%zu", what, n, min,
			max);
		return false;
	}
	memcpy(buf, s, n + 1);
	*len = n;
	return true;
}

/* The PIN from the first line of stdin, for --pin -. */
static bool read_pin(char *buf, size_t size, size_t *len)
{
	char line[64];
	bool ok;

	if (!fgets(line, sizeof(line), stdin)) {
		cli_err("--pin -: nothing on stdin");
		return false;
	}
	line[strcspn(line, "\r\n")] = '\0';
	ok = parse_digits("--pin", line, PINPAD_PIN_MIN, size - 1, buf, len);
	explicit_bzero(line, sizeof(line));
	return ok;
}

/* --format: 0 or 4, the formats of enum pinpad_pin_format */
static bool parse_format(const char *s, uint32_t *format)
{
	if (!s)
		return true;
	if (!strcmp(s, "0") || !strcmp(s, "4")) {
		*format = s[0] == '0' ? PINPAD_PIN_FORMAT_ISO0
				      : PINPAD_PIN_FORMAT_ISO4;
		return true;
	}
	cli_err("--format: %s is not 0 or 4", cli_quote(s));
	return false;
}

int pin_block_main(int argc, char *argv[], const char *device)
{
	struct cli_opt opts[] = {
		[OPT_SLOT] = { .name = "--slot" },
		[OPT_PIN] = { .name = "--pin" },
		[OPT_PAN] = { .name = "--pan" },
		[OPT_FORMAT] = { .name = "--format", .optional = true },
	};
	char pin[PINPAD_PIN_MAX + 1], pan[PINPAD_PAN_MAX + 1];
	uint8_t block[PINPAD_AES_BLOCK_LEN];
	size_t pin_len = 0, pan_len = 0, block_len = 0;
	uint32_t slot, format = PINPAD_PIN_FORMAT_ISO0;
	struct pinpad *pp;
	bool ok;
	int ret;

	ret = cli_parse_args(argc, argv, &pin_block_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		goto out;
	ok = parse_wk_slot("--slot", opts[OPT_SLOT].value, &slot) &&
	     parse_format(opts[OPT_FORMAT].value, &format) &&
	     parse_digits("--pan", opts[OPT_PAN].value, PINPAD_PAN_MIN,
			  PINPAD_PAN_MAX, pan, &pan_len);
	if (ok && !strcmp(opts[OPT_PIN].value, "-"))
		ok = read_pin(pin, sizeof(pin), &pin_len);
	else if (ok)
		ok = parse_digits("--pin", opts[OPT_PIN].value,
				  PINPAD_PIN_MIN, PINPAD_PIN_MAX, pin,
				  &pin_len);
	if (!ok) {
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out;
	ret = pinpad_pin_block(pp, slot, format, pin, pin_len, pan, pan_len,
			       block, &block_len);
	if (!ret) {
		print_hex(stdout, block, block_len);
		putchar('\n');
	}
	ret = cli_close(pp, ret);
out:
	explicit_bzero(pin, sizeof(pin));
	explicit_bzero(pan, sizeof(pan));
	cli_wipe_arg(opts[OPT_PIN].value);
	cli_wipe_arg(opts[OPT_PAN].value);
	return ret;
}

static const struct cli_help mac_generate_help = {
	.synopsis = "--slot N [--padding 0|1|2] [--length 4..16] "
		    "--data HEX|--text STRING",
	.details =
	"Computes the MAC of --data (1..4096 bytes of hex) or --text (its\n"
	"bytes as given) with the MAC key in slot N (16..47), and prints its\n"
	"leftmost --length bytes as hex. The key's X9.143 usage picks the\n"
	"algorithm: M3 ISO 9797-1 MAC algorithm 3 (ANSI X9.19 retail MAC,\n"
	"16-byte TDES key), M1 algorithm 1 (CBC-MAC), M6 CMAC (NIST SP\n"
	"800-38B). --length defaults to the whole MAC: 8 bytes, 16 for an AES\n"
	"key. --padding is the ISO 9797-1 padding method for M1 and M3: 1\n"
	"(zeros, the default) or 2 (0x80, then zeros); an M6 key takes 0\n"
	"(CMAC pads itself), its default.\n"
	"FACTORY or SEALED state; opens the device read-write.\n",
	.secret = true,
};

static const struct cli_help mac_verify_help = {
	.synopsis = "--slot N [--padding 0|1|2] --data HEX|--text STRING "
		    "--mac HEX",
	.details =
	"Checks in the device that --mac (4..16 bytes of hex: the leftmost\n"
	"bytes of the MAC) is the MAC of --data or --text under the\n"
	"MAC key in slot N, as `mac generate` computes it. Exit 0 if it is;\n"
	"exit 1 (EBADMSG) if not.\n"
	"FACTORY or SEALED state; opens the device read-write.\n",
	.secret = true,
};

enum { OPT_M_SLOT, OPT_M_PADDING, OPT_M_DATA, OPT_M_TEXT, OPT_M_EXTRA };

/* --data or --text, exactly one, into @buf (PINPAD_DATA_MAX bytes). */
static bool parse_mac_data(const struct cli_opt *opts, uint8_t *buf,
			   size_t *len)
{
	const char *text = opts[OPT_M_TEXT].value;

	if (!opts[OPT_M_DATA].value == !text) {
		cli_err("give either --data or --text");
		return false;
	}
	if (!text)
		return parse_hex("--data", opts[OPT_M_DATA].value, true, buf,
				 1, PINPAD_DATA_MAX, len);
	*len = strlen(text);
	if (!*len || *len > PINPAD_DATA_MAX) {
		cli_err("--text: %zu bytes, expected 1..%u", *len,
			PINPAD_DATA_MAX);
		return false;
	}
	memcpy(buf, text, *len);
	return true;
}

static bool parse_padding(const char *s, enum pinpad_mac_padding *padding)
{
	uint32_t n = PINPAD_MAC_PAD_ISO1;

	if (s && !parse_u32("--padding", s, PINPAD_MAC_PAD_NONE,
			    PINPAD_MAC_PAD_ISO2, &n))
		return false;
	*padding = n;
	return true;
}

/*
 * Without --padding or --length, the key decides: an M6 key (CMAC) pads
 * itself, and an AES key's MAC is 16 bytes. Asks SLOT_INFO; if that
 * fails, the defaults stay and the MAC command reports the device's error.
 */
static void mac_defaults(struct pinpad *pp, uint32_t slot, bool padding_set,
			 enum pinpad_mac_padding *padding, bool len_set,
			 uint32_t *len)
{
	struct pinpad_slot_info info;

	if ((padding_set && len_set) || pinpad_slot_info(pp, slot, &info))
		return;
	if (!padding_set && !memcmp(info.attr.usage, "M6", 2))
		*padding = PINPAD_MAC_PAD_NONE;
	if (!len_set && info.alg == PINPAD_ALG_AES)
		*len = PINPAD_MAC_MAX;
}

static int mac_run(int argc, char *argv[], const char *device, bool verify)
{
	struct cli_opt opts[] = {
		[OPT_M_SLOT] = { .name = "--slot" },
		[OPT_M_PADDING] = { .name = "--padding", .optional = true },
		[OPT_M_DATA] = { .name = "--data", .optional = true },
		[OPT_M_TEXT] = { .name = "--text", .optional = true },
		[OPT_M_EXTRA] = { .name = verify ? "--mac" : "--length",
				  .optional = !verify },
	};
	const struct cli_help *help = verify ? &mac_verify_help
					     : &mac_generate_help;
	uint8_t data[PINPAD_DATA_MAX], mac[PINPAD_MAC_MAX];
	enum pinpad_mac_padding padding;
	size_t len = 0, mac_len = 0;
	uint32_t slot, n = PINPAD_MAC_LEN;
	struct pinpad *pp;
	int ret;

	ret = cli_parse_args(argc, argv, help, opts, ARRAY_SIZE(opts), NULL,
			     0);
	if (ret != CLI_CONTINUE)
		goto out;
	if (!parse_wk_slot("--slot", opts[OPT_M_SLOT].value, &slot) ||
	    !parse_padding(opts[OPT_M_PADDING].value, &padding) ||
	    !parse_mac_data(opts, data, &len) ||
	    (verify ? !parse_hex("--mac", opts[OPT_M_EXTRA].value, false, mac,
				 PINPAD_MAC_MIN, PINPAD_MAC_MAX, &mac_len)
		    : opts[OPT_M_EXTRA].value &&
		      !parse_u32("--length", opts[OPT_M_EXTRA].value,
				 PINPAD_MAC_MIN, PINPAD_MAC_MAX, &n))) {
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = cli_open(device, PINPAD_ROLE_USE, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		goto out;
	mac_defaults(pp, slot, opts[OPT_M_PADDING].value, &padding,
		     verify || opts[OPT_M_EXTRA].value, &n);
	if (verify) {
		ret = pinpad_mac_verify(pp, slot, padding, data, len, mac,
					mac_len);
		pinpad_close(pp);
		if (ret == -EBADMSG)
			ret = cli_refused_because(ret, "MAC does not match");
		else if (ret)
			ret = cli_refused(ret);
		else
			printf("MAC verified\n");
		goto out;
	}
	ret = pinpad_mac_generate(pp, slot, padding, data, len, mac, n);
	if (!ret) {
		print_hex(stdout, mac, n);
		putchar('\n');
	}
	ret = cli_close(pp, ret);
out:
	explicit_bzero(data, sizeof(data));
	cli_wipe_arg(opts[OPT_M_DATA].value);
	cli_wipe_arg(opts[OPT_M_TEXT].value);
	return ret;
}

static const struct cli_help mac_help = {
	.synopsis = "generate|verify [<args>]",
	.details =
	"  generate  computes a MAC with a MAC key (M1, M3 or M6)\n"
	"  verify    checks one in the device\n"
	"See `pinpadctl mac generate --help`, `pinpadctl mac verify --help`.\n",
};

int mac_main(int argc, char *argv[], const char *device)
{
	if (argc >= 2 && !strcmp(argv[1], "generate")) {
		cli_cmd = "mac generate";
		return mac_run(argc - 1, argv + 1, device, false);
	}
	if (argc >= 2 && !strcmp(argv[1], "verify")) {
		cli_cmd = "mac verify";
		return mac_run(argc - 1, argv + 1, device, true);
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		cli_print_help(&mac_help);
		return CLI_EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error(&mac_help, "missing generate|verify");
	return cli_usage_error(&mac_help, "unknown action %s",
			       cli_quote(argv[1]));
}
