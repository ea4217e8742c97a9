/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <linux/err.h>: an error number carried in a pointer */
#ifndef KSHIM_LINUX_ERR_H
#define KSHIM_LINUX_ERR_H
#include "../kshim.h"

#define MAX_ERRNO	4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}
#endif
