// SPDX-License-Identifier: GPL-2.0
/* X9.143 key blocks: the parser follows in the next commit. */
#include <linux/errno.h>

#include "keyblock.h"

int pinpad_kb_unwrap(const struct pinpad_key *kbpk, const u8 *block,
		     u32 len, struct pinpad_key_attr *attr,
		     struct pinpad_key *out)
{
	return -EBADMSG;
}
