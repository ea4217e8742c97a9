/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net_hook.h - a test build's way into the network process: the test
 * program links rks-server with rks-server/tests/net_hooks.c, which
 * defines these; the real rks-server does not, so they are NULL there and
 * the network process never looks at a frame's contents.
 */
#ifndef RKS_NET_HOOK_H
#define RKS_NET_HOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Is this 8-byte header a test frame's (weak: NULL in rks-server)? */
bool rks_net_hook_type(const uint8_t *hdr) __attribute__((weak));

/*
 * A whole frame from the peer on @tcp: non-zero if the hook took it (and
 * answered on @tcp itself); 0 to relay it.
 */
int rks_net_test_hook(int tcp, const uint8_t *frame, size_t len)
	__attribute__((weak));

#endif /* RKS_NET_HOOK_H */
