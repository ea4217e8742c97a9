# SPDX-License-Identifier: GPL-2.0-or-later
#
# The benchmark's programs, in $(O)/bench/ (tests/bench/run; `make bench`
# at the top):
#   rks-loadgen      loads rks-server with software devices (librkdsoftdev,
#                    a test tool that never goes near a terminal)
#   rks-dbbench      the key database's lookups (librkskeydb)
#   rks-floor        a session's TCP exchange alone, with rks-server's
#                    socket calls: the transport floor of goal (a) (#14)
#   guest/*          run in the test VM against the real pinpad.ko; they
#                    link libpinpad, never librkdsoftdev
#
#   make bench-smoke   a few seconds of every host part of the benchmark:
#                      it runs and its output is sane (no timing asserted)

INC_tests/bench := -Irks-server/keydb -Iioctl -Iuserspace/proto/include \
	-Iuserspace/cli
INC_tests/bench/loadgen := -Iuserspace/proto/include -Iioctl -Itests/softdev
INC_tests/bench/guest := -Iioctl -Iuserspace/include -Iuserspace/proto/include

BENCH_O := $(O)/bench

LOADGEN_OBJS := $(call obj,$(wildcard tests/bench/loadgen/*.c))
LOADGEN := $(BENCH_O)/rks-loadgen
DBBENCH_OBJS := $(call obj,tests/bench/dbbench.c)
DBBENCH := $(BENCH_O)/rks-dbbench
FLOOR_OBJS := $(call obj,tests/bench/floor.c)
FLOOR := $(BENCH_O)/rks-floor
GUEST_TDES_OBJS := $(call obj,tests/bench/guest/tdes_bench.c)
GUEST_TDES := $(BENCH_O)/guest/pinpad-tdes-bench
GUEST_DL_OBJS := $(call obj,tests/bench/guest/dl_bench.c \
	tests/bench/guest/dl_prims.c)
GUEST_DL := $(BENCH_O)/guest/pinpad-dl-bench

$(LOADGEN): $(LOADGEN_OBJS) $(LIBRKDSOFTDEV) $(LIBRKDPROTO)
	$(call link_recipe,-lcrypto -lm)

$(DBBENCH): $(DBBENCH_OBJS) $(KEYDB_LIBS)
	$(call link_recipe,$(KEYDB_LDLIBS))

$(FLOOR): $(FLOOR_OBJS) $(CLI_LIBS)
	$(call link_recipe,-lsqlite3 -lcrypto)

$(GUEST_TDES): $(GUEST_TDES_OBJS) $(LIBPINPAD)
	$(call link_recipe,-lkcapi -lcrypto)

$(GUEST_DL): $(GUEST_DL_OBJS) $(LIBPINPAD) $(LIBRKDPROTO)
	$(call link_recipe,-lcrypto)

BENCH_PROGS := $(LOADGEN) $(DBBENCH) $(FLOOR) $(GUEST_TDES) $(GUEST_DL)

bench-progs: $(BENCH_PROGS)

bench-smoke: $(RKS_PROGS) $(LOADGEN) $(DBBENCH) $(FLOOR)
	@tests/bench/smoke $(abspath $(BENCH_O))

ALL_OBJS += $(LOADGEN_OBJS) $(DBBENCH_OBJS) $(FLOOR_OBJS) $(GUEST_TDES_OBJS) \
	    $(GUEST_DL_OBJS)

.PHONY: bench-progs bench-smoke
