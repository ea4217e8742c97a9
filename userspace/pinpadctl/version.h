/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PINPADCTL_VERSION_H
#define PINPADCTL_VERSION_H

#define PINPADCTL_VERSION "0.1.0"

#endif /* PINPADCTL_VERSION_H */
