// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rkd - the terminal's key download daemon. Runs at boot, connects to the
 * RKS and carries the download protocol between the network and
 * /dev/pinpad. It never sees a key: the module does all the cryptography.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "backoff.h"
#include "config.h"
#include "download.h"
#include "libpinpad.h"
#include "cli_log.h"

#define RKD_VERSION "0.1"

static const char rkd_usage[] =
"usage: rkd [options]\n"
"\n"
"Download this terminal's keys from the remote key server (RKS) into its\n"
"PIN pad (its download node), as patent CN103714642A describes: the terminal\n"
"authenticates the RKS by its work certificate, the RKS authenticates the\n"
"terminal by its DIK2, and the keys travel under a fresh transport key.\n"
"\n"
"  -c, --config FILE        settings file (default " RKD_DEFAULT_CONFIG ",\n"
"                           read if present); options below override it\n"
"  -s, --server HOST        RKS host name or address (server)\n"
"  -p, --port N             RKS TCP port (port, default 7010)\n"
"  -d, --device PATH        PIN pad device (device, default " PINPAD_DEV_DOWNLOAD ")\n"
"      --connect-timeout S  seconds to connect (connect_timeout, 10)\n"
"      --read-timeout S     seconds to wait for each message (read_timeout, 30)\n"
"      --retries N          network retries, 0 = no limit (retries, 0)\n"
"      --backoff-min MS     first retry delay bound (backoff_min_ms, 1000)\n"
"      --backoff-max MS     longest retry delay (backoff_max_ms, 300000)\n"
"      --auth-backoff S     pause after an authentication failure\n"
"                           (auth_backoff, 900)\n"
"  -l, --log-level L        error, warn, info or debug (log_level, info)\n"
"      --state-file PATH    the sealed state pinpad-state saves (state_file,\n"
"                           none): keys just stored are acknowledged to the\n"
"                           RKS only once this file holds them\n"
"      --save-timeout S     how long to wait for that (save_timeout, 30)\n"
"      --interval S         stay up: after a session, check with the RKS\n"
"                           again every S seconds (interval, 0 = exit)\n"
"      --once               one attempt: no retry, the exit code says why\n"
"  -h, --help               this text\n"
"  -V, --version            print the version\n"
"\n"
"Retries: after a network error rkd waits an exponentially growing, jittered\n"
"delay; after an authentication failure it waits auth_backoff seconds, since\n"
"the RKS locks a terminal after repeated failures.\n"
"\n"
"Exit status:\n"
"  0  keys downloaded and acknowledged by the RKS (or none were pending)\n"
"  1  bad option or settings file\n"
"  2  the PIN pad refused or is unusable (not provisioned and sealed?), or\n"
"     its new state was not saved in time (the keys stay pending)\n"
"  3  the RKS did not authenticate this terminal (wrong DIK2, unknown or\n"
"     locked DSN): call the key custodian\n"
"  4  this terminal did not authenticate the RKS (work certificate not\n"
"     signed by the terminal's root): possible impostor server\n"
"  5  network: could not reach the RKS, timed out, or it was busy (after\n"
"     the retries allowed)\n"
"  6  protocol error: malformed or unexpected message\n";

static volatile sig_atomic_t rkd_stop;

static void rkd_on_signal(int sig)
{
	(void)sig;
	rkd_stop = 1;
}

enum { OPT_CONNECT_TIMEOUT = 256, OPT_READ_TIMEOUT, OPT_RETRIES,
       OPT_BACKOFF_MIN, OPT_BACKOFF_MAX, OPT_AUTH_BACKOFF, OPT_ONCE,
       OPT_STATE_FILE, OPT_SAVE_TIMEOUT, OPT_INTERVAL };

static const struct option rkd_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "server", required_argument, NULL, 's' },
	{ "port", required_argument, NULL, 'p' },
	{ "device", required_argument, NULL, 'd' },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "read-timeout", required_argument, NULL, OPT_READ_TIMEOUT },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "backoff-min", required_argument, NULL, OPT_BACKOFF_MIN },
	{ "backoff-max", required_argument, NULL, OPT_BACKOFF_MAX },
	{ "auth-backoff", required_argument, NULL, OPT_AUTH_BACKOFF },
	{ "log-level", required_argument, NULL, 'l' },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "state-file", required_argument, NULL, OPT_STATE_FILE },
	{ "save-timeout", required_argument, NULL, OPT_SAVE_TIMEOUT },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const rkd_option_keys[] = {
	['s'] = "server", ['p'] = "port", ['d'] = "device", ['l'] = "log_level",
};

static const char *option_key(int opt)
{
	switch (opt) {
	case OPT_CONNECT_TIMEOUT:	return "connect_timeout";
	case OPT_READ_TIMEOUT:		return "read_timeout";
	case OPT_RETRIES:		return "retries";
	case OPT_BACKOFF_MIN:		return "backoff_min_ms";
	case OPT_BACKOFF_MAX:		return "backoff_max_ms";
	case OPT_AUTH_BACKOFF:		return "auth_backoff";
	case OPT_STATE_FILE:		return "state_file";
	case OPT_SAVE_TIMEOUT:		return "save_timeout";
	case OPT_INTERVAL:		return "interval";
	}
	if (opt > 0 && opt < (int)(sizeof(rkd_option_keys) /
				   sizeof(rkd_option_keys[0])))
		return rkd_option_keys[opt];
	return NULL;
}

/* Two passes: find --config first, so the command line overrides it. */
static int rkd_parse_args(int argc, char **argv, struct rkd_config *c)
{
	const char *config = RKD_DEFAULT_CONFIG, *err, *key;
	bool explicit_config = false;
	int opt;

	rkd_config_defaults(c);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "c:s:p:d:l:hV", rkd_options,
				  NULL)) != -1)
		if (opt == 'c') {
			config = optarg;
			explicit_config = true;
		}
	if (rkd_config_load(c, config, explicit_config))
		return -1;

	optind = 0;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "c:s:p:d:l:hV", rkd_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'c':
			continue;
		case 'h':
			fputs(rkd_usage, stdout);
			exit(0);
		case 'V':
			printf("rkd %s (pinpad-rkd protocol 1)\n", RKD_VERSION);
			exit(0);
		case OPT_ONCE:
			c->once = true;
			continue;
		case '?':
			cli_log_msg(CLI_LOG_ERROR, "rkd: try 'rkd --help'");
			return -1;
		}
		key = option_key(opt);
		err = key ? rkd_config_set(c, key, optarg) : "unknown option";
		if (err) {
			cli_log_msg(CLI_LOG_ERROR, "rkd: %s: %s",
				    key ? key : "?", err);
			return -1;
		}
	}
	if (optind < argc) {
		cli_log_msg(CLI_LOG_ERROR, "rkd: unexpected argument '%s'; "
			    "try 'rkd --help'", argv[optind]);
		return -1;
	}
	if (c->backoff_min_ms > c->backoff_max_ms) {
		cli_log_msg(CLI_LOG_ERROR, "rkd: backoff_min_ms (%u) is above "
			    "backoff_max_ms (%u)", c->backoff_min_ms,
			    c->backoff_max_ms);
		return -1;
	}
	return 0;
}

/* Sleep @ms unless a signal asks us to stop; true if we should go on. */
static bool rkd_wait(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (!rkd_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
	return !rkd_stop;
}

static unsigned int rkd_random(void)
{
	unsigned int r = 0;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	return r;
}

/* The device must be sealed: provisioning is the factory's job. */
static int rkd_check_device(struct pinpad *pp, const char *path)
{
	struct pinpad_status st;
	int r = pinpad_status(pp, &st);

	if (r) {
		log_error("device-error", "device=%s error=\"%s\"", path,
			  pinpad_strerror(r));
		return -1;
	}
	if (st.state != PINPAD_STATE_SEALED) {
		log_error("device-not-ready", "device=%s state=%s detail=\"the PIN pad must be provisioned and sealed at the factory before a download\"",
			  path, pinpad_state_name(st.state));
		return -1;
	}
	log_info("device-ready", "device=%s dsn=%.*s keys=%u", path,
		 (int)st.dsn_len, (const char *)st.dsn, st.keys_loaded);
	return 0;
}

int main(int argc, char **argv)
{
	struct rkd_backoff backoff;
	struct rkd_config c;
	enum rkd_outcome o = RKD_FAIL_NETWORK;
	unsigned int attempt, keys, delay;
	struct pinpad *pp;
	int r;

	cli_log_setup("rkd", CLI_LOG_IDENT);
	if (rkd_parse_args(argc, argv, &c))
		return RKD_FAIL_USAGE;
	cli_log_set_level(c.log_level);
	signal(SIGTERM, rkd_on_signal);
	signal(SIGINT, rkd_on_signal);
	signal(SIGPIPE, SIG_IGN);

	r = pinpad_open(c.device, PINPAD_OPEN_RDWR, &pp);
	if (r) {
		log_error("device-error", "device=%s error=\"%s\"", c.device,
			  pinpad_strerror(r));
		return RKD_FAIL_DEVICE;
	}
	if (rkd_check_device(pp, c.device)) {
		pinpad_close(pp);
		return RKD_FAIL_DEVICE;
	}

	backoff = (struct rkd_backoff){ c.backoff_min_ms, c.backoff_max_ms, 0 };
	for (attempt = 1; !rkd_stop; attempt++) {
		log_info("session-start", "attempt=%u server=%s port=%u",
			 attempt, c.server, c.port);
		o = rkd_download(&c, pp, &keys);
		if (o == RKD_DONE) {
			log_info("session-complete", "keys_stored=%u", keys);
			if (c.once || !c.interval)
				break;
			/* stay up: look for new or rotated keys later */
			rkd_backoff_reset(&backoff);
			log_info("next-check", "seconds=%u", c.interval);
			if (!rkd_wait(c.interval * 1000))
				break;
			continue;
		}
		log_warn("session-failed", "attempt=%u outcome=%s", attempt,
			 rkd_outcome_name(o));
		/* a device error will not mend itself; anything else may */
		if (c.once || o == RKD_FAIL_DEVICE ||
		    (c.retries && attempt > c.retries))
			break;
		if (o == RKD_FAIL_DEVICE_AUTH || o == RKD_FAIL_SERVER_AUTH)
			delay = c.auth_backoff * 1000;
		else
			delay = rkd_backoff_next(&backoff, rkd_random());
		log_info("retry-wait", "seconds=%.1f", delay / 1000.0);
		if (!rkd_wait(delay))
			break;
	}
	pinpad_close(pp);
	if (rkd_stop)
		log_info("stopped", "signal=1");
	return o;
}
