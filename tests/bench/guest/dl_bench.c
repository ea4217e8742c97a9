// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pinpad-dl-bench - one whole download in the VM, as rkd does it (the
 * module holds every secret; this program carries opaque bodies), with a
 * clock around each PINPAD_IOC_SESSION step: their sum is the device-side
 * time. Time spent waiting for the RKS (the network, the host's server)
 * is counted apart. Then each crypto primitive of the session is timed
 * alone (dl_prims.c) and their sum, weighted by how often a session uses
 * each, is set against the device-side time: what is left is the module's
 * own overhead (ioctl, copies, keyrings, key handling).
 *
 * usage: pinpad-dl-bench ADDR PORT WORK_CERT.der ROOT.der [ROUNDS [GAP_S
 *                        [PRIM_S]]]
 * The device must be SEALED (provisioned by rks-factory) and the RKS at
 * ADDR:PORT must know it. ROUNDS sessions, GAP_S seconds apart (for the
 * host to put new keys in the database). Under TCG the first run of any
 * code path pays for its translation, so the first session is reported
 * as "cold" and the median of the others as "warm"; the primitives are
 * timed in loops, warm. Output: RESULT dl_* and prim_* lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include "dl_bench.h"
#include "gbench.h"
#include "libpinpad.h"
#include "rkd_crypto.h"
#include "rkd_err.h"
#include "rkd_frame.h"

#define IO_TIMEOUT_MS	60000
#define DL_ROUNDS_MAX	16

/* What the session cost, by the message the device was given. */
enum dl_step { DL_HELLO, DL_CERT, DL_CHALLENGE, DL_KEY, DL_DONE, DL_ACK,
	       DL_STEPS };
static const char *const dl_step_names[DL_STEPS] = {
	"hello", "work_cert", "challenge", "key", "done", "ack",
};

struct dl_times {
	double step[DL_STEPS];	/* s in the module, per kind of step */
	double wait;		/* s waiting for the RKS to answer */
	double send;		/* s writing to the socket */
	double connect;		/* s for connect() */
	double total;		/* s, connect to ACK */
	unsigned int keys;
};

static int read_file(const char *path, struct dl_file *f)
{
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return -errno;
	f->len = fread(f->data, 1, sizeof(f->data), fp);
	fclose(fp);
	return f->len > 0 && f->len < sizeof(f->data) ? 0 : -EINVAL;
}

static enum dl_step dl_step_of(uint32_t in_type)
{
	switch (in_type) {
	case PINPAD_MSG_WORK_CERT:	return DL_CERT;
	case PINPAD_MSG_CHALLENGE:	return DL_CHALLENGE;
	case PINPAD_MSG_KEY:		return DL_KEY;
	case PINPAD_MSG_DONE:		return DL_DONE;
	case PINPAD_MSG_ACK:		return DL_ACK;
	default:			return DL_HELLO;
	}
}

static int dl_connect(const char *addr, unsigned int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port) };
	int fd;

	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return -EINVAL;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

/* rkd's pump (userspace/rkd/download.c), with clocks around each part. */
static int dl_pump(struct pinpad *pp, int fd, struct dl_times *t)
{
	static struct rkd_frame in;
	static uint8_t out[PINPAD_MSG_MAX];
	struct pinpad_session_step st;
	double t0;
	int r;

	in.type = PINPAD_MSG_NONE;
	in.len = 0;
	for (;;) {
		t0 = gb_now();
		r = pinpad_session_step(pp, in.type, in.body, in.len, out,
					sizeof(out), &st);
		t->step[dl_step_of(in.type)] += gb_now() - t0;
		if (r) {
			fprintf(stderr, "pinpad-dl-bench: module refused %s: "
				"%s\n", rkd_msg_name(in.type),
				pinpad_strerror(r));
			return r;
		}
		t0 = gb_now();
		if (st.out_type != PINPAD_MSG_NONE &&
		    (r = rkd_frame_write(fd, st.out_type, out, st.out_len,
					 IO_TIMEOUT_MS)) != 0)
			break;
		t->send += gb_now() - t0;
		if (st.phase == PINPAD_PHASE_COMPLETE) {
			t->keys = st.keys_stored;
			return 0;
		}
		t0 = gb_now();
		r = rkd_frame_read(fd, &in, IO_TIMEOUT_MS);
		t->wait += gb_now() - t0;
		if (r)
			break;
		if (in.type == RKD_MSG_ERROR) {
			fprintf(stderr, "pinpad-dl-bench: the RKS sent ERROR "
				"%u\n", in.len ? in.body[0] : 0);
			return -EPROTO;
		}
	}
	fprintf(stderr, "pinpad-dl-bench: network: %s\n", rkd_strerror(r));
	return -EIO;
}

static double dl_device_s(const struct dl_times *t)
{
	double s = 0;
	int i;

	for (i = 0; i < DL_STEPS; i++)
		s += t->step[i];
	return s;
}

static size_t modulus_len(const struct dl_file *cert)
{
	const uint8_t *p = cert->data;
	X509 *x = d2i_X509(NULL, &p, (long)cert->len);
	size_t n = x ? rkd_rsa_modulus_len(X509_get0_pubkey(x)) : 0;

	X509_free(x);
	return n;
}

/*
 * The session's crypto, counted from protocol.md and kmod/: one
 * certificate check; two OAEP encryptions, each one raw RSA operation and
 * 9 SHA-256 (the label, 7 for the 223-byte mask, 1 for the seed's); 3
 * more SHA-256 (TK_SHA2 and the v2 transcript hashes H_C and H_R, each
 * counted as one); an HMAC per KEY and for DONE, RECEIPT and ACK, and 4
 * more in v2 (2 KDF blocks for K_CE || K_CA, the CHALLENGE's T, 1 KDF
 * block for K_MAC); 6 TDES blocks for CHALLENGE and 4 per key (3 to
 * unwrap, 1 for its KCV).
 */
static double dl_crypto_sum_us(const struct dl_prims *p, unsigned int keys)
{
	return p->cert_us + 2 * p->rsa_us + 21 * p->sha_us +
	       (keys + 7) * p->hmac_us + (6 + 4.0 * keys) * p->tdes_us;
}

static void dl_print(const char *tag, const struct dl_times *t)
{
	int i;

	for (i = 0; i < DL_STEPS; i++)
		printf("RESULT dl_%s_step_%s_ms=%.3f\n", tag, dl_step_names[i],
		       t->step[i] * 1000);
	printf("RESULT dl_%s_keys=%u\n", tag, t->keys);
	printf("RESULT dl_%s_connect_ms=%.3f\n", tag, t->connect * 1000);
	printf("RESULT dl_%s_total_ms=%.3f\n", tag, t->total * 1000);
	printf("RESULT dl_%s_device_ms=%.3f\n", tag, dl_device_s(t) * 1000);
	printf("RESULT dl_%s_wait_ms=%.3f\n", tag, t->wait * 1000);
	printf("RESULT dl_%s_send_ms=%.3f\n", tag, t->send * 1000);
}

static void dl_report(const struct dl_times *t, int rounds,
		      const struct dl_prims *p)
{
	const struct dl_times *warm[DL_ROUNDS_MAX];
	int i, j, n = 0;

	for (i = 0; i < rounds; i++)
		printf("dl session %d: %u keys, device %.2f ms, waiting for "
		       "the RKS %.2f ms, total %.2f ms\n", i + 1, t[i].keys,
		       dl_device_s(&t[i]) * 1000, t[i].wait * 1000,
		       t[i].total * 1000);
	dl_print("cold", &t[0]);
	/* the median warm session by device time, insertion-sorted */
	for (i = 1; i < rounds; i++) {
		for (j = n; j > 0 && dl_device_s(warm[j - 1]) >
				     dl_device_s(&t[i]); j--)
			warm[j] = warm[j - 1];
		warm[j] = &t[i];
		n++;
	}
	if (n) {
		dl_print("warm", warm[n / 2]);
		printf("RESULT dl_warm_sessions=%d\n", n);
	}
	printf("RESULT prim_cert_us=%.1f\nRESULT prim_rsa_us=%.1f\n"
	       "RESULT prim_sha_us=%.2f\nRESULT prim_hmac_us=%.2f\n"
	       "RESULT prim_tdes_us=%.2f\n", p->cert_us, p->rsa_us, p->sha_us,
	       p->hmac_us, p->tdes_us);
	printf("RESULT dl_crypto_sum_ms=%.3f\n",
	       dl_crypto_sum_us(p, (n ? warm[n / 2] : &t[0])->keys) / 1000);
}

/* One session on a new connection; 0 or -errno. */
static int dl_session(struct pinpad *pp, const char *addr, unsigned int port,
		      struct dl_times *t)
{
	double t0 = gb_now();
	int fd, r;

	fd = dl_connect(addr, port);
	if (fd < 0) {
		fprintf(stderr, "pinpad-dl-bench: connect: %s\n",
			strerror(-fd));
		return fd;
	}
	t->connect = gb_now() - t0;
	r = dl_pump(pp, fd, t);
	t->total = gb_now() - t0;
	pinpad_session_end(pp);
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	static struct dl_file work, root;
	static struct dl_times t[DL_ROUNDS_MAX];
	struct dl_prims p = { 0 };
	struct pinpad *pp = NULL;
	int rounds = argc > 5 ? atoi(argv[5]) : 1;
	double gap = argc > 6 ? atof(argv[6]) : 2;
	double secs = argc > 7 ? atof(argv[7]) : 2;
	int i, r;

	if (argc < 5 || argc > 8 || rounds < 1 || rounds > DL_ROUNDS_MAX ||
	    gap < 0 || gap > 60 || secs <= 0 || secs > 60) {
		fprintf(stderr, "usage: pinpad-dl-bench ADDR PORT "
			"WORK_CERT.der ROOT.der [ROUNDS [GAP_S [PRIM_S]]]\n");
		return 2;
	}
	if ((r = read_file(argv[3], &work)) != 0 ||
	    (r = read_file(argv[4], &root)) != 0) {
		fprintf(stderr, "pinpad-dl-bench: certificates: %s\n",
			strerror(-r));
		return 1;
	}
	if ((r = pinpad_open(PINPAD_DEV_DOWNLOAD, PINPAD_OPEN_RDWR, &pp)) != 0) {
		fprintf(stderr, "pinpad-dl-bench: %s\n", pinpad_strerror(r));
		return 1;
	}
	for (i = 0; r == 0 && i < rounds; i++) {
		/* the host puts new keys in the database meanwhile */
		if (i)
			usleep((useconds_t)(gap * 1e6));
		r = dl_session(pp, argv[1], (unsigned int)atoi(argv[2]),
			       &t[i]);
	}
	pinpad_close(pp);
	if (r == 0)
		r = dl_prims(&work, &root, modulus_len(&work), secs, &p);
	if (r == 0)
		dl_report(t, rounds, &p);
	return r ? 1 : 0;
}
