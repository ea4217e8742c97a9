// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * listen.c - socket(2), bind(2), listen(2); and RLIMIT_NOFILE.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "listen.h"
#include "cli_log.h"

/* Descriptors besides connections: stdio, listener, epoll, signalfd,
 * the spare, the database and its journal, OpenSSL's /dev/urandom. */
#define RKS_FD_RESERVE	32

int rks_listen(const char *addr, unsigned int port, unsigned int *bound,
	       char *why, size_t why_size)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
	};
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct addrinfo *ai = NULL;
	char service[8];
	int fd = -1, one = 1, r;

	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(addr, service, &hints, &ai);
	if (r != 0) {
		snprintf(why, why_size, "%s: %s", addr, gai_strerror(r));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    (ai->ai_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one))) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, SOMAXCONN) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		snprintf(why, why_size, "%s port %u: %s", addr, port,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	} else {
		*bound = ntohs(ss.ss_family == AF_INET6 ?
			       ((struct sockaddr_in6 *)&ss)->sin6_port :
			       ((struct sockaddr_in *)&ss)->sin_port);
	}
	freeaddrinfo(ai);
	return fd;
}

size_t rks_raise_nofile(size_t max_conns)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)max_conns + RKS_FD_RESERVE;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return max_conns;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur >= want)
		return max_conns;
	log_warn("fd-limit", "nofile=%llu max_connections=%zu "
		 "reason=\"hard limit too low\"",
		 (unsigned long long)rl.rlim_cur,
		 rl.rlim_cur > RKS_FD_RESERVE ?
		 (size_t)(rl.rlim_cur - RKS_FD_RESERVE) : 1);
	return rl.rlim_cur > RKS_FD_RESERVE ?
	       (size_t)(rl.rlim_cur - RKS_FD_RESERVE) : 1;
}
