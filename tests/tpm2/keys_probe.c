// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keys_probe.c - keys-probe: what root can get out of the kernel's
 * keyrings and AF_ALG, to recover a sealing key (tests/e2e/tpm-e2e).
 *
 *   keys-probe OUTDIR
 *
 * For every key /proc/keys lists: KEYCTL_READ its payload (logon keys
 * refuse), and bind AF_ALG "hmac(sha256)" keyed by it
 * (ALG_SET_KEY_BY_KEY_SERIAL, 6.12; 6.1 has no such option) and compute
 * the module's three derivations (kmod/seal.c labels). Whatever comes out
 * goes to OUTDIR/read-SERIAL.bin and OUTDIR/alg-SERIAL-N.bin, for the
 * test to try as keys; one line per attempt on stdout, the key's
 * description (the rest of its /proc/keys line) last.
 */
#include <errno.h>
#include <linux/if_alg.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef ALG_SET_KEY_BY_KEY_SERIAL
#define ALG_SET_KEY_BY_KEY_SERIAL 7	/* include/uapi/linux/if_alg.h, 6.2+ */
#endif

static const char *const labels[] = {	/* kmod/seal.c */
	"pinpad-rkd seal v1 encryption",
	"pinpad-rkd seal v1 MAC",
	"pinpad-rkd seal v1 key id",
};

static void save(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
}

static void try_alg(const char *dir, int serial, const char *desc)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG,
		.salg_type = "hash",
		.salg_name = "hmac(sha256)",
	};
	unsigned char out[32];
	char name[64];
	size_t i;
	int s, op;

	s = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		printf("KEYS serial=%d af_alg=unavailable desc=%s\n", serial,
		       desc);
		goto out;
	}
	if (setsockopt(s, SOL_ALG, ALG_SET_KEY_BY_KEY_SERIAL, &serial,
		       sizeof(serial))) {
		printf("KEYS serial=%d af_alg=refused errno=%d desc=%s\n",
		       serial, errno, desc);
		goto out;
	}
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		op = accept(s, NULL, 0);
		if (op < 0 || write(op, labels[i], strlen(labels[i])) < 0 ||
		    read(op, out, sizeof(out)) != sizeof(out)) {
			printf("KEYS serial=%d af_alg=failed desc=%s\n", serial,
			       desc);
		} else {
			snprintf(name, sizeof(name), "alg-%d-%zu.bin", serial, i);
			save(dir, name, out, sizeof(out));
			printf("KEYS serial=%d af_alg=derived label=%zu desc=%s\n",
			       serial, i, desc);
		}
		if (op >= 0)
			close(op);
	}
out:
	if (s >= 0)
		close(s);
}

int main(int argc, char **argv)
{
	char line[512], type[64], desc[256], name[64];
	unsigned char buf[4096];
	unsigned int serial;
	FILE *f;
	long n;

	if (argc != 2) {
		fprintf(stderr, "usage: keys-probe OUTDIR\n");
		return 2;
	}
	f = fopen("/proc/keys", "r");
	if (!f) {
		perror("keys-probe: /proc/keys");
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		/* serial flags usage timeout perm uid gid type description */
		if (sscanf(line, "%x %*s %*s %*s %*s %*s %*s %63s %255[^\n]",
			   &serial, type, desc) != 3)
			continue;
		n = syscall(SYS_keyctl, KEYCTL_READ, serial, buf, sizeof(buf));
		if (n >= 0) {
			snprintf(name, sizeof(name), "read-%u.bin", serial);
			save(argv[1], name, buf, n > (long)sizeof(buf) ?
			     sizeof(buf) : (size_t)n);
		}
		printf("KEYS serial=%u type=%s read=%s desc=%s\n", serial, type,
		       n >= 0 ? "yes" : "refused", desc);
		try_alg(argv[1], (int)serial, desc);
	}
	fclose(f);
	return 0;
}
