/* SPDX-License-Identifier: MIT */
/*
 * The host shim of <linux/types.h>, just enough to build kmod/der.c for
 * its fuzzer (fuzz/fuzz_der.c): the same source as the module's, not a
 * copy.
 */
#ifndef KSHIM_LINUX_TYPES_H
#define KSHIM_LINUX_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
#endif
