# SPDX-License-Identifier: GPL-2.0-or-later
#
# The RKS programs, in $(O)/rks-server/: rks-server (the daemon, on
# librkdproto and the key database), rks-admin (admin/) and rks-factory
# (factory/, the key mother POS); all on libpinpadcli.
#
#   make check-keydb    the key database, rks-admin and rks-factory tests
#   make check-server   rks-server over TCP on 127.0.0.1 with software
#                       devices; two nodes on one PostgreSQL
#   make check-server-privsep  the same suites (not the nodes) with
#                       privilege separation
# each in this flavour.

INC_rks-server/admin := -Irks-server/keydb -Irks-server/keystore -Iuserspace/cli \
	-Iuserspace/proto/include -Iioctl
INC_rks-server/factory := -Iuserspace/cli -Iioctl -Iuserspace/include \
	-Iuserspace/proto/include -Irks-server/admin
INC_rks-server/server := -Irks-server/keydb -Irks-server/keystore -Iuserspace/proto/include \
	-Iioctl -Iuserspace/cli
INC_rks-server/tests := -Irks-server/keydb -Irks-server/keystore \
	-I/usr/include/p11-kit-1 -Iuserspace/cli \
	-Irks-server/factory -Iioctl -Iuserspace/include -Itests/lib \
	-Irks-server/server -Iuserspace/proto/include -Itests/softdev

RKS_O := $(O)/rks-server

ADMIN_OBJS := $(call obj,$(wildcard rks-server/admin/*.c))
RKS_ADMIN := $(RKS_O)/rks-admin

# (librkdproto: rks-admin checks what it issues against the device
# profile, rkd_cert.h)
$(RKS_ADMIN): $(ADMIN_OBJS) $(KEYDB_LIBS) $(LIBRKDPROTO)
	$(call link_recipe,$(KEYDB_LDLIBS))

# (components.c: rks-factory combines a DIK1's components as rks-admin does)
FACTORY_OBJS := $(call obj,$(wildcard rks-server/factory/*.c) \
	rks-server/admin/components.c)
RKS_FACTORY := $(RKS_O)/rks-factory
# rks-factory whose ioctl(2) is tests/fake_pinpad.c's
FACTORY_FAKE := $(RKS_O)/tests/rks-factory-fake
FACTORY_FAKE_OBJS := $(call obj,rks-server/tests/fake_pinpad.c)

$(RKS_FACTORY): $(FACTORY_OBJS) $(CLI_LIBS) $(LIBPINPAD)
	$(call link_recipe,-lcrypto)

$(FACTORY_FAKE): $(FACTORY_OBJS) $(FACTORY_FAKE_OBJS) $(CLI_LIBS) \
		 $(LIBPINPAD)
	$(call link_recipe,-lcrypto)

SRV_OBJS := $(call obj,$(wildcard rks-server/server/*.c))
RKS_SERVER := $(RKS_O)/rks-server
# the network process's seccomp filter; socket activation (activate.c)
SRV_LDLIBS := $(KEYDB_LDLIBS) -lseccomp -lsystemd

$(RKS_SERVER): $(SRV_OBJS) $(KEYDB_LIBS) $(LIBRKDPROTO)
	$(call link_recipe,$(SRV_LDLIBS))

# rks-server with the network process's test hooks (net_hook.h): a
# frame that aborts it, a frame that tries to open a file from inside it
RKS_SERVER_HOOKS := $(RKS_O)/tests/rks-server-hooks
NET_HOOKS_OBJS := $(call obj,rks-server/tests/net_hooks.c)

$(RKS_SERVER_HOOKS): $(SRV_OBJS) $(NET_HOOKS_OBJS) $(KEYDB_LIBS) \
		     $(LIBRKDPROTO)
	$(call link_recipe,$(SRV_LDLIBS))

# The tests: tests/harness.c on the host-test harness every suite shares
KTEST_HARNESS_OBJS := $(call obj,rks-server/tests/harness.c) $(HOST_TEST_OBJ)
KTEST_DB_OBJS := $(call obj,$(wildcard rks-server/tests/test_db*.c))
KTEST_DB := $(RKS_O)/tests/test-db
# the DIK2 function F (librkdproto's rkd_dik2()), for its unit test
KTEST_FACTORY_OBJS := $(call obj,rks-server/tests/test_factory.c)
KTEST_FACTORY := $(RKS_O)/tests/test-factory
STEST_OBJS := $(call obj,$(wildcard rks-server/tests/test_srv*.c \
	rks-server/tests/srv_*.c))
STEST := $(RKS_O)/tests/test-server
# (the records a hostile network process sends, made as the real one does)
STEST_OBJS += $(call obj,rks-server/server/msgrec.c rks-server/server/msg.c)

$(KTEST_DB): $(KTEST_DB_OBJS) $(KTEST_HARNESS_OBJS) $(KEYDB_LIBS)
	$(call link_recipe,$(KEYDB_LDLIBS))

$(KTEST_FACTORY): $(KTEST_FACTORY_OBJS) $(KTEST_HARNESS_OBJS) $(LIBRKDPROTO)
	$(call link_recipe,-lcrypto)

# (the software device before the libraries: it builds on librkdproto)
# (the server's caps.c: test_srv_unit.c tries its filter in a child)
$(STEST): $(STEST_OBJS) $(KTEST_HARNESS_OBJS) \
	  $(call obj,rks-server/server/caps.c) $(LIBRKDSOFTDEV) $(KEYDB_LIBS)
	$(call link_recipe,$(KEYDB_LDLIBS) -lseccomp)

RKS_PROGS := $(RKS_SERVER) $(RKS_ADMIN) $(RKS_FACTORY)
RKS_TEST_PROGS := $(FACTORY_FAKE) $(KTEST_DB) $(KTEST_FACTORY) $(STEST) \
	$(RKS_SERVER_HOOKS)

# The database, rks-admin and rks-factory tests; the last line of
# tests/run-tests is "N passed, M failed" over all of them.
check-keydb: $(RKS_ADMIN) $(RKS_FACTORY) $(FACTORY_FAKE) $(KTEST_DB) \
	     $(KTEST_FACTORY)
	@$(SAN_ENV) rks-server/tests/run-tests $(RKS_O)

# (with a PostgreSQL cluster of its own: two nodes on one database)
check-server: $(RKS_SERVER) $(RKS_ADMIN) $(RKS_SERVER_HOOKS) $(STEST) \
	      $(TEST_PKI)/.done
	@echo "== rks-server$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(SAN_ENV) tests/pg/with-cluster $(STEST) $(abspath $(RKS_SERVER)) \
		$(TEST_PKI)

# Every suite again, each server with privilege separation (--privsep 1):
# the same answers, outcomes and audit texts through the network process.
check-server-privsep: $(RKS_SERVER) $(RKS_ADMIN) $(RKS_SERVER_HOOKS) $(STEST) \
		      $(TEST_PKI)/.done
	@echo "== rks-server with --privsep 1$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(SAN_ENV) RKS_TEST_PRIVSEP=1 $(STEST) $(abspath $(RKS_SERVER)) \
		$(TEST_PKI)

# rks-admin's CSV reader under libFuzzer (seconds of it in `make fuzz`),
# built by clang from the source: the instrumentation must cover it.
CSV_FUZZ_SECONDS ?= 5
CSV_FUZZ_DIR := $(RKS_O)/fuzz
CSV_FUZZER := $(CSV_FUZZ_DIR)/fuzz-csv

$(CSV_FUZZER): rks-server/fuzz/fuzz_csv.c rks-server/admin/csv.c \
	       rks-server/admin/csv.h
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror -Irks-server/admin \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^)

# The seeds: the CSV cases test_admin.sh tries, and a few more.
fuzz-csv: $(CSV_FUZZER)
	@echo "== fuzz-csv for $(CSV_FUZZ_SECONDS) s =="
	@rm -rf $(CSV_FUZZ_DIR)/seed && \
		mkdir -p $(CSV_FUZZ_DIR)/seed $(CSV_FUZZ_DIR)/corpus
	@cd $(CSV_FUZZ_DIR)/seed && \
		printf 'dsn,dik1_id\r\n"C-1",1\r\n' >crlf && \
		printf '\357\273\277a,"b""c",d\n#x\n\n"e\nf",g' >bom && \
		printf 'a,b\000c\n' >nul && printf '"a"b,c\n"open' >bad
	@cd $(CSV_FUZZ_DIR) && ./fuzz-csv -max_total_time=$(CSV_FUZZ_SECONDS) \
		-max_len=4096 -print_final_stats=1 corpus seed \
		>fuzz.log 2>&1 || { tail -n 40 fuzz.log; \
		echo "fuzz-csv: FAILED (log: $(CSV_FUZZ_DIR)/fuzz.log)"; exit 1; }
	@grep -E '^stat::number_of_executed_units' $(CSV_FUZZ_DIR)/fuzz.log | \
		sed 's/.*: */fuzz-csv: no crash in /; s/$$/ runs/'

# The server's check of the network process's records (privilege
# separation, server/msgrec.c) and the decoding step before it (msg.c),
# on librkdproto's sources, under libFuzzer.
MSGREC_FUZZ_SECONDS ?= 5
MSGREC_FUZZER := $(CSV_FUZZ_DIR)/fuzz-msgrec

$(MSGREC_FUZZER): rks-server/fuzz/fuzz_msgrec.c rks-server/server/msgrec.c \
		  rks-server/server/msg.c rks-server/server/msgrec.h \
		  rks-server/server/msg.h rks-server/server/net_hook.h \
		  $(PROTO_SRCS) $(wildcard userspace/proto/include/*.h)
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror $(PROTO_INC) \
		-Irks-server/server -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^) -lcrypto

# The seeds: a good record of each type, and a HELLO frame.
fuzz-msgrec: $(MSGREC_FUZZER)
	@echo "== fuzz-msgrec for $(MSGREC_FUZZ_SECONDS) s =="
	@rm -rf $(CSV_FUZZ_DIR)/seed-msgrec && \
		mkdir -p $(CSV_FUZZ_DIR)/seed-msgrec $(CSV_FUZZ_DIR)/corpus-msgrec
	@cd $(CSV_FUZZ_DIR)/seed-msgrec && \
		printf '\000\001\000\000\000\101\000\000\000\004PP-1' >hello && \
		head -c 32 /dev/zero >>hello && head -c 28 /dev/zero >>hello && \
		printf '\000\004\000\000\000\321\000\000\000\001\002AB' >receipt && \
		head -c 205 /dev/zero >>receipt && \
		printf '\000\005\000\000\000\014\000\000\000\003\000\000\000' >bad && \
		printf '\364\377\377\377\000\001\000\000' >>bad && \
		printf '\001\001\004PP-1' >frame && head -c 32 /dev/zero >>frame
	@cd $(CSV_FUZZ_DIR) && ./fuzz-msgrec \
		-max_total_time=$(MSGREC_FUZZ_SECONDS) -max_len=4200 \
		-print_final_stats=1 corpus-msgrec seed-msgrec \
		>fuzz-msgrec.log 2>&1 || { tail -n 40 fuzz-msgrec.log; \
		echo "fuzz-msgrec: FAILED (log: $(CSV_FUZZ_DIR)/fuzz-msgrec.log)"; \
		exit 1; }
	@grep -E '^stat::number_of_executed_units' $(CSV_FUZZ_DIR)/fuzz-msgrec.log | \
		sed 's/.*: */fuzz-msgrec: no crash in /; s/$$/ runs/'

# `make fuzz` (make check's fuzzers) runs them too.
fuzz: fuzz-csv fuzz-msgrec

ALL_OBJS += $(ADMIN_OBJS) $(FACTORY_OBJS) $(FACTORY_FAKE_OBJS) $(SRV_OBJS) \
	    $(KTEST_HARNESS_OBJS) $(KTEST_DB_OBJS) $(KTEST_FACTORY_OBJS) \
	    $(STEST_OBJS) $(NET_HOOKS_OBJS)

.PHONY: check-keydb check-server check-server-privsep fuzz-csv fuzz-msgrec
