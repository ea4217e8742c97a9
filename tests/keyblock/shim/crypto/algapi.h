/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <crypto/algapi.h>: crypto_memneq (kb_host_shim.h) */
#include "../kb_host_shim.h"
