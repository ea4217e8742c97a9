// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_limits.c - `pinpadctl limits` and `pinpadctl set-limit`: the
 * module's rate limits (PIN_BLOCK, failed LOAD_WK, MAC_VERIFY mismatch).
 */
#include <stdio.h>

#include "cli.h"
#include "parse.h"
#include "subcommands.h"

static const struct cli_help limits_help = {
	.synopsis = "",
	.details =
	"Shows each rate limit of the module: its average rate per hour, its\n"
	"burst, how many calls it allows right now, how long until the next\n"
	"one (when none is left), and how many calls it has refused. The PIN\n"
	"block limit is PCI PTS POI's defence against exhaustive PIN\n"
	"determination. Opens the read-only status node.\n",
};

static const struct cli_help set_limit_help = {
	.synopsis = "NAME PER_HOUR BURST",
	.details =
	"Lowers the rate limit NAME (pin-block, load-wk-failed or\n"
	"mac-verify-failed) to PER_HOUR calls an hour on average, BURST at\n"
	"once. Neither can go above the limit's default, nor below 1. Needs\n"
	"CAP_SYS_ADMIN.\n",
};

static void print_limit(uint32_t limit, const struct pinpad_limit_info *li)
{
	printf("%-18s %u/hour, burst %u: %u available", pinpad_limit_name(limit),
	       li->per_hour, li->burst, li->available);
	if (li->retry_after_ms)
		printf(", next in %llu ms",
		       (unsigned long long)li->retry_after_ms);
	printf(", %llu refused\n", (unsigned long long)li->refused);
}

int limits_main(int argc, char *argv[], const char *device)
{
	struct pinpad_limit_info li;
	struct pinpad *pp;
	uint32_t limit;
	int ret;

	ret = cli_parse_args(argc, argv, &limits_help, NULL, 0, NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = cli_open(device, PINPAD_ROLE_STATUS, PINPAD_OPEN_RDONLY, &pp);
	if (ret)
		return ret;
	for (limit = 0; !ret && limit < PINPAD_LIMITS; limit++) {
		ret = pinpad_limit_get(pp, limit, &li);
		if (!ret)
			print_limit(limit, &li);
	}
	return cli_close(pp, ret);
}

int set_limit_main(int argc, char *argv[], const char *device)
{
	uint32_t limit, per_hour, burst;
	struct pinpad_limit_info li;
	struct pinpad *pp;
	char *args[3];
	int ret;

	ret = cli_parse_args(argc, argv, &set_limit_help, NULL, 0, args, 3);
	if (ret != CLI_CONTINUE)
		return ret;
	if (pinpad_limit_parse(args[0], &limit)) {
		cli_err("NAME: %s is not pin-block, load-wk-failed or mac-verify-failed",
			cli_quote(args[0]));
		return CLI_EXIT_USAGE;
	}
	if (!parse_u32("PER_HOUR", args[1], 1, UINT32_MAX, &per_hour) ||
	    !parse_u32("BURST", args[2], 1, UINT32_MAX, &burst))
		return CLI_EXIT_USAGE;
	ret = cli_open(device, PINPAD_ROLE_ADMIN, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = pinpad_limit_set(pp, limit, per_hour, burst, &li);
	if (!ret)
		print_limit(limit, &li);
	return cli_close(pp, ret);
}
