# SPDX-License-Identifier: GPL-2.0-or-later
#
# librkdsoftdev.a ($(O)/softdev/): the software PIN pad, a test double that
# plays the device's half of the download protocol in-process, on
# librkdproto and OpenSSL. For tests and load generation only: nothing that
# runs on a terminal or in rks-server links it.

INC_tests/softdev := -Iuserspace/proto/include -Iioctl

SOFTDEV_OBJS := $(call obj,$(wildcard tests/softdev/*.c))
LIBRKDSOFTDEV := $(O)/softdev/librkdsoftdev.a

$(LIBRKDSOFTDEV): $(SOFTDEV_OBJS)
	$(ar_recipe)

ALL_OBJS += $(SOFTDEV_OBJS)
