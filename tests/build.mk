# SPDX-License-Identifier: GPL-2.0-or-later
#
# Test programs in $(O)/tests/: the kselftest suite that runs in the VM
# against pinpad.ko (tests/run-vm-suite), and the protocol's worked
# example (a host program, tests/protocol/check-worked-example).
# The kselftests need the kselftest headers extracted into $(KSFT_DIR).

# every tests/kselftest/*_test.c is one program: a new one needs no line
# here (tests/run-vm-suite lists which run)
KSELFTESTS := $(patsubst tests/kselftest/%.c,%,\
	$(wildcard tests/kselftest/*_test.c))
KSFT_OUT := $(O)/tests
KSFT_PROGS := $(addprefix $(KSFT_OUT)/,$(KSELFTESTS))
KSFT_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wno-sign-compare -Iioctl -I$(KSFT_DIR) \
	-I$(KSFT_OUT) -Iuserspace/proto/include

$(KSFT_OUT)/vectors.h: tests/kselftest/gen-vectors.sh tests/lib/cert-table.sh
	@mkdir -p $(@D)
	@tests/kselftest/gen-vectors.sh $(KSFT_OUT)

# session_test plays the RKS with OpenSSL's libcrypto; seal_test reseals
# a blob as a later module version would (libcrypto); pinpad_ops_test
# reaches the module's skciphers through AF_ALG (libkcapi).
KSFT_LDLIBS_session_test := -lcrypto
KSFT_LDLIBS_seal_test := -lcrypto
KSFT_LDLIBS_pinpad_ops_test := -lkcapi
# aes_ops_test: AF_ALG (libkcapi), and OpenSSL to open format 4 blocks
KSFT_LDLIBS_aes_ops_test := -lkcapi -lcrypto

# its AES vectors, from the openssl CLI too
$(KSFT_OUT)/aes_vectors.h: tests/kselftest/gen-aes-vectors.sh \
			  tests/kselftest/gen-keyblocks.sh
	@mkdir -p $(@D)
	@tests/kselftest/gen-aes-vectors.sh $(KSFT_OUT)
$(KSFT_OUT)/aes_ops_test: $(KSFT_OUT)/aes_vectors.h

# One source, one program; its headers (pinpad_util.h, pinpad.h,
# vectors.h, the harness) come from its .d file.
$(KSFT_OUT)/%_test: tests/kselftest/%_test.c $(KSFT_OUT)/vectors.h \
		    $(TOOLS)/.stamp
	$(Q)$(CC) $(KSFT_CFLAGS) -MMD -MP -MF $@.d -MT $@ -o $@ $< \
		$(KSFT_LDLIBS_$(notdir $@))

-include $(addsuffix .d,$(KSFT_PROGS))

# The protocol's worked example, on librkdproto and the software device
INC_tests/protocol := -Iuserspace/proto/include -Iioctl -Itests/softdev
WORKED_EXAMPLE_OBJS := $(call obj,tests/protocol/worked_example.c)
WORKED_EXAMPLE := $(O)/tests/worked_example

$(WORKED_EXAMPLE): $(WORKED_EXAMPLE_OBJS) $(LIBRKDSOFTDEV) $(LIBRKDPROTO)
	$(call link_recipe,-lcrypto)

TESTS_PROGS := $(KSFT_PROGS) $(WORKED_EXAMPLE)

ALL_OBJS += $(WORKED_EXAMPLE_OBJS)
