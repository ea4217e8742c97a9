// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_config.c - rks-server's settings: the config file's errors name
 * file:line and the value, options override the file, the work key must
 * be 0600 and match its certificate, and each failure has its exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <openssl/pem.h>

#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_rl.h"
#include "srv_harness.h"

/* Run rks-server with @args (one shell-quoted string); its exit code
 * and its output (stdout and stderr) in *@out. */
static int run(const char *args, char **out)
{
	char cmd[4096];
	int status;

	snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1 </dev/null", srv_bin, args);
	*out = run_shell(cmd, &status);
	return status;
}

/* The four paths every start needs, with the work key/cert given. */
static const char *paths(const char *cert, const char *key)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf), "--database '%s' --master-key '%s' "
		 "--work-cert '%s' --work-key '%s'", env_db_path, env_mk_path,
		 cert, key);
	return buf;
}

static void expect(const char *args, int code, const char *needle)
{
	char *out;
	int got = run(args, &out);

	check_at(got == code && out && strstr(out, needle), __FILE__,
		 __LINE__, "rks-server %s: exit %d, expected %d with \"%s\"; "
		 "output: %s", args, got, code, needle, out ? out : "");
	free(out);
}

/*
 * Under systemd (#16): with stderr the stream $JOURNAL_STREAM names, an
 * error reaches the journal at priority err, "<3>" (sd-daemon(3)), and
 * the log lines keep their key=value text after their own priority.
 */
static void expect_journal(const char *args, int code, const char *needle)
{
	char cmd[4096], *out;
	int status;

	snprintf(cmd, sizeof(cmd), "f=$(mktemp) && JOURNAL_STREAM=$(stat -c "
		 "%%d:%%i \"$f\") '%s' %s 2>\"$f\" </dev/null; rc=$?; "
		 "cat \"$f\"; rm -f \"$f\"; exit $rc", srv_bin, args);
	out = run_shell(cmd, &status);
	check_at(status == code && out && strstr(out, needle), __FILE__,
		 __LINE__, "rks-server %s (journal): exit %d, expected %d with "
		 "\"%s\"; output: %s", args, status, code, needle,
		 out ? out : "");
	free(out);
}

static const char *conf(const char *name, const char *text)
{
	const char *path = test_path(name);

	write_file(path, text, strlen(text), 0644);
	return path;
}

/* A revocation list numbered @number naming @revoked (or none) in @path */
static void write_rl(const char *path, uint64_t number, const char *revoked)
{
	uint8_t rl[1024], hash[1][32];
	size_t n = 0, len = 0;
	unsigned char *der;
	EVP_PKEY *k;
	FILE *f;

	f = fopen(pki("root.key"), "r");
	k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (revoked) {
		f = fopen(pki(revoked), "rb");
		der = calloc(1, 8192);
		len = f ? fread(der, 1, 8192, f) : 0;
		if (f)
			fclose(f);
		rkd_sha256(der, len, hash[0]);
		free(der);
	}
	CHECK(k && rkd_rl_make(k, number, hash, revoked ? 1 : 0, rl,
			       sizeof(rl), &n) == 0);
	write_file(path, (char *)rl, n, 0644);
	EVP_PKEY_free(k);
}

/*
 * The revocation list rks-server sends with its work certificate: checked
 * at start against the root (it must not revoke the server's own
 * certificate), named by --check-config, and honoured by a device.
 */
static void test_revocation_list(void)
{
	static const char *opts[] = { "--root-cert", NULL,
				      "--revocation-list", NULL, NULL };
	char args[4096], rl[512], root[512];
	struct rkd_softdev *d;
	unsigned int port;
	struct srv srv;
	uint8_t err;

	snprintf(root, sizeof(root), "%s", pki("root.pem"));
	snprintf(rl, sizeof(rl), "%s", test_path("rl7.bin"));
	write_rl(rl, 7, "work3072.der");
	snprintf(args, sizeof(args), "%s --root-cert '%s' --revocation-list "
		 "'%s' --check-config",
		 paths(pki("work2048.pem"), pki("work2048.key")), root, rl);
	expect(args, 0, "revocation list 7");
	/* a list revoking the server's own certificate */
	snprintf(args, sizeof(args), "%s --root-cert '%s' --revocation-list "
		 "'%s' --check-config",
		 paths(pki("work3072.pem"), pki("work3072.key")), root, rl);
	expect(args, 3, "revoked (named by the revocation list)");
	/* without the root to check it against */
	snprintf(args, sizeof(args), "%s --revocation-list '%s' "
		 "--check-config",
		 paths(pki("work2048.pem"), pki("work2048.key")), rl);
	expect(args, 3, "a revocation list needs the root certificate");

	/* served: a device downloads and keeps number 7 */
	opts[1] = root;
	opts[3] = rl;
	srv_start(&srv, "server-rl.log", opts);
	env_device("RL-DEV");
	env_key("RL-DEV", 8, RKS_USAGE_TMK, KEY_GOOD);
	d = dev_new("RL-DEV", 0, false);
	CHECK_INT(dev_run(&srv, d, &err, &port), RKD_OK);
	CHECK_INT(rkd_softdev_keys_stored(d), 1);
	CHECK_INT(rkd_softdev_rl_seen(d), 7);
	rkd_softdev_free(d);
	CHECK_INT(srv_stop(&srv), 0);
}

void test_srv_config(void)
{
	char args[4096], key644[512];
	const char *c;
	char *text;
	size_t n;
	FILE *f;

	expect("--help", 0, "Exit status: 0 stopped by SIGTERM");
	expect("--version", 0, "rks-server 1.0");
	expect("--bogus", 2, "try rks-server --help");
	expect("extra", 2, "unexpected argument 'extra'");
	expect_journal("extra", 2, "<3>rks-server: unexpected argument "
		       "'extra'");
	expect("", 2, "no database: set it in the config file or with "
	       "--database");
	expect("--port 65536", 2, "bad value '65536' for --port");
	expect("--listen localhost", 2, "bad value 'localhost' for --listen");
	expect("--log-level loud", 2, "expected error, warn, info or debug");

	c = conf("bad1.conf", "# comment\n\nport = 7010\nbogus = 1\n");
	snprintf(args, sizeof(args), "-c '%s'", c);
	expect(args, 2, "bad1.conf:4: unknown key 'bogus'");
	expect_journal(args, 2, "bad1.conf:4: unknown key 'bogus'");
	expect_journal(args, 2, "<3>");
	c = conf("bad2.conf", "read_timeout = 0\n");
	snprintf(args, sizeof(args), "-c '%s'", c);
	expect(args, 2, "bad2.conf:1: bad value '0' for read_timeout: "
	       "expected a number 1-3600");
	c = conf("bad3.conf", "lockout = 5\nlockout = 6\n");
	snprintf(args, sizeof(args), "-c '%s'", c);
	expect(args, 2, "bad3.conf:2: 'lockout' is set twice");
	c = conf("bad4.conf", "port 7010\n");
	snprintf(args, sizeof(args), "-c '%s'", c);
	expect(args, 2, "bad4.conf:1: expected 'key = value', got 'port "
	       "7010'");
	c = conf("bad5.conf", "port = 12x\n");
	snprintf(args, sizeof(args), "-c '%s'", c);
	expect(args, 2, "bad5.conf:1: bad value '12x' for port");
	snprintf(args, sizeof(args), "-c '%s'", test_path("missing.conf"));
	expect(args, 2, "missing.conf: No such file or directory");

	/* a good file; the command line wins over it */
	n = (size_t)snprintf(args, sizeof(args),
			     "# rks-server test\nlisten = 127.0.0.1\n"
			     "port = 1\ndatabase = %s\nmaster_key = %s\n"
			     "work_cert = %s\nwork_key = %s\nlockout = 3\n"
			     "log_level = warn\n", env_db_path, env_mk_path,
			     pki("work2048.der"), pki("work2048.key"));
	c = conf("good.conf", args);
	(void)n;
	snprintf(args, sizeof(args), "-c '%s' --check-config", c);
	expect(args, 0, "configuration good: /O=pinpad-rkd test/CN=RKS_WCRT "
	       "work2048, RSA-2048");
	snprintf(args, sizeof(args), "-c '%s' --check-config --work-cert "
		 "'%s' --work-key '%s'", c, pki("work3072.pem"),
		 pki("work3072.key"));
	expect(args, 0, "RSA-3072");

	/* the work credentials */
	snprintf(key644, sizeof(key644), "%s", test_path("work644.key"));
	f = fopen(pki("work2048.key"), "r");
	text = calloc(1, 8192);
	n = f ? fread(text, 1, 8191, f) : 0;
	if (f)
		fclose(f);
	write_file(key644, text, n, 0644);
	free(text);
	snprintf(args, sizeof(args), "%s --check-config",
		 paths(pki("work2048.pem"), key644));
	expect(args, 3, "must be a regular file of mode 0600 (it is 0644)");
	snprintf(args, sizeof(args), "%s --check-config",
		 paths(pki("work3072.pem"), pki("work2048.key")));
	expect(args, 3, "does not hold the private key of");
	snprintf(args, sizeof(args), "%s --check-config",
		 paths(pki("work1024.pem"), pki("work1024.key")));
	expect(args, 3, "must be RSA of 2048-4096 bits");
	snprintf(args, sizeof(args), "%s --check-config",
		 paths(pki("worknoaki.pem"), pki("worknoaki.key")));
	expect(args, 3, "no authorityKeyIdentifier");
	snprintf(args, sizeof(args), "%s --check-config",
		 paths(pki("work2048.key"), pki("work2048.key")));
	expect(args, 3, "not an X.509 certificate");

	/*
	 * The certificate profile, as devices check it (protocol.md,
	 * "Certificate profile"; the table of tests/lib/cert-table.sh, the
	 * same the module refuses in tests/kselftest/session_test.c): each
	 * is refused with its reason named, with the root given and without.
	 */
	{
		static const struct {
			const char *name, *reason;
			bool needs_root;
		} table[] = {
			{ "worksignonly", "keyUsage is not keyEncipherment "
			  "alone", false },
			{ "workca", "a CA certificate", false },
			{ "workcrit", "an unknown critical extension", false },
			{ "workexpired", "expired (notAfter)", false },
			{ "worknotyet", "not yet valid (notBefore)", false },
			{ "workpss", "signature algorithm is not "
			  "sha256WithRSAEncryption", false },
			{ "work1024", "RSA of 2048-4096 bits", false },
			{ "workec", "RSA of 2048-4096 bits", false },
			{ "worknoeku", "extendedKeyUsage lacks the RKS work "
			  "certificate OID", false },
			{ "workrogue", "the issuer is not the root", true },
		};
		char cert[512], key[512], root[512], name[64];
		size_t i, with;

		snprintf(root, sizeof(root), "%s", pki("root.pem"));
		for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
			snprintf(name, sizeof(name), "%s.pem", table[i].name);
			snprintf(cert, sizeof(cert), "%s", pki(name));
			snprintf(name, sizeof(name), "%s.key", table[i].name);
			snprintf(key, sizeof(key), "%s", pki(name));
			for (with = table[i].needs_root; with < 2; with++) {
				snprintf(args, sizeof(args), "%s%s%s%s "
					 "--check-config", paths(cert, key),
					 with ? " --root-cert '" : "",
					 with ? root : "", with ? "'" : "");
				expect(args, 3, table[i].reason);
			}
		}
		/* a root that is not a CA; the good one with its root */
		snprintf(args, sizeof(args), "%s --root-cert '%s' "
			 "--check-config",
			 paths(pki("work2048.pem"), pki("work2048.key")),
			 pki("rootnoca.pem"));
		expect(args, 3, "the root certificate is not one a device "
		       "accepts: not a CA (basicConstraints cA is not set)");
		snprintf(args, sizeof(args), "%s --root-cert '%s' "
			 "--check-config",
			 paths(pki("work2048.pem"), pki("work2048.key")), root);
		expect(args, 0, "configuration good");
	}

	test_revocation_list();

	/* the database must exist: a typo must not serve an empty one
	 * (exit code 3, setup, in the one table of every tool since #16) */
	snprintf(args, sizeof(args), "--database '%s' --master-key '%s' "
		 "--work-cert '%s' --work-key '%s' --check-config",
		 test_path("nosuch.db"), env_mk_path, pki("work2048.pem"),
		 pki("work2048.key"));
	expect(args, 3, "rks-server: database:");
	expect_journal(args, 3, "<3>rks-server: database:");

	/* a port taken by someone else */
	{
		struct sockaddr_in sa = { .sin_family = AF_INET };
		socklen_t len = sizeof(sa);
		char want[64];
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa,
				      sizeof(sa)) == 0 &&
		      listen(fd, 1) == 0 &&
		      getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
		snprintf(args, sizeof(args), "%s --listen 127.0.0.1 --port %u",
			 paths(pki("work2048.pem"), pki("work2048.key")),
			 ntohs(sa.sin_port));
		snprintf(want, sizeof(want), "cannot listen on 127.0.0.1 "
			 "port %u: Address already in use", ntohs(sa.sin_port));
		expect(args, 5, want);
		close(fd);
	}
}
