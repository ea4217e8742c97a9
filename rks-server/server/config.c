// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.c - the table of settings, their parsers, and the config file.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "cli_conf.h"
#include "config.h"
#include "db.h"	/* the lockout's bounds */
#include "cli_log.h"

/* a path and its key */
#define RKS_CONFIG_LINE_MAX	(RKS_PATH_MAX + 126)

struct rks_setting {
	const char *key;
	bool (*parse)(struct rks_config *c, const struct rks_setting *s,
		      const char *value, char *why, size_t why_size);
	size_t offset;			/* of the field in struct rks_config */
	unsigned int min, max;		/* numbers */
	size_t size;			/* strings */
};

static bool parse_uint(struct rks_config *c, const struct rks_setting *s,
		       const char *value, char *why, size_t why_size)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (value[0] < '0' || value[0] > '9' || *end || errno ||
	    v < s->min || v > s->max) {
		snprintf(why, why_size, "expected a number %u-%u", s->min,
			 s->max);
		return false;
	}
	*(unsigned int *)((char *)c + s->offset) = (unsigned int)v;
	return true;
}

static bool parse_path(struct rks_config *c, const struct rks_setting *s,
		       const char *value, char *why, size_t why_size)
{
	if (!value[0] || strlen(value) >= s->size) {
		snprintf(why, why_size, "expected a path of 1-%zu characters",
			 s->size - 1);
		return false;
	}
	strcpy((char *)c + s->offset, value);
	return true;
}

static bool parse_addr(struct rks_config *c, const struct rks_setting *s,
		       const char *value, char *why, size_t why_size)
{
	unsigned char bin[sizeof(struct in6_addr)];

	if (strlen(value) >= s->size ||
	    (inet_pton(AF_INET, value, bin) != 1 &&
	     inet_pton(AF_INET6, value, bin) != 1)) {
		snprintf(why, why_size, "expected a numeric IPv4 or IPv6 "
			 "address");
		return false;
	}
	strcpy((char *)c + s->offset, value);
	return true;
}

static bool parse_level(struct rks_config *c, const struct rks_setting *s,
			const char *value, char *why, size_t why_size)
{
	enum cli_log_level level;

	(void)s;
	if (cli_log_parse_level(value, &level)) {
		snprintf(why, why_size, "expected error, warn, info or debug");
		return false;
	}
	c->log_level = level;
	return true;
}

#define NUM(k, field, lo, hi) \
	{ k, parse_uint, offsetof(struct rks_config, field), lo, hi, 0 }
#define STR(k, field, fn) \
	{ k, fn, offsetof(struct rks_config, field), 0, 0, \
	  sizeof(((struct rks_config *)0)->field) }

static const struct rks_setting rks_settings[] = {
	STR("listen", listen, parse_addr),
	NUM("port", port, 0, 65535),
	STR("database", database, parse_path),
	STR("master_key", master_key, parse_path),
	STR("work_cert", work_cert, parse_path),
	STR("work_key", work_key, parse_path),
	STR("root_cert", root_cert, parse_path),
	STR("revocation_list", revocation_list, parse_path),
	STR("pkcs11_module", pkcs11_module, parse_path),
	STR("pkcs11_token", pkcs11_token, parse_path),
	STR("pkcs11_pin_file", pkcs11_pin_file, parse_path),
	NUM("privsep", privsep, 0, 1),
	STR("net_user", net_user, parse_path),
	NUM("read_timeout", read_timeout, 1, 3600),
	NUM("session_timeout", session_timeout, 1, 86400),
	NUM("lockout", lockout, 0, 1000),
	NUM("lockout_base", lockout_base, 1, RKS_LOCK_MAX_S),
	NUM("source_failures", source_failures, 0, 1000000),
	NUM("source_block", source_block, 1, RKS_LOCK_MAX_S),
	NUM("max_connections", max_connections, 1, 100000),
	NUM("source_rate", source_rate, 0, 1000000),
	NUM("first_frame_timeout", first_frame_timeout, 1, 3600),
	{ "log_level", parse_level, 0, 0, 0, 0 },
};

#define RKS_NSETTINGS (sizeof(rks_settings) / sizeof(rks_settings[0]))

void rks_config_defaults(struct rks_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->listen, "127.0.0.1");
	c->port = 7010;
	c->read_timeout = 30;
	c->session_timeout = 120;
	c->lockout = 5;
	c->lockout_base = RKS_LOCK_BASE_S;
	c->source_failures = 20;
	c->source_block = 600;
	c->max_connections = 4096;
	c->source_rate = 100;
	c->first_frame_timeout = 5;
	c->log_level = CLI_LOG_INFO;
	strcpy(c->net_user, "rks-net");
}

static const struct rks_setting *rks_setting_find(const char *key)
{
	size_t i;

	for (i = 0; i < RKS_NSETTINGS; i++)
		if (strcmp(rks_settings[i].key, key) == 0)
			return &rks_settings[i];
	return NULL;
}

int rks_config_set(struct rks_config *c, const char *key, const char *value,
		   char *why, size_t why_size)
{
	const struct rks_setting *s = rks_setting_find(key);

	if (!s) {
		snprintf(why, why_size, "unknown key");
		return -ENOENT;
	}
	return s->parse(c, s, value, why, why_size) ? 0 : -EINVAL;
}

struct rks_config_file {
	struct rks_config *c;
	bool seen[RKS_NSETTINGS];	/* a key given twice is an error */
};

/* One setting of the file: 0 ok, -1 after printing why. */
static int rks_config_line(const struct cli_conf *conf, unsigned int line,
			   const char *key, const char *value)
{
	struct rks_config_file *file = conf->ctx;
	const struct rks_setting *s = rks_setting_find(key);
	char why[128];

	if (!s) {
		cli_conf_error(conf, line, "unknown key '%s'", key);
		return -1;
	}
	if (file->seen[s - rks_settings]) {
		cli_conf_error(conf, line, "'%s' is set twice", key);
		return -1;
	}
	file->seen[s - rks_settings] = true;
	if (!s->parse(file->c, s, value, why, sizeof(why))) {
		cli_conf_error(conf, line, "bad value '%s' for %s: %s", value,
			       key, why);
		return -1;
	}
	return 0;
}

int rks_config_load(struct rks_config *c, const char *path)
{
	struct rks_config_file file = { .c = c };
	const struct cli_conf conf = {
		.path = path,
		.line_max = RKS_CONFIG_LINE_MAX,
		.set = rks_config_line,
		.ctx = &file,
	};

	return cli_conf_read(&conf);
}

/* 0 if the setting at @offset is set, else -1 after saying so. */
static int rks_config_need(const struct rks_config *c, const char *key,
			   const char *option, size_t offset)
{
	if (((const char *)c + offset)[0])
		return 0;
	cli_log_msg(CLI_LOG_ERROR, "rks-server: no %s: set it in the config "
		    "file or with --%s", key, option);
	return -1;
}

int rks_config_check(const struct rks_config *c)
{
	static const struct {
		const char *key, *option;
		size_t offset;
	} need[] = {
		{ "database", "database",
		  offsetof(struct rks_config, database) },
		{ "work_cert", "work-cert",
		  offsetof(struct rks_config, work_cert) },
		/* the file key store */
		{ "master_key", "master-key",
		  offsetof(struct rks_config, master_key) },
		{ "work_key", "work-key",
		  offsetof(struct rks_config, work_key) },
		/* or the token, which replaces both files */
		{ "pkcs11_module", "pkcs11-module",
		  offsetof(struct rks_config, pkcs11_module) },
	};
	bool token = c->pkcs11_token[0] != '\0';
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (i < 2 || (i == 4) == token)
			ret |= rks_config_need(c, need[i].key, need[i].option,
					       need[i].offset);
	return ret ? -1 : 0;
}

void rks_config_keystore(const struct rks_config *c,
			 struct rks_ks_config *ks)
{
	memset(ks, 0, sizeof(*ks));
	if (c->pkcs11_token[0]) {
		ks->kind = RKS_KS_PKCS11;
		ks->module = c->pkcs11_module;
		ks->token = c->pkcs11_token;
		ks->pin_file = c->pkcs11_pin_file[0] ? c->pkcs11_pin_file
						     : NULL;
	} else {
		ks->kind = RKS_KS_FILE;
		ks->master_key = c->master_key;
		ks->work_key = c->work_key;
	}
}
