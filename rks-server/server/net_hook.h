/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net_hook.h - a test build's way into the network process: the test
 * program links rks-server with rks-server/tests/net_hooks.c, which
 * defines these; the real rks-server does not, so they are NULL there.
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
 * answered on @tcp itself, or wrote to the server on @pair, or on the
 * control socket @ctl, as a hostile network process would); 0 to decode
 * and relay it.
 */
int rks_net_test_hook(int tcp, int pair, int ctl, const uint8_t *frame,
		      size_t len) __attribute__((weak));

/*
 * Called by the body decoder (msg.c) with each frame it decodes: a test
 * build crashes it from here, as a decoder bug would.
 */
void rks_net_decode_hook(uint8_t type, const uint8_t *body, size_t len)
	__attribute__((weak));

#endif /* RKS_NET_HOOK_H */
