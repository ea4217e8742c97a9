// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net.c - sockets and clocks. The address is fixed to 127.0.0.1 on
 * purpose: a load generator that could be pointed elsewhere would be a
 * flooding tool.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "loadgen.h"

int lg_connect(unsigned int port, unsigned int source, bool block)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	/* another loopback address: another source to the server */
	struct sockaddr_in src = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(0x7f000000u | (source & 0xff)),
	};
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC |
		    (block ? 0 : SOCK_NONBLOCK), 0);
	if (fd < 0)
		return -1;
	if (source && bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0) {
		close(fd);
		return -1;
	}
	/* a device sends one message and waits: Nagle would only add delay */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

double lg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every connection is a descriptor: raise the soft limit to what we need. */
void lg_raise_nofile(unsigned int need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max < need ? rl.rlim_max : need;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < need)
		fprintf(stderr, "rks-loadgen: RLIMIT_NOFILE is %llu, below the "
			"%u descriptors needed (raise the hard limit)\n",
			(unsigned long long)rl.rlim_cur, need);
}
