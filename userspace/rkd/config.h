/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.h - rkd's settings: defaults, then the config file, then the
 * command line, each overriding the one before.
 */
#ifndef RKD_CONFIG_H
#define RKD_CONFIG_H

#include <stdbool.h>

#include "cli_log.h"

#define RKD_DEFAULT_CONFIG	"/etc/pinpad-rkd/rkd.conf"

struct rkd_config {
	char server[256];		/* host name or address of the RKS */
	unsigned int port;
	char device[256];		/* PINPAD_DEV_DOWNLOAD */
	unsigned int connect_timeout;	/* s */
	unsigned int read_timeout;	/* s, per message */
	unsigned int retries;		/* network retries; 0 = no limit */
	unsigned int backoff_min_ms;
	unsigned int backoff_max_ms;
	unsigned int auth_backoff;	/* s, after an authentication failure */
	char state_file[256];		/* sealed blob to wait for; "" none */
	unsigned int save_timeout;	/* s to wait for it before RECEIPT */
	enum cli_log_level log_level;
	bool once;			/* one attempt, no retries */
	unsigned int interval;		/* s between checks once done; 0: exit */
};

void rkd_config_defaults(struct rkd_config *c);
/* Apply one "key = value" setting; NULL return, or an error message. */
const char *rkd_config_set(struct rkd_config *c, const char *key,
			   const char *value);
/* Read a config file; 0, or -1 after printing "FILE:LINE: what". */
int rkd_config_load(struct rkd_config *c, const char *path, bool must_exist);

#endif /* RKD_CONFIG_H */
