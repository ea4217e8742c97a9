// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - rks-server: settings, work credentials, database, listening
 * socket, then the event loop until SIGTERM or SIGINT.
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <openssl/crypto.h>
#include <unistd.h>

#include "audit.h"
#include "cli_common.h"
#include "config.h"
#include "creds.h"
#include "flight.h"
#include "db.h"
#include "db_admin.h"
#include "activate.h"
#include "caps.h"
#include "listen.h"
#include "cli_log.h"
#include "loop.h"
#include "net.h"
#include "pool.h"
#include "session.h"

#define RKS_VERSION	"1.0"

/*
 * Exit codes: the one table of every tool (cli_common.h; also in --help):
 * CLI_EXIT_OK stopped by SIGTERM/SIGINT, --help; CLI_EXIT_FAILED the event
 * loop failed; CLI_EXIT_USAGE bad option or config file; CLI_EXIT_SETUP
 * work certificate or key unusable, or the database cannot be opened;
 * CLI_EXIT_NET cannot listen.
 */

static const char rks_usage[] =
"usage: rks-server [options]\n"
"\n"
"The remote key server of pinpad-rkd: serves the download protocol v1\n"
"(Documentation/protocol.md) to PIN pads over TCP.\n"
"\n"
"  -c, --config FILE         read settings (key = value lines) from FILE;\n"
"                            options given here override it\n"
"  -l, --listen ADDR         numeric address to listen on (127.0.0.1)\n"
"  -p, --port N              TCP port (7010; 0: any free port)\n"
"  -d, --database PATH       the key database (made with rks-admin)\n"
"  -m, --master-key FILE     the database's master key (mode 0600)\n"
"      --work-cert FILE      RKS_WCRT, X.509 DER or PEM\n"
"      --work-key FILE       its RSA private key, PEM, mode 0600\n"
"      --root-cert FILE      RKS_RCRT, the devices' root (optional): the\n"
"                            work certificate is then checked against it\n"
"                            as a device checks it (issuer, signature)\n"
"      --revocation-list FILE  the root-signed list sent with the work\n"
"                            certificate (rks-admin revoke; needs\n"
"                            --root-cert)\n"
"      --pkcs11-token LABEL  keep the master key, the DIK1s and the work\n"
"                            private key in this PKCS#11 token instead\n"
"                            of --master-key and --work-key\n"
"      --pkcs11-module FILE  the token's PKCS#11 module (e.g.\n"
"                            /usr/lib/softhsm/libsofthsm2.so)\n"
"      --pkcs11-pin-file FILE  the token's user PIN (mode 0600); default:\n"
"                            the systemd credential rks-token-pin\n"
"      --privsep 0|1         1: parse network input in a separate, jailed\n"
"                            process that holds no key (0)\n"
"      --net-user USER       that process's user when started as root\n"
"                            (rks-net)\n"
"      --read-timeout S      seconds for each message to arrive (30)\n"
"      --session-timeout S   seconds for a whole session (120)\n"
"      --lockout N           failed authentications that lock a DSN\n"
"                            for a while (5; 0: never)\n"
"      --lockout-base S      the first lock's seconds (60); each next\n"
"                            lock doubles, up to 24 h, until a delivery\n"
"      --source-failures N   failed authentications from one address\n"
"                            that block it (20, halved each 10 s; 0: never)\n"
"      --source-block S      seconds such an address is blocked (600)\n"
"      --max-connections N   concurrent connections (4096)\n"
"      --source-rate N       new connections per second from one address\n"
"                            (100, burst twice that; 0: no limit)\n"
"      --first-frame-timeout S  seconds for HELLO to arrive (5; at most\n"
"                            --read-timeout)\n"
"  -L, --log-level LEVEL     error, warn, info or debug (info)\n"
"      --check-config        load everything, report, and exit\n"
"  -h, --help                this text\n"
"  -V, --version             the version\n"
"\n"
"Config file keys: listen, port, database, master_key, work_cert,\n"
"work_key, root_cert, revocation_list, pkcs11_module, pkcs11_token,\n"
"pkcs11_pin_file, privsep, net_user, read_timeout, session_timeout,\n"
"lockout, lockout_base, source_failures, source_block, max_connections,\n"
"source_rate, first_frame_timeout, log_level.\n"
"\n"
"Logs go to stderr, one key=value line per event; they never contain key\n"
"material. Every session's outcome is also in the database's audit trail.\n"
"\n"
"Exit status: 0 stopped by SIGTERM or SIGINT (or --help, --version,\n"
"--check-config); 1 the event loop failed; 2 bad option or config file;\n"
"3 work certificate or key unusable, or the database cannot be opened;\n"
"4 stored data fails its checks; 5 cannot listen (the table of every RKS\n"
"tool).\n";

enum { OPT_WORK_CERT = 256, OPT_WORK_KEY, OPT_ROOT_CERT, OPT_RL,
       OPT_READ_TIMEOUT, OPT_SESSION_TIMEOUT, OPT_LOCKOUT, OPT_MAX_CONNS,
       OPT_CHECK, OPT_SOURCE_RATE, OPT_FIRST_FRAME, OPT_LOCKOUT_BASE,
       OPT_SOURCE_FAILURES, OPT_SOURCE_BLOCK, OPT_P11_MODULE,
       OPT_P11_TOKEN, OPT_P11_PIN, OPT_PRIVSEP, OPT_NET_USER };

static const struct option rks_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "listen", required_argument, NULL, 'l' },
	{ "port", required_argument, NULL, 'p' },
	{ "database", required_argument, NULL, 'd' },
	{ "master-key", required_argument, NULL, 'm' },
	{ "work-cert", required_argument, NULL, OPT_WORK_CERT },
	{ "work-key", required_argument, NULL, OPT_WORK_KEY },
	{ "root-cert", required_argument, NULL, OPT_ROOT_CERT },
	{ "revocation-list", required_argument, NULL, OPT_RL },
	{ "pkcs11-module", required_argument, NULL, OPT_P11_MODULE },
	{ "pkcs11-token", required_argument, NULL, OPT_P11_TOKEN },
	{ "pkcs11-pin-file", required_argument, NULL, OPT_P11_PIN },
	{ "privsep", required_argument, NULL, OPT_PRIVSEP },
	{ "net-user", required_argument, NULL, OPT_NET_USER },
	{ "read-timeout", required_argument, NULL, OPT_READ_TIMEOUT },
	{ "session-timeout", required_argument, NULL, OPT_SESSION_TIMEOUT },
	{ "lockout", required_argument, NULL, OPT_LOCKOUT },
	{ "lockout-base", required_argument, NULL, OPT_LOCKOUT_BASE },
	{ "source-failures", required_argument, NULL, OPT_SOURCE_FAILURES },
	{ "source-block", required_argument, NULL, OPT_SOURCE_BLOCK },
	{ "max-connections", required_argument, NULL, OPT_MAX_CONNS },
	{ "source-rate", required_argument, NULL, OPT_SOURCE_RATE },
	{ "first-frame-timeout", required_argument, NULL, OPT_FIRST_FRAME },
	{ "log-level", required_argument, NULL, 'L' },
	{ "check-config", no_argument, NULL, OPT_CHECK },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The config file key each option sets. */
static const char *rks_option_key(int opt)
{
	switch (opt) {
	case 'l': return "listen";
	case 'p': return "port";
	case 'd': return "database";
	case 'm': return "master_key";
	case OPT_WORK_CERT: return "work_cert";
	case OPT_WORK_KEY: return "work_key";
	case OPT_ROOT_CERT: return "root_cert";
	case OPT_RL: return "revocation_list";
	case OPT_P11_MODULE: return "pkcs11_module";
	case OPT_P11_TOKEN: return "pkcs11_token";
	case OPT_P11_PIN: return "pkcs11_pin_file";
	case OPT_PRIVSEP: return "privsep";
	case OPT_NET_USER: return "net_user";
	case OPT_READ_TIMEOUT: return "read_timeout";
	case OPT_SESSION_TIMEOUT: return "session_timeout";
	case OPT_LOCKOUT: return "lockout";
	case OPT_LOCKOUT_BASE: return "lockout_base";
	case OPT_SOURCE_FAILURES: return "source_failures";
	case OPT_SOURCE_BLOCK: return "source_block";
	case OPT_MAX_CONNS: return "max_connections";
	case OPT_SOURCE_RATE: return "source_rate";
	case OPT_FIRST_FRAME: return "first_frame_timeout";
	case 'L': return "log_level";
	default: return NULL;
	}
}

static const char *rks_option_name(int opt)
{
	const struct option *o;

	for (o = rks_options; o->name; o++)
		if (o->val == opt)
			return o->name;
	return "?";
}

/*
 * Defaults, then --config's file, then the other options in order.
 * Returns -1 to exit with CLI_EXIT_USAGE, 1 to exit with CLI_EXIT_OK.
 */
static int rks_parse_args(int argc, char **argv, struct rks_config *cfg,
			  bool *check_only)
{
	const char *config_file = NULL, *key;
	char why[128];
	int opt;

	rks_config_defaults(cfg);
	/* first pass: the config file and the options that stop here */
	while ((opt = getopt_long(argc, argv, "c:l:p:d:m:L:hV", rks_options,
				  NULL)) != -1) {
		if (opt == 'c')
			config_file = optarg;
		else if (opt == 'h')
			return fputs(rks_usage, stdout), 1;
		else if (opt == 'V')
			return puts("rks-server " RKS_VERSION), 1;
		else if (opt == OPT_CHECK)
			*check_only = true;
		else if (opt == '?')
			return fputs("try rks-server --help\n", stderr), -1;
	}
	if (optind < argc) {
		cli_log_msg(CLI_LOG_ERROR, "rks-server: unexpected argument "
			    "'%s'", argv[optind]);
		return -1;
	}
	if (config_file && rks_config_load(cfg, config_file) != 0)
		return -1;
	/* second pass: the command line overrides the file */
	optind = 0;	/* glibc: start over completely */
	while ((opt = getopt_long(argc, argv, "c:l:p:d:m:L:hV", rks_options,
				  NULL)) != -1) {
		key = rks_option_key(opt);
		if (key && rks_config_set(cfg, key, optarg, why,
					  sizeof(why)) != 0) {
			cli_log_msg(CLI_LOG_ERROR, "rks-server: bad value '%s' "
				    "for --%s: %s", optarg,
				    rks_option_name(opt), why);
			return -1;
		}
	}
	return rks_config_check(cfg);
}

/*
 * Before any key is read: no core dump (RLIMIT_CORE 0), and not dumpable
 * (PR_SET_DUMPABLE 0: no ptrace attach by the same user, /proc/PID/mem
 * and friends root's), so the master key, the DIK1s and the work key in
 * this process's memory (a file key store) do not end up in a file.
 */
#define RKS_SECURE_HEAP	(64 * 1024)	/* bytes: a few RSA-4096 keys */

static int rks_harden(void)
{
	const struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) || prctl(PR_SET_DUMPABLE, 0)) {
		cli_log_msg(CLI_LOG_ERROR, "rks-server: cannot disable core "
			    "dumps: %s", strerror(errno));
		return -1;
	}
	/*
	 * OpenSSL's secure heap (mlock'ed, guard pages) for private keys'
	 * numbers: the work key of a file key store. Best effort: without
	 * a lock quota OpenSSL uses the ordinary heap.
	 */
	if (CRYPTO_secure_malloc_init(RKS_SECURE_HEAP, 32) != 1)
		log_warn("secure-heap", "reason=\"not available: private "
			 "keys in the ordinary heap\"");
	return 0;
}

/*
 * Not root, with the unit's capabilities (caps.h): they are the network
 * process's. Lower them, and let this process change to no user but
 * net_user, before any key is read.
 */
static int rks_confine(const struct rks_config *cfg)
{
	struct passwd *pw;
	int r;

	if (geteuid() == 0 || !rks_caps_permitted(RKS_JAIL_CAPS))
		return 0;
	r = rks_caps_lower();
	if (r) {
		cli_log_msg(CLI_LOG_ERROR, "rks-server: cannot lower its "
			    "capabilities: %s", strerror(-r));
		return -1;
	}
	if (!cfg->privsep)
		return rks_caps_drop_all() ? -1 : 0;
	pw = getpwnam(cfg->net_user);
	if (!pw) {
		cli_log_msg(CLI_LOG_ERROR, "rks-server: net_user '%s': no "
			    "such user", cfg->net_user);
		return -1;
	}
	r = rks_caps_confine(pw->pw_uid, pw->pw_gid);
	if (r)
		cli_log_msg(CLI_LOG_ERROR, "rks-server: cannot install its "
			    "seccomp filter: %s", strerror(-r));
	return r ? -1 : 0;
}

/* The key store the settings name: the master key file or the token. */
static int rks_open_keystore(const struct rks_config *cfg,
			     struct rks_keystore **ks)
{
	struct rks_ks_config kc;
	char msg[512] = "";
	int r;

	rks_config_keystore(cfg, &kc);
	r = rks_ks_open(&kc, false, ks, msg, sizeof(msg));
	if (r)
		cli_log_msg(CLI_LOG_ERROR, "rks-server: database: %s",
			    msg[0] ? msg : strerror(-r));
	return r;
}

static int rks_open_db(const struct rks_config *cfg, struct rks_keystore *ks,
		       struct rks_db **db)
{
	char msg[512] = "";
	int r;

	/* never create: a wrong path must not look like an empty database */
	r = rks_db_open_ks(cfg->database, ks, 0, db, msg, sizeof(msg));
	if (r)
		cli_log_msg(CLI_LOG_ERROR, "rks-server: database: %s",
			    msg[0] ? msg : strerror(-r));
	return r;
}

/*
 * The audit writer and the workers, then the loop. SIGTERM, SIGINT and
 * SIGHUP are blocked first, so that the threads inherit the mask and the
 * loop's signalfd gets them all.
 */
static int rks_serve(struct rks_server_ctx *ctx, int listen_fd,
		     size_t max_conns, struct rks_net *net)
{
	struct rks_loop loop;
	struct rks_pool *pool;
	sigset_t mask;
	int r = -1;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	ctx->audit = rks_audit_start(ctx->cfg, ctx->creds->ks);
	if (!ctx->audit)
		return -1;
	pool = rks_pool_new(ctx, 0);
	if (pool) {
		log_info("workers", "threads=%u", rks_pool_size(pool));
		/* privsep: connections come from the network process */
		if (rks_loop_init(&loop, ctx, net ? rks_net_fd(net) : listen_fd,
				  max_conns, pool) == 0) {
			loop.net = net;
			r = rks_loop_run(&loop);
		}
		rks_loop_free(&loop);	/* frees the pool */
	}
	rks_audit_stop(ctx->audit);
	ctx->audit = NULL;
	return r;
}

int main(int argc, char **argv)
{
	struct rks_server_ctx ctx = { 0 };
	struct rks_creds creds;
	struct rks_config cfg;
	struct rks_db *db = NULL;
	struct rks_keystore *ks = NULL;
	struct rks_net *net = NULL;
	bool check_only = false, activated = true;
	unsigned int port = 0;
	char why[512], addr[sizeof(cfg.listen)];
	size_t max_conns;
	int r, fd, status;

	/* the network process (net.h): a fresh image of this program */
	if (argc > 1 && !strcmp(argv[1], "--net-child"))
		rks_net_child_main(argc, argv);
	/* "ts=... level=... event=..." lines, without a program name */
	cli_log_setup(NULL, CLI_LOG_TS_MS);
	r = rks_parse_args(argc, argv, &cfg, &check_only);
	if (r)
		return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	cli_log_set_level(cfg.log_level);
	signal(SIGPIPE, SIG_IGN);

	if (rks_harden() != 0)
		return CLI_EXIT_FAILED;
	if (rks_confine(&cfg) != 0)
		return CLI_EXIT_FAILED;
	if (rks_open_keystore(&cfg, &ks) != 0)
		return CLI_EXIT_SETUP;
	if (rks_creds_load(&creds, ks, cfg.work_cert,
			   cfg.root_cert[0] ? cfg.root_cert : NULL,
			   cfg.revocation_list[0] ? cfg.revocation_list : NULL,
			   why, sizeof(why)) != 0) {
		cli_log_msg(CLI_LOG_ERROR, "rks-server: %s", why);
		rks_ks_close(ks);
		return CLI_EXIT_SETUP;
	}
	if (rks_open_db(&cfg, ks, &db) != 0) {
		rks_creds_free(&creds);
		rks_ks_close(ks);
		return CLI_EXIT_SETUP;
	}
	if (check_only) {
		printf("rks-server: configuration good: %s, RSA-%zu, database "
		       "%s", creds.subject, creds.modulus_len * 8,
		       cfg.database);
		if (creds.rl_number)
			printf(", revocation list %llu",
			       (unsigned long long)creds.rl_number);
		printf("\n");
		status = CLI_EXIT_OK;
		goto out;
	}

	max_conns = rks_raise_nofile(cfg.max_connections);
	/* systemd's socket (rks-server.socket), else listen and port */
	fd = rks_listen_activated(addr, sizeof(addr), &port, why, sizeof(why));
	if (fd == -ENOENT) {
		activated = false;
		snprintf(addr, sizeof(addr), "%s", cfg.listen);
		fd = rks_listen(cfg.listen, cfg.port, &port, why, sizeof(why));
	}
	if (fd < 0) {
		cli_log_msg(CLI_LOG_ERROR, "rks-server: cannot listen on %s",
			    why);
		status = CLI_EXIT_NET;
		goto out;
	}
	/* privsep: the listening socket's reader is the network process */
	if (cfg.privsep && !(net = rks_net_start(fd, cfg.net_user,
						 creds.modulus_len))) {
		close(fd);
		status = CLI_EXIT_NET;
		goto out;
	}
	log_info("listening", "addr=%s port=%u socket=%s work_cert=%s "
		 "rsa_bits=%zu read_timeout=%u session_timeout=%u lockout=%u "
		 "lockout_base=%u source_failures=%u max_connections=%zu",
		 addr, port, activated ? "systemd" : "own",
		 cli_log_q(creds.subject),
		 creds.modulus_len * 8, cfg.read_timeout, cfg.session_timeout,
		 cfg.lockout, cfg.lockout_base, cfg.source_failures, max_conns);
	ctx.db = db;
	ctx.creds = &creds;
	ctx.cfg = &cfg;
	ctx.flight = rks_flight_new(db);
	if (!ctx.flight)
		status = CLI_EXIT_FAILED;
	else
		status = rks_serve(&ctx, fd, max_conns, net) == 0 ?
			 CLI_EXIT_OK : CLI_EXIT_FAILED;
	rks_flight_free(ctx.flight);
	rks_net_stop(net);
	close(fd);
	log_info("stopped", "status=%d", status);
out:
	rks_db_close(db);
	rks_creds_free(&creds);
	rks_ks_close(ks);
	return status;
}
