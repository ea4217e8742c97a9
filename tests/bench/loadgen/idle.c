// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * idle.c - the idle mode: open --idle connections to the server, send
 * nothing, and hold them for --hold seconds, so that the caller can read
 * the server's memory with all of them open. Connections the server closes
 * meanwhile are counted: an idle connection the server drops costs it
 * nothing, and the measurement would be wrong.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/epoll.h>
#include <sys/socket.h>

#include "loadgen.h"

#define LG_CONNECT_S	30

struct lg_idle {
	int epfd;
	int *fds;
	unsigned int n, open, failed, dropped;
};

static volatile sig_atomic_t lg_stop;

static void lg_on_signal(int sig)
{
	(void)sig;
	lg_stop = 1;
}

/* Wait for the connects: EPOLLOUT says done, SO_ERROR says how. */
static void lg_idle_connect(struct lg_idle *g)
{
	struct epoll_event ev[256];
	double until = lg_now() + LG_CONNECT_S;
	unsigned int pending = g->n - g->failed;
	int n, i, fd, err;
	socklen_t len;

	while (pending && lg_now() < until && !lg_stop) {
		n = epoll_wait(g->epfd, ev, 256, 100);
		for (i = 0; i < n; i++) {
			fd = ev[i].data.fd;
			err = 0;
			len = sizeof(err);
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
			/* from now on, only the server's close matters */
			ev[i].events = EPOLLRDHUP;
			epoll_ctl(g->epfd, EPOLL_CTL_MOD, fd, &ev[i]);
			pending--;
			if (err)
				g->failed++;
			else
				g->open++;
		}
	}
	g->failed += pending;
}

static void lg_idle_hold(struct lg_idle *g, unsigned int secs)
{
	struct epoll_event ev[256];
	double until = lg_now() + secs;
	int n, i;

	while (lg_now() < until && !lg_stop) {
		n = epoll_wait(g->epfd, ev, 256, 200);
		for (i = 0; i < n; i++) {
			epoll_ctl(g->epfd, EPOLL_CTL_DEL, ev[i].data.fd, NULL);
			g->dropped++;
		}
	}
}

int lg_run_idle(const struct lg_opts *o)
{
	struct lg_idle g = { .n = o->idle };
	struct epoll_event ev = { .events = EPOLLOUT };
	unsigned int i;

	signal(SIGTERM, lg_on_signal);
	signal(SIGINT, lg_on_signal);
	lg_raise_nofile(o->idle + 64);
	g.fds = calloc(o->idle, sizeof(*g.fds));
	g.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!g.fds || g.epfd < 0) {
		fprintf(stderr, "rks-loadgen: out of memory or descriptors\n");
		free(g.fds);
		return -1;
	}
	for (i = 0; i < g.n; i++) {
		g.fds[i] = lg_connect(o->port, o->source, false);
		ev.data.fd = g.fds[i];
		if (g.fds[i] < 0 ||
		    epoll_ctl(g.epfd, EPOLL_CTL_ADD, g.fds[i], &ev) != 0)
			g.failed++;
	}
	lg_idle_connect(&g);
	printf("rks-loadgen: idle-ready connections=%u failed=%u\n", g.open,
	       g.failed);
	fflush(stdout);
	lg_idle_hold(&g, o->hold);
	printf("rks-loadgen: idle-done connections=%u failed=%u "
	       "closed_by_server=%u\n", g.open, g.failed, g.dropped);
	for (i = 0; i < g.n; i++)
		if (g.fds[i] >= 0)
			close(g.fds[i]);
	close(g.epfd);
	free(g.fds);
	return g.failed || g.dropped ? 1 : 0;
}
