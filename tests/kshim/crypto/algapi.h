/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host shim of <crypto/algapi.h>: crypto_memneq, crypto_xor (kshim.h) */
#include "../kshim.h"
