# SPDX-License-Identifier: MIT
#
# librkdproto.a ($(O)/proto/): buffers, frames, message codecs, protocol
# crypto; for rks-server and rkd. Needs -lcrypto. Every .c here is in the
# library: a new one needs no line here.
#
#   make check-proto   its unit tests in this flavour
#   make fuzz          FUZZ_SECONDS (20) of libFuzzer on the message
#                      parsers, then FUZZ_DER_SECONDS (5) on the module's
#                      DER reader and FUZZ_KB_SECONDS (5) on the key block
#                      codec: make fuzz FUZZ_SECONDS=600

PROTO_INC := -Iuserspace/proto/include -Iioctl
INC_userspace/proto := $(PROTO_INC)

PROTO_SRCS := $(wildcard userspace/proto/*.c)
PROTO_OBJS := $(call obj,$(PROTO_SRCS))
LIBRKDPROTO := $(O)/proto/librkdproto.a

$(LIBRKDPROTO): $(PROTO_OBJS)
	$(ar_recipe)

# The unit tests; they drive the software device (tests/softdev/).
INC_userspace/proto/tests := $(PROTO_INC) -Itests/softdev -Itests/lib
PROTO_TEST_OBJS := $(call obj,$(wildcard userspace/proto/tests/*.c))
PROTO_TESTS := $(O)/proto/tests/unit-tests
PROTO_TEST_PROGS := $(PROTO_TESTS)

$(PROTO_TESTS): $(PROTO_TEST_OBJS) $(HOST_TEST_OBJ) $(LIBRKDSOFTDEV) \
		$(LIBRKDPROTO)
	$(call link_recipe,-lcrypto)

# Test certificates (openssl CLI), one set per flavour; rks-server's tests
# use them too.
TEST_PKI := $(abspath $(O))/pki

$(TEST_PKI)/.done: userspace/proto/tests/make-pki.sh tests/lib/cert-table.sh
	@userspace/proto/tests/make-pki.sh $(TEST_PKI)

PROTO_SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

check-proto: $(PROTO_TESTS) $(TEST_PKI)/.done
	@echo "== librkdproto unit tests$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(PROTO_SAN_ENV) $(PROTO_TESTS) $(TEST_PKI)

# The fuzzer is built by clang from the sources, apart from the objects
# above: libFuzzer's instrumentation must cover the parsers. It has its own
# sanitizers, so it lives in the tree it is asked in; check-host asks the
# plain one. Its dependencies are every source and header it compiles.
FUZZ_SECONDS ?= 20
FUZZ_DIR := $(O)/proto/fuzz
FUZZER := $(FUZZ_DIR)/fuzz-msg
CORPUS_GEN := $(FUZZ_DIR)/gen-corpus
INC_userspace/proto/fuzz := $(PROTO_INC)

$(FUZZER): userspace/proto/fuzz/fuzz_msg.c $(PROTO_SRCS) \
	   $(wildcard userspace/proto/include/*.h) ioctl/pinpad.h
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror $(PROTO_INC) \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^) -lcrypto

# The module's bounded DER reader (kmod/der.c), built for the host on the
# few kernel headers it needs (fuzz/kshim/).
FUZZ_DER_SECONDS ?= 5
FUZZER_DER := $(FUZZ_DIR)/fuzz-der

$(FUZZER_DER): userspace/proto/fuzz/fuzz_der.c kmod/der.c kmod/der.h \
	       $(wildcard userspace/proto/fuzz/kshim/linux/*.h)
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror \
		-Iuserspace/proto/fuzz/kshim -Ikmod \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^)

# The host key block codec (keyblock.c), on the library's own sources.
FUZZ_KB_SECONDS ?= 5
FUZZER_KB := $(FUZZ_DIR)/fuzz-kb-host

$(FUZZER_KB): userspace/proto/fuzz/fuzz_kb_host.c $(PROTO_SRCS) \
	      $(wildcard userspace/proto/include/*.h) ioctl/pinpad.h \
	      ioctl/pinpad_kb.h
	@mkdir -p $(@D)
	$(Q)$(CLANG) -std=gnu11 -g -O1 -Wall -Wextra -Werror $(PROTO_INC) \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(filter %.c,$^) -lcrypto

# Seeds: the published blocks of TR-31:2018 A.7.2.2 and A.7.4
# (Documentation/test-vectors.md) under the harness's selectors, and one
# round-trip input with optional blocks.
KB_SEEDS := \
	'\002B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F5341176EED7B727B8A248E' \
	'\004D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34' \
	'\005P0AE00N\040\002KS080A0BPB080000' \
	'\003M3TC01N\030\000'

$(CORPUS_GEN): $(call obj,userspace/proto/fuzz/gen_corpus.c) $(LIBRKDPROTO)
	$(call link_recipe,-lcrypto)

# A fresh seed corpus each time (one valid body per type and a few
# framings); what the fuzzer finds accumulates in $(FUZZ_DIR)/corpus.
fuzz: $(FUZZER) $(CORPUS_GEN) $(FUZZER_DER) $(FUZZER_KB) $(TEST_PKI)/.done
	@echo "== fuzz-msg for $(FUZZ_SECONDS) s =="
	@rm -rf $(FUZZ_DIR)/seed && mkdir -p $(FUZZ_DIR)/seed $(FUZZ_DIR)/corpus
	@$(CORPUS_GEN) $(FUZZ_DIR)/seed
	@cd $(FUZZ_DIR) && ./fuzz-msg -max_total_time=$(FUZZ_SECONDS) \
		-max_len=4400 -print_final_stats=1 corpus seed \
		>fuzz.log 2>&1 || { tail -n 40 fuzz.log; \
		echo "fuzz-msg: FAILED (log: $(FUZZ_DIR)/fuzz.log)"; exit 1; }
	@grep -E '^stat::number_of_executed_units' $(FUZZ_DIR)/fuzz.log | \
		sed 's/.*: */fuzz-msg: no crash in /; s/$$/ runs/'
	@echo "== fuzz-der for $(FUZZ_DER_SECONDS) s =="
	@rm -rf $(FUZZ_DIR)/der-seed && mkdir -p $(FUZZ_DIR)/der-seed \
		$(FUZZ_DIR)/der-corpus && cp $(TEST_PKI)/*.der $(FUZZ_DIR)/der-seed/
	@cd $(FUZZ_DIR) && ./fuzz-der -max_total_time=$(FUZZ_DER_SECONDS) \
		-max_len=4096 -print_final_stats=1 der-corpus der-seed \
		>fuzz-der.log 2>&1 || { tail -n 40 fuzz-der.log; \
		echo "fuzz-der: FAILED (log: $(FUZZ_DIR)/fuzz-der.log)"; exit 1; }
	@grep -E '^stat::number_of_executed_units' $(FUZZ_DIR)/fuzz-der.log | \
		sed 's/.*: */fuzz-der: no crash in /; s/$$/ runs/'
	@echo "== fuzz-kb-host for $(FUZZ_KB_SECONDS) s =="
	@rm -rf $(FUZZ_DIR)/kb-seed && mkdir -p $(FUZZ_DIR)/kb-seed \
		$(FUZZ_DIR)/kb-corpus
	@i=0; for s in $(KB_SEEDS); do i=$$((i + 1)); \
		printf "$$s" >$(FUZZ_DIR)/kb-seed/seed$$i; done
	@cd $(FUZZ_DIR) && ./fuzz-kb-host -max_total_time=$(FUZZ_KB_SECONDS) \
		-max_len=600 -print_final_stats=1 kb-corpus kb-seed \
		>fuzz-kb.log 2>&1 || { tail -n 40 fuzz-kb.log; \
		echo "fuzz-kb-host: FAILED (log: $(FUZZ_DIR)/fuzz-kb.log)"; \
		exit 1; }
	@grep -E '^stat::number_of_executed_units' $(FUZZ_DIR)/fuzz-kb.log | \
		sed 's/.*: */fuzz-kb-host: no crash in /; s/$$/ runs/'

ALL_OBJS += $(PROTO_OBJS) $(PROTO_TEST_OBJS) \
	    $(call obj,userspace/proto/fuzz/gen_corpus.c)

.PHONY: check-proto fuzz
