// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rks-admin.c - the global options, and a table of commands that dispatch
 * to <cmd>_main().
 */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "admin.h"

#define RKS_ADMIN_VERSION "1.0"

const char *cli_prog = "rks-admin";
/* Long enough for any number, usage, slot or DSN; shorter than key hex. */
const size_t cli_quote_max = 32;
/* stdout that cannot be written: a setup problem */
const int cli_exit_output = CLI_EXIT_SETUP;

static const struct cli_command commands[] = {
	{ "init", init_main, "Creates the root CA, the work certificate, "
			     "the master key and the database" },
	{ "work-cert", work_cert_main, "Issues a new work key pair and "
				       "certificate from the root CA" },
	{ "revoke", revoke_main, "Revokes a work certificate and issues the "
				 "next revocation list" },
	{ "dik1", dik1_main, "DIK1s: generate, import, list, export" },
	{ "device", device_main, "Devices: add, import, list, show, lock, unlock" },
	{ "key", key_main, "Keys to deliver: generate, import, list" },
	{ "audit", audit_main, "Shows the audit trail" },
	{ "db", db_main, "The database: migrate (its schema)" },
	{ "verify", verify_main, "Checks every stored key against the master "
				 "key and its KCV" },
	{ "migrate-to-token", migrate_main, "Moves the master key's values, "
					    "the DIK1s and the work key "
					    "into a PKCS#11 token" },
	{ "backup", backup_main, "Writes a consistent copy of the database, "
				 "while rks-server runs" },
	{ "restore", restore_main, "Restores a backup of this installation" },
	{ "rotate-master-key", rotate_main, "Seals every value again under "
					    "a new master key file" },
};

static void show_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--db PATH] [--master-key FILE] <command> "
		"[<args>]\n"
		"       %s <command> --help\n"
		"       %s --help | --version\n\n"
		"Administers the remote key server (RKS): its certificates, "
		"the DIK1s, the\ndevices and the keys waiting for delivery, "
		"and shows the audit trail.\nKey values never appear in its "
		"output; only their key check values (KCV).\n\nCommands:\n",
		cli_prog, cli_prog, cli_prog);
	cli_list_commands(f, commands, ARRAY_SIZE(commands));
	fprintf(f,
		"\nOptions (before or after the command):\n"
		"  --db PATH          the database (default: $RKS_DB, else "
		"%s)\n"
		"  --master-key FILE  the master key, 32 bytes, mode 0600 "
		"(default:\n"
		"                     $RKS_MASTER_KEY, else %s)\n"
		"  --token LABEL      keep the keys in this PKCS#11 token "
		"instead\n"
		"                     (default: $RKS_TOKEN, else none)\n"
		"  --pkcs11-module FILE  the token's module (default:\n"
		"                     $RKS_PKCS11_MODULE, else "
		ADMIN_DEFAULT_MODULE ")\n"
		"  --pin-file FILE    the token's user PIN, mode 0600 "
		"(default:\n"
		"                     $RKS_TOKEN_PIN_FILE, else the systemd "
		"credential\n"
		"                     rks-token-pin); never on the command "
		"line\n"
		"  --help             this text\n"
		"  --version          the version\n"
		"\nExit codes:\n"
		"  0  success\n"
		"  1  refused by the database: unknown DSN or DIK1 id, "
		"duplicate DSN, slot\n"
		"     taken, ...; nothing was changed\n"
		"  2  usage: a bad argument, or an unreadable or malformed "
		"input file;\n"
		"     nothing was changed\n"
		"  3  setup: cannot open or create the database, the master "
		"key, the CA\n"
		"     files or an output file\n"
		"  4  integrity: a stored key fails its checks (altered, or "
		"moved between\n"
		"     rows), or the database cannot be read or written\n",
		ADMIN_DEFAULT_DB, ADMIN_DEFAULT_MK);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", cli_prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help'.\n", cli_prog);
	return CLI_EXIT_USAGE;
}

/*
 * Consumes the global options before the command.
 * Return: CLI_CONTINUE with *@first at the command, or an exit code.
 */
static int global_options(int argc, char *argv[], int *first)
{
	struct cli_opt *opt;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		char *arg = argv[i];
		size_t name_len = strcspn(arg, "=");

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			show_usage(stdout);
			return CLI_EXIT_OK;
		}
		if (!strcmp(arg, "--version") || !strcmp(arg, "-V")) {
			printf("%s %s\n", cli_prog, RKS_ADMIN_VERSION);
			return CLI_EXIT_OK;
		}
		opt = NULL;
		for (int j = 0; j < ADMIN_N_GLOBAL; j++)
			if (strlen(admin_global_opts[j].name) == name_len &&
			    !strncmp(arg, admin_global_opts[j].name, name_len))
				opt = &admin_global_opts[j];
		if (!opt)
			return usage_error("unknown option %s",
					   cli_quote(arg));
		if (opt->value)
			return usage_error("%s given twice", opt->name);
		if (arg[name_len] == '=')
			opt->value = arg + name_len + 1;
		else if (i + 1 < argc)
			opt->value = argv[++i];
		else
			return usage_error("%s needs a value", opt->name);
		if (!*opt->value)
			return usage_error("%s: empty path", opt->name);
	}
	*first = i;
	return CLI_CONTINUE;
}

int main(int argc, char *argv[])
{
	int first = 1;
	int ret;
	size_t i;

	/* Key bytes pass through this process: keep them out of cores. */
	prctl(PR_SET_DUMPABLE, 0);
	/* Whatever it creates (database, keys, exports) is its owner's. */
	umask(077);
	cli_global_synopsis = "[--db PATH] [--master-key FILE]";
	cli_error_shows_global = true;
	cli_global_opts = admin_global_opts;
	cli_n_global_opts = ADMIN_N_GLOBAL;

	ret = global_options(argc, argv, &first);
	if (ret != CLI_CONTINUE)
		return cli_finish_output(ret);
	if (first == argc) {
		show_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[first], commands[i].name)) {
			cli_cmd = commands[i].name;
			ret = commands[i].main(argc - first, argv + first);
			return cli_finish_output(ret);
		}
	}
	return usage_error("unknown command %s", cli_quote(argv[first]));
}
