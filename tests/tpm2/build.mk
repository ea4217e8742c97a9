# SPDX-License-Identifier: GPL-2.0-or-later
#
# kmod/tpm2_wire.c (the module's TPM 2.0 marshalling and response parsers)
# built for the host through tests/tpm2/shim/, in $(O)/tests/tpm2/:
#
#   tpm2-probe, keys-probe   the guest's attacker programs (tests/e2e/tpm-e2e)
#   make check-tpm2          the parsers' unit tests in this flavour
#                            (check-host runs them plain and under ASan)
#   make fuzz-tpm2           TPM2_FUZZ_SECONDS (10) of libFuzzer over every
#                            parser

TPM2_INC := -Itests/tpm2/shim -Ikmod -Itests/lib
INC_tests/tpm2 := $(TPM2_INC)
# of kmod/, only tpm2_wire.c is ever built for the host (through the shim)
INC_kmod := $(TPM2_INC)

TPM2_OUT := $(O)/tests/tpm2
TPM2_WIRE_OBJ := $(call obj,kmod/tpm2_wire.c)
TPM2_PROBE := $(TPM2_OUT)/tpm2-probe
TPM2_KEYS_PROBE := $(TPM2_OUT)/keys-probe
TPM2_TESTS := $(TPM2_OUT)/wire-tests

$(TPM2_PROBE): $(call obj,tests/tpm2/probe.c) $(TPM2_WIRE_OBJ)
	$(call link_recipe,)

$(TPM2_KEYS_PROBE): $(call obj,tests/tpm2/keys_probe.c)
	$(call link_recipe,)

$(TPM2_TESTS): $(call obj,tests/tpm2/wire_tests.c) $(TPM2_WIRE_OBJ) \
	       $(HOST_TEST_OBJ)
	$(call link_recipe,)

TPM2_PROGS := $(TPM2_PROBE) $(TPM2_KEYS_PROBE)
TPM2_TEST_PROGS := $(TPM2_TESTS)

check-tpm2: $(TPM2_TESTS)
	@echo "== tpm2 wire unit tests$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(SAN_ENV) $(TPM2_TESTS)

# libFuzzer's instrumentation must cover the parsers: built by clang from
# the sources, apart from the objects above (it has its own sanitizers).
TPM2_FUZZ_SECONDS ?= 10
TPM2_FUZZ_DIR := $(TPM2_OUT)/fuzz
TPM2_FUZZER := $(TPM2_FUZZ_DIR)/fuzz-tpm2

$(TPM2_FUZZER): tests/tpm2/fuzz_tpm2.c kmod/tpm2_wire.c kmod/tpm2_wire.h \
		tests/tpm2/shim/tpm2_host_shim.h
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror $(TPM2_INC) \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^)

# The seeds are the unit tests' valid responses (wire-tests --seeds).
fuzz-tpm2: $(TPM2_FUZZER) $(TPM2_TESTS)
	@echo "== fuzz-tpm2 for $(TPM2_FUZZ_SECONDS) s =="
	@rm -rf $(TPM2_FUZZ_DIR)/seed && \
		mkdir -p $(TPM2_FUZZ_DIR)/seed $(TPM2_FUZZ_DIR)/corpus
	@$(TPM2_TESTS) --seeds $(TPM2_FUZZ_DIR)/seed
	@cd $(TPM2_FUZZ_DIR) && ./fuzz-tpm2 \
		-max_total_time=$(TPM2_FUZZ_SECONDS) -max_len=2048 \
		-print_final_stats=1 corpus seed >fuzz.log 2>&1 || \
		{ tail -n 40 fuzz.log; \
		echo "fuzz-tpm2: FAILED (log: $(TPM2_FUZZ_DIR)/fuzz.log)"; \
		exit 1; }
	@grep -E '^stat::number_of_executed_units' $(TPM2_FUZZ_DIR)/fuzz.log | \
		sed 's/.*: */fuzz-tpm2: no crash in /; s/$$/ runs/'

ALL_OBJS += $(TPM2_WIRE_OBJ) $(call obj,tests/tpm2/probe.c \
	    tests/tpm2/keys_probe.c tests/tpm2/wire_tests.c)

.PHONY: check-tpm2 fuzz-tpm2
