/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * factory.h - rks-factory's commands.
 */
#ifndef RKS_FACTORY_H
#define RKS_FACTORY_H

#include "pinpad.h"

/*
 * The factor provision draws: 16 random bytes (the module takes 1 to
 * PINPAD_FACTOR_MAX); rks-factory checks the device reports this length.
 */
#define FACTORY_FACTOR_LEN	16

int dik2_main(int argc, char *argv[]);
int provision_main(int argc, char *argv[]);

#endif /* RKS_FACTORY_H */
