// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_provision.c - `provision`: what the key mother POS does to each
 * terminal on the line (patent, "Manufacturing"): read or set the DSN,
 * draw a factor, compute DIK2 = F(DSN, factor, DIK1), install DIK2 and the
 * factor and the root certificate RKS_RCRT, seal, and check what the
 * device then reports. DIK2 and the factor are never shown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "cli_common.h"
#include "components.h"
#include "factory.h"
#include "rkd_crypto.h"
#include "libpinpad.h"

static const struct cli_help provision_help = {
	.synopsis = "--dik1-file FILE --root ROOT.der [--dsn DSN] "
		    "[--device PATH] [--no-seal]\n"
		    "   (or, for --dik1-file: --custodians A,B[,C] "
		    "[--component-files F1,F2[,F3]]\n"
		    "    --component-kcvs K1,K2[,K3])",
	.details =
	"Provisions the terminal whose secure module is PATH (FACTORY "
	"state):\n"
	"  1. its DSN: read from the device, or with --dsn set on it;\n"
	"  2. a random factor of 16 bytes (RAND_priv_bytes), and\n"
	"     DIK2 = F(DSN, factor, DIK1); a factor giving a degenerate "
	"KEY1 or DIK2\n"
	"     is drawn again;\n"
	"  3. DIK2 and the factor, then the root certificate, into the "
	"device;\n"
	"  4. seals it (FACTORY -> SEALED), unless --no-seal;\n"
	"  5. checks that the device reports the DSN, DIK2's KCV and the "
	"root\n"
	"     certificate's SHA-256 it was given, and prints them.\n\n"
	"  --dik1-file FILE  the batch's DIK1 as `rks-admin dik1 export` "
	"wrote it\n"
	"                    (48 hex digits; '#' lines are comments; mode "
	"0600)\n"
	"  --custodians A,B[,C]\n"
	"                    instead: the DIK1 combined (XOR) from the 2 or 3 "
	"components\n"
	"                    `rks-admin dik1 export --custodians` wrote, one "
	"per\n"
	"                    custodian, each typed at the terminal (not "
	"shown)\n"
	"  --component-files F1,F2[,F3]\n"
	"                    or each read from its custodian's own file "
	"(0600)\n"
	"  --component-kcvs K1,K2[,K3]\n"
	"                    each component's KCV (from its file's '#' line); "
	"a\n"
	"                    mismatch is refused, naming the custodian\n"
	"  --root ROOT.der   RKS_RCRT, X.509 DER, from `rks-admin init`\n"
	"  --dsn DSN         the DSN to set (1-32 graphic ASCII); a device "
	"that has\n"
	"                    another DSN already is refused\n"
	"  --device PATH     the device node (default: $PINPAD_DEVICE, else "
	PINPAD_DEV_ADMIN ")\n"
	"  --no-seal         leave the device in FACTORY state (to add "
	"keys with\n"
	"                    `pinpadctl inject` first, then `pinpadctl "
	"seal`)\n",
};

enum { OPT_DIK1, OPT_ROOT, OPT_DSN, OPT_DEVICE, OPT_NO_SEAL, OPT_COMP };

struct provision {
	char dsn[PINPAD_DSN_MAX + 1];
	uint8_t dik1[PINPAD_DIK2_LEN];
	uint8_t dik2[PINPAD_DIK2_LEN];
	uint8_t factor[FACTORY_FACTOR_LEN];
	uint8_t dik1_kcv[PINPAD_KCV_LEN];
	uint8_t dik2_kcv[PINPAD_KCV_LEN];
	uint8_t root[PINPAD_CERT_MAX + 1];
	size_t root_len;
	uint8_t root_fpr[PINPAD_FPR_LEN];
	bool dsn_set;
	bool touched;	/* the device may have changed */
};

static int refused(const char *what, int err)
{
	cli_err("%s: the device refused: %s", what, pinpad_strerror(err));
	return CLI_EXIT_REFUSED;
}

/* The root certificate: a well-formed X.509 DER; its SHA-256. */
static bool read_root(const char *path, struct provision *p)
{
	const unsigned char *der = p->root;
	unsigned int len = 0;
	X509 *cert;

	if (!cli_read_file(path, p->root, PINPAD_CERT_MAX, &p->root_len))
		return false;
	cert = d2i_X509(NULL, &der, (long)p->root_len);
	if (!cert || der != p->root + p->root_len) {
		cli_err("--root: %s is not one X.509 certificate in DER", path);
		X509_free(cert);
		return false;
	}
	X509_free(cert);
	if (EVP_Digest(p->root, p->root_len, p->root_fpr, &len, EVP_sha256(),
		       NULL) != 1 || len != PINPAD_FPR_LEN) {
		cli_err("--root: cannot hash %s", path);
		return false;
	}
	return true;
}

/* The DIK1 of --dik1-file, or of the components (@opts: COMP_OPTS). */
static bool read_dik1(const char *path, const struct cli_opt *opts,
		      struct provision *p)
{
	struct comp_custodians c;

	if (!path == !opts[COMP_OPT_CUSTODIANS].value) {
		cli_err("give the DIK1 with --dik1-file or as components with "
			"--custodians (one of them)");
		return false;
	}
	if (path ? !cli_read_key_file("--dik1-file", path, p->dik1,
				      PINPAD_DIK2_LEN) :
		   comp_read(opts, &c, 'T', p->dik1, PINPAD_DIK2_LEN) != CLI_EXIT_OK)
		return false;
	if (rkd_tdes_key_weak(p->dik1, PINPAD_DIK2_LEN)) {
		if (path)
			cli_err("--dik1-file: %s holds a degenerate TDES key",
				path);
		else
			cli_err("the components make a degenerate TDES key");
		return false;
	}
	if (rkd_kcv(p->dik1, PINPAD_DIK2_LEN, p->dik1_kcv)) {
		cli_err("OpenSSL failed to compute the KCV");
		return false;
	}
	return true;
}

/* The device's DSN, or @want set on it. */
static int settle_dsn(struct pinpad *pp, const struct pinpad_status *st,
		      const char *want, struct provision *p)
{
	char have[PINPAD_DSN_MAX + 1] = "";
	int ret;

	if (st->flags & PINPAD_STATUS_HAS_DSN && st->dsn_len <= PINPAD_DSN_MAX)
		memcpy(have, st->dsn, st->dsn_len);
	if (want && *have && strcmp(want, have)) {
		char quoted[64];

		/* cli_quote() has one buffer: one call per message. */
		snprintf(quoted, sizeof(quoted), "%s", cli_quote(want));
		cli_err("--dsn %s, but the device has DSN %s already: not "
			"changed", quoted, cli_quote(have));
		return CLI_EXIT_REFUSED;
	}
	if (!want && !*have) {
		cli_err("the device has no DSN: give one with --dsn");
		return CLI_EXIT_REFUSED;
	}
	if (!want && !cli_parse_dsn("the device's DSN", have))
		return CLI_EXIT_REFUSED;
	if (want && !*have) {
		p->touched = true;
		ret = pinpad_set_dsn(pp, want, strlen(want));
		if (ret)
			return refused("setting the DSN", ret);
		p->dsn_set = true;
	}
	snprintf(p->dsn, sizeof(p->dsn), "%s", want ? want : have);
	return CLI_EXIT_OK;
}

/* A factor and its DIK2, neither KEY1 nor DIK2 degenerate. */
static int make_dik2(struct provision *p)
{
	bool degenerate = true;
	int tries;

	/* A degenerate draw has odds of about 2^-54: this never loops. */
	for (tries = 0; degenerate && tries < 16; tries++) {
		if (RAND_priv_bytes(p->factor, sizeof(p->factor)) != 1 ||
		    rkd_dik2(p->dsn, strlen(p->dsn), p->factor,
			     sizeof(p->factor), p->dik1, p->dik2,
			     &degenerate)) {
			cli_err("OpenSSL failed to draw a factor or compute "
				"DIK2");
			return CLI_EXIT_REFUSED;
		}
	}
	if (degenerate || rkd_kcv(p->dik2, PINPAD_DIK2_LEN, p->dik2_kcv)) {
		cli_err("no usable factor after %d draws", tries);
		return CLI_EXIT_REFUSED;
	}
	return CLI_EXIT_OK;
}

/* What the device reports must be what it was given. */
static int check_status(struct pinpad *pp, const struct provision *p,
			bool sealed)
{
	struct pinpad_status st;
	int ret;

	ret = pinpad_status(pp, &st);
	if (ret)
		return refused("reading the status", ret);
	if (st.dsn_len != strlen(p->dsn) || memcmp(st.dsn, p->dsn,
						   st.dsn_len)) {
		cli_err("the device reports another DSN than %s", p->dsn);
		return CLI_EXIT_REFUSED;
	}
	if (!(st.flags & PINPAD_STATUS_HAS_DIK2) ||
	    st.factor_len != FACTORY_FACTOR_LEN ||
	    CRYPTO_memcmp(st.dik2_kcv, p->dik2_kcv, PINPAD_KCV_LEN)) {
		cli_err("the device does not report the DIK2 it was given");
		return CLI_EXIT_REFUSED;
	}
	if (!(st.flags & PINPAD_STATUS_HAS_ROOT) ||
	    memcmp(st.root_fpr, p->root_fpr, PINPAD_FPR_LEN)) {
		cli_err("the device does not report the root certificate it "
			"was given");
		return CLI_EXIT_REFUSED;
	}
	if (st.state != (sealed ? PINPAD_STATE_SEALED : PINPAD_STATE_FACTORY)) {
		cli_err("the device is %s, not %s",
			pinpad_state_name(st.state), sealed ? "sealed" :
			"factory");
		return CLI_EXIT_REFUSED;
	}
	return CLI_EXIT_OK;
}

static int provision_device(struct pinpad *pp, const char *want_dsn,
			    bool seal, struct provision *p)
{
	struct pinpad_status st;
	int ret;

	ret = pinpad_status(pp, &st);
	if (ret)
		return refused("reading the status", ret);
	if (st.state != PINPAD_STATE_FACTORY) {
		cli_err("the device is %s: only a device in FACTORY state is "
			"provisioned", pinpad_state_name(st.state));
		return CLI_EXIT_REFUSED;
	}
	ret = settle_dsn(pp, &st, want_dsn, p);
	if (!ret)
		ret = make_dik2(p);
	if (ret)
		return ret;
	p->touched = true;
	ret = pinpad_set_dik2(pp, p->dik2, sizeof(p->dik2), p->factor,
			      sizeof(p->factor));
	if (ret)
		return refused("installing DIK2 and the factor", ret);
	ret = pinpad_set_root(pp, p->root, p->root_len);
	if (ret == -EKEYREJECTED || ret == -EBADMSG) {
		cli_err("installing the root certificate: the device refused: "
			"%s", ret == -EBADMSG ? "not a well-formed X.509 "
			"certificate" : "its key is not RSA of at least 2048 "
			"bits, or the kernel cannot use it");
		return CLI_EXIT_REFUSED;
	}
	if (ret)
		return refused("installing the root certificate", ret);
	if (seal) {
		ret = pinpad_seal(pp);
		if (ret)
			return refused("sealing", ret);
	}
	return check_status(pp, p, seal);
}

static void report(const struct provision *p, bool sealed)
{
	char kcv1[7], kcv2[7], fpr[2 * PINPAD_FPR_LEN + 1];

	cli_hex(p->dik1_kcv, PINPAD_KCV_LEN, kcv1);
	cli_hex(p->dik2_kcv, PINPAD_KCV_LEN, kcv2);
	cli_hex(p->root_fpr, PINPAD_FPR_LEN, fpr);
	printf("DSN:          %s (%s)\n"
	       "DIK1 KCV:     %s\n"
	       "DIK2 KCV:     %s (reported by the device)\n"
	       "factor:       %d random bytes (not shown)\n"
	       "root SHA-256: %s\n"
	       "state:        %s\n", p->dsn,
	       p->dsn_set ? "set" : "read from the device", kcv1, kcv2,
	       FACTORY_FACTOR_LEN, fpr, sealed ? "sealed" : "factory "
	       "(not sealed: --no-seal)");
}

static const char *default_device(void)
{
	const char *env = getenv("PINPAD_DEVICE");

	return env && *env ? env : PINPAD_DEV_ADMIN;
}

int provision_main(int argc, char *argv[])
{
	struct cli_opt opts[] = {
		[OPT_DIK1] = { .name = "--dik1-file", .optional = true },
		[OPT_ROOT] = { .name = "--root" },
		[OPT_DSN] = { .name = "--dsn", .optional = true },
		[OPT_DEVICE] = { .name = "--device", .optional = true },
		[OPT_NO_SEAL] = { .name = "--no-seal", .optional = true,
				  .flag = true },
		COMP_OPTS
	};
	static struct provision p;
	const char *device;
	struct pinpad *pp;
	bool seal;
	int ret;

	memset(&p, 0, sizeof(p));
	ret = cli_parse_args(argc, argv, &provision_help, opts,
			     ARRAY_SIZE(opts), NULL, 0);
	if (ret != CLI_CONTINUE)
		return ret;
	device = opts[OPT_DEVICE].value ? opts[OPT_DEVICE].value
					: default_device();
	seal = !opts[OPT_NO_SEAL].value;
	ret = CLI_EXIT_USAGE;
	if ((opts[OPT_DSN].value && !cli_parse_dsn("--dsn",
						   opts[OPT_DSN].value)) ||
	    !read_root(opts[OPT_ROOT].value, &p) ||
	    !read_dik1(opts[OPT_DIK1].value, opts + OPT_COMP, &p))
		goto out;
	ret = pinpad_open(device, PINPAD_OPEN_RDWR, &pp);
	if (ret) {
		cli_err("cannot open %s: %s", device, ret == -ENOTTY ||
			ret == -EPROTONOSUPPORT || ret == -ENOENT ?
			pinpad_strerror(ret) : strerror(-ret));
		ret = CLI_EXIT_SETUP;
		goto out;
	}
	ret = provision_device(pp, opts[OPT_DSN].value, seal, &p);
	pinpad_close(pp);
	if (!ret)
		report(&p, seal);
	else if (p.touched)
		cli_err("the device may be left partly provisioned, in FACTORY "
			"state: run provision again once the cause is fixed");
out:
	OPENSSL_cleanse(&p, sizeof(p));
	return ret;
}
