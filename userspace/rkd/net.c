// SPDX-License-Identifier: GPL-2.0-or-later
/* net.c - a TCP connection to the RKS, bounded in time. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_log.h"
#include "net.h"

static int connect_one(const struct addrinfo *ai, unsigned int timeout_s)
{
	struct pollfd p;
	socklen_t len = sizeof(int);
	int fd, err = 0, one = 1;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, ai->ai_protocol);
	if (fd < 0)
		return -errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS)
		goto fail;
	p.fd = fd;
	p.events = POLLOUT;
	err = poll(&p, 1, timeout_s * 1000);
	if (err == 0) {
		errno = ETIMEDOUT;
		goto fail;
	}
	if (err < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		goto fail;
	if (err) {
		errno = err;
		goto fail;
	}
	/* back to blocking: the frame layer bounds every read with poll() */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

int rkd_connect(const char *host, unsigned int port, unsigned int timeout_s)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char service[8];
	int fd = -EHOSTUNREACH, r;

	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(host, service, &hints, &res);
	if (r) {
		log_error("resolve-failed", "server=%s error=\"%s\"", host,
			  gai_strerror(r));
		return -EHOSTUNREACH;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = connect_one(ai, timeout_s);
		if (fd >= 0)
			break;
	}
	freeaddrinfo(res);
	return fd;
}
