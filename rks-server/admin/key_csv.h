/* SPDX-License-Identifier: GPL-2.0-or-later */
/* key_csv.h - `key generate --csv FILE` (key_csv.c). */
#ifndef RKS_KEY_CSV_H
#define RKS_KEY_CSV_H

#include <stdint.h>

/* Keys for every line of @path ('-': stdin); @def_len where a line gives
 * none. An exit status (CLI_EXIT_*), after saying what went wrong. */
int key_csv_generate(const char *path, uint32_t def_len);

#endif /* RKS_KEY_CSV_H */
