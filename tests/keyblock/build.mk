# SPDX-License-Identifier: GPL-2.0-or-later
#
# kmod/keyblock.c (X9.143 key blocks), key.c, key_attr.c and cmac.c built
# for the host through tests/kshim/ (the kernel's headers; lib AES and DES
# and the shash CMAC by OpenSSL), CBC from OpenSSL (kb_host_crypto.c), in
# $(O)/tests/keyblock/:
#
#   make check-keyblock   the parser's unit tests (kb_tests.c; check-host
#                         runs them plain and under ASan+UBSan)
#   make fuzz-keyblock    KB_FUZZ_SECONDS (5, as part of make check) of
#                         libFuzzer over pinpad_kb_unwrap();
#                         make fuzz-keyblock KB_FUZZ_SECONDS=600 for longer

KB_OUT := $(O)/tests/keyblock
KB_INC := -Itests/kshim -Itests/keyblock -Ikmod -Iioctl \
	-Itests/lib -I$(KB_OUT)
KB_KSRCS := kmod/keyblock.c kmod/key.c kmod/key_attr.c kmod/cmac.c \
	tests/keyblock/kb_host_crypto.c tests/kshim/kshim.c
KB_DEPS := $(KB_KSRCS) $(wildcard kmod/key*.h kmod/cmac.h tests/keyblock/*.h \
	tests/kshim/*.h tests/kshim/*/*.h) ioctl/pinpad.h
KB_VECTORS := $(KB_OUT)/kb_vectors.h
KB_TESTS := $(KB_OUT)/kb-tests

$(KB_VECTORS): tests/keyblock/gen-kb-vectors.sh \
	       tests/kselftest/gen-keyblocks.sh
	@mkdir -p $(@D)
	@tests/keyblock/gen-kb-vectors.sh $@

# One compiler command, the kmod/ sources and all, as for the fuzzer below.
$(KB_TESTS): tests/keyblock/kb_tests.c $(KB_DEPS) $(KB_VECTORS) \
	     tests/lib/host-test.c tests/lib/host-test.h
	@mkdir -p $(@D)
	$(Q)$(CC) $(WFLAGS) $(CFLAGS) $(SAN_FLAGS) $(KB_INC) \
		-o $@ $(filter %.c,$^) -lcrypto

TPM2_TEST_PROGS += $(KB_TESTS)

check-keyblock: $(KB_TESTS)
	@echo "== key block parser unit tests$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(SAN_ENV) $(KB_TESTS)

KB_FUZZ_SECONDS ?= 5
KB_FUZZ_DIR := $(KB_OUT)/fuzz
KB_FUZZER := $(KB_FUZZ_DIR)/fuzz-keyblock

$(KB_FUZZER): tests/keyblock/fuzz_keyblock.c $(KB_DEPS)
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror $(KB_INC) \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^) -lcrypto

# The seeds are the unit tests' blocks (kb-tests --seeds).
fuzz-keyblock: $(KB_FUZZER) $(KB_TESTS)
	@echo "== fuzz-keyblock for $(KB_FUZZ_SECONDS) s =="
	@rm -rf $(KB_FUZZ_DIR)/seed && \
		mkdir -p $(KB_FUZZ_DIR)/seed $(KB_FUZZ_DIR)/corpus
	@$(KB_TESTS) --seeds $(KB_FUZZ_DIR)/seed
	@cd $(KB_FUZZ_DIR) && ./fuzz-keyblock \
		-max_total_time=$(KB_FUZZ_SECONDS) -max_len=600 \
		-print_final_stats=1 corpus seed >fuzz.log 2>&1 || \
		{ tail -n 40 fuzz.log; \
		echo "fuzz-keyblock: FAILED (log: $(KB_FUZZ_DIR)/fuzz.log)"; \
		exit 1; }
	@grep -E '^stat::number_of_executed_units' $(KB_FUZZ_DIR)/fuzz.log | \
		sed 's/.*: */fuzz-keyblock: no crash in /; s/$$/ runs/'

.PHONY: check-keyblock fuzz-keyblock
