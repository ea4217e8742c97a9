// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_srv_activate.c - rks-server under socket activation (activate.c,
 * sd_listen_fds(3)):
 *   - started by systemd-socket-activate(1) (the systemd package) on
 *     127.0.0.1, with privilege separation: the first connection starts
 *     it, its session and the next are served on the passed socket, and
 *     the settings' own listen/port are not used;
 *   - passed by this test's own wrapper (fd 3 and $LISTEN_*, as the
 *     protocol says): a datagram socket, a bound but not listening TCP
 *     socket, a Unix socket and two sockets are each refused with exit 5
 *     and a message naming the fault; $LISTEN_PID of another process is
 *     not for it (it listens as configured).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "srv_harness.h"

#define ACTIVATE_BIN	"/usr/bin/systemd-socket-activate"

/* A socket of @type on 127.0.0.1, any port; listening if @listening. */
static int inet_socket(int type, bool listening, unsigned int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (listening && listen(fd, 16)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		die("inet_socket");
	if (port)
		*port = ntohs(sa.sin_port);
	return fd;
}

static int unix_socket(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
		 test_path("activate.sock"));
	unlink(sa.sun_path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 16))
		die("unix_socket");
	return fd;
}

struct passed {
	int fds[2];
	int n;
	bool other_pid;		/* $LISTEN_PID names another process */
};

/*
 * In the child: the sockets to 3, 4, ... without FD_CLOEXEC, and
 * $LISTEN_PID, $LISTEN_FDS, $LISTEN_FDNAMES (sd_listen_fds(3)).
 */
static void pass_fds(const char **argv, void *arg)
{
	struct passed *p = arg;
	char buf[32];
	int high[2], i;

	(void)argv;
	/* first out of the way: a socket may already be 3 or 4 */
	for (i = 0; i < p->n; i++)
		high[i] = fcntl(p->fds[i], F_DUPFD_CLOEXEC, 100);
	for (i = 0; i < p->n; i++)
		if (high[i] < 0 || dup2(high[i], 3 + i) != 3 + i)
			_exit(122);
	snprintf(buf, sizeof(buf), "%d", p->other_pid ? 1 : (int)getpid());
	setenv("LISTEN_PID", buf, 1);
	snprintf(buf, sizeof(buf), "%d", p->n);
	setenv("LISTEN_FDS", buf, 1);
	setenv("LISTEN_FDNAMES", p->n > 1 ? "a:b" : "rks-server.socket", 1);
}

/* Under systemd-socket-activate: exec it, rks-server's argv after "--". */
static void via_activate(const char **argv, void *arg)
{
	const char *av[72] = { ACTIVATE_BIN, "--listen", arg,
			       "--fdname=rks-server.socket" };
	size_t n = 4, i;

	for (i = 0; argv[i] && n < 71; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	execv(ACTIVATE_BIN, (char *const *)av);
	_exit(123);
}

/* rks-server refuses @p: exit 5 (cannot listen), @fault in the log. */
static void check_refused(const char *name, struct passed *p,
			  const char *fault)
{
	struct srv s;
	char *log;
	int status = 0, i;

	srv_spawn(&s, name, NULL, pass_fds, p);
	waitpid(s.pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
	log = srv_log(&s);
	CHECK_HAS(log, "socket activation: ");
	CHECK_HAS(log, fault);
	free(log);
	for (i = 0; i < p->n; i++)
		close(p->fds[i]);
}

/* systemd-socket-activate, privsep = 1: a download on its socket. */
static void check_systemd_socket_activate(void)
{
	const char *extra[] = {
		"--privsep", "1", "--net-user",
		getpwnam("rks-net") ? "rks-net" : "nobody", NULL,
	};
	char listen_on[64], want[64], *log;
	long long deadline;
	bool ready = false;
	unsigned int port;
	struct srv s;
	int fd;

	if (access(ACTIVATE_BIN, X_OK)) {
		printf("  %s not installed: skipped (the wrapper's cases "
		       "ran)\n", ACTIVATE_BIN);
		return;
	}
	/* a free port: bound, read, closed (systemd-socket-activate binds
	 * it again at once, with SO_REUSEADDR) */
	fd = inet_socket(SOCK_STREAM, false, &port);
	close(fd);
	snprintf(listen_on, sizeof(listen_on), "127.0.0.1:%u", port);
	srv_spawn(&s, "activate.log", extra, via_activate, listen_on);
	s.port = port;
	/* its own line, "Listening on 127.0.0.1:PORT as 3." */
	for (deadline = now_ms() + 10000; now_ms() < deadline;) {
		log = srv_log(&s);
		ready = log && strstr(log, "Listening on ");
		free(log);
		if (ready)
			break;
		usleep(20000);
	}
	CHECK(ready);
	/* it starts rks-server (the same process) at the first connection,
	 * which waits in the socket's queue meanwhile */
	CHECK(good_session(&s));
	CHECK(good_session(&s));
	log = srv_log(&s);
	snprintf(want, sizeof(want), "addr=127.0.0.1 port=%u socket=systemd",
		 port);
	CHECK_HAS(log, want);
	CHECK_HAS(log, "event=net-started");
	free(log);
	CHECK_INT(srv_stop(&s), 0);
}

void test_srv_activate(void)
{
	struct passed p = { .n = 1 };
	unsigned int port;
	char want[64], *log;
	struct srv s;

	check_systemd_socket_activate();

	/* our own wrapper: a good socket, privsep = 0 */
	p.fds[0] = inet_socket(SOCK_STREAM, true, &port);
	srv_spawn(&s, "activate-own.log", NULL, pass_fds, &p);
	srv_wait_listening(&s, "activate-own.log");
	CHECK_INT(s.port, port);
	CHECK(good_session(&s));
	log = srv_log(&s);
	snprintf(want, sizeof(want), "port=%u socket=systemd", port);
	CHECK_HAS(log, want);
	free(log);
	CHECK_INT(srv_stop(&s), 0);
	close(p.fds[0]);

	p.fds[0] = inet_socket(SOCK_DGRAM, false, NULL);
	check_refused("activate-dgram.log", &p,
		      "descriptor 3 ('rks-server.socket') is not a stream "
		      "socket");
	p.fds[0] = inet_socket(SOCK_STREAM, false, NULL);
	check_refused("activate-nolisten.log", &p, "is not listening");
	p.fds[0] = unix_socket();
	check_refused("activate-unix.log", &p,
		      "is not an IPv4 or IPv6 socket");
	p.n = 2;
	p.fds[0] = inet_socket(SOCK_STREAM, true, NULL);
	p.fds[1] = inet_socket(SOCK_STREAM, true, NULL);
	check_refused("activate-two.log", &p, "2 sockets were passed");

	/* $LISTEN_PID of another process: not ours, listen as configured */
	p.n = 1;
	p.other_pid = true;
	p.fds[0] = inet_socket(SOCK_STREAM, true, &port);
	srv_spawn(&s, "activate-pid.log", NULL, pass_fds, &p);
	srv_wait_listening(&s, "activate-pid.log");
	CHECK(s.port != port);
	CHECK(good_session(&s));
	log = srv_log(&s);
	CHECK_HAS(log, "socket=own");
	free(log);
	CHECK_INT(srv_stop(&s), 0);
	close(p.fds[0]);
}
