// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pinpad-state - keeps the PIN pad's state across reboots: the device key
 * that seals it, and the sealed blob on disk. Run at boot before rkd.
 * It never sees a key of the module, only the sealed blob and the device
 * key it hands to the kernel (see Documentation/persistence.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "ps.h"

#define PS_VERSION "0.1"

static const char ps_usage[] =
"usage: pinpad-state [options] COMMAND FILE\n"
"\n"
"Keeps the PIN pad's state (identity, root certificate, keys, lifecycle)\n"
"across reboots as a blob sealed by the module under the device key.\n"
"\n"
"Commands:\n"
"  init-key KEYFILE   software sealing: create KEYFILE with a random 32-byte\n"
"                     device key (mode 0600) if it does not exist. It stands\n"
"                     for the terminal's OTP or battery-backed key store.\n"
"                     TPM sealing: nothing (load-key makes the key)\n"
"  load-key KEYFILE   software sealing: give the device key to the module\n"
"                     (as the logon key \"" PINPAD_DEVICE_KEY_DESC "\");\n"
"                     \"sealing: software, not protected from root\".\n"
"                     TPM sealing (status: sealing=tpm): KEYFILE holds the\n"
"                     TPM's sealed object; the module unseals it and caps\n"
"                     the PCR. If KEYFILE is missing the module makes a new\n"
"                     device key and KEYFILE gets its sealed object; one\n"
"                     this TPM refuses is kept as KEYFILE" PS_REFUSED_SUFFIX "\n"
"                     and a new key is made. Once per module load\n"
"  restore BLOBFILE   import the sealed state into a freshly loaded module.\n"
"                     No BLOBFILE: a fresh device, exit 0. A refused blob is\n"
"                     kept as BLOBFILE" PS_REFUSED_SUFFIX " and nothing changes.\n"
"  save BLOBFILE      export the sealed state and replace BLOBFILE atomically\n"
"                     (temporary file, fsync, rename, fsync of the directory)\n"
"  watch BLOBFILE --key KEYFILE\n"
"                     daemon: save BLOBFILE after every change of state; when\n"
"                     the device is tampered with (ZEROIZED), erase KEYFILE\n"
"                     and BLOBFILE, as the tamper circuit erases the key\n"
"                     store, and exit\n"
"  status             one line: state, dsn, keys, generation, device key\n"
"\n"
"Options:\n"
"  -d, --device PATH  the PIN pad (default " PINPAD_DEV_ADMIN ")\n"
"  -k, --key KEYFILE  watch: the device key file to erase on tamper\n"
"  -l, --log-level L  error, warn, info or debug (default info)\n"
"  -h, --help         this text\n"
"  -V, --version      print the version\n"
"\n"
"load-key, tpm-key, restore, save and watch need CAP_SYS_ADMIN. Logs: one line per\n"
"event on stderr, \"pinpad-state: time=... level=... event=... key=value\".\n"
"\n"
"Exit status:\n"
"  0  done; restore: also when there is no blob (fresh device); watch: after\n"
"     SIGTERM or SIGINT, or after a tamper once the files are erased\n"
"  1  bad option or argument\n"
"  2  the device is missing or refused for a reason of its own (module not\n"
"     loaded, no device key, not in the right state, no CAP_SYS_ADMIN)\n"
"  3  restore: the device refused the blob (corrupted, truncated, sealed\n"
"     by another device, or rolled back); the device is unchanged, the blob\n"
"     kept aside\n"
"  4  a key or blob file could not be read, written, synced or erased, or a\n"
"     key file is not 32 bytes\n"
"\n"
"Test hook (not for production): PINPAD_STATE_PAUSE=after-write,\n"
"after-fsync or after-rename makes save and watch print\n"
"\"PINPAD-STATE-PAUSE=<point>\" on stdout at that point of the save and\n"
"sleep, so that a test can cut the power there.\n";

static const struct {
	const char *name;
	int (*run)(const struct ps_opts *o);
	bool needs_file;
} ps_commands[] = {
	{ "init-key", ps_init_key, true },
	{ "load-key", ps_load_key, true },
	{ "restore", ps_restore, true },
	{ "save", ps_save, true },
	{ "watch", ps_watch, true },
	{ "status", ps_status, false },
};

static const struct option ps_options[] = {
	{ "device", required_argument, NULL, 'd' },
	{ "key", required_argument, NULL, 'k' },
	{ "log-level", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int ps_usage_error(const char *what, const char *arg)
{
	cli_log_msg(CLI_LOG_ERROR, "pinpad-state: %s%s%s%s", what,
		    arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	fputs("try 'pinpad-state --help'\n", stderr);
	return PS_USAGE;
}

int main(int argc, char **argv)
{
	struct ps_opts o = { .device = PINPAD_DEV_ADMIN };
	enum cli_log_level level;
	const char *cmd;
	unsigned int i;
	int opt;

	cli_log_setup("pinpad-state", CLI_LOG_IDENT);
	/* The device key passes through this process: no core, no ptrace. */
	prctl(PR_SET_DUMPABLE, 0);
	while ((opt = getopt_long(argc, argv, "d:k:l:hV", ps_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'd':
			o.device = optarg;
			break;
		case 'k':
			o.key_file = optarg;
			break;
		case 'l':
			if (cli_log_parse_level(optarg, &level))
				return ps_usage_error("unknown log level",
						      optarg);
			cli_log_set_level(level);
			break;
		case 'h':
			fputs(ps_usage, stdout);
			return PS_OK;
		case 'V':
			printf("pinpad-state %s\n", PS_VERSION);
			return PS_OK;
		default:
			fprintf(stderr, "try 'pinpad-state --help'\n");
			return PS_USAGE;
		}
	}
	if (optind >= argc)
		return ps_usage_error("no command given", NULL);
	cmd = argv[optind++];
	for (i = 0; i < sizeof(ps_commands) / sizeof(ps_commands[0]); i++)
		if (!strcmp(cmd, ps_commands[i].name))
			break;
	if (i == sizeof(ps_commands) / sizeof(ps_commands[0]))
		return ps_usage_error("unknown command", cmd);
	if (ps_commands[i].needs_file) {
		if (optind >= argc)
			return ps_usage_error("this command needs a file:", cmd);
		o.file = argv[optind++];
		if (!*o.file)
			return ps_usage_error("empty file name for", cmd);
	}
	if (optind < argc)
		return ps_usage_error("unexpected argument", argv[optind]);
	if (!strcmp(cmd, "watch") && !o.key_file)
		return ps_usage_error("watch needs --key KEYFILE (erased on tamper)",
				      NULL);
	if (o.key_file && strcmp(cmd, "watch"))
		return ps_usage_error("--key is an option of watch only", NULL);
	if (ps_pause_parse(getenv("PINPAD_STATE_PAUSE"), &o.pause))
		return ps_usage_error("PINPAD_STATE_PAUSE wants after-write, after-fsync or after-rename, not",
				      getenv("PINPAD_STATE_PAUSE"));
	return ps_commands[i].run(&o);
}
