// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cli_json.c - the JSON writer of the listings' --json (cli_json.c):
 * nesting and commas, and the escapes of RFC 8259 section 7, with U+FFFD
 * for bytes that are not UTF-8 (RFC 3629).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "cli_json.h"
#include "test.h"

/* What @fn writes, as a string (static buffer). */
static const char *written(void (*fn)(struct cli_json *j))
{
	static char buf[512];
	struct cli_json j;
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	CHECK(f != NULL);
	if (!f)
		return "";
	cli_json_init(&j, f);
	fn(&j);
	fclose(f);
	return buf;
}

static void records(struct cli_json *j)
{
	cli_json_open(j, '[');
	cli_json_open(j, '{');
	cli_json_kstr(j, "dsn", "C-1");
	cli_json_kint(j, "id", -7);
	cli_json_kbool(j, "ok", true);
	cli_json_key(j, "none");
	cli_json_null(j);
	cli_json_close(j, '}');
	cli_json_open(j, '{');
	cli_json_close(j, '}');
	cli_json_close(j, ']');
}

static void escapes(struct cli_json *j)
{
	cli_json_str(j, "q\" b\\ \n\r\t \x01\x1f\x7f");
}

static void utf8(struct cli_json *j)
{
	/* é (C3 A9) and € (E2 82 AC) kept; a lone continuation byte, a
	 * truncated sequence, an overlong '/' (C0 AF), a surrogate (ED A0
	 * 80) and 0xFF each become U+FFFD */
	cli_json_str(j, "\xc3\xa9\xe2\x82\xac|\x80|\xe2\x82|\xc0\xaf|"
		     "\xed\xa0\x80|\xff");
}

static void empty(struct cli_json *j)
{
	cli_json_open(j, '[');
	cli_json_close(j, ']');
}

void test_cli_json(void)
{
	CHECK_STR(written(records),
		  "[{\"dsn\":\"C-1\",\"id\":-7,\"ok\":true,\"none\":null},"
		  "{}]\n");
	CHECK_STR(written(escapes),
		  "\"q\\\" b\\\\ \\n\\r\\t \\u0001\\u001f\\u007f\"");
	CHECK_STR(written(utf8), "\"\xc3\xa9\xe2\x82\xac|\\ufffd|"
		  "\\ufffd\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
		  "\\ufffd\"");
	CHECK_STR(written(empty), "[]\n");
}
