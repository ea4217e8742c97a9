// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pinpad-tdes-bench - single-block TDES-ECB encryptions per second, in the
 * test VM, three ways with the same key in the same boot:
 *
 *   ioctl    PINPAD_IOC_CIPHER on /dev/pinpad (libpinpad), the key in a slot
 *   af_alg   "ecb(pinpad-tdes)" through AF_ALG (libkcapi), keyed by a token
 *   openssl  EVP des-ede3-ecb in this process, with the key in clear: the
 *            insecure baseline the module is measured against
 *
 * and, for reference, what a call costs before any TDES (syscall,
 * enotty_ioctl, slot_info_ioctl: see op_syscall()).
 *
 * One block (8 bytes) per call, which is what a PIN pad does most (a PIN
 * block, a MAC's last step): the per-call cost is what matters, not bulk
 * throughput. The device must be in FACTORY state: the key is injected in
 * clear into slot SLOT as a DATA key (a fixed test key, never a real one).
 *
 * usage: pinpad-tdes-bench [SECONDS_PER_RUN [ROUNDS]]
 * Output: RESULT tdes_<way>_ops_s=N (the median of the rounds);
 * tdes_ioctl_pct and tdes_af_alg_pct, the median over the rounds of that
 * round's rate against OpenSSL's (and _min, _max); and tdes_agree=1 if
 * all three gave the same ciphertext.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <kcapi.h>
#include <openssl/evp.h>

#include "gbench.h"
#include "libpinpad.h"

#define SLOT		40
#define MAX_OPS		50000000UL
#define MAX_ROUNDS	9
#define WAYS		6	/* the three, and three references */

/* A test key: K1, K2, K3 distinct, odd parity. Not a secret. */
static const uint8_t test_key[24] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67,
};

struct ctx {
	struct pinpad *pp;
	struct kcapi_handle *kc;
	EVP_CIPHER_CTX *evp;
	int raw_fd;		/* /dev/pinpad again, for the refused ioctl */
	uint8_t block[8];	/* each call encrypts the last result */
};

static int op_ioctl(void *p)
{
	struct ctx *c = p;

	return pinpad_cipher(c->pp, SLOT, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
			     c->block, c->block, 8, NULL, 0);
}

static int op_afalg(void *p)
{
	struct ctx *c = p;
	ssize_t n = kcapi_cipher_encrypt(c->kc, c->block, 8, NULL, c->block,
					 8, KCAPI_ACCESS_HEURISTIC);

	return n == 8 ? 0 : n < 0 ? (int)n : -EIO;
}

static int op_openssl(void *p)
{
	struct ctx *c = p;
	int n = 0;

	return EVP_EncryptUpdate(c->evp, c->block, &n, c->block, 8) == 1 &&
	       n == 8 ? 0 : -EIO;
}

/*
 * Three references for what a call costs before any TDES: a system call
 * that does nothing (getppid); an ioctl the driver refuses at once
 * (-ENOTTY: the way into the driver and back); and PINPAD_IOC_SLOT_INFO on
 * the same slot (the same entry, argument copies, device lock and slot
 * lookup as CIPHER, without the 8 bytes of data and the TDES).
 */
static int op_syscall(void *p)
{
	(void)p;
	return syscall(SYS_getppid) > 0 ? 0 : -EIO;
}

static int op_enotty(void *p)
{
	struct ctx *c = p;

	return ioctl(c->raw_fd, _IO(PINPAD_IOC_MAGIC, 0x7f), 0) < 0 &&
	       errno == ENOTTY ? 0 : -EIO;
}

static int op_slot_info(void *p)
{
	struct ctx *c = p;
	struct pinpad_slot_info info;

	return pinpad_slot_info(c->pp, SLOT, &info);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The key goes in through the admin node (a node per role: issue #13). */
static int inject(void)
{
	struct pinpad_key_attr attr;	/* D0, mode B: both directions */
	struct pinpad *adm;
	int r;

	pinpad_key_attr_default(PINPAD_USAGE_DATA, PINPAD_ALG_TDES, &attr);
	r = pinpad_open(PINPAD_DEV_ADMIN, PINPAD_OPEN_RDWR, &adm);
	if (!r)
		r = pinpad_inject_key(adm, SLOT, &attr, test_key,
				      sizeof(test_key), NULL);
	pinpad_close(adm);
	return r;
}

static int setup(struct ctx *c, struct pinpad_token *tok)
{
	int r;

	if ((r = inject()) != 0 ||
	    (r = pinpad_open(NULL, PINPAD_OPEN_RDWR, &c->pp)) != 0 ||
	    (r = pinpad_token_get(c->pp, SLOT, tok)) != 0) {
		fprintf(stderr, "pinpad-tdes-bench: device: %s\n",
			pinpad_strerror(r));
		return r;
	}
	if ((r = kcapi_cipher_init(&c->kc, PINPAD_ALG_ECB, 0)) != 0 ||
	    (r = kcapi_cipher_setkey(c->kc, (const uint8_t *)tok,
				     sizeof(*tok))) != 0) {
		fprintf(stderr, "pinpad-tdes-bench: AF_ALG %s: %s\n",
			PINPAD_ALG_ECB, strerror(-r));
		return r;
	}
	c->raw_fd = open(PINPAD_DEFAULT_PATH, O_RDONLY | O_CLOEXEC);
	if (c->raw_fd < 0)
		return -errno;
	c->evp = EVP_CIPHER_CTX_new();
	if (!c->evp || EVP_EncryptInit_ex(c->evp, EVP_des_ede3_ecb(), NULL,
					  test_key, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(c->evp, 0) != 1) {
		fprintf(stderr, "pinpad-tdes-bench: OpenSSL des-ede3-ecb\n");
		return -EIO;
	}
	return 0;
}

/* The three ways must agree on one block before any is timed. */
static int agree(struct ctx *c)
{
	static const gb_op_fn ops[] = { op_ioctl, op_afalg, op_openssl };
	uint8_t out[3][8];
	int i, r;

	for (i = 0; i < 3; i++) {
		memcpy(c->block, "PINPAD01", 8);
		if ((r = ops[i](c)) != 0)
			return r;
		memcpy(out[i], c->block, 8);
	}
	r = !memcmp(out[0], out[1], 8) && !memcmp(out[0], out[2], 8);
	printf("RESULT tdes_agree=%d\n", r);
	return r ? 0 : -EBADMSG;
}

/*
 * The host's speed drifts within seconds: a way is set against OpenSSL
 * round by round (each round times them back to back), and the median of
 * those ratios is the figure, with its range.
 */
static void ratio(const char *name, const double *way, const double *base,
		  int rounds)
{
	double pct[MAX_ROUNDS];
	int k;

	for (k = 0; k < rounds; k++)
		pct[k] = 100 * way[k] / base[k];
	qsort(pct, rounds, sizeof(double), cmp_double);
	printf("RESULT tdes_%s_pct=%.1f\nRESULT tdes_%s_pct_min=%.1f\n"
	       "RESULT tdes_%s_pct_max=%.1f\n", name, pct[rounds / 2], name,
	       pct[0], name, pct[rounds - 1]);
}

int main(int argc, char **argv)
{
	static const char *const names[WAYS] = {
		"ioctl", "af_alg", "openssl", "syscall", "enotty_ioctl",
		"slot_info_ioctl",
	};
	static const gb_op_fn ops[WAYS] = {
		op_ioctl, op_afalg, op_openssl, op_syscall, op_enotty,
		op_slot_info,
	};
	double secs = argc > 1 ? atof(argv[1]) : 2;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	double rate[WAYS][MAX_ROUNDS];
	struct pinpad_token tok = { 0 };
	struct ctx c = { .raw_fd = -1 };
	int i, k, r;

	if (secs <= 0 || secs > 60 || rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: pinpad-tdes-bench [SECONDS [ROUNDS]]\n");
		return 2;
	}
	r = setup(&c, &tok);
	if (r == 0)
		r = agree(&c);
	/* rounds interleave the three ways, so drift hits them alike */
	for (k = 0; r == 0 && k < rounds; k++)
		for (i = 0; r == 0 && i < WAYS; i++) {
			rate[i][k] = gb_rate(ops[i], &c, secs, MAX_OPS, NULL);
			if (rate[i][k] < 0)
				r = (int)rate[i][k];
			else
				printf("tdes %-7s round %d: %.0f ops/s\n",
				       names[i], k + 1, rate[i][k]);
		}
	if (r == 0) {
		ratio("ioctl", rate[0], rate[2], rounds);
		ratio("af_alg", rate[1], rate[2], rounds);
	}
	for (i = 0; r == 0 && i < WAYS; i++) {
		qsort(rate[i], rounds, sizeof(double), cmp_double);
		printf("RESULT tdes_%s_ops_s=%.0f\n", names[i],
		       rate[i][rounds / 2]);
	}
	if (r)
		fprintf(stderr, "pinpad-tdes-bench: %s\n", strerror(-r));
	if (c.pp && tok.magic)
		pinpad_token_revoke(c.pp, &tok);
	explicit_bzero(&tok, sizeof(tok));
	kcapi_cipher_destroy(c.kc);
	EVP_CIPHER_CTX_free(c.evp);
	if (c.raw_fd >= 0)
		close(c.raw_fd);
	pinpad_close(c.pp);
	return r ? 1 : 0;
}
