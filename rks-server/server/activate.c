// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * activate.c - socket activation through libsystemd's sd_listen_fds(3),
 * the reference implementation of the protocol (no guessing at the
 * environment's format). Debian ships libsystemd-dev for amd64 and arm64
 * alike (scripts/install-deps); libsystemd0 is on every systemd host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <systemd/sd-daemon.h>

#include "activate.h"

/* What is wrong with @fd as rks-server's listener, or NULL if nothing. */
static const char *rks_activated_fault(int fd)
{
	if (sd_is_socket(fd, AF_UNSPEC, 0, -1) <= 0)
		return "is not a socket";
	if (sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, -1) <= 0)
		return "is not a stream socket (the socket unit needs "
		       "ListenStream=)";
	/* AF_UNSPEC: AF_INET or AF_INET6 */
	if (sd_is_socket_inet(fd, AF_UNSPEC, SOCK_STREAM, -1, 0) <= 0)
		return "is not an IPv4 or IPv6 socket (ListenStream= takes "
		       "ADDRESS:PORT)";
	if (sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0)
		return "is not listening (the socket unit needs Accept=no)";
	return NULL;
}

/* The numeric address and port @fd is bound to. */
static int rks_activated_name(int fd, char *addr, size_t addr_size,
			      unsigned int *bound)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const void *a;
	in_port_t port;

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return -errno;
	if (ss.ss_family == AF_INET6) {
		a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
		port = ((struct sockaddr_in6 *)&ss)->sin6_port;
	} else {
		a = &((struct sockaddr_in *)&ss)->sin_addr;
		port = ((struct sockaddr_in *)&ss)->sin_port;
	}
	if (!inet_ntop(ss.ss_family, a, addr, (socklen_t)addr_size))
		return -errno;
	*bound = ntohs(port);
	return 0;
}

int rks_listen_activated(char *addr, size_t addr_size, unsigned int *bound,
			 char *why, size_t why_size)
{
	const char *fault = NULL;
	char **names = NULL;
	int n, i, fd = SD_LISTEN_FDS_START, r;

	/* 1: unset $LISTEN_*, which describe this process only */
	n = sd_listen_fds_with_names(1, &names);
	if (n == 0)
		return -ENOENT;
	if (n < 0) {
		snprintf(why, why_size, "socket activation: $LISTEN_FDS: %s",
			 strerror(-n));
		return -EINVAL;
	}
	if (n > 1)
		snprintf(why, why_size, "socket activation: %d sockets were "
			 "passed; rks-server listens on one (one "
			 "ListenStream= in rks-server.socket)", n);
	else
		fault = rks_activated_fault(fd);
	if (fault)
		snprintf(why, why_size, "socket activation: descriptor %d "
			 "('%s') %s", fd, names && names[0] ? names[0] : "",
			 fault);
	r = n > 1 || fault ? -EINVAL : 0;
	if (!r && (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) ||
		   fcntl(fd, F_SETFD, FD_CLOEXEC) ||
		   rks_activated_name(fd, addr, addr_size, bound))) {
		snprintf(why, why_size, "socket activation: descriptor %d: "
			 "%s", fd, strerror(errno));
		r = -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (r)
			close(SD_LISTEN_FDS_START + i);
		free(names ? names[i] : NULL);
	}
	free(names);
	return r ? r : fd;
}
