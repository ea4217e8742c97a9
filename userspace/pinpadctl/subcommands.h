/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * subcommands.h - one <cmd>_main() per pinpadctl subcommand.
 *
 * Each gets argv from the subcommand's name on (argv[0]) and the device
 * path chosen by the global options, and returns a CLI_EXIT_* code.
 */
#ifndef PINPADCTL_SUBCOMMANDS_H
#define PINPADCTL_SUBCOMMANDS_H

int status_main(int argc, char *argv[], const char *device);
int slots_main(int argc, char *argv[], const char *device);
int slot_main(int argc, char *argv[], const char *device);
int set_dsn_main(int argc, char *argv[], const char *device);
int set_dik2_main(int argc, char *argv[], const char *device);
int set_root_main(int argc, char *argv[], const char *device);
int inject_main(int argc, char *argv[], const char *device);
int seal_main(int argc, char *argv[], const char *device);
int load_wk_main(int argc, char *argv[], const char *device);
int cipher_main(int argc, char *argv[], const char *device);
int clear_slot_main(int argc, char *argv[], const char *device);
int slot_unlock_main(int argc, char *argv[], const char *device);
int tamper_main(int argc, char *argv[], const char *device);
int recover_main(int argc, char *argv[], const char *device);
int limits_main(int argc, char *argv[], const char *device);
int set_limit_main(int argc, char *argv[], const char *device);
int pin_block_main(int argc, char *argv[], const char *device);
int mac_main(int argc, char *argv[], const char *device);
int token_main(int argc, char *argv[], const char *device);
int kcapi_cipher_main(int argc, char *argv[], const char *device);

#endif /* PINPADCTL_SUBCOMMANDS_H */
