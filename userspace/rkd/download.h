/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * download.h - one download session: carry the module's messages to the
 * RKS and the RKS's back, until the module says the session is complete.
 */
#ifndef RKD_DOWNLOAD_H
#define RKD_DOWNLOAD_H

#include "config.h"

struct pinpad;

/* How a session ended; also rkd's exit codes (see rkd --help). */
enum rkd_outcome {
	RKD_DONE		= 0,	/* keys stored, receipt acknowledged */
	RKD_FAIL_USAGE		= 1,	/* bad option or config */
	RKD_FAIL_DEVICE		= 2,	/* the device refused or is unusable */
	RKD_FAIL_DEVICE_AUTH	= 3,	/* RKS: device authentication failed */
	RKD_FAIL_SERVER_AUTH	= 4,	/* device: RKS certificate rejected */
	RKD_FAIL_NETWORK	= 5,	/* connect, I/O, timeout, RKS busy */
	RKD_FAIL_PROTOCOL	= 6,	/* malformed or unexpected message */
};

enum rkd_outcome rkd_download(const struct rkd_config *c, struct pinpad *pp,
			      unsigned int *keys_stored);
const char *rkd_outcome_name(enum rkd_outcome o);

#endif /* RKD_DOWNLOAD_H */
