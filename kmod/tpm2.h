/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device key sealed by a TPM 2.0 (issue #12; Documentation/persistence.md,
 * "TPM sealing"). Commands are marshalled here and sent with
 * tpm_transmit_cmd(); every response goes through tpm2_wire.c's parsers.
 */
#ifndef PINPAD_TPM2_H
#define PINPAD_TPM2_H

#include <linux/types.h>

struct tpm_chip;

/* The PCR the sealed key is bound to, and capped after the unseal */
#define PINPAD_TPM_PCR		15
/*
 * The rollback counter: an NV counter index in the owner range (TCG
 * "Registry of Reserved TPM 2.0 Handles": 0x01800000-0x01bfffff)
 */
#define PINPAD_TPM_NV_INDEX	0x01805050
#define PINPAD_TPM_KEY_LEN	32

/* A TPM 2.0 chip with a reference held, or NULL (software sealing) */
struct tpm_chip *pinpad_tpm_probe(void);
void pinpad_tpm_release(struct tpm_chip *chip);

int pinpad_tpm_seal_new(struct tpm_chip *chip, const u8 key[PINPAD_TPM_KEY_LEN],
			u8 *obj, u32 cap, u32 *obj_len);
int pinpad_tpm_unseal(struct tpm_chip *chip, const u8 *obj, u32 len,
		      u8 key[PINPAD_TPM_KEY_LEN]);
int pinpad_tpm_cap(struct tpm_chip *chip);
int pinpad_tpm_counter_create(struct tpm_chip *chip,
			      const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value);
int pinpad_tpm_counter_read(struct tpm_chip *chip,
			    const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value);
int pinpad_tpm_counter_advance(struct tpm_chip *chip,
			       const u8 auth[PINPAD_TPM_KEY_LEN], u64 *value);

#endif /* PINPAD_TPM2_H */
