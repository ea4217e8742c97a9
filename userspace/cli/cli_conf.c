// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_conf.c - `key = value` config files (cli_conf.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_conf.h"
#include "cli_log.h"

/* "[ident: ]path[:line]: message", an error in the log (cli_log_msg()) */
void cli_conf_error(const struct cli_conf *conf, unsigned int line,
		    const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		cli_log_msg(CLI_LOG_ERROR, "%s%s%s:%u: %s",
			    conf->ident ? conf->ident : "",
			    conf->ident ? ": " : "", conf->path, line, msg);
	else
		cli_log_msg(CLI_LOG_ERROR, "%s%s%s: %s",
			    conf->ident ? conf->ident : "",
			    conf->ident ? ": " : "", conf->path, msg);
}

static char *cli_conf_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* One line, its newline removed: 0, or -1 after saying why. */
static int cli_conf_line(const struct cli_conf *conf, unsigned int lineno,
			 char *line)
{
	char *eq, *key, *value;

	line = cli_conf_trim(line);
	if (!line[0] || line[0] == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq) {
		cli_conf_error(conf, lineno,
			       "expected 'key = value', got '%s'", line);
		return -1;
	}
	*eq = '\0';
	key = cli_conf_trim(line);
	value = cli_conf_trim(eq + 1);
	return conf->set(conf, lineno, key, value);
}

int cli_conf_read(const struct cli_conf *conf)
{
	/* the line, its newline and the NUL */
	size_t size = conf->line_max + 2;
	unsigned int lineno = 0;
	char *line;
	int ret = 0;
	FILE *f;

	f = fopen(conf->path, "r");
	if (!f) {
		if (conf->optional && errno == ENOENT)
			return 0;
		cli_conf_error(conf, 0, "%s", strerror(errno));
		return -1;
	}
	line = malloc(size);
	if (!line) {
		cli_conf_error(conf, 0, "out of memory");
		fclose(f);
		return -1;
	}
	while (ret == 0 && fgets(line, (int)size, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			cli_conf_error(conf, lineno, "line too long: longer "
				       "than %zu characters", conf->line_max);
			ret = -1;
			break;
		}
		ret = cli_conf_line(conf, lineno, line);
	}
	if (ret == 0 && ferror(f)) {
		cli_conf_error(conf, 0, "read error");
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}
