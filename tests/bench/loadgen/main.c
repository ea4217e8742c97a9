// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rks-loadgen - software terminals against rks-server, for benchmarks
 * (see loadgen.h and `rks-loadgen --help`).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "loadgen.h"

int main(int argc, char **argv)
{
	struct lg_stats st = { 0 };
	struct lg_opts o;
	bool help;
	int ret;

	/* a reset peer must be an error counted, not a death */
	signal(SIGPIPE, SIG_IGN);
	if (!lg_parse(argc, argv, &o, &help)) {
		fprintf(stderr, "rks-loadgen: see --help\n");
		X509_free(o.root);
		return 2;
	}
	if (help) {
		lg_usage();
		X509_free(o.root);
		return 0;
	}
	if (o.flood) {
		ret = lg_run_flood(&o);
	} else if (o.idle) {
		ret = lg_run_idle(&o);
	} else {
		ret = lg_run_sessions(&o, &st);
		if (ret == 0) {
			lg_report(&o, &st);
			ret = st.errors ? 1 : 0;
		}
	}
	OPENSSL_cleanse(o.dik1, sizeof(o.dik1));
	X509_free(o.root);
	free(st.lat_us);
	return ret < 0 ? 1 : ret;
}
