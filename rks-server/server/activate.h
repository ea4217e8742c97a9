/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * activate.h - the listening socket systemd passes (socket activation,
 * etc/systemd/system/rks-server.socket).
 */
#ifndef RKS_ACTIVATE_H
#define RKS_ACTIVATE_H

#include <stddef.h>

/*
 * rks_listen_activated() - the socket passed by the service manager
 * (sd_listen_fds(3): $LISTEN_PID, $LISTEN_FDS, $LISTEN_FDNAMES; the
 * variables are unset, so the network process and any child never see
 * them), checked to be what rks_listen() would have made: one socket,
 * SOCK_STREAM, AF_INET or AF_INET6, listening. It is made non-blocking
 * and close-on-exec. @addr receives its numeric address, *@bound its port.
 *
 * Return: the socket (SD_LISTEN_FDS_START, 3); -ENOENT when none was
 * passed (then listen as configured); -EINVAL, with @why naming the
 * descriptor and what is wrong with it, when what was passed is not one
 * listening TCP socket (every passed descriptor is closed).
 */
int rks_listen_activated(char *addr, size_t addr_size, unsigned int *bound,
			 char *why, size_t why_size);

#endif /* RKS_ACTIVATE_H */
