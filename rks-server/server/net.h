/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net.h - privilege separation (`privsep = yes`): the process that faces
 * the network is a child of its own, exec'ed afresh (none of the parent's
 * memory, so no key), jailed (its own user, an empty root, seccomp, no
 * core, not dumpable), holding the listening socket and nothing else. It
 * accepts each connection, parses the peer's bytes into whole frames
 * (headers checked, bodies read to their length), decodes every body
 * (msg.h) and hands the connection over as one end of a socketpair on
 * which the server (the parent, with the key store and the database)
 * reads only fixed-layout records (msgrec.h), one per message; it checks
 * each strictly, and its session state machine checks that each fits the
 * session. The server's frames go back to the peer verbatim. The child's
 * crash ends its connections only; the parent starts a new one.
 *
 * Between the two, on a SOCK_SEQPACKET socketpair: one message per new
 * connection, a struct sockaddr_storage (the peer's, not used) with two
 * descriptors as SCM_RIGHTS: the connection's end of its socketpair, and
 * the peer's TCP socket, which the server asks for the peer's address
 * (getpeername(2): a network process taken over cannot name an address
 * that never connected) and closes.
 */
#ifndef RKS_NET_H
#define RKS_NET_H

#include <sys/socket.h>
#include <sys/types.h>

struct rks_net;

/*
 * rks_net_start() - fork and exec the network process on @listen_fd
 * @user: the user it runs as when started as root (e.g. "rks-net")
 * @modulus_len: the work key's modulus size in bytes (public), which its
 * decoder checks FACTOR and RESPONSE against
 * Return: the handle, or NULL after logging why.
 */
struct rks_net *rks_net_start(int listen_fd, const char *user,
			      size_t modulus_len);

/* The descriptor the server polls for new connections. */
int rks_net_fd(const struct rks_net *n);

/* The network process's pid (tests, logs). */
pid_t rks_net_pid(const struct rks_net *n);

/*
 * rks_net_log_fd() - the read end of the network process's stderr and
 * stdout
 * (non-blocking), for the loop's epoll; -1 once it has reached its end.
 * Its lines reach the server's log only through rks_net_log_drain(), as
 * the server's own events: "event=net-output pid=N text=..." (quoted,
 * at most 96 bytes of a line, "cut=yes" if longer; 10 lines a second at
 * most, the rest counted in one "event=net-output-dropped lines=N"), so
 * that a network process taken over cannot write a line that reads as
 * the server's.
 */
int rks_net_log_fd(const struct rks_net *n);

/* Log what the network process wrote (at most 4 KiB per call). */
void rks_net_log_drain(struct rks_net *n);

/*
 * rks_net_generation() - how many network processes have been started:
 * when it changes, rks_net_fd() and rks_net_log_fd() are new descriptors
 * to watch.
 */
unsigned int rks_net_generation(const struct rks_net *n);

/*
 * rks_net_retire() - end the network process (SIGKILL) 100-300 ms from
 * now, at the loop's next sweep after 100 ms: long enough for it to pass
 * on the ERROR just queued for its peer if it is only broken, not long
 * for one taken over. Its other connections end with it; a new one is
 * started as after a crash. Logged ("net-retire"); once per process.
 * @generation: rks_net_generation() when the connection was handed over:
 * a process started since (the guilty one is gone) is left alone.
 */
void rks_net_retire(struct rks_net *n, unsigned int generation);

/*
 * rks_net_tick() - start the network process again if it died younger
 * than 500 ms and that long has passed since (@now_ms: rks_now_ms()), or
 * if starting it failed (tried again every 500 ms, each failure logged).
 * Also logs the count of net-output lines a past second dropped.
 * Called from the loop's sweep: the loop never sleeps for it.
 */
void rks_net_tick(struct rks_net *n, long long now_ms);

/*
 * rks_net_recv() - the next connection the network process handed over
 * Return: its descriptor (non-blocking) and its peer in @ss, from the
 * kernel; -1 with errno EAGAIN when there is none now; -1 with errno
 * ECONNABORTED when its peer has gone already (call again for the next);
 * -1 with errno EPIPE when the network process has gone or
 * sent a message that is not one (it is restarted: poll rks_net_fd()
 * again, it changed).
 */
int rks_net_recv(struct rks_net *n, struct sockaddr_storage *ss);

/* Stop the network process and free @n. */
void rks_net_stop(struct rks_net *n);

/*
 * rks_net_child_main() - the network process (argv as rks_net_start()
 * makes it: "--net-child LISTEN_FD CTL_FD USER MODULUS_LEN"). Does not
 * return.
 */
int rks_net_child_main(int argc, char **argv) __attribute__((noreturn));

#endif /* RKS_NET_H */
