/* SPDX-License-Identifier: GPL-2.0 */
/*
 * factory.h - rks-factory's commands.
 */
#ifndef RKS_FACTORY_H
#define RKS_FACTORY_H

int dik2_main(int argc, char *argv[]);
int provision_main(int argc, char *argv[]);

#endif /* RKS_FACTORY_H */
