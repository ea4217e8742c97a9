# SPDX-License-Identifier: GPL-2.0-or-later
#
# libpinpadcli.a ($(O)/userspace/): what every program shares.
# cli_common.h: exit codes, messages that never show key bytes,
# arguments, subcommand tables, checked values, input and key files
# (pinpadctl, rks-admin, rks-factory). cli_log.h: the key=value log with
# priorities (rkd, pinpad-state, rks-server). cli_conf.h: the config-file
# reader (rkd, rks-server). cli_io.h: whole reads and writes (pinpad-state,
# rks-admin, the key database).

INC_userspace/cli := -Iuserspace/proto/include -Iioctl

CLI_OBJS := $(call obj,$(wildcard userspace/cli/*.c))
LIBPINPADCLI := $(O)/userspace/libpinpadcli.a

$(LIBPINPADCLI): $(CLI_OBJS)
	$(ar_recipe)

# What a program links for it: the library, then librkdproto, where the
# domain rules its value checks use live (DSN, key hex...). Needs -lcrypto.
CLI_LIBS := $(LIBPINPADCLI) $(LIBRKDPROTO)

ALL_OBJS += $(CLI_OBJS)
