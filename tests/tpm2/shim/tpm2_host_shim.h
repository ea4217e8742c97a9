/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tpm2_host_shim.h - what kmod/tpm2_wire.c takes from the kernel, for a
 * host build (unit tests, the fuzzer, the guest's probe): the kernel's
 * fixed-width types, and libc for memcpy and the errno values.
 */
#ifndef TPM2_HOST_SHIM_H
#define TPM2_HOST_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#endif /* TPM2_HOST_SHIM_H */
