// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cli_log.c - where the daemons' log lines go (cli_log.c): on stderr
 * as they are; with the journal's "<N>" priority prefix (sd-daemon(3))
 * when stderr is the stream $JOURNAL_STREAM names (systemd.exec(5)); to
 * syslog(3) when $PINPAD_LOG=syslog. Priorities as RFC 5424 numbers them.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "cli_log.h"
#include "test.h"

/* Runs @fn with stderr in a new file, $JOURNAL_STREAM naming it if
 * @journal (else another file); returns what was written (static). */
static const char *captured(void (*fn)(void), int journal)
{
	static char buf[4096];
	char path[] = "/tmp/cli-log-XXXXXX", js[64];
	struct stat st;
	int fd, saved;
	ssize_t n;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return "";
	unlink(path);
	fstat(journal ? fd : STDIN_FILENO, &st);
	snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", js, 1);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	unsetenv("JOURNAL_STREAM");
	return buf;
}

static void four_levels(void)
{
	cli_log_setup("t", CLI_LOG_IDENT);
	cli_log_set_level(CLI_LOG_DEBUG);
	log_error("e", "k=%d", 1);
	log_warn("w", "k=2");
	log_info("i", NULL);
	log_debug("d", "k=%s", cli_log_q("a b"));
	cli_log_msg(CLI_LOG_ERROR, "t: cannot %s", "start");
	cli_log_set_level(CLI_LOG_INFO);
}

static enum cli_log_sink sink_seen;

static void to_syslog(void)
{
	setenv("PINPAD_LOG", "syslog", 1);
	cli_log_setup("t", CLI_LOG_IDENT);
	sink_seen = cli_log_sink();
	log_error("e", "k=1");
	cli_log_msg(CLI_LOG_ERROR, "t: cannot start");
	unsetenv("PINPAD_LOG");
	cli_log_setup("t", CLI_LOG_IDENT);
}

void test_cli_log(void)
{
	const char *out;

	out = captured(four_levels, 1);
	CHECK(!strncmp(out, "<3>t: time=", 11));
	CHECK_HAS(out, "Z level=error event=e k=1\n<4>t: time=");
	CHECK_HAS(out, "Z level=warn event=w k=2\n<6>t: time=");
	CHECK_HAS(out, "Z level=info event=i\n<7>t: time=");
	CHECK_HAS(out, "Z level=debug event=d k=\"a b\"\n<3>t: cannot start\n");

	/* another stream: the journal is not stderr's reader */
	out = captured(four_levels, 0);
	CHECK(!strncmp(out, "t: time=", 8));
	CHECK(!strchr(out, '<'));
	CHECK_HAS(out, "\nt: cannot start\n");

	out = captured(to_syslog, 1);
	CHECK_INT(sink_seen, CLI_LOG_SYSLOG);
	CHECK_STR(out, "");
	/* without $PINPAD_LOG again: back to the (captured) journal */
	CHECK_INT(cli_log_sink(), CLI_LOG_JOURNAL);

	CHECK_INT(cli_log_priority(CLI_LOG_ERROR), LOG_ERR);
	CHECK_INT(cli_log_priority(CLI_LOG_WARN), LOG_WARNING);
	CHECK_INT(cli_log_priority(CLI_LOG_INFO), LOG_INFO);
	CHECK_INT(cli_log_priority(CLI_LOG_DEBUG), LOG_DEBUG);
	cli_log_setup(NULL, CLI_LOG_IDENT);
	CHECK_INT(cli_log_sink(), CLI_LOG_STDERR);
}
