# SPDX-License-Identifier: GPL-2.0-or-later
#
# librkskeystore.a ($(O)/rks-server/): the key store seam (keystore.h),
# with its file and PKCS#11 back ends. The key database and rks-server
# build on it. PKCS#11 comes from p11-kit's header only (libp11-kit-dev);
# the module is dlopen'ed at run time, so nothing more is linked.

INC_rks-server/keystore := -Iuserspace/cli -Iuserspace/proto/include \
	-Iioctl -I/usr/include/p11-kit-1

KEYSTORE_OBJS := $(call obj,$(wildcard rks-server/keystore/*.c))
LIBRKSKEYSTORE := $(O)/rks-server/librkskeystore.a

$(LIBRKSKEYSTORE): $(KEYSTORE_OBJS)
	$(ar_recipe)

ALL_OBJS += $(KEYSTORE_OBJS)
