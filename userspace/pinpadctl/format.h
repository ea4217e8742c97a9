/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * format.h - how pinpadctl prints the device's answers.
 */
#ifndef PINPADCTL_FORMAT_H
#define PINPADCTL_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libpinpad.h"

/* Upper-case hex, as KCVs are usually written; no newline. */
void print_hex(FILE *f, const uint8_t *buf, size_t len);

/* Lower-case hex, as sha256sum(1) prints, so the two can be compared. */
void print_fingerprint(FILE *f, const uint8_t *buf, size_t len);

/* The DSN as the device reports it, non-printable bytes escaped. */
void print_dsn(FILE *f, const struct pinpad_status *st);

/* The heading of the slot table, then one row per slot. */
void print_slot_heading(FILE *f);
void print_slot_row(FILE *f, const struct pinpad_slot_info *info);

#endif /* PINPADCTL_FORMAT_H */
