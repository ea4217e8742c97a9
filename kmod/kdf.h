/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PINPAD_KDF_H
#define PINPAD_KDF_H

#include <linux/types.h>

void pinpad_kdf(const u8 *key, size_t key_len, const char *label,
		const u8 *context, size_t context_len, u8 *out, size_t out_len);
int pinpad_kdf_selftest(void);

#endif /* PINPAD_KDF_H */
