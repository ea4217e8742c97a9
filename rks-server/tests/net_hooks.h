/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net_hooks.h - the frame types of the network process's test hooks
 * (net_hooks.c says what each does), shared by the hooks and the tests
 * that send them (test_srv_privsep.c).
 */
#ifndef RKS_NET_HOOKS_H
#define RKS_NET_HOOKS_H

#define HOOK_ABORT	0xEE
#define HOOK_OPEN	0xED
#define HOOK_RECORD	0xEC
#define HOOK_KILL	0xEB
#define HOOK_FDS	0xEA
#define HOOK_PEER	0xE9
#define HOOK_BLOCK	0xE8
#define HOOK_LISTEN	0xE7
#define HOOK_SAY	0xE6
#define HOOK_PIPE	0xE5
#define HOOK_DECODER_ABORT	"ABORT-IN-DECODER"

#endif /* RKS_NET_HOOKS_H */
