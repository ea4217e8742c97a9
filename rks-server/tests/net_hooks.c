// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_hooks.c - test hooks of the network process (net_hook.h), linked
 * into rks-server-hooks only:
 *   type 0xEE: abort(), as a frame reader bug found by a fuzzer would;
 *   type 0xED: the body is a path; the process tries to open(2) it and
 *              answers one byte on the connection: 0 if it opened, else
 *              the errno (at most 255);
 *   type 0xEC: the body is a record (msgrec.h), sent to the server as it
 *              is, as a network process taken over would;
 *   type 0xEB: tgkill(2) signal 0 to its parent, the server; answers one
 *              byte as 0xED does: 0 if the signal could be sent;
 *   type 0xEA: a control message with three descriptors (its
 *              connection's pair end, TCP socket, pair end again) where
 *              the server takes two;
 *   type 0xE9: a new connection handed to the server in a control
 *              message naming the peer 203.0.113.11 (RFC 5737), with a
 *              new socketpair's end and this connection's TCP socket; the
 *              new pair is then closed (its session ends at once);
 *   type 0xE8: as 0xE9 (with the real peer's address), but it keeps a
 *              copy of the end the server gets, makes that blocking
 *              (F_SETFL: one open file, shared with the server) and
 *              sends half a record header on the pair, then nothing;
 *   type 0xE7: finds the listening socket (the descriptor whose accept4
 *              says EAGAIN), clears its O_NONBLOCK (the open file is
 *              the next network process's too), then abort();
 *   type 0xE6: the body is written to the process's stdout and then its
 *              stderr as it is (lines made to look like the server's log);
 *   type 0xE5: its stderr's write end handed to the server as a
 *              connection's end (with this connection's TCP socket), then
 *              _exit(0);
 *   a FACTOR whose ciphertext begins with HOOK_DECODER_ABORT: abort()
 *              inside the body decoder (msg.c), as a decoder bug would.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "net_hook.h"
#include "net_hooks.h"
#include "rkd_proto.h"

#define HOOK_PEER_ADDR	0xCB00710Bu	/* 203.0.113.11 */

bool rks_net_hook_type(const uint8_t *hdr)
{
	return hdr[0] == 'R' && hdr[1] == 'K' &&
	       (hdr[3] == HOOK_ABORT || hdr[3] == HOOK_OPEN ||
		hdr[3] == HOOK_RECORD || hdr[3] == HOOK_KILL ||
		hdr[3] == HOOK_FDS || hdr[3] == HOOK_PEER ||
		hdr[3] == HOOK_BLOCK || hdr[3] == HOOK_LISTEN ||
		hdr[3] == HOOK_SAY || hdr[3] == HOOK_PIPE);
}

void rks_net_decode_hook(uint8_t type, const uint8_t *body, size_t len)
{
	size_t n = strlen(HOOK_DECODER_ABORT);

	if (type == RKD_MSG_FACTOR && len >= n &&
	    !memcmp(body, HOOK_DECODER_ABORT, n))
		abort();
}

/* @n descriptors on the control socket, with @peer as the address. */
static void send_fds(int ctl, const int *fds, size_t n, uint32_t peer)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	union {
		char b[CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { &ss, sizeof(ss) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
	};
	struct cmsghdr *cm;

	memset(&ss, 0, sizeof(ss));
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(peer);
	in->sin_port = htons(7);
	memset(&cbuf, 0, sizeof(cbuf));
	mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	if (sendmsg(ctl, &mh, MSG_NOSIGNAL) < 0)
		abort();
}

int rks_net_test_hook(int tcp, int pair, int ctl, const uint8_t *frame,
		      size_t len)
{
	char path[512];
	uint8_t answer;
	size_t n = len - RKD_FRAME_HDR_LEN;
	int fd;

	if (!rks_net_hook_type(frame))
		return 0;
	if (frame[3] == HOOK_ABORT)
		abort();
	if (frame[3] == HOOK_SAY) {
		if (write(STDOUT_FILENO, frame + RKD_FRAME_HDR_LEN, n) < 0 ||
		    write(STDERR_FILENO, frame + RKD_FRAME_HDR_LEN, n) < 0)
			abort();
		return 1;
	}
	if (frame[3] == HOOK_PIPE) {
		int two[2] = { STDERR_FILENO, tcp };

		send_fds(ctl, two, 2, 0x7f000001u);
		_exit(0);
	}
	if (frame[3] == HOOK_RECORD) {
		if (send(pair, frame + RKD_FRAME_HDR_LEN, n, MSG_NOSIGNAL) < 0)
			abort();
		return 1;
	}
	if (frame[3] == HOOK_FDS) {
		int three[3] = { pair, tcp, pair };

		send_fds(ctl, three, 3, 0x7f000001u);
		return 1;
	}
	if (frame[3] == HOOK_PEER) {
		int sv[2], two[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			abort();
		two[0] = sv[1];
		two[1] = tcp;
		send_fds(ctl, two, 2, HOOK_PEER_ADDR);
		close(sv[0]);
		close(sv[1]);
		return 1;
	}
	if (frame[3] == HOOK_BLOCK) {
		static const uint8_t half[4] = { 1 };	/* RKS_REC_HELLO */
		int sv[2], two[2], copy;

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			abort();
		copy = fcntl(sv[1], F_DUPFD_CLOEXEC, 0);
		two[0] = sv[1];
		two[1] = tcp;
		send_fds(ctl, two, 2, 0x7f000001u);
		close(sv[1]);
		/* both kept open, on purpose: the server must not wait */
		if (copy < 0 || fcntl(copy, F_SETFL, 0) ||
		    send(sv[0], half, sizeof(half), MSG_NOSIGNAL) != 4)
			abort();
		return 1;
	}
	if (frame[3] == HOOK_LISTEN) {
		int lfd, flags;

		for (lfd = 3; lfd < 64; lfd++) {
			if (accept4(lfd, NULL, NULL, SOCK_NONBLOCK) >= 0 ||
			    errno != EAGAIN)
				continue;
			flags = fcntl(lfd, F_GETFL);
			if (flags >= 0)
				fcntl(lfd, F_SETFL, flags & ~O_NONBLOCK);
		}
		abort();
	}
	if (frame[3] == HOOK_KILL) {
		fd = (int)syscall(SYS_tgkill, getppid(), getppid(), 0);
		answer = fd == 0 ? 0 : errno > 255 ? 255 : (uint8_t)errno;
		send(tcp, &answer, 1, MSG_NOSIGNAL);
		return 1;
	}
	if (n >= sizeof(path))
		n = sizeof(path) - 1;
	memcpy(path, frame + RKD_FRAME_HDR_LEN, n);
	path[n] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	answer = fd >= 0 ? 0 : errno > 255 ? 255 : (uint8_t)errno;
	if (fd >= 0)
		close(fd);
	send(tcp, &answer, 1, MSG_NOSIGNAL);
	return 1;
}
