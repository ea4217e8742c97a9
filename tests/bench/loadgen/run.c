// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * run.c - the session mode: one epoll loop keeps --concurrency software
 * devices in flight, each on its own connection, until --sessions have
 * started or --duration has passed, then waits for the last ones.
 *
 * One thread is enough: a device's work per session (a certificate check
 * and two RSA public operations) is well under the server's (two RSA
 * private operations), so the generator is never what saturates. The
 * devices share librkdsoftdev's WORK_CERT cache unless --no-cache: with
 * it, a session costs this program about half the CPU (most of a full
 * check is OpenSSL 3 decoding the certificate's key), which matters
 * when it shares the server's CPUs (tests/bench/run, section 6).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "loadgen.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_msg.h"
#include "rkd_softdev.h"

#define LG_FACTOR_LEN	16
#define LG_EVENTS	256
#define LG_TICK_MS	50

struct lg_sess {
	int fd;				/* -1: the slot is free */
	bool connected;
	uint32_t events;		/* epoll interest now */
	double start;
	struct rkd_softdev *dev;
	/* this session's round trips so far, for lg_stats's exchange */
	uint32_t x_req[LG_EXCHANGE_MAX], x_rep[LG_EXCHANGE_MAX];
	unsigned int n_x;
	struct rkd_frame_rx rx;
	uint8_t tx[RKD_FRAME_HDR_LEN + RKD_BODY_MAX];
	size_t tx_len, tx_off;
};

struct lg_run {
	const struct lg_opts *o;
	struct lg_stats *st;
	int epfd;
	struct lg_sess *sess;		/* o->concurrency of them */
	struct rkd_softdev_cache *cache;	/* NULL with --no-cache */
	unsigned int *free_slots, n_free;
	unsigned int in_flight;
	double t0, t_end;
};

/* A device's identity for this session: DSN, a fresh factor, its DIK2. */
static int lg_device(const struct lg_run *r, unsigned int n,
		     struct rkd_softdev **dev)
{
	const struct lg_opts *o = r->o;
	uint8_t factor[LG_FACTOR_LEN], dik2[RKD_TDES_LEN];
	struct rkd_softdev_params p = {
		.factor = factor, .factor_len = sizeof(factor), .dik2 = dik2,
		.root = o->root, .cache = r->cache,
	};
	char dsn[RKD_DSN_MAX + 1];
	bool degenerate;
	int ret;

	snprintf(dsn, sizeof(dsn), "%s%0*u", o->prefix, (int)o->digits,
		 o->first + n % o->devices);
	p.dsn = dsn;
	do {	/* a weak DIK2 is 2^-54 likely; the factory redraws too */
		if (RAND_bytes(factor, sizeof(factor)) != 1)
			return RKD_ERR_CRYPTO;
		ret = rkd_dik2(dsn, strlen(dsn), factor, sizeof(factor),
			       o->dik1, dik2, &degenerate);
	} while (ret == 0 && degenerate);
	if (ret == 0)
		ret = rkd_softdev_new(&p, dev);
	OPENSSL_cleanse(factor, sizeof(factor));
	OPENSSL_cleanse(dik2, sizeof(dik2));
	return ret;
}

static void lg_end(struct lg_run *r, struct lg_sess *s, int err)
{
	struct lg_stats *st = r->st;
	double now = lg_now();

	if (err < 0) {
		st->ok++;
		st->lat_us[st->n_lat++] = (uint32_t)((now - s->start) * 1e6);
		st->n_x = s->n_x <= LG_EXCHANGE_MAX ? s->n_x : 0;
		memcpy(st->x_req, s->x_req, sizeof(st->x_req));
		memcpy(st->x_rep, s->x_rep, sizeof(st->x_rep));
	} else {
		st->errors++;
		st->err[err]++;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	rkd_softdev_free(s->dev);
	s->dev = NULL;
	rkd_frame_wipe(&s->rx.f);
	r->free_slots[r->n_free++] = (unsigned int)(s - r->sess);
	r->in_flight--;
	r->t_end = now;
}

static int lg_interest(struct lg_run *r, struct lg_sess *s)
{
	struct epoll_event ev = { .data.ptr = s };

	ev.events = s->connected ? EPOLLIN : EPOLLOUT;
	if (s->tx_off < s->tx_len)
		ev.events |= EPOLLOUT;
	if (ev.events == s->events)
		return 0;
	s->events = ev.events;
	return epoll_ctl(r->epfd, EPOLL_CTL_MOD, s->fd, &ev);
}

static void lg_start(struct lg_run *r)
{
	struct lg_sess *s = &r->sess[r->free_slots[--r->n_free]];
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = s };
	int ret;

	memset(s, 0, offsetof(struct lg_sess, rx));
	s->fd = -1;
	/* a session that failed may have left bytes unsent */
	s->tx_len = s->tx_off = 0;
	s->start = lg_now();
	r->in_flight++;
	ret = lg_device(r, r->st->started++, &s->dev);
	if (ret) {
		r->st->last_device_err = ret;
		lg_end(r, s, LG_ERR_LOCAL);
		return;
	}
	rkd_frame_rx_init(&s->rx);
	s->fd = lg_connect(r->o->port, r->o->source, false);
	if (s->fd < 0) {
		lg_end(r, s, errno == EMFILE || errno == ENFILE ?
		       LG_ERR_LOCAL : LG_ERR_CONNECT);
		return;
	}
	s->events = ev.events;
	if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, s->fd, &ev) != 0)
		lg_end(r, s, LG_ERR_LOCAL);
}

/* Send what is queued; false if the connection broke. */
static bool lg_flush(struct lg_sess *s)
{
	ssize_t n;

	while (s->tx_off < s->tx_len) {
		n = send(s->fd, s->tx + s->tx_off, s->tx_len - s->tx_off,
			 MSG_NOSIGNAL);
		if (n > 0)
			s->tx_off += (size_t)n;
		else if (n < 0 && errno == EINTR)
			continue;
		else
			return n < 0 && (errno == EAGAIN ||
					 errno == EWOULDBLOCK);
	}
	s->tx_off = s->tx_len = 0;
	return true;
}

/*
 * Feed one message to the device (type 0: start) and queue its answer.
 * Returns -1 to go on, 0 when the session is over and good, or an lg_err.
 */
static int lg_step(struct lg_run *r, struct lg_sess *s, unsigned int type,
		   const uint8_t *body, size_t len)
{
	uint8_t mem[RKD_BODY_MAX], out_type = 0;
	struct rkd_buf out, frame;
	int ret;

	rkd_buf_fixed(&out, mem, sizeof(mem));
	ret = rkd_softdev_step(s->dev, type, body, len, &out_type, &out);
	if (ret) {
		r->st->last_device_err = ret;
		return LG_ERR_DEVICE;
	}
	if (out_type) {
		rkd_buf_fixed(&frame, s->tx + s->tx_len,
			      sizeof(s->tx) - s->tx_len);
		if (rkd_frame_encode(&frame, out_type, rkd_buf_ptr(&out),
				     rkd_buf_len(&out)) != 0)
			return LG_ERR_LOCAL;
		s->tx_len += rkd_buf_len(&frame);
		/* a request after a reply opens the next round trip */
		if (!s->n_x || s->n_x > LG_EXCHANGE_MAX ||
		    s->x_rep[s->n_x - 1])
			s->n_x++;
		if (s->n_x <= LG_EXCHANGE_MAX)
			s->x_req[s->n_x - 1] += (uint32_t)rkd_buf_len(&frame);
	}
	if (rkd_softdev_phase(s->dev) != RKD_SOFTDEV_COMPLETE)
		return -1;
	r->st->keys += rkd_softdev_keys_stored(s->dev);
	if (r->o->expect_keys >= 0 &&
	    rkd_softdev_keys_stored(s->dev) != (unsigned int)r->o->expect_keys)
		return LG_ERR_KEYS;
	return 0;
}

static int lg_peer_error(const struct rkd_frame *f)
{
	uint8_t code = 0;

	rkd_error_decode(f->body, f->len, &code);
	switch (code) {
	case RKD_ERROR_AUTH_FAILED:
		return LG_ERR_AUTH;
	case RKD_ERROR_BUSY:
		return LG_ERR_BUSY;
	default:
		return LG_ERR_PROTOCOL;
	}
}

/* Read and answer whole frames: -1 to go on, else as lg_step(). */
static int lg_read(struct lg_run *r, struct lg_sess *s)
{
	int ret;

	for (;;) {
		ret = rkd_frame_rx_read(s->fd, &s->rx);
		if (ret == RKD_ERR_AGAIN)
			return -1;
		if (ret == RKD_ERR_EOF || ret == RKD_ERR_TRUNCATED ||
		    ret == RKD_ERR_SYSTEM)
			return LG_ERR_CLOSED;
		if (ret != RKD_OK)
			return LG_ERR_PROTOCOL;	/* a bad frame header */
		if (s->rx.f.type == RKD_MSG_ERROR)
			return lg_peer_error(&s->rx.f);
		if (s->n_x && s->n_x <= LG_EXCHANGE_MAX)
			s->x_rep[s->n_x - 1] += RKD_FRAME_HDR_LEN + s->rx.f.len;
		ret = lg_step(r, s, s->rx.f.type, s->rx.f.body, s->rx.f.len);
		rkd_frame_wipe(&s->rx.f);
		if (ret >= 0)
			return ret;
	}
}

static void lg_on_event(struct lg_run *r, struct lg_sess *s, uint32_t ev)
{
	int ret = -1, soerr = 0;
	socklen_t len = sizeof(soerr);

	if (!s->connected) {
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) ||
		    soerr) {
			lg_end(r, s, LG_ERR_CONNECT);
			return;
		}
		s->connected = true;
		ret = lg_step(r, s, 0, NULL, 0);	/* HELLO */
	} else if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		ret = lg_read(r, s);
	}
	if (ret == -1 && !lg_flush(s))
		ret = LG_ERR_CLOSED;
	if (ret == -1 && lg_interest(r, s) != 0)
		ret = LG_ERR_LOCAL;
	if (ret >= 0)
		lg_end(r, s, ret == 0 ? -1 : ret);
}

static void lg_sweep(struct lg_run *r, double now)
{
	unsigned int i;

	for (i = 0; i < r->o->concurrency; i++)
		if (r->sess[i].fd >= 0 &&
		    now - r->sess[i].start > r->o->timeout)
			lg_end(r, &r->sess[i], LG_ERR_TIMEOUT);
}

static int lg_loop(struct lg_run *r)
{
	const struct lg_opts *o = r->o;
	struct epoll_event ev[LG_EVENTS];
	double stop = r->t0 + o->duration, now;
	int n, i;

	for (;;) {
		now = lg_now();
		while (r->n_free && r->st->started < o->sessions && now < stop)
			lg_start(r);
		if (!r->in_flight && (r->st->started >= o->sessions ||
				      now >= stop))
			return 0;
		n = epoll_wait(r->epfd, ev, LG_EVENTS, LG_TICK_MS);
		if (n < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < n; i++)
			lg_on_event(r, ev[i].data.ptr, ev[i].events);
		lg_sweep(r, lg_now());
	}
}

int lg_run_sessions(const struct lg_opts *o, struct lg_stats *st)
{
	struct lg_run r = { .o = o, .st = st };
	unsigned int i;
	int ret = -1;

	memset(st, 0, sizeof(*st));
	lg_raise_nofile(o->concurrency + 64);
	st->lat_us = calloc(o->sessions, sizeof(*st->lat_us));
	r.sess = calloc(o->concurrency, sizeof(*r.sess));
	r.free_slots = calloc(o->concurrency, sizeof(*r.free_slots));
	r.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!o->no_cache && rkd_softdev_cache_new(&r.cache) != RKD_OK)
		r.cache = NULL;
	if (!st->lat_us || !r.sess || !r.free_slots || r.epfd < 0 ||
	    (!o->no_cache && !r.cache)) {
		fprintf(stderr, "rks-loadgen: out of memory or descriptors\n");
		goto out;
	}
	for (i = 0; i < o->concurrency; i++) {
		r.sess[i].fd = -1;
		r.free_slots[r.n_free++] = o->concurrency - 1 - i;
	}
	r.t0 = r.t_end = lg_now();
	ret = lg_loop(&r);
	st->elapsed = r.t_end - r.t0;
	if (ret)
		fprintf(stderr, "rks-loadgen: epoll: %s\n", strerror(errno));
out:
	if (r.epfd >= 0)
		close(r.epfd);
	if (r.sess)
		OPENSSL_clear_free(r.sess, o->concurrency * sizeof(*r.sess));
	free(r.free_slots);
	rkd_softdev_cache_free(r.cache);
	return ret;
}
