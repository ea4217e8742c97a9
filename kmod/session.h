/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device's half of the download protocol (Documentation/protocol.md),
 * one session per open file. Every function is called with dev->lock held,
 * except pinpad_session_free().
 */
#ifndef PINPAD_SESSION_H
#define PINPAD_SESSION_H

#include "device.h"

int pinpad_session_step(struct pinpad_file *pf,
			struct pinpad_session_step *step,
			const u8 *in, u8 *out);
void pinpad_session_end(struct pinpad_file *pf);
void pinpad_sessions_wipe_all(struct pinpad_device *dev);
void pinpad_session_free(struct pinpad_file *pf);

#endif /* PINPAD_SESSION_H */
