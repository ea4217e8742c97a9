// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_child.c - the network process (net.h): jail itself, then accept
 * connections, parse each peer's bytes into whole frames, decode each
 * (msg.h) and send the server one fixed-layout record per frame
 * (msgrec.h) over a socketpair per connection; the server's bytes go
 * back verbatim.
 *
 * The jail, in this order: no core and not dumpable; dies with its parent;
 * when root: a mount namespace of its own whose root is an empty,
 * read-only tmpfs (nothing to open: no database, no key file, no token
 * module or token directory), no supplementary groups, the network user;
 * then a seccomp filter (libseccomp) that allows the few system calls the
 * relay makes and answers every other with EACCES.
 *
 * A frame whose header does not parse (rkd_frame_hdr_parse(), and the
 * modulus size for FACTOR and RESPONSE, as the server's own reader
 * checks) becomes a BAD record with the header's error, and the rest of
 * what the peer sends is discarded; a body the decoder refuses becomes a
 * BAD record with the decoder's error: the server's session answers
 * either with the ERROR, outcome and audit text it gives without
 * privilege separation.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <seccomp.h>

#include "caps.h"
#include "net.h"
#include "msgrec.h"
#include "net_hook.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_proto.h"

#define NET_EVENTS	64
#define NET_OUT_MAX	16384

struct side {
	int kind;			/* 0 listen, 1 tcp, 2 pair, 3 ctl */
	struct nconn *c;
};

/* One connection: the peer's TCP socket and our end of its socketpair. */
struct nconn {
	struct side tcp_side, pair_side;
	int tcp, pair;
	uint8_t in[RKD_FRAME_HDR_LEN + RKD_BODY_MAX];
	size_t in_len, need;	/* bytes of the frame so far; its size */
	uint8_t type;		/* the frame's, once its header is in */
	bool raw;		/* a bad header was seen: discard the rest */
	bool tcp_eof, pair_eof;
	bool dead;		/* closed: freed after this epoll batch */
	struct nconn *next_dead;
	uint8_t out[NET_OUT_MAX];	/* the server's bytes for the peer */
	size_t out_off, out_len;
	/* a record the server has no room for yet: until it is sent, this
	 * peer is not read (one connection never holds up the others) */
	uint8_t pend[RKS_REC_MAX];
	size_t pend_len;
};

static int epfd, ctl;
static struct nconn *dead;	/* closed in this batch, not freed yet */
static size_t modulus_len;	/* the work key's: FACTOR, RESPONSE */

static void die(const char *what)
{
	fprintf(stderr, "rks-server (network process): %s: %s\n", what,
		strerror(errno));
	_exit(70);
}

/*
 * Under rks-server.service (user rks, no root): with the unit's CAP_SETUID,
 * CAP_SETGID and CAP_SYS_CHROOT (caps.h), the empty root is a directory
 * of our own removed once we are in it: a removed directory takes no new
 * entry (ENOENT), so the root stays empty, and it needs no mount (which
 * would take CAP_SYS_ADMIN or a user namespace; see rks-server.md,
 * "Processes and trust").
 */
static void empty_root_unmounted(void)
{
	char dir[] = "/tmp/rks-net.XXXXXX";

	if (!mkdtemp(dir) || chdir(dir) || rmdir(dir) || chroot(".") ||
	    chdir("/"))
		die("cannot make an empty root");
}

/*
 * As root, or with the unit's capabilities: an empty root of our own, then
 * the network user with no capability left.
 */
static void jail(const char *user)
{
	struct passwd *pw;
	bool root = geteuid() == 0;
	uid_t uid;
	gid_t gid;

	if (!root && !rks_caps_permitted(RKS_JAIL_CAPS)) {
		/* an unprivileged run (tests, or a unit without the
		 * capabilities): the server's user, seccomp only */
		fprintf(stderr, "rks-server (network process): not root and "
			"no CAP_SETUID, CAP_SETGID, CAP_SYS_CHROOT: staying "
			"uid %u in the host's root\n", (unsigned int)geteuid());
		return;
	}
	pw = getpwnam(user);
	if (!pw) {
		errno = ENOENT;
		die(user);
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (!root)
		empty_root_unmounted();
	else if (unshare(CLONE_NEWNS) ||
		 mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		 mount("rks-net", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV |
		       MS_NOEXEC, "size=4k,nr_inodes=1,mode=0555") ||
		 mount(NULL, "/tmp", NULL, MS_REMOUNT | MS_RDONLY |
		       MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) ||
		 chdir("/tmp") || chroot(".") || chdir("/"))
		die("cannot make an empty root");
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid))
		die("cannot drop privileges");
	/* from a non-root user, setresuid() keeps the capabilities */
	if ((errno = -rks_caps_drop_all()) != 0)
		die("cannot drop capabilities");
	if (setuid(0) == 0 || rks_caps_permitted(1ULL << CAP_SETUID)) {
		errno = EPERM;
		die("still privileged");
	}
}

/* The relay's system calls; anything else fails with EACCES. */
static void filter(void)
{
	static const int allow[] = {
		SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close),
		SCMP_SYS(accept4), SCMP_SYS(socketpair), SCMP_SYS(sendmsg),
		SCMP_SYS(sendto), SCMP_SYS(recvfrom), SCMP_SYS(shutdown),
		SCMP_SYS(setsockopt), SCMP_SYS(fcntl),
		SCMP_SYS(epoll_wait), SCMP_SYS(epoll_pwait),
		SCMP_SYS(epoll_ctl), SCMP_SYS(clock_gettime),
		SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap),
		SCMP_SYS(mremap), SCMP_SYS(madvise), SCMP_SYS(futex),
		SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
		SCMP_SYS(restart_syscall), SCMP_SYS(exit),
		SCMP_SYS(exit_group), SCMP_SYS(getpid), SCMP_SYS(gettid),
		SCMP_SYS(getppid), SCMP_SYS(writev),
		/* the sanitizers' runtime, in a sanitizer build */
		SCMP_SYS(sigaltstack), SCMP_SYS(sched_yield),
	};
	scmp_filter_ctx sc = seccomp_init(SCMP_ACT_ERRNO(EACCES));
	size_t i;

	if (!sc)
		die("seccomp_init");
	for (i = 0; i < sizeof(allow) / sizeof(allow[0]); i++)
		if (seccomp_rule_add(sc, SCMP_ACT_ALLOW, allow[i], 0))
			die("seccomp_rule_add");
	/*
	 * tgkill(2) for abort(3) and raise(3), to this process only: where
	 * it stays the server's user (no jail), a signal to any other pid
	 * would reach the server itself.
	 */
	if (seccomp_rule_add(sc, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
			     SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0)))
		die("seccomp_rule_add");
	if (seccomp_load(sc))
		die("seccomp_load");
	seccomp_release(sc);
}

static void watch(int fd, struct side *s, uint32_t events, int op)
{
	struct epoll_event ev = { .events = events, .data.ptr = s };

	epoll_ctl(epfd, op, fd, &ev);
}

/*
 * Close @c's sockets now; free it only once the epoll batch is done
 * (conn_reap()): the batch may still hold an event for its other side,
 * which must find it marked dead, not freed memory.
 */
static void conn_close(struct nconn *c)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, c->tcp, NULL);
	epoll_ctl(epfd, EPOLL_CTL_DEL, c->pair, NULL);
	close(c->tcp);
	close(c->pair);
	explicit_bzero(c->in, sizeof(c->in));
	explicit_bzero(c->out, sizeof(c->out));
	explicit_bzero(c->pend, sizeof(c->pend));
	c->dead = true;
	c->next_dead = dead;
	dead = c;
}

static void conn_reap(void)
{
	struct nconn *c;

	while ((c = dead) != NULL) {
		dead = c->next_dead;
		explicit_bzero(c, sizeof(*c));
		free(c);
	}
}

/* What each side should wake us for, from the buffers' state. */
static void interest(struct nconn *c)
{
	uint32_t t = 0, p = 0;

	/* (a side at its end would wake us for ever with EPOLLRDHUP) */
	if (!c->tcp_eof && !c->pend_len)
		t |= EPOLLIN | EPOLLRDHUP;
	if (c->out_len)
		t |= EPOLLOUT;
	if (!c->pair_eof && !c->out_len)
		p |= EPOLLIN | EPOLLRDHUP;
	if (c->pend_len)
		p |= EPOLLOUT;
	watch(c->tcp, &c->tcp_side, t, EPOLL_CTL_MOD);
	watch(c->pair, &c->pair_side, p, EPOLL_CTL_MOD);
}

/*
 * Bytes for the server, never waiting: what its end has no room for now
 * (the server is busy with this connection's last record) is kept, and
 * the peer is not read until it has gone (flush_pending()). A send that
 * blocked would hold every other connection up behind this one.
 */
static int to_server(struct nconn *c, const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = send(c->pair, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* one record at most: the peer is not read meanwhile */
			if (n > sizeof(c->pend) - c->pend_len)
				return -1;
			memcpy(c->pend + c->pend_len, p, n);
			c->pend_len += n;
			return 0;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The kept record, as the server makes room; then the peer's EOF. */
static int flush_pending(struct nconn *c)
{
	ssize_t w;

	while (c->pend_len) {
		w = send(c->pair, c->pend, c->pend_len,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w <= 0)
			return -1;
		memmove(c->pend, c->pend + w, c->pend_len - (size_t)w);
		c->pend_len -= (size_t)w;
	}
	explicit_bzero(c->pend, sizeof(c->pend));
	if (c->tcp_eof)
		shutdown(c->pair, SHUT_WR);
	return 0;
}

/* A frame's message (decoded, or why not) as its record, to the server. */
static int to_server_msg(struct nconn *c, const struct rks_msg *m)
{
	uint8_t rec[RKS_REC_MAX];
	size_t n = rks_msgrec_encode(m, rec);
	int r = to_server(c, rec, n);

	explicit_bzero(rec, sizeof(rec));
	return r;
}

/* Check a whole header: 0, or the error the server's reader would give. */
static int header_check(struct nconn *c, uint32_t *len)
{
	int r = rkd_frame_hdr_parse(c->in, &c->type, len);

	if (r == 0 && *len != modulus_len &&
	    (c->type == RKD_MSG_FACTOR || c->type == RKD_MSG_RESPONSE))
		r = RKD_ERR_BAD_LENGTH;
	return r;
}

/* The peer's bytes: one record per frame to the server. */
static int from_peer(struct nconn *c)
{
	struct rks_msg m;
	uint32_t len;
	ssize_t r;
	int err;

	if (c->pend_len)
		return 0;	/* the server first takes the last record */
	if (c->raw) {
		/* the session has ended at the bad header: discard */
		r = recv(c->tcp, c->in, sizeof(c->in), 0);
		if (r > 0)
			return 0;
		return r == 0 || errno != EAGAIN ? 1 : 0;
	}
	r = recv(c->tcp, c->in + c->in_len, c->need - c->in_len, 0);
	if (r == 0 && c->in_len) {
		/*
		 * The peer closed inside a frame: a record cut short, so
		 * that the server's reader says so (RKD_ERR_TRUNCATED), as
		 * its frame reader does without privilege separation.
		 */
		uint8_t cut[RKS_REC_HDR_LEN / 2] = { RKS_REC_BAD };

		to_server(c, cut, sizeof(cut));
		return 1;
	}
	if (r <= 0)
		return r == 0 || errno != EAGAIN ? 1 : 0;
	c->in_len += (size_t)r;
	if (c->in_len < c->need)
		return 0;
	if (c->need == RKD_FRAME_HDR_LEN) {
		if ((err = header_check(c, &len)) != 0 &&
		    !(rks_net_hook_type && rks_net_hook_type(c->in))) {
			/* the server says which error; we only carry it */
			c->raw = true;
			rks_msg_bad_header(&m, err);
			c->in_len = 0;
			return to_server_msg(c, &m) ? -1 : 0;
		}
		len = (uint32_t)c->in[4] << 24 | (uint32_t)c->in[5] << 16 |
		      (uint32_t)c->in[6] << 8 | c->in[7];
		if (len > RKD_BODY_MAX)
			len = RKD_BODY_MAX;	/* a test frame's */
		c->need = RKD_FRAME_HDR_LEN + len;
		if (len)
			return 0;
	}
	/* a whole frame */
	if (rks_net_test_hook &&
	    rks_net_test_hook(c->tcp, c->pair, ctl, c->in,
			      c->in_len)) {
		r = 0;
	} else {
		rks_msg_decode(c->type, c->in + RKD_FRAME_HDR_LEN,
			       (uint32_t)(c->in_len - RKD_FRAME_HDR_LEN),
			       modulus_len, &m);
		r = to_server_msg(c, &m);
		explicit_bzero(&m, sizeof(m));
	}
	explicit_bzero(c->in, c->in_len);
	c->in_len = 0;
	c->need = RKD_FRAME_HDR_LEN;
	return r ? -1 : 0;
}

/* The server's bytes, to the peer as they come. */
static int from_server(struct nconn *c)
{
	ssize_t r;

	if (!c->out_len) {
		r = recv(c->pair, c->out, sizeof(c->out), MSG_DONTWAIT);
		if (r == 0) {
			/* the server ended: say so to the peer */
			c->pair_eof = true;
			shutdown(c->tcp, SHUT_WR);
			return 0;
		}
		if (r < 0)
			return errno == EAGAIN ? 0 : -1;
		c->out_off = 0;
		c->out_len = (size_t)r;
	}
	while (c->out_len) {
		r = send(c->tcp, c->out + c->out_off, c->out_len,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0)
			return errno == EAGAIN ? 0 : -1;
		c->out_off += (size_t)r;
		c->out_len -= (size_t)r;
	}
	return 0;
}

/*
 * A new peer: its socketpair, one end to the server with the TCP socket
 * (the server reads the peer's address from it, net.h).
 */
static void on_accept(int lfd)
{
	struct sockaddr_storage ss;
	char cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { &ss, sizeof(ss) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	struct nconn *c;
	socklen_t len;
	int fd, sv[2], one = 1, pass[2];

	for (;;) {
		len = sizeof(ss);
		memset(&ss, 0, sizeof(ss));
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		c = calloc(1, sizeof(*c));
		if (!c || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				     sv)) {
			free(c);
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		memset(cbuf, 0, sizeof(cbuf));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(pass));
		pass[0] = sv[1];
		pass[1] = fd;
		memcpy(CMSG_DATA(cm), pass, sizeof(pass));
		if (sendmsg(ctl, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof(ss))
			_exit(0);	/* the server has gone */
		close(sv[1]);
		c->tcp = fd;
		c->pair = sv[0];
		c->need = RKD_FRAME_HDR_LEN;
		c->tcp_side = (struct side){ 1, c };
		c->pair_side = (struct side){ 2, c };
		watch(c->tcp, &c->tcp_side, EPOLLIN | EPOLLRDHUP,
		      EPOLL_CTL_ADD);
		watch(c->pair, &c->pair_side, EPOLLIN | EPOLLRDHUP,
		      EPOLL_CTL_ADD);
	}
}

static void on_event(struct side *s, uint32_t ev)
{
	struct nconn *c = s->c;
	int r = 0;

	if (s->kind == 1) {
		if ((ev & EPOLLOUT) && from_server(c))
			r = -1;
		if (!r && (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) &&
		    !c->tcp_eof) {
			r = from_peer(c);
			if (r > 0) {	/* the peer is done sending */
				c->tcp_eof = true;
				if (!c->pend_len)
					shutdown(c->pair, SHUT_WR);
				r = 0;
			}
		}
		if (ev & EPOLLERR)
			r = -1;
	} else {
		if (ev & EPOLLOUT)
			r = flush_pending(c);
		if (!r && (ev & (EPOLLIN | EPOLLRDHUP)))
			r = from_server(c);
		/* the server closed its end: nothing more to carry */
		if ((ev & (EPOLLHUP | EPOLLERR)) && !c->out_len)
			r = -1;
	}
	if (r < 0 ||
	    (c->tcp_eof && c->pair_eof && !c->out_len && !c->pend_len)) {
		conn_close(c);
		return;
	}
	interest(c);
}

int rks_net_child_main(int argc, char **argv)
{
	const struct rlimit none = { 0, 0 };
	struct side listen_side = { 0, NULL }, ctl_side = { 3, NULL };
	struct epoll_event ev[NET_EVENTS];
	struct side *s;
	int lfd, i, n;

	if (argc != 6)
		_exit(64);
	modulus_len = strtoul(argv[5], NULL, 10);
	if (modulus_len < RKD_RSA_MIN_BYTES || modulus_len > RKD_RSA_MAX_BYTES)
		_exit(64);
	/* no core, not dumpable, gone with the server */
	if (setrlimit(RLIMIT_CORE, &none) || prctl(PR_SET_DUMPABLE, 0) ||
	    prctl(PR_SET_PDEATHSIG, SIGKILL))
		die("prctl");
	if (getppid() == 1)
		_exit(0);
	lfd = atoi(argv[2]);
	ctl = atoi(argv[3]);
	fcntl(lfd, F_SETFD, FD_CLOEXEC);
	fcntl(ctl, F_SETFD, FD_CLOEXEC);
	/*
	 * Non-blocking again, as on_accept()'s loop needs: the listening
	 * socket is one open file for every network process, and the one
	 * before (taken over, then crashed) may have cleared the flag.
	 */
	if (fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK))
		die("fcntl");
	signal(SIGPIPE, SIG_IGN);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		die("epoll_create1");
	jail(argv[4]);
	filter();
	watch(lfd, &listen_side, EPOLLIN, EPOLL_CTL_ADD);
	/* the server closing our control socket ends us too */
	watch(ctl, &ctl_side, EPOLLRDHUP, EPOLL_CTL_ADD);
	for (;;) {
		n = epoll_wait(epfd, ev, NET_EVENTS, -1);
		for (i = 0; i < n; i++) {
			s = ev[i].data.ptr;
			if (s->kind == 3 && (ev[i].events &
					     (EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
				_exit(0);
			if (s->kind == 0)
				on_accept(lfd);
			else if (s->kind != 3 && !s->c->dead)
				on_event(s, ev[i].events);
		}
		conn_reap();
	}
}
