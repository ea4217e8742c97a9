// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.c - parse rkd's settings. Every value is checked for type and
 * range; an error quotes the offending value and says what was expected.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_conf.h"
#include "config.h"
#include "pinpad.h"

/* no setting needs more: paths are < 256 */
#define RKD_CONFIG_LINE_MAX	510

void rkd_config_defaults(struct rkd_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->server, "127.0.0.1");
	c->port = 7010;
	strcpy(c->device, PINPAD_DEV_DOWNLOAD);
	c->connect_timeout = 10;
	c->read_timeout = 30;
	c->retries = 0;
	c->backoff_min_ms = 1000;
	c->backoff_max_ms = 300000;
	c->auth_backoff = 900;
	c->save_timeout = 30;
	c->log_level = CLI_LOG_INFO;
}

static bool parse_uint(const char *s, unsigned int min, unsigned int max,
		       unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_string(const char *s, char *out, size_t cap)
{
	size_t len = strlen(s);

	if (!len || len >= cap)
		return false;
	memcpy(out, s, len + 1);
	return true;
}

static const char *set_number(unsigned int *field, const char *value,
			      unsigned int min, unsigned int max,
			      const char *what)
{
	static char msg[160];

	if (parse_uint(value, min, max, field))
		return NULL;
	snprintf(msg, sizeof(msg), "bad value '%.40s': expected %s, %u..%u",
		 value, what, min, max);
	return msg;
}

const char *rkd_config_set(struct rkd_config *c, const char *key,
			   const char *value)
{
	if (!strcmp(key, "server"))
		return parse_string(value, c->server, sizeof(c->server)) ?
		       NULL : "bad value: expected a host name or address";
	if (!strcmp(key, "device"))
		return parse_string(value, c->device, sizeof(c->device)) ?
		       NULL : "bad value: expected a device path";
	if (!strcmp(key, "state_file"))
		return parse_string(value, c->state_file,
				    sizeof(c->state_file)) ?
		       NULL : "bad value: expected the sealed state's path";
	if (!strcmp(key, "interval"))
		return set_number(&c->interval, value, 0, 604800,
				  "seconds (0: exit after a download)");
	if (!strcmp(key, "save_timeout"))
		return set_number(&c->save_timeout, value, 1, 3600, "seconds");
	if (!strcmp(key, "port"))
		return set_number(&c->port, value, 1, 65535, "a TCP port");
	if (!strcmp(key, "connect_timeout"))
		return set_number(&c->connect_timeout, value, 1, 3600,
				  "seconds");
	if (!strcmp(key, "read_timeout"))
		return set_number(&c->read_timeout, value, 1, 3600, "seconds");
	if (!strcmp(key, "retries"))
		return set_number(&c->retries, value, 0, 1000000,
				  "a count (0: no limit)");
	if (!strcmp(key, "backoff_min_ms"))
		return set_number(&c->backoff_min_ms, value, 10, 3600000,
				  "milliseconds");
	if (!strcmp(key, "backoff_max_ms"))
		return set_number(&c->backoff_max_ms, value, 10, 86400000,
				  "milliseconds");
	if (!strcmp(key, "auth_backoff"))
		return set_number(&c->auth_backoff, value, 1, 604800,
				  "seconds");
	if (!strcmp(key, "log_level"))
		return cli_log_parse_level(value, &c->log_level) ?
		       "bad value: expected error, warn, info or debug" : NULL;
	return "unknown setting";
}

/* One setting of the file: rkd_config_set()'s error, after "key: ". */
static int rkd_config_line(const struct cli_conf *conf, unsigned int line,
			   const char *key, const char *value)
{
	const char *err = rkd_config_set(conf->ctx, key, value);

	if (err) {
		cli_conf_error(conf, line, "%s: %s", key, err);
		return -1;
	}
	return 0;
}

int rkd_config_load(struct rkd_config *c, const char *path, bool must_exist)
{
	const struct cli_conf conf = {
		.path = path,
		.ident = "rkd",
		.line_max = RKD_CONFIG_LINE_MAX,
		.optional = !must_exist,
		.set = rkd_config_line,
		.ctx = c,
	};

	return cli_conf_read(&conf);
}
