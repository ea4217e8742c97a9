# SPDX-License-Identifier: GPL-2.0-or-later
#
# librkskeydb.a ($(O)/rks-server/): the RKS's key database on SQLite or PostgreSQL (libpq).
# db.h is the contract rks-server links against; db_admin.h adds what
# rks-admin needs; db_internal.h is for this folder only. Its users link
# $(KEYDB_LIBS) (it writes files with libpinpadcli's cli_io.h) and
# $(KEYDB_LDLIBS).

INC_rks-server/keydb := -Iuserspace/cli -Iuserspace/proto/include -Iioctl \
	-Irks-server/keystore \
	-I/usr/include/postgresql

KEYDB_OBJS := $(call obj,$(wildcard rks-server/keydb/*.c))
LIBRKSKEYDB := $(O)/rks-server/librkskeydb.a
# libpq by its soname: Debian's libpq-dev cannot be installed for two
# architectures at once, but libpq5 can, and its headers do not depend on
# the architecture, so the arm64 cross build links libpq5:arm64 directly.
KEYDB_LDLIBS := -lsqlite3 -l:libpq.so.5 -lcrypto -pthread

$(LIBRKSKEYDB): $(KEYDB_OBJS)
	$(ar_recipe)

# (the key store: where the master key and the DIK1s are; it computes
# DIK2 with librkdproto's rkd_dik2(), in $(CLI_LIBS))
KEYDB_LIBS := $(LIBRKSKEYDB) $(LIBRKSKEYSTORE) $(CLI_LIBS)

ALL_OBJS += $(KEYDB_OBJS)
