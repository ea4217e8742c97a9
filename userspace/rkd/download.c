// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * download.c - the session pump. rkd holds no secret and parses nothing
 * but frame headers: every message body goes to the module as received,
 * and every body the module returns goes to the RKS as is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "download.h"
#include "libpinpad.h"
#include "cli_log.h"
#include "net.h"
#include "rkd_err.h"
#include "rkd_frame.h"
#include "rkd_proto.h"
#include "rkd_rules.h"



const char *rkd_outcome_name(enum rkd_outcome o)
{
	switch (o) {
	case RKD_DONE:			return "done";
	case RKD_FAIL_USAGE:		return "usage";
	case RKD_FAIL_DEVICE:		return "device-error";
	case RKD_FAIL_DEVICE_AUTH:	return "device-authentication-failed";
	case RKD_FAIL_SERVER_AUTH:	return "server-authentication-failed";
	case RKD_FAIL_NETWORK:		return "network-error";
	case RKD_FAIL_PROTOCOL:		return "protocol-error";
	}
	return "?";
}

/* The RKS sent ERROR: what it means for the terminal. */
static enum rkd_outcome rkd_peer_error(const uint8_t *body, size_t len)
{
	unsigned int code = len == 1 ? body[0] : 0;

	switch (code) {
	case RKD_ERROR_AUTH_FAILED:
		log_error("device-authentication-failed",
			  "step=S320 detail=\"the RKS did not accept this terminal's DIK2 (or the DSN is unknown or locked)\"");
		return RKD_FAIL_DEVICE_AUTH;
	case RKD_ERROR_BUSY:
		log_warn("server-busy", "detail=\"the RKS asked to retry later\"");
		return RKD_FAIL_NETWORK;
	case RKD_ERROR_VERSION:
		log_error("protocol-error", "detail=\"the RKS does not speak protocol version %d\"",
			  RKD_PROTO_VERSION);
		return RKD_FAIL_PROTOCOL;
	default:
		log_error("protocol-error", "detail=\"the RKS reported a protocol error (code %u)\"",
			  code);
		return RKD_FAIL_PROTOCOL;
	}
}

/* The module refused a step: map its errno to an outcome. */
static enum rkd_outcome rkd_device_error(int err, unsigned int type)
{
	switch (-err) {
	case EKEYREJECTED:
		log_error("server-authentication-failed",
			  "step=S315 detail=\"the RKS work certificate is refused: not in the certificate profile, not signed by this terminal's root, or revoked (the kernel log names the rule)\"");
		return RKD_FAIL_SERVER_AUTH;
	case EBADMSG:
		/* v2: the CHALLENGE's MAC failed (protocol.md, S307) */
		if (type == PINPAD_MSG_CHALLENGE) {
			log_error("server-authentication-failed",
				  "step=S315 detail=\"the RKS could not prove it holds this terminal's DIK2 (a DIK2 other than the RKS's, or a DSN unknown or locked at the RKS); nothing sent\"");
			return RKD_FAIL_SERVER_AUTH;
		}
		__attribute__((fallthrough));
	case EPROTO:
		log_error("protocol-error", "message=%s device=\"%s\"",
			  rkd_msg_name(type), pinpad_strerror(err));
		return RKD_FAIL_PROTOCOL;
	case ETIMEDOUT:
		log_error("session-timeout", "device=\"%s\"",
			  pinpad_strerror(err));
		return RKD_FAIL_NETWORK;
	default:
		log_error("device-error", "message=%s device=\"%s\"",
			  rkd_msg_name(type), pinpad_strerror(err));
		return RKD_FAIL_DEVICE;
	}
}

/* The generation in a sealed blob's header (struct pinpad_seal_hdr) */
static int rkd_blob_generation(const char *path, uint64_t *gen)
{
	struct pinpad_seal_hdr hdr;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, &hdr, sizeof(hdr));
	close(fd);
	return rkd_seal_hdr_generation(&hdr, n < 0 ? 0 : (size_t)n, gen);
}

/*
 * The keys are in the module's slots (DONE) but only in RAM. Before the
 * RECEIPT tells the RKS they are delivered, wait until the state watcher
 * has sealed this generation to disk: a power cut now must not leave the
 * RKS counting keys the terminal lost. Without a state_file, don't wait.
 */
static int rkd_wait_saved(const struct rkd_config *c, struct pinpad *pp)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	struct pinpad_status st;
	unsigned int waited_ms;
	uint64_t saved;

	if (!c->state_file[0])
		return 0;
	if (pinpad_status(pp, &st))
		return -1;
	for (waited_ms = 0; waited_ms < c->save_timeout * 1000;
	     waited_ms += 50) {
		if (!rkd_blob_generation(c->state_file, &saved) &&
		    saved >= st.generation) {
			log_info("state-saved", "generation=%llu waited_ms=%u",
				 (unsigned long long)saved, waited_ms);
			return 0;
		}
		nanosleep(&nap, NULL);
	}
	log_error("state-not-saved", "state_file=%s generation=%llu detail=\"receipt withheld: the RKS keeps the keys pending and delivers them again\"",
		  c->state_file, (unsigned long long)st.generation);
	return -1;
}

static enum rkd_outcome rkd_pump(const struct rkd_config *c, struct pinpad *pp,
				 int fd, unsigned int *keys_stored)
{
	static struct rkd_frame in;	/* one session at a time */
	uint8_t out[PINPAD_MSG_MAX];
	struct pinpad_session_step st;
	int r;

	in.type = PINPAD_MSG_NONE;
	in.len = 0;
	for (;;) {
		r = pinpad_session_step(pp, in.type, in.body, in.len, out,
					sizeof(out), &st);
		if (r)
			return rkd_device_error(r, in.type);
		if (st.out_type == PINPAD_MSG_RECEIPT &&
		    rkd_wait_saved(c, pp))
			return RKD_FAIL_DEVICE;
		if (st.out_type != PINPAD_MSG_NONE) {
			r = rkd_frame_write(fd, st.out_type, out, st.out_len,
					    c->read_timeout * 1000);
			if (r) {
				log_error("network-error", "sending=%s error=\"%s\"",
					  rkd_msg_name(st.out_type), rkd_strerror(r));
				return RKD_FAIL_NETWORK;
			}
			log_debug("sent", "message=%s bytes=%u",
				  rkd_msg_name(st.out_type), st.out_len);
		}
		if (st.phase == PINPAD_PHASE_COMPLETE) {
			*keys_stored = st.keys_stored;
			return RKD_DONE;
		}

		r = rkd_frame_read(fd, &in, c->read_timeout * 1000);
		if (r) {
			log_error("network-error", "waiting-after=%s error=\"%s\"",
				  rkd_msg_name(st.out_type), rkd_strerror(r));
			return r == RKD_ERR_TIMEOUT || r == RKD_ERR_EOF ||
			       r == RKD_ERR_TRUNCATED || r == RKD_ERR_SYSTEM ?
			       RKD_FAIL_NETWORK : RKD_FAIL_PROTOCOL;
		}
		log_debug("received", "message=%s bytes=%u", rkd_msg_name(in.type),
			  in.len);
		if (in.type == RKD_MSG_ERROR)
			return rkd_peer_error(in.body, in.len);
		if (in.type == RKD_MSG_KEY)
			log_info("key-received", "index=%u", st.keys_staged);
	}
}

enum rkd_outcome rkd_download(const struct rkd_config *c, struct pinpad *pp,
			      unsigned int *keys_stored)
{
	enum rkd_outcome o;
	int fd;

	*keys_stored = 0;
	fd = rkd_connect(c->server, c->port, c->connect_timeout);
	if (fd < 0) {
		log_warn("connect-failed", "server=%s port=%u error=\"%s\"",
			 c->server, c->port, strerror(-fd));
		return RKD_FAIL_NETWORK;
	}
	log_info("connected", "server=%s port=%u", c->server, c->port);
	o = rkd_pump(c, pp, fd, keys_stored);
	/* whatever happened, the module must not keep this session */
	pinpad_session_end(pp);
	close(fd);
	return o;
}
