# SPDX-License-Identifier: GPL-2.0
#
# libpinpadcli.a ($(O)/userspace/): what every command-line program
# shares (cli_common.h): exit codes, messages that never show key bytes,
# arguments, subcommand tables, checked values, input and key files.
# pinpadctl, rks-admin and rks-factory link it.

INC_userspace/cli :=

CLI_OBJS := $(call obj,$(wildcard userspace/cli/*.c))
LIBPINPADCLI := $(O)/userspace/libpinpadcli.a

$(LIBPINPADCLI): $(CLI_OBJS)
	$(ar_recipe)

ALL_OBJS += $(CLI_OBJS)
