// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe.c - tpm2-probe: what root can do with the TPM through /dev/tpm0
 * to recover the device key that pinpad.ko sealed (tests/e2e/tpm-e2e).
 *
 *   tpm2-probe OBJFILE OUTDIR
 *
 * OBJFILE is the sealed-object file (/var/lib/pinpad/device.key). The
 * probe recreates the storage primary from the module's template, loads
 * the object, and tries TPM2_Unseal under a PolicyPCR session and under
 * an empty password; it tries to reset the PCR, and to read the rollback
 * counter with an empty password. Every response's bytes (whatever the
 * TPM gave) go to OUTDIR/<step>.rsp, so the test can search them for key
 * material; one line per step on stdout: "PROBE step=NAME rc=0x...".
 * Commands are the module's own (kmod/tpm2_wire.c), so a failure here is
 * the TPM's refusal, not a different command.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tpm2_wire.h"

#define PCR		15		/* kmod/tpm2.h PINPAD_TPM_PCR */
#define NV_INDEX	0x01805050	/* kmod/tpm2.h PINPAD_TPM_NV_INDEX */

static int tpm_fd;
static const char *outdir;
static u8 rsp[4096];

/* Send tag/cc + body, keep the response in rsp and OUTDIR/NAME.rsp */
static u32 xfer(const char *name, u16 tag, u32 cc,
		const struct tpm2w_writer *body)
{
	u8 cmd[2048];
	struct tpm2w_writer w = { .p = cmd, .cap = sizeof(cmd) };
	char path[4096];
	ssize_t n;
	FILE *f;

	tpm2w_u16(&w, tag);
	tpm2w_u32(&w, TPM2W_HEADER_LEN + body->len);
	tpm2w_u32(&w, cc);
	tpm2w_put(&w, body->p, body->len);
	if (w.bad || write(tpm_fd, cmd, w.len) != (ssize_t)w.len) {
		perror("tpm2-probe: write /dev/tpm0");
		exit(2);
	}
	n = read(tpm_fd, rsp, sizeof(rsp));
	if (n < TPM2W_HEADER_LEN) {
		perror("tpm2-probe: read /dev/tpm0");
		exit(2);
	}
	snprintf(path, sizeof(path), "%s/%s.rsp", outdir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(rsp, 1, n, f);
		fclose(f);
	}
	return (u32)rsp[6] << 24 | (u32)rsp[7] << 16 | (u32)rsp[8] << 8 |
	       rsp[9];
}

static void report(const char *step, u32 rc)
{
	printf("PROBE step=%s rc=0x%03x (%s)\n", step, rc, tpm2w_rc_text(rc));
}

static void flush(u32 handle)
{
	u8 b[4];
	struct tpm2w_writer w = { .p = b, .cap = sizeof(b) };

	tpm2w_u32(&w, handle);
	xfer("flush", TPM2W_ST_NO_SESSIONS, 0x165, &w);	/* FlushContext */
}

int main(int argc, char **argv)
{
	static u8 obj[TPM2W_OBJ_MAX], body[1024];
	struct tpm2w_writer w = { .p = body, .cap = sizeof(body) };
	u8 nonce[16] = { 1 }, key[32];
	struct tpm2w_b priv, pub;
	u32 primary = 0, item = 0, session = 0, rc;
	ssize_t n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: tpm2-probe OBJFILE OUTDIR\n");
		return 2;
	}
	outdir = argv[2];
	fd = open(argv[1], O_RDONLY);
	n = fd < 0 ? -1 : read(fd, obj, sizeof(obj));
	if (n <= 0 || tpm2w_obj_parse(obj, n, &priv, &pub)) {
		fprintf(stderr, "tpm2-probe: %s: not a sealed-object file\n",
			argv[1]);
		return 2;
	}
	tpm_fd = open("/dev/tpm0", O_RDWR);
	if (tpm_fd < 0) {
		perror("tpm2-probe: /dev/tpm0");
		return 2;
	}

	tpm2w_body_create_primary(&w);
	rc = xfer("create-primary", TPM2W_ST_SESSIONS,
		  TPM2W_CC_CREATE_PRIMARY, &w);
	if (!rc)
		rc = tpm2w_parse_create_primary(rsp, sizeof(rsp), &primary);
	report("create-primary", rc);

	w.len = 0;
	tpm2w_body_load(&w, primary, priv, pub);
	rc = xfer("load", TPM2W_ST_SESSIONS, TPM2W_CC_LOAD, &w);
	if (!rc)
		rc = tpm2w_parse_handle(rsp, sizeof(rsp), &item);
	report("load", rc);

	/* the module's way: a PolicyPCR session */
	w.len = 0;
	tpm2w_body_start_auth(&w, nonce);
	rc = xfer("start-auth", TPM2W_ST_NO_SESSIONS, TPM2W_CC_START_AUTH, &w);
	if (!rc)
		rc = tpm2w_parse_handle(rsp, sizeof(rsp), &session);
	w.len = 0;
	tpm2w_body_policy_pcr(&w, session, PCR);
	rc = xfer("policy-pcr", TPM2W_ST_NO_SESSIONS, TPM2W_CC_POLICY_PCR, &w);
	report("policy-pcr", rc);
	w.len = 0;
	tpm2w_body_unseal(&w, item, session);
	rc = xfer("unseal-policy", TPM2W_ST_SESSIONS, TPM2W_CC_UNSEAL, &w);
	if (!rc)
		rc = tpm2w_parse_data(rsp, sizeof(rsp), key, sizeof(key));
	report("unseal-policy", rc);
	if (rc)
		flush(session);

	/* an empty password instead of the policy */
	w.len = 0;
	tpm2w_body_unseal(&w, item, TPM2W_RS_PW);
	rc = xfer("unseal-password", TPM2W_ST_SESSIONS, TPM2W_CC_UNSEAL, &w);
	report("unseal-password", rc);

	/* put the PCR back to its reset value */
	w.len = 0;
	tpm2w_u32(&w, PCR);
	tpm2w_pw_auth(&w, NULL, 0);
	rc = xfer("pcr-reset", TPM2W_ST_SESSIONS, TPM2W_CC_PCR_RESET, &w);
	report("pcr-reset", rc);

	/* the rollback counter, with an empty password */
	w.len = 0;
	tpm2w_body_nv(&w, TPM2W_CC_NV_READ, NV_INDEX, NULL, 0);
	rc = xfer("nv-read", TPM2W_ST_SESSIONS, TPM2W_CC_NV_READ, &w);
	report("nv-read", rc);
	w.len = 0;
	tpm2w_body_nv(&w, TPM2W_CC_NV_INCREMENT, NV_INDEX, NULL, 0);
	rc = xfer("nv-increment", TPM2W_ST_SESSIONS, TPM2W_CC_NV_INCREMENT, &w);
	report("nv-increment", rc);

	if (item)
		flush(item);
	if (primary)
		flush(primary);
	return 0;
}
