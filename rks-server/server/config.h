/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.h - rks-server's settings: defaults, then the config file, then
 * the command line, each overriding the one before.
 *
 * The file is `key = value` lines; `#` starts a comment line; blank lines
 * are ignored. Every key is also a long option (--read-timeout for
 * read_timeout). An unknown key, a key given twice, or a value that does
 * not parse is an error naming file:line and the offending text.
 */
#ifndef RKS_CONFIG_H
#define RKS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_log.h"
#include "keystore.h"

#define RKS_PATH_MAX	4096
#define RKS_ADDR_MAX	64

struct rks_config {
	char listen[RKS_ADDR_MAX];	/* numeric IPv4 or IPv6 address */
	unsigned int port;		/* 0: any free port (tests) */
	char database[RKS_PATH_MAX];
	char master_key[RKS_PATH_MAX];
	char work_cert[RKS_PATH_MAX];	/* DER or PEM */
	char work_key[RKS_PATH_MAX];	/* PEM, mode 0600 */
	char root_cert[RKS_PATH_MAX];	/* optional: "" none; DER or PEM */
	char revocation_list[RKS_PATH_MAX]; /* optional: "" none */
	/* the keys in a PKCS#11 token instead of master_key and work_key
	 * (keystore.h): "" for pkcs11_token means the file key store */
	char pkcs11_module[RKS_PATH_MAX];
	char pkcs11_token[RKS_PATH_MAX];	/* the token's label */
	char pkcs11_pin_file[RKS_PATH_MAX];	/* "": the systemd credential */
	unsigned int privsep;		/* 1: the network process (net.h) */
	char net_user[RKS_ADDR_MAX];	/* its user, when started as root */
	unsigned int read_timeout;	/* seconds, per message */
	unsigned int session_timeout;	/* seconds, per connection */
	unsigned int lockout;		/* failures that lock a DSN; 0: never */
	unsigned int lockout_base;	/* s, the first lock; doubles (db.h) */
	unsigned int source_failures;	/* auth failures that block a source */
	unsigned int source_block;	/* s, how long a source is blocked */
	unsigned int max_connections;
	unsigned int source_rate;	/* new connections/s per source; 0: any */
	unsigned int first_frame_timeout; /* seconds, for HELLO (<= read) */
	enum cli_log_level log_level;
};

/* The defaults (listen 127.0.0.1:7010, 30 s, 120 s, lockout 5...). */
void rks_config_defaults(struct rks_config *c);

/*
 * rks_config_set() - set @key (file spelling, "read_timeout") to @value
 * Return: 0; -ENOENT unknown key; -EINVAL bad value, with the reason in
 * @why (e.g. "expected 1-65535").
 */
int rks_config_set(struct rks_config *c, const char *key, const char *value,
		   char *why, size_t why_size);

/*
 * rks_config_load() - read @path into @c
 * Return: 0, or -1 after printing "path:line: what" on stderr.
 */
int rks_config_load(struct rks_config *c, const char *path);

/*
 * rks_config_check() - are the settings complete? database and work_cert,
 * and either master_key and work_key (file key store) or pkcs11_module
 * (with pkcs11_token) must be set.
 * Return: 0, or -1 after printing what is missing on stderr.
 */
int rks_config_check(const struct rks_config *c);

/* The key store the settings name; @ks points into @c. */
void rks_config_keystore(const struct rks_config *c,
			 struct rks_ks_config *ks);

#endif /* RKS_CONFIG_H */
