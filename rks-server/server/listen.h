/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * listen.h - the listening socket, and the descriptor limit that a
 * thousand connections need.
 */
#ifndef RKS_LISTEN_H
#define RKS_LISTEN_H

#include <stddef.h>

/*
 * rks_listen() - a non-blocking TCP socket listening on @addr (numeric
 * IPv4 or IPv6) and @port (0: any free port, reported in *@bound)
 * Return: the socket, or -1 with the reason in @why.
 */
int rks_listen(const char *addr, unsigned int port, unsigned int *bound,
	       char *why, size_t why_size);

/*
 * rks_raise_nofile() - raise RLIMIT_NOFILE's soft limit to what @max_conns
 * connections need (up to the hard limit)
 * Return: the number of connections the limit allows (<= @max_conns).
 */
size_t rks_raise_nofile(size_t max_conns);

#endif /* RKS_LISTEN_H */
