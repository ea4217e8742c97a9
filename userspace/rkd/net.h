/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef RKD_NET_H
#define RKD_NET_H

/* Connect to host:port within @timeout_s; a socket fd, or -errno. */
int rkd_connect(const char *host, unsigned int port, unsigned int timeout_s);

#endif /* RKD_NET_H */
