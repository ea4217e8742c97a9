# SPDX-License-Identifier: GPL-2.0-or-later
#
# kmod/modes.c (ECB, CBC), cmac.c, pinblock.c and key.c (the module's
# cipher operations) built for the host through tests/kshim/ (the
# kernel's headers; lib AES and DES and the shash CMAC by OpenSSL), in
# $(O)/tests/aes/:
#
#   make check-aes   their unit tests against OpenSSL, in this flavour
#                    (check-host runs them plain and under ASan+UBSan)

AES_INC := -Itests/kshim -Ikmod -Iioctl -Itests/lib
INC_tests/aes := $(AES_INC)
INC_tests/kshim := $(AES_INC)
# kmod/ sources built for the host: tpm2_wire.c (tests/tpm2/build.mk,
# which sets INC_kmod) and these, whose kernel headers the shim gives
INC_kmod += -Itests/kshim -Iioctl

AES_OUT := $(O)/tests/aes
AES_KMOD_OBJS := $(call obj,kmod/modes.c kmod/cmac.c kmod/pinblock.c \
	kmod/key.c)
AES_TEST_OBJS := $(call obj,tests/aes/aes_tests.c tests/kshim/kshim.c)
AES_TESTS := $(AES_OUT)/aes-tests

$(AES_TESTS): $(AES_TEST_OBJS) $(AES_KMOD_OBJS) $(HOST_TEST_OBJ)
	$(call link_recipe,-lcrypto)

AES_TEST_PROGS := $(AES_TESTS)

check-aes: $(AES_TESTS)
	@echo "== kmod AES operations against OpenSSL$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(SAN_ENV) $(AES_TESTS)

ALL_OBJS += $(AES_KMOD_OBJS) $(AES_TEST_OBJS)

.PHONY: check-aes
