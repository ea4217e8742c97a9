// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_privsep.c - rks-server with privilege separation (net.h), the
 * test build with the network process's hooks (net_hooks.c):
 *   - downloads work through the network process;
 *   - it runs as another user (when the tests run as root);
 *   - a scan of its whole memory (/proc/PID/mem, every readable mapping)
 *     during a session finds no window of the master key, the DIK1 or the
 *     work private key, while the same scan of the server finds the
 *     master key (the scan can fail);
 *   - from inside it, opening the database, the key files, the token
 *     module and /etc/passwd all fail;
 *   - its crash (abort in the parser) ends it and its connections only:
 *     the server lives on, starts another, and serves the next download.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "rkd_msg.h"
#include "srv_harness.h"

#define HOOK_ABORT	0xEE
#define HOOK_OPEN	0xED

struct needle {
	const char *what;
	uint8_t b[32];
	size_t len;
};

/* The living child of @ppid (the network process), or 0. */
static pid_t child_of(pid_t ppid)
{
	char path[300], line[512], *p;
	struct dirent *e;
	pid_t found = 0;
	DIR *d = opendir("/proc");
	FILE *f;

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		/* pid (comm) state ppid: comm may hold spaces */
		if (fgets(line, sizeof(line), f) &&
		    (p = strrchr(line, ')')) != NULL && p[2] != 'Z' &&
		    atoi(p + 4) == (int)ppid)
			found = atoi(e->d_name);
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* Does any readable mapping of @pid hold one of @n needles? Which. */
static const char *scan(pid_t pid, const struct needle *nd, size_t n)
{
	static const size_t chunk = 1 << 20;
	char path[64], line[512], perm[8];
	unsigned long lo, hi, a;
	const char *hit = NULL;
	uint8_t *buf = malloc(chunk + 64);
	FILE *maps;
	int mem;
	size_t i, got;
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	mem = open(path, O_RDONLY);
	CHECK(maps != NULL && mem >= 0 && buf != NULL);
	while (!hit && maps && mem >= 0 && buf &&
	       fgets(line, sizeof(line), maps)) {
		/* (a sanitizer's shadow: terabytes reserved, never written
		 * with anything but shadow bytes; skipped) */
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) != 3 ||
		    perm[0] != 'r' || strstr(line, "[vvar]") ||
		    hi - lo > (1UL << 32))
			continue;
		/* chunks overlap by 63 bytes: no window is cut in two */
		for (a = lo; a < hi && !hit; a += chunk) {
			got = hi - a < chunk + 63 ? hi - a : chunk + 63;
			r = pread(mem, buf, got, (off_t)a);
			if (r <= 0)
				break;
			for (i = 0; i < n && !hit; i++)
				if (memmem(buf, (size_t)r, nd[i].b, nd[i].len))
					hit = nd[i].what;
		}
	}
	if (maps)
		fclose(maps);
	if (mem >= 0)
		close(mem);
	free(buf);
	return hit;
}

/* The first 32 bytes of an RSA component of the work key. */
static void rsa_part(const char *name, struct needle *nd)
{
	EVP_PKEY *k = NULL;
	BIGNUM *bn = NULL;
	uint8_t all[512];
	FILE *f = fopen(pki("work2048.key"), "r");

	if (f) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!k || EVP_PKEY_get_bn_param(k, name, &bn) != 1 ||
	    BN_bn2bin(bn, all) < 32)
		die("cannot read the work key's parts");
	memcpy(nd->b, all, 32);
	nd->len = 32;
	nd->what = name;
	BN_clear_free(bn);
	EVP_PKEY_free(k);
}

static void needles(struct needle nd[5])
{
	int fd = open(env_mk_path, O_RDONLY);

	nd[0].what = "the master key";
	nd[0].len = 32;
	if (fd < 0 || read(fd, nd[0].b, 32) != 32)
		die("cannot read the master key");
	close(fd);
	nd[1].what = "the DIK1";
	nd[1].len = 24;
	unhex(ENV_DIK1, nd[1].b, 24);
	rsa_part(OSSL_PKEY_PARAM_RSA_D, &nd[2]);
	rsa_part(OSSL_PKEY_PARAM_RSA_FACTOR1, &nd[3]);
	rsa_part(OSSL_PKEY_PARAM_RSA_FACTOR2, &nd[4]);
}

/* A test frame of @type with @body, on a new connection; the socket. */
static int hook(const struct srv *s, uint8_t type, const char *body)
{
	uint8_t hdr[8] = { 'R', 'K', 2, type };
	size_t n = body ? strlen(body) : 0;
	int fd = srv_connect(s, NULL);

	hdr[6] = (uint8_t)(n >> 8);
	hdr[7] = (uint8_t)n;
	raw_send(fd, hdr, sizeof(hdr));
	if (n)
		raw_send(fd, body, n);
	return fd;
}

/* What open(@path) gives inside the network process: 0 or an errno. */
static int open_inside(const struct srv *s, const char *path)
{
	uint8_t b = 0xff;
	int fd = hook(s, HOOK_OPEN, path);
	struct timeval tv = { 5, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (recv(fd, &b, 1, 0) != 1)
		b = 0xff;
	close(fd);
	return b;
}

static struct srv s_privsep;

void test_srv_privsep(const char *hooks_bin)
{
	const char *saved = srv_bin;
	const char *user = getpwnam("rks-net") ? "rks-net" : "nobody";
	const char *extra[] = { "--privsep", "1", "--net-user", user, NULL };
	const char *inside[] = {
		NULL, NULL, NULL, "/usr/lib/softhsm/libsofthsm2.so",
		"/etc/passwd", "/var/lib/softhsm/tokens",
	};
	struct needle nd[5];
	char status[64], *log;
	struct rkd_frame *f;
	pid_t net, net2;
	size_t i;
	int a, e;

	needles(nd);
	srv_bin = hooks_bin;
	srv_start(&s_privsep, "privsep.log", extra);
	net = child_of(s_privsep.pid);
	CHECK(net > 0);
	CHECK(good_session(&s_privsep));
	/* not root, when we are */
	snprintf(status, sizeof(status), "/proc/%d/status", (int)net);
	if (geteuid() == 0) {
		char line[256];
		FILE *f = fopen(status, "r");
		bool uid0 = true;

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "Uid:", 4))
				uid0 = atoi(line + 4) == 0;
		if (f)
			fclose(f);
		CHECK(!uid0);
	}

	/* a session in progress while its memory is read */
	a = srv_connect(&s_privsep, NULL);
	/* HELLO (DSN "HELLO-01", a 32-byte nonce): WORK_CERT comes back */
	raw_send_hex(a, "524b020100000029" "08" "48454c4c4f2d3031"
		     "0123456789abcdef0123456789abcdef"
		     "0123456789abcdef0123456789abcdef");
	f = malloc(sizeof(*f));
	CHECK(f && rkd_frame_read(a, f, 5000) == 0 &&
	      f->type == RKD_MSG_WORK_CERT);
	free(f);
	CHECK(scan(net, nd, 5) == NULL);
	/* the scanner can find what is there: the server has the key */
	CHECK_STR(scan(s_privsep.pid, nd, 1), "the master key");

	inside[0] = env_db_path;
	inside[1] = env_mk_path;
	inside[2] = pki("work2048.key");
	for (i = 0; i < sizeof(inside) / sizeof(inside[0]); i++) {
		e = open_inside(&s_privsep, inside[i]);
		if (e == 0 || e == 0xff)
			printf("  opened from the network process: %s (%d)\n",
			       inside[i], e);
		CHECK(e != 0 && e != 0xff);
	}

	/* a parser crash: that process and its connections only */
	close(hook(&s_privsep, HOOK_ABORT, NULL));
	CHECK(raw_expect_eof(a, 5000));
	close(a);
	/* the server notices, and starts another */
	for (i = 0; i < 50; i++) {
		net2 = child_of(s_privsep.pid);
		if (net2 > 0 && net2 != net)
			break;
		usleep(100 * 1000);
	}
	CHECK_INT(kill(s_privsep.pid, 0), 0);
	CHECK(net2 > 0 && net2 != net);
	CHECK(good_session(&s_privsep));
	CHECK_INT(srv_stop(&s_privsep), 0);
	CHECK(kill(net2, 0) != 0);
	log = srv_log(&s_privsep);
	CHECK_HAS(log, "event=net-died");
	CHECK_HAS(log, "signal=6");
	free(log);
	srv_bin = saved;
}
