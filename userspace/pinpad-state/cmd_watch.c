// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_watch.c - `watch`: the daemon that saves the sealed state after
 * every change, and erases the key file and the blob after a tamper.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "ps.h"

#define PS_RETRY_MIN_MS	1000
#define PS_RETRY_MAX_MS	60000

static volatile sig_atomic_t ps_stop;

static void ps_on_signal(int sig)
{
	ps_stop = sig;
}

/*
 * Signals are blocked except inside ppoll(), so a SIGTERM cannot slip in
 * between the check of ps_stop and the wait.
 */
static void ps_signals(sigset_t *during_wait)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ps_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, during_wait);
	sigdelset(during_wait, SIGTERM);
	sigdelset(during_wait, SIGINT);
}

/* The tamper circuit's half that the module cannot do: erase the store. */
static int ps_tampered(const struct ps_opts *o, const struct pinpad_status *st)
{
	log_error("tamper-detected", "device=%s dsn=%.*s generation=%llu detail=\"the module wiped its keys; erasing the device key and the sealed blob\"",
		  o->device,
		  (st->flags & PINPAD_STATUS_HAS_DSN) ? (int)st->dsn_len : 1,
		  (st->flags & PINPAD_STATUS_HAS_DSN) ? (const char *)st->dsn : "-",
		  (unsigned long long)st->generation);
	return ps_erase_all(o->key_file, o->file);
}

/*
 * One round: look at the device; tampered: erase and stop (*done);
 * otherwise save. Return: 0 saved, or a negative errno (retry later).
 */
static int ps_round(struct pinpad *pp, const struct ps_opts *o, bool save,
		    bool *done, int *exit_code)
{
	struct pinpad_status st;
	static uint8_t buf[PINPAD_STATE_MAX];
	int ret, export_err;
	size_t len;

	ret = pinpad_status(pp, &st);
	if (ret) {
		log_error("device-error", "device=%s error=\"%s\"", o->device,
			  pinpad_strerror(ret));
		*done = true;
		*exit_code = PS_DEVICE;
		return ret;
	}
	if (st.state == PINPAD_STATE_ZEROIZED) {
		*done = true;
		*exit_code = ps_tampered(o, &st);
		return 0;
	}
	if (!save) {
		/* Only mark this file up to date, so poll waits for a change. */
		ret = pinpad_state_export(pp, buf, sizeof(buf), &len, NULL);
		if (!ret)
			return 0;
		export_err = ret;
		log_error("export-failed", "device=%s error=\"%s\"", o->device,
			  pinpad_cmd_strerror(PINPAD_IOC_STATE_EXPORT, ret));
	} else {
		ret = ps_save_locked(pp, o, o->file, &export_err);
		if (!ret)
			return 0;
	}
	if (export_err == -ENOKEY || export_err == -EPERM ||
	    export_err == -EBADF || export_err == -ENOTTY) {
		log_error("watch-failed", "device=%s error=\"%s\"", o->device,
			  pinpad_cmd_strerror(PINPAD_IOC_STATE_EXPORT,
					      export_err));
		*done = true;
		*exit_code = PS_DEVICE;
	}
	/* -EACCES: tampered meanwhile; the next round sees ZEROIZED. */
	return ret;
}

int ps_watch(const struct ps_opts *o)
{
	unsigned int retry_ms = 0;
	struct pinpad_status st;
	sigset_t during_wait;
	struct pollfd pfd;
	struct timespec ts;
	struct pinpad *pp;
	bool done = false;
	int ret, code = PS_OK, n;

	ps_signals(&during_wait);
	ret = ps_open(o, PINPAD_OPEN_RDWR, &pp);
	if (ret)
		return ret;
	ret = pinpad_status(pp, &st);
	if (!ret && !(st.flags & PINPAD_STATUS_HAS_DEVICE_KEY) &&
	    st.state != PINPAD_STATE_ZEROIZED) {
		log_error("watch-failed", "device=%s error=\"no device key loaded\" detail=\"run load-key first\"",
			  o->device);
		pinpad_close(pp);
		return PS_DEVICE;
	}
	log_info("watching", "device=%s file=%s key=%s", o->device, o->file,
		 o->key_file);
	/*
	 * A freshly loaded module that restored nothing has nothing to save,
	 * and must not replace a blob that restore did not (or could not)
	 * take: only arm poll. Anything else may have changed since the blob
	 * was written: save now.
	 */
	if (ps_round(pp, o, ret || !ps_pristine(&st), &done, &code))
		retry_ms = PS_RETRY_MIN_MS;
	while (!done && !ps_stop) {
		pfd.fd = pinpad_fd(pp);
		/* while a retry is due, POLLPRI would only repeat itself */
		pfd.events = retry_ms ? 0 : POLLPRI;
		pfd.revents = 0;
		ts.tv_sec = retry_ms / 1000;
		ts.tv_nsec = (retry_ms % 1000) * 1000000L;
		n = ppoll(&pfd, 1, retry_ms ? &ts : NULL, &during_wait);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))) {
			log_error("device-error", "device=%s error=\"%s\"",
				  o->device, n < 0 ? strerror(errno) :
				  "the device went away");
			code = PS_DEVICE;
			break;
		}
		if (n == 0 && !retry_ms)
			continue;
		log_debug("state-changed", "device=%s", o->device);
		if (ps_round(pp, o, true, &done, &code)) {
			retry_ms = retry_ms ? retry_ms * 2 : PS_RETRY_MIN_MS;
			if (retry_ms > PS_RETRY_MAX_MS)
				retry_ms = PS_RETRY_MAX_MS;
			if (!done)
				log_warn("save-retry", "seconds=%u",
					 retry_ms / 1000);
		} else {
			retry_ms = 0;
		}
	}
	pinpad_close(pp);
	if (ps_stop)
		log_info("stopped", "signal=%d", (int)ps_stop);
	return code;
}
