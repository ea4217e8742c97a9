/* SPDX-License-Identifier: GPL-2.0-or-later */
/* softdev_internal.h - shared by the software device's own files only. */
#ifndef RKD_SOFTDEV_INTERNAL_H
#define RKD_SOFTDEV_INTERNAL_H

#include "rkd_softdev.h"

/* Report one message to the params' trace callback, if any. */
void rkd_softdev_trace(const struct rkd_softdev *d, char dir,
		       unsigned int type, const uint8_t *body, size_t len);

#endif /* RKD_SOFTDEV_INTERNAL_H */
