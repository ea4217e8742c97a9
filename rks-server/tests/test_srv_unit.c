// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_unit.c - rks-server with privilege separation as
 * rks-server.service starts it, emulated without systemd (no systemd is
 * PID 1 on the test machine): setpriv(1) starts it as an unprivileged
 * user (rks, else daemon) with exactly the unit's User=,
 * AmbientCapabilities=, CapabilityBoundingSet= and NoNewPrivileges=. Then,
 * from /proc:
 *   - the network process runs as the network user (rks-net, else nobody),
 *     no supplementary group, every capability set empty, no_new_privs,
 *     seccomp filter mode (2), and its root is an empty directory;
 *   - the server runs as its user with no effective capability (the
 *     three permitted ones are for the network processes it starts) and
 *     a seccomp filter that lets it take no user but the network user's
 *     (rks_caps_confine(), also tried directly in a child of the test);
 * and a whole download works through them. The unit's system call filter
 * (SystemCallFilter=) is systemd's to apply; scripts/verify-units checks
 * the unit itself.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "caps.h"
#include "srv_harness.h"

#define SETPRIV		"/usr/bin/setpriv"
/* the unit's three, as setpriv(1) names them */
#define UNIT_CAPS	"setuid,+setgid,+sys_chroot"
#define UNIT_CAP_MASK	"00000000000400c0"	/* bits 6, 7, 18 */

struct unit_user {
	const char *name;
};

/* setpriv with the unit's settings, rks-server's argv after "--". */
static void via_setpriv(const char **argv, void *arg)
{
	const struct unit_user *u = arg;
	char reuid[64], regid[64];
	const char *av[80] = {
		SETPRIV, reuid, regid, "--init-groups",
		"--inh-caps=-all,+" UNIT_CAPS,
		"--ambient-caps=-all,+" UNIT_CAPS,
		"--bounding-set=-all,+" UNIT_CAPS,
		"--no-new-privs", "--",
	};
	size_t n = 9, i;

	snprintf(reuid, sizeof(reuid), "--reuid=%s", u->name);
	snprintf(regid, sizeof(regid), "--regid=%s", u->name);
	for (i = 0; argv[i] && n < 79; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	execv(SETPRIV, (char *const *)av);
	_exit(124);
}

/* /proc/@pid/status has the line @want (e.g. "CapEff:\t0...0"). */
static bool status_line(pid_t pid, const char *want)
{
	char path[64], line[256];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		found = !strcmp(line, want);
	}
	if (f)
		fclose(f);
	return found;
}

/* The same, saying so if not. */
static bool status_has(pid_t pid, const char *want)
{
	bool found = status_line(pid, want);

	if (!found)
		printf("  /proc/%d/status has no line '%s'\n", (int)pid, want);
	return found;
}

/*
 * The network process has jailed itself: its own filter, the last step,
 * is its second (the first is the server's, inherited).
 */
static void wait_jailed(pid_t pid)
{
	long long deadline = now_ms() + 5000;

	while (!status_line(pid, "Seccomp_filters:\t2") &&
	       now_ms() < deadline)
		usleep(10000);
}

/* Uid: or Gid: with all four ids @id. */
static bool ids_are(pid_t pid, const char *key, unsigned int id)
{
	char want[96];

	snprintf(want, sizeof(want), "%s:\t%u\t%u\t%u\t%u", key, id, id, id,
		 id);
	return status_has(pid, want);
}

/* The network process's root: a directory with no entry at all. */
static void check_empty_root(pid_t pid)
{
	char path[64], target[256];
	struct dirent *e;
	int entries = 0;
	ssize_t len;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	len = readlink(path, target, sizeof(target) - 1);
	CHECK(len > 0);
	target[len > 0 ? len : 0] = '\0';
	/* not the host's root: the removed directory it was made in */
	CHECK(strcmp(target, "/") != 0);
	CHECK_HAS(target, "(deleted)");
	d = opendir(path);
	CHECK(d != NULL);
	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			entries++;
	if (d)
		closedir(d);
	CHECK_INT(entries, 0);
}

/* A copy of @from at @to, mode 0600, owned by @pw. */
static void copy_owned(const char *from, const char *to,
		       const struct passwd *pw)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && chmod 600 '%s' && "
		 "chown %u:%u '%s'", from, to, to, (unsigned int)pw->pw_uid,
		 (unsigned int)pw->pw_gid, to);
	if (system(cmd))
		die(cmd);
}

/* The database's files (and the directory) owned by @uid:@gid. */
static void chown_db(const char *dir, unsigned int uid, unsigned int gid)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "chown %u:%u '%s' '%s/rks.db' && "
		 "chown %u:%u '%s'/rks.db-* 2>/dev/null; true", uid, gid, dir,
		 dir, uid, gid, dir);
	if (system(cmd))
		die(cmd);
}

/*
 * rks_caps_confine() in a child of the test (root): after it, no user or
 * group but the network user's can be taken, not even root's own.
 */
static void check_confine(const struct passwd *net)
{
	gid_t none = 0;
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (rks_caps_confine(net->pw_uid, net->pw_gid))
			_exit(10);
		/* each refused (EPERM), though root may do them all */
		if (setresuid(0, 0, 0) != -1 || errno != EPERM)
			_exit(11);
		if (setresgid(0, 0, 0) != -1 || errno != EPERM)
			_exit(12);
		if (setgroups(1, &none) != -1 || errno != EPERM)
			_exit(13);
		if (setuid(0) != -1 || setreuid(0, 0) != -1 ||
		    setgid(0) != -1)
			_exit(14);
		/* one id differing is enough to refuse */
		if (setresuid(net->pw_uid, net->pw_uid, 0) != -1)
			_exit(15);
		/* the network user's, as the network process does */
		if (setgroups(0, NULL) ||
		    setresgid(net->pw_gid, net->pw_gid, net->pw_gid) ||
		    setresuid(net->pw_uid, net->pw_uid, net->pw_uid))
			_exit(16);
		_exit(getuid() == net->pw_uid ? 0 : 17);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
}

/* Write @text to /proc/@pid/@file: 0, or -1. */
static int proc_write(pid_t pid, const char *file, const char *text)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * The attack on the server's filter (a security evaluation's): code
 * running in a confined server with the unit's permitted CAP_SETUID and
 * CAP_SETGID raises them, starts a child in a new user namespace and
 * writes that namespace's maps so that the network user's uid and gid
 * there are another user's of the host (@victim: root's own would take
 * CAP_SETFCAP since Linux 5.12, which the unit does not grant); the
 * child's setresuid(net, net, net) then passes the filter, which compares
 * the numbers, and makes it that user. rks_caps_confine() refuses new
 * user namespaces (clone(2), unshare(2) with CLONE_NEWUSER; clone3(2),
 * whose flags it cannot read, is ENOSYS, and the C library falls back to
 * clone(2)); this tries it. @secret: a file only @victim may read.
 */
static void check_confine_userns(const struct passwd *srv,
				 const struct passwd *net,
				 const struct passwd *victim, const char *secret)
{
	uint64_t both = (1ULL << CAP_SETUID) | (1ULL << CAP_SETGID);
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	int status = 0, go[2], ready[2];
	char map[64], c = 0;
	pid_t pid, inner;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* the server under the unit: its user, the three permitted */
		memset(d, 0, sizeof(d));
		d[0].permitted = d[0].inheritable = (uint32_t)RKS_JAIL_CAPS;
		if (prctl(PR_SET_KEEPCAPS, 1) || setgroups(0, NULL) ||
		    setresgid(srv->pw_gid, srv->pw_gid, srv->pw_gid) ||
		    setresuid(srv->pw_uid, srv->pw_uid, srv->pw_uid) ||
		    syscall(SYS_capset, &hdr, d) ||
		    prctl(PR_SET_DUMPABLE, 0) ||
		    !rks_caps_permitted(RKS_JAIL_CAPS) ||
		    rks_caps_confine(net->pw_uid, net->pw_gid))
			_exit(20);
		if (open(secret, O_RDONLY) >= 0)
			_exit(21);	/* the file is not root's only */
		/* code in the server raises what is permitted */
		hdr.version = _LINUX_CAPABILITY_VERSION_3;
		d[0].effective = (uint32_t)both;
		if (syscall(SYS_capset, &hdr, d) || pipe(go) || pipe(ready))
			_exit(22);
		inner = fork();
		if (inner < 0)
			_exit(23);
		if (inner == 0) {
			/* refused: the answer the filter gives (0 here) */
			c = unshare(CLONE_NEWUSER) == 0 ? 0 :
			    errno == EPERM ? 2 : 1;
			/* (its /proc files its parent's user's, to map) */
			if (!c && prctl(PR_SET_DUMPABLE, 1))
				c = 1;
			if (write(ready[1], &c, 1) != 1 || c ||
			    read(go[0], &c, 1) != 1 || c)
				_exit(25);
			/* the network user's ids: the filter lets them */
			if (setresgid(net->pw_gid, net->pw_gid, net->pw_gid) ||
			    setresuid(net->pw_uid, net->pw_uid, net->pw_uid))
				_exit(26);
			/* the victim's file, as its owner */
			_exit(open(secret, O_RDONLY) >= 0 ? 30 : 27);
		}
		if (read(ready[0], &c, 1) != 1 || c) {
			waitpid(inner, NULL, 0);
			_exit(c == 2 ? 0 : 24);
		}
		snprintf(map, sizeof(map), "%u %u 1", (unsigned int)net->pw_uid,
			 (unsigned int)victim->pw_uid);
		c = proc_write(inner, "uid_map", map) ? 1 : 0;
		snprintf(map, sizeof(map), "%u %u 1", (unsigned int)net->pw_gid,
			 (unsigned int)victim->pw_gid);
		if (!c)
			c = proc_write(inner, "gid_map", map) ? 1 : 0;
		if (write(go[1], &c, 1) != 1)
			_exit(28);
		if (waitpid(inner, &status, 0) != inner || !WIFEXITED(status))
			_exit(29);
		_exit(c ? 31 : WEXITSTATUS(status));
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	/* 0: unshare(CLONE_NEWUSER) refused; 30: the confined server made a
	 * child another user */
	CHECK_INT(WEXITSTATUS(status), 0);
}

void test_srv_unit(void)
{
	static char dir[512], db[600], mk[600], wk[600], wc[600], parent[512];
	static char secret[600];
	struct passwd vic_pw, *victim;
	int fd;
	const char *extra[] = {
		"--database", db, "--master-key", mk, "--work-key", wk,
		"--work-cert", wc, "--privsep", "1", "--net-user", NULL, NULL,
	};
	struct rks_db *saved_db;
	const char *saved_path;
	struct unit_user u;
	struct passwd srv_pw, net_pw, *pw;
	const char *net_name;
	char want[64], *log, *p;
	pid_t child = 0;
	struct srv s;

	if (geteuid() != 0 || access(SETPRIV, X_OK)) {
		printf("  SKIP the unit's privileges: needs root and %s\n",
		       SETPRIV);
		return;
	}
	u.name = getpwnam("rks") ? "rks" : "daemon";
	net_name = getpwnam("rks-net") ? "rks-net" : "nobody";
	pw = getpwnam(u.name);
	srv_pw = *pw;
	pw = getpwnam(net_name);
	net_pw = *pw;
	extra[11] = net_name;

	/* the server's user's own files, as rks-admin init leaves them */
	snprintf(dir, sizeof(dir), "%s", test_path("unit"));
	snprintf(parent, sizeof(parent), "%s", test_path(""));
	snprintf(db, sizeof(db), "%s/rks.db", dir);
	snprintf(mk, sizeof(mk), "%s/master.key", dir);
	snprintf(wk, sizeof(wk), "%s/work.key", dir);
	snprintf(wc, sizeof(wc), "%s/work.pem", dir);
	if (mkdir(dir, 0700) || chmod(parent, 0711))
		die("mkdir unit");
	copy_owned(env_mk_path, mk, &srv_pw);
	copy_owned(pki("work2048.key"), wk, &srv_pw);
	copy_owned(pki("work2048.pem"), wc, &srv_pw);
	saved_db = env_db;
	saved_path = env_db_path;
	env_db_create(strdup(db));
	chown_db(dir, srv_pw.pw_uid, srv_pw.pw_gid);

	srv_spawn(&s, "unit.log", extra, via_setpriv, &u);
	srv_wait_listening(&s, "unit.log");
	log = srv_log(&s);
	p = log ? strstr(log, "event=net-started pid=") : NULL;
	if (p)
		child = (pid_t)atoi(p + strlen("event=net-started pid="));
	free(log);
	CHECK(child > 0);
	wait_jailed(child);
	CHECK(status_has(child, "Seccomp_filters:\t2"));
	/* the network process: rks-net, nothing left to it */
	CHECK(ids_are(child, "Uid", net_pw.pw_uid));
	CHECK(ids_are(child, "Gid", net_pw.pw_gid));
	/* (the kernel ends the list with a space: "Groups:\t1 2 ") */
	CHECK(status_has(child, "Groups:\t "));
	CHECK(status_has(child, "CapInh:\t0000000000000000"));
	CHECK(status_has(child, "CapPrm:\t0000000000000000"));
	CHECK(status_has(child, "CapEff:\t0000000000000000"));
	CHECK(status_has(child, "CapAmb:\t0000000000000000"));
	CHECK(status_has(child, "NoNewPrivs:\t1"));
	CHECK(status_has(child, "Seccomp:\t2"));
	check_empty_root(child);
	/* the server: its user, nothing effective, confined (caps.h) */
	CHECK(ids_are(s.pid, "Uid", srv_pw.pw_uid));
	CHECK(status_has(s.pid, "Seccomp:\t2"));
	CHECK(status_has(s.pid, "CapEff:\t0000000000000000"));
	CHECK(status_has(s.pid, "CapPrm:\t" UNIT_CAP_MASK));
	CHECK(status_has(s.pid, "NoNewPrivs:\t1"));
	/* and a download through both */
	CHECK(good_session(&s));
	CHECK_INT(srv_stop(&s), 0);
	log = srv_log(&s);
	snprintf(want, sizeof(want), "user=%s", net_name);
	CHECK_HAS(log, want);
	CHECK(strstr(log, "net-died") == NULL);
	free(log);

	check_confine(&net_pw);
	victim = getpwnam("bin");
	if (victim && victim->pw_uid != srv_pw.pw_uid &&
	    victim->pw_uid != net_pw.pw_uid && victim->pw_uid != 0) {
		vic_pw = *victim;
		snprintf(secret, sizeof(secret), "%s", test_path("bin-only"));
		fd = open(secret, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			  0600);
		CHECK(fd >= 0 && fchown(fd, vic_pw.pw_uid, vic_pw.pw_gid) == 0);
		if (fd >= 0)
			close(fd);
		check_confine_userns(&srv_pw, &net_pw, &vic_pw, secret);
	} else {
		printf("  SKIP the user namespace attack: no user bin\n");
	}
	if (secret[0])
		unlink(secret);

	rks_db_close(env_db);
	free((char *)env_db_path);
	env_db = saved_db;
	env_db_path = saved_path;
	chmod(parent, 0700);
}
