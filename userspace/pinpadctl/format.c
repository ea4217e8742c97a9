// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c - how pinpadctl prints the device's answers. Only metadata
 * and KCVs ever reach here: the device gives out nothing else.
 */
#include "format.h"

static void print_hex_digits(FILE *f, const uint8_t *buf, size_t len,
			     const char *digits)
{
	size_t i;

	for (i = 0; i < len; i++) {
		fputc(digits[buf[i] >> 4], f);
		fputc(digits[buf[i] & 0xf], f);
	}
}

void print_hex(FILE *f, const uint8_t *buf, size_t len)
{
	print_hex_digits(f, buf, len, "0123456789ABCDEF");
}

void print_fingerprint(FILE *f, const uint8_t *buf, size_t len)
{
	print_hex_digits(f, buf, len, "0123456789abcdef");
}

void print_dsn(FILE *f, const struct pinpad_status *st)
{
	/* Trust no length from outside this process. */
	uint32_t len = st->dsn_len < PINPAD_DSN_MAX ? st->dsn_len
						    : PINPAD_DSN_MAX;
	uint32_t i;

	for (i = 0; i < len; i++) {
		uint8_t c = st->dsn[i];

		if (c >= 0x20 && c <= 0x7e && c != '\\')
			fputc(c, f);
		else
			fprintf(f, "\\x%02X", c);
	}
}

/*
 * The slots table: the class the module derives from the key's X9.143
 * usage, the algorithm, the length, then the key block attributes as the
 * header carried them (usage, mode of use, key version), and the KCV.
 */
void print_slot_heading(FILE *f)
{
	fprintf(f, "%4s  %-5s  %-4s  %3s  %-5s  %-4s  %-7s  %s\n", "slot",
		"class", "alg", "len", "usage", "mode", "version", "kcv");
}

/* An attribute byte as the header had it; '?' if not printable. */
static char attr_char(uint8_t c)
{
	return c >= 0x21 && c <= 0x7e ? (char)c : '?';
}

void print_slot_row(FILE *f, const struct pinpad_slot_info *info)
{
	const struct pinpad_key_attr *a = &info->attr;

	if (info->usage == PINPAD_USAGE_NONE) {
		fprintf(f, "%4u  %-5s  %-4s  %3s  %-5s  %-4s  %-7s  %s\n",
			info->slot, "-", "-", "-", "-", "-", "-", "(empty)");
		return;
	}
	fprintf(f, "%4u  %-5s  %-4s  %3u  %c%c     %c     %c%c       ",
		info->slot, pinpad_usage_name(info->usage),
		pinpad_alg_name(info->alg), info->key_len,
		attr_char(a->usage[0]), attr_char(a->usage[1]),
		attr_char(a->mode), attr_char(a->version[0]),
		attr_char(a->version[1]));
	print_hex(f, info->kcv, PINPAD_KCV_LEN);
	if (info->flags & PINPAD_SLOT_F_LOCKED)	/* a KBPK failed loads locked */
		fputs("  locked", f);
	fputc('\n', f);
}
