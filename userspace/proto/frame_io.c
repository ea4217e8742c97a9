// SPDX-License-Identifier: MIT
/*
 * frame_io.c - reading and writing whole frames on a file descriptor, with
 * deadlines. A frame is read in two parts (header, then body) and the
 * kernel is asked for no byte beyond the part in hand.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "rkd_err.h"
#include "rkd_frame.h"

#define RKD_PROGRESS	1	/* rkd_frame_rx_once(): read some, need more */

void rkd_frame_rx_init(struct rkd_frame_rx *rx)
{
	OPENSSL_cleanse(rx, sizeof(*rx));
}

bool rkd_frame_rx_started(const struct rkd_frame_rx *rx)
{
	return !rx->complete && (rx->have || rx->in_body);
}

/* One read(2) towards the current part of the frame. */
static int rkd_frame_rx_once(int fd, struct rkd_frame_rx *rx)
{
	uint8_t *dst;
	size_t want;
	ssize_t n;
	int r;

	if (rx->complete) {
		uint32_t modulus_len = rx->modulus_len;

		rkd_frame_rx_init(rx);
		rx->modulus_len = modulus_len;
	}
	if (rx->in_body) {
		dst = rx->f.body + rx->have;
		want = rx->f.len - rx->have;
	} else {
		dst = rx->hdr + rx->have;
		want = sizeof(rx->hdr) - rx->have;
	}

	if (want) {
		do {
			n = read(fd, dst, want);
		} while (n < 0 && errno == EINTR);
		if (n < 0)
			return (errno == EAGAIN || errno == EWOULDBLOCK) ?
				RKD_ERR_AGAIN : RKD_ERR_SYSTEM;
		if (n == 0)
			return rkd_frame_rx_started(rx) ? RKD_ERR_TRUNCATED :
							  RKD_ERR_EOF;
		rx->have += (size_t)n;
		if ((size_t)n < want)
			return RKD_PROGRESS;
	}

	if (!rx->in_body) {
		/* the whole header: judge it before asking for the body */
		r = rkd_frame_hdr_parse(rx->hdr, &rx->f.type, &rx->f.len);
		if (r != 0)
			return r;
		if (rx->modulus_len && rx->f.len != rx->modulus_len &&
		    (rx->f.type == RKD_MSG_FACTOR ||
		     rx->f.type == RKD_MSG_RESPONSE))
			return RKD_ERR_BAD_LENGTH;
		rx->in_body = true;
		rx->have = 0;
		if (rx->f.len)
			return RKD_PROGRESS;
	}
	rx->complete = true;
	return RKD_OK;
}

int rkd_frame_rx_read(int fd, struct rkd_frame_rx *rx)
{
	int r;

	while ((r = rkd_frame_rx_once(fd, rx)) == RKD_PROGRESS)
		;
	return r;
}

static long long rkd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait for @events on @fd until @deadline (ms, CLOCK_MONOTONIC; < 0: none).
 * Return: RKD_OK, RKD_ERR_TIMEOUT or RKD_ERR_SYSTEM.
 */
static int rkd_wait(int fd, short events, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	long long left;
	int n;

	for (;;) {
		left = -1;
		if (deadline >= 0) {
			left = deadline - rkd_now_ms();
			if (left <= 0)
				return RKD_ERR_TIMEOUT;
		}
		n = poll(&pfd, 1, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (n > 0)
			return RKD_OK;	/* POLLERR/POLLHUP: the I/O says why */
		if (n == 0)
			continue;	/* recheck the deadline */
		if (errno != EINTR)
			return RKD_ERR_SYSTEM;
	}
}

static long long rkd_deadline(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : rkd_now_ms() + timeout_ms;
}

int rkd_frame_read(int fd, struct rkd_frame *f, int timeout_ms)
{
	long long deadline = rkd_deadline(timeout_ms);
	struct rkd_frame_rx *rx;
	int r, saved_errno;

	rkd_frame_wipe(f);
	/* the reader state holds a whole frame: keep it off small stacks */
	rx = OPENSSL_zalloc(sizeof(*rx));
	if (!rx)
		return RKD_ERR_ALLOC;
	do {
		r = rkd_wait(fd, POLLIN, deadline);
		if (r == 0)
			r = rkd_frame_rx_once(fd, rx);
	} while (r == RKD_PROGRESS || r == RKD_ERR_AGAIN);
	if (r == 0) {
		f->type = rx->f.type;
		f->len = rx->f.len;
		memcpy(f->body, rx->f.body, rx->f.len);
	}
	saved_errno = errno;	/* RKD_ERR_SYSTEM's errno survives free() */
	OPENSSL_clear_free(rx, sizeof(*rx));
	errno = saved_errno;
	return r;
}

/* write(2), or send(2) without SIGPIPE when @fd is a socket */
static ssize_t rkd_write_some(int fd, const void *p, size_t n)
{
	ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

	if (w < 0 && errno == ENOTSOCK)
		w = write(fd, p, n);
	return w;
}

int rkd_frame_write(int fd, unsigned int type, const void *body, size_t len,
		    int timeout_ms)
{
	long long deadline = rkd_deadline(timeout_ms);
	uint8_t frame[RKD_FRAME_HDR_LEN + RKD_BODY_MAX];
	struct rkd_buf b;
	ssize_t w;
	int r;

	rkd_buf_fixed(&b, frame, sizeof(frame));
	if ((r = rkd_frame_encode(&b, type, body, len)) != 0)
		goto out;
	while (rkd_buf_len(&b)) {
		w = rkd_write_some(fd, rkd_buf_ptr(&b), rkd_buf_len(&b));
		if (w > 0) {
			rkd_buf_consume(&b, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			r = RKD_ERR_SYSTEM;
			goto out;
		}
		if ((r = rkd_wait(fd, POLLOUT, deadline)) != 0)
			goto out;
	}
	r = RKD_OK;
out:
	OPENSSL_cleanse(frame, sizeof(frame));
	return r;
}
