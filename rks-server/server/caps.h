/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps.h - the capabilities rks-server.service grants, CAP_SETUID,
 * CAP_SETGID and CAP_SYS_CHROOT (ambient), exist for one use: the network
 * process's jail (net_child.c), which changes to the network user in an
 * empty root and then drops them all. The server never uses them; it keeps
 * them permitted (not effective) so that each network process it starts
 * (posix_spawn, exec) receives them through the ambient set.
 *
 * Raw capget(2)/capset(2) (_LINUX_CAPABILITY_VERSION_3, <linux/capability.h>)
 * on the calling thread: three calls need no libcap.
 */
#ifndef RKS_CAPS_H
#define RKS_CAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/capability.h>

/* What the jail needs (capability numbers as bits, capabilities(7)). */
#define RKS_JAIL_CAPS	((1ULL << CAP_SETUID) | (1ULL << CAP_SETGID) | \
			 (1ULL << CAP_SYS_CHROOT))

/* Every capability of @mask is in this thread's permitted set. */
bool rks_caps_permitted(uint64_t mask);

/*
 * rks_caps_lower() - empty this thread's effective set, keeping the
 * permitted, inheritable and ambient sets (threads started later inherit
 * it). Return: 0, or -errno of capget(2)/capset(2).
 */
int rks_caps_lower(void);

/*
 * rks_caps_drop_all() - empty this thread's ambient, effective, permitted
 * and inheritable sets: nothing can raise them again short of an exec of
 * a privileged file, which no_new_privs forbids. Return: 0, or -errno.
 */
int rks_caps_drop_all(void);

/*
 * rks_caps_confine() - a seccomp filter (libseccomp) on this process and
 * every process it starts, installed before any key is read: user and
 * group changes only to @uid and @gid, the network user's (setresuid(2),
 * setresgid(2) with all three ids equal to them, setgroups(2) to none;
 * setuid(2), setreuid(2), setfsuid(2) and their gid twins never), no new
 * user namespace (clone(2), unshare(2) with CLONE_NEWUSER: EPERM; clone3(2)
 * ENOSYS, for the C library to fall back to clone(2)), each other answered
 * EPERM; every other system call as before. So the
 * permitted CAP_SETUID kept for the network processes cannot make the
 * server, should code run in it, root or any other user.
 * Return: 0, or -errno (-ENOMEM, -EINVAL) from libseccomp.
 */
int rks_caps_confine(uid_t uid, gid_t gid);

#endif /* RKS_CAPS_H */
