// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net.c - the server's side of privilege separation (net.h): starting the
 * network process, taking the connections it hands over, starting it
 * again when it dies.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netinet/in.h>

#include "cli_log.h"
#include "loop.h"
#include "net.h"

/* The network process's stderr, as the server logs it (net.h). */
#define RKS_NET_LINE_MAX	96	/* bytes of a line logged (cli_log_q's) */
#define RKS_NET_LINES_PER_S	10	/* lines logged per second, at most */
#define RKS_NET_READS_PER_WAKE	4	/* reads of 1 KiB per wake-up */
/* a process that dies younger than RKS_NET_YOUNG_MS is started again
 * only RKS_NET_RESPAWN_MS later */
#define RKS_NET_YOUNG_MS	1000
#define RKS_NET_RESPAWN_MS	500
/* a retired process's grace, to pass on its peer's ERROR (net.h) */
#define RKS_NET_RETIRE_MS	100

struct rks_net {
	int listen_fd;
	int ctl;		/* our end of the control socketpair */
	pid_t pid;
	char user[64];
	size_t modulus_len;
	long long started;		/* ms, rks_now_ms() */
	unsigned int generation;	/* processes started so far */
	long long respawn_at;		/* ms; 0: none waiting */
	long long retire_at;		/* ms; 0: not retired */
	int log_fd;			/* the read end of its stderr; or -1 */
	char line[RKS_NET_LINE_MAX + 1];
	size_t line_len;
	bool line_cut;			/* longer than RKS_NET_LINE_MAX */
	long long window;		/* second (ms / 1000) of the count */
	unsigned int window_lines;
	unsigned long dropped;		/* lines over the rate, not logged */
};

/*
 * Exec this program afresh as the network process. posix_spawn, not
 * fork: the loop's thread waits until the exec (vfork semantics), so no
 * copy of a connection's descriptor outlives its close() in the server
 * (epoll would go on reporting a closed connection while a child held a
 * copy of its file).
 */
static int rks_net_spawn(struct rks_net *n)
{
	char self[4096], lfd[16], cfd[16], mod[16];
	char *argv[7];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int sv[2], lp[2], r;
	ssize_t len;
	sigset_t none;

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return -1;
	self[len] = '\0';
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -1;
	/*
	 * Its stderr and stdout are a pipe the server reads and logs as its
	 * own events (net-output): written straight to the server's, a
	 * process taken over could forge the server's log lines. Non-blocking
	 * on its side: a full pipe loses its words, it never stalls it.
	 */
	if (pipe2(lp, O_CLOEXEC)) {
		r = errno;
		close(sv[0]);
		close(sv[1]);
		errno = r;
		return -1;
	}
	fcntl(lp[0], F_SETFL, O_NONBLOCK);
	fcntl(lp[1], F_SETFL, O_NONBLOCK);
	snprintf(lfd, sizeof(lfd), "%d", n->listen_fd);
	snprintf(cfd, sizeof(cfd), "%d", sv[1]);
	argv[0] = (char *)"rks-server";
	argv[1] = (char *)"--net-child";
	argv[2] = lfd;
	argv[3] = cfd;
	argv[4] = n->user;
	snprintf(mod, sizeof(mod), "%zu", n->modulus_len);
	argv[5] = mod;
	argv[6] = NULL;
	sigemptyset(&none);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	/* dup2 onto itself clears FD_CLOEXEC: these two survive the exec,
	 * nothing else does; the child starts with no signal blocked */
	r = posix_spawn_file_actions_adddup2(&fa, n->listen_fd, n->listen_fd);
	if (!r)
		r = posix_spawn_file_actions_adddup2(&fa, sv[1], sv[1]);
	/* stdout too (under the unit both are the journal's stream), and
	 * no stdin of the server's */
	if (!r)
		r = posix_spawn_file_actions_adddup2(&fa, lp[1], STDERR_FILENO);
	if (!r)
		r = posix_spawn_file_actions_adddup2(&fa, lp[1], STDOUT_FILENO);
	if (!r)
		r = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
						     "/dev/null", O_RDONLY, 0);
	if (!r)
		r = posix_spawnattr_setsigmask(&at, &none);
	if (!r)
		r = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
	if (!r)
		r = posix_spawn(&n->pid, self, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(sv[1]);
	close(lp[1]);
	if (r) {
		close(sv[0]);
		close(lp[0]);
		errno = r;
		return -1;
	}
	n->ctl = sv[0];
	n->log_fd = lp[0];
	n->retire_at = 0;
	n->line_len = 0;
	n->line_cut = false;
	n->generation++;
	fcntl(n->ctl, F_SETFL, O_NONBLOCK);
	n->started = rks_now_ms();
	log_info("net-started", "pid=%d user=%s", (int)n->pid,
		 cli_log_q(n->user));
	return 0;
}

struct rks_net *rks_net_start(int listen_fd, const char *user,
			      size_t modulus_len)
{
	struct rks_net *n = calloc(1, sizeof(*n));

	if (!n) {
		log_error("startup-failed", "reason=\"out of memory\"");
		return NULL;
	}
	n->listen_fd = listen_fd;
	n->ctl = -1;
	n->log_fd = -1;
	n->modulus_len = modulus_len;
	snprintf(n->user, sizeof(n->user), "%s", user);
	if (rks_net_spawn(n)) {
		log_error("startup-failed", "reason=%s",
			  cli_log_q(strerror(errno)));
		free(n);
		return NULL;
	}
	return n;
}

int rks_net_fd(const struct rks_net *n)
{
	return n->ctl;
}

pid_t rks_net_pid(const struct rks_net *n)
{
	return n->pid;
}

int rks_net_log_fd(const struct rks_net *n)
{
	return n->log_fd;
}

unsigned int rks_net_generation(const struct rks_net *n)
{
	return n->generation;
}

/* A new second of the rate: say how many lines the last one dropped. */
static void rks_net_log_window(struct rks_net *n, long long second)
{
	if (second == n->window)
		return;
	if (n->dropped)
		log_warn("net-output-dropped", "pid=%d lines=%lu per_s=%d",
			 (int)n->pid, n->dropped, RKS_NET_LINES_PER_S);
	n->window = second;
	n->window_lines = 0;
	n->dropped = 0;
}

/* One whole line of the network process's stderr, into the server's log. */
static void rks_net_log_line(struct rks_net *n)
{
	n->line[n->line_len] = '\0';
	rks_net_log_window(n, rks_now_ms() / 1000);
	if (n->window_lines++ < RKS_NET_LINES_PER_S)
		log_warn("net-output", "pid=%d text=%s%s", (int)n->pid,
			 cli_log_q(n->line), n->line_cut ? " cut=yes" : "");
	else
		n->dropped++;
	n->line_len = 0;
	n->line_cut = false;
}

void rks_net_log_drain(struct rks_net *n)
{
	char buf[1024];
	ssize_t got, i;
	int reads;

	for (reads = 0; n->log_fd >= 0 && reads < RKS_NET_READS_PER_WAKE;
	     reads++) {
		got = read(n->log_fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return;		/* EAGAIN: all of it, for now */
		if (got == 0) {
			/* its last words, even without a newline */
			if (n->line_len)
				rks_net_log_line(n);
			close(n->log_fd);	/* and out of epoll */
			n->log_fd = -1;
			return;
		}
		for (i = 0; i < got; i++) {
			if (buf[i] == '\n')
				rks_net_log_line(n);
			else if (n->line_len < RKS_NET_LINE_MAX)
				/* a NUL would end the logged text early: SUB
				 * (0x1a) stands in, logged as \x1a */
				n->line[n->line_len++] = buf[i] ? buf[i] : 0x1a;
			else
				n->line_cut = true;
		}
	}
}

/* The network process has gone: say how, and start another. */
static void rks_net_restart(struct rks_net *n)
{
	long long now;
	int status = 0;

	close(n->ctl);
	n->ctl = -1;
	kill(n->pid, SIGKILL);
	waitpid(n->pid, &status, 0);
	/*
	 * What it wrote before it died, then its pipe is closed whatever
	 * remains: a bounded drain, for a write end the server itself came
	 * to hold (one passed as a connection) would never reach its end.
	 */
	rks_net_log_drain(n);
	if (n->log_fd >= 0) {
		close(n->log_fd);
		n->log_fd = -1;
	}
	if (WIFSIGNALED(status))
		log_error("net-died", "pid=%d signal=%d", (int)n->pid,
			  WTERMSIG(status));
	else
		log_error("net-died", "pid=%d status=%d", (int)n->pid,
			  WEXITSTATUS(status));
	/*
	 * One that cannot even start (its jail refused), or that a peer
	 * crashes at once, is started again after RKS_NET_RESPAWN_MS, by
	 * rks_net_tick() from the loop: the loop does not sleep meanwhile.
	 */
	now = rks_now_ms();
	if (now - n->started < RKS_NET_YOUNG_MS) {
		n->respawn_at = now + RKS_NET_RESPAWN_MS;
		log_warn("net-restart-delayed", "ms=%d", RKS_NET_RESPAWN_MS);
		return;
	}
	n->respawn_at = 0;
	rks_net_tick(n, 0);
}

void rks_net_retire(struct rks_net *n, unsigned int generation)
{
	if (n->ctl < 0 || n->retire_at || generation != n->generation)
		return;
	n->retire_at = rks_now_ms() + RKS_NET_RETIRE_MS;
	log_warn("net-retire", "pid=%d reason=%s", (int)n->pid,
		 cli_log_q("it sent a record that breaks the layout"));
}

void rks_net_tick(struct rks_net *n, long long now_ms)
{
	/* its control socket's end then ends it (rks_net_recv()) */
	if (n->retire_at && n->ctl >= 0 && now_ms >= n->retire_at) {
		kill(n->pid, SIGKILL);
		n->retire_at = 0;
	}
	/* (now_ms is 0 from rks_net_restart(): no new second there) */
	if (n->dropped && now_ms)
		rks_net_log_window(n, now_ms / 1000);
	if (n->ctl >= 0 || now_ms < n->respawn_at)
		return;
	n->respawn_at = 0;
	if (rks_net_spawn(n)) {
		log_error("net-restart-failed", "reason=%s retry_ms=%d",
			  cli_log_q(strerror(errno)), RKS_NET_RESPAWN_MS);
		n->respawn_at = rks_now_ms() + RKS_NET_RESPAWN_MS;
	}
}

/*
 * Every descriptor a control message brought, into @fds (at most @max);
 * their count, however many cmsgs carried them. The kernel installs each
 * one that fits the control buffer: one not kept must be closed.
 */
static size_t rks_net_fds(struct msghdr *mh, int *fds, size_t max)
{
	struct cmsghdr *cm;
	size_t n = 0, i, k;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0))
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < k && n < max; i++, n++)
			memcpy(&fds[n], CMSG_DATA(cm) + i * sizeof(int),
			       sizeof(int));
	}
	return n;
}

/*
 * Is @fd what a connection's end must be: an AF_UNIX stream socket (the
 * network process's socketpair)? Not a pipe, not its control socket
 * (SOCK_SEQPACKET), not a TCP socket: any other descriptor passed as a
 * connection is a network process taken over (one passed its own stderr's
 * write end: the server, holding a write end, never saw that pipe end).
 */
static bool rks_net_is_pair_end(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss), tlen = sizeof(int);
	int type = 0;

	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 &&
	       type == SOCK_STREAM &&
	       getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
	       ss.ss_family == AF_UNIX;
}

/*
 * The peer's address from the kernel, not from the network process:
 * @tcp is the connection's TCP socket, passed along with its pair end and
 * closed here. 0; -1 if @tcp is no TCP socket (a network process taken
 * over); 1 if the peer has already gone (the connection only is dropped).
 */
static int rks_net_peer(int tcp, struct sockaddr_storage *ss)
{
	socklen_t tlen = sizeof(int), plen = sizeof(int), len;
	int type = 0, proto = 0, r = -1;

	if (getsockopt(tcp, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 &&
	    getsockopt(tcp, SOL_SOCKET, SO_PROTOCOL, &proto, &plen) == 0 &&
	    type == SOCK_STREAM && proto == IPPROTO_TCP) {
		memset(ss, 0, sizeof(*ss));
		len = sizeof(*ss);
		r = getpeername(tcp, (struct sockaddr *)ss, &len) ? 1 : 0;
		if (!r && ss->ss_family != AF_INET &&
		    ss->ss_family != AF_INET6)
			r = -1;
	}
	close(tcp);
	return r;
}

int rks_net_recv(struct rks_net *n, struct sockaddr_storage *ss)
{
	/* room for more than the two descriptors a message carries, so
	 * that each one sent is seen here, and closed */
	union {
		char b[CMSG_SPACE(8 * sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { ss, sizeof(*ss) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
	};
	int fds[8], r;
	size_t nfd = 0, i;
	ssize_t got;

	if (n->ctl < 0) {
		errno = EPIPE;
		return -1;
	}
	got = recvmsg(n->ctl, &mh, MSG_CMSG_CLOEXEC);
	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return -1;
	if (got > 0)
		nfd = rks_net_fds(&mh, fds, sizeof(fds) / sizeof(fds[0]));
	if (got == (ssize_t)sizeof(*ss) && nfd == 2 &&
	    !(mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		/* the address the network process wrote is not used */
		r = rks_net_is_pair_end(fds[0]) ? rks_net_peer(fds[1], ss) :
		    (close(fds[1]), -1);
		if (r == 0) {
			fcntl(fds[0], F_SETFL, O_NONBLOCK);
			return fds[0];
		}
		close(fds[0]);
		if (r > 0) {
			/* gone already: the caller takes the next message */
			errno = ECONNABORTED;
			return -1;
		}
		nfd = 0;
	}
	/* not the two descriptors: none is kept (a leak per message, else) */
	for (i = 0; i < nfd; i++)
		close(fds[i]);
	/* EOF, an error, or a message that is not one: it is not trusted */
	rks_net_restart(n);
	errno = EPIPE;
	return -1;
}

void rks_net_stop(struct rks_net *n)
{
	if (!n)
		return;
	if (n->ctl >= 0) {
		close(n->ctl);
		kill(n->pid, SIGKILL);
		waitpid(n->pid, NULL, 0);
	}
	if (n->log_fd >= 0)
		rks_net_log_drain(n);
	if (n->log_fd >= 0)
		close(n->log_fd);
	free(n);
}
