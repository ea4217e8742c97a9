# SPDX-License-Identifier: GPL-2.0-or-later
#
# The terminal's programs, in $(O)/userspace/: libpinpad.a (the C API over
# pinpad.ko's ioctls), pinpadctl, rkd (the download daemon, on
# librkdproto) and pinpad-state (sealed persistence at boot); all on
# libpinpadcli (userspace/cli/: arguments, messages, the log, the config
# file).
#
#   make check-userspace   the host unit tests (userspace/tests/,
#                          pinpad-state/tests/) in this flavour; they need
#                          no module: tests/fake_device.c answers ioctl(2)
#                          as pinpad.h specifies.

US_INC := -Iioctl -Iuserspace/include -Iuserspace/proto/include \
	  -Iuserspace/cli
INC_userspace/lib := $(US_INC)
INC_userspace/pinpadctl := $(US_INC)
INC_userspace/rkd := $(US_INC)
INC_userspace/pinpad-state := $(US_INC)
INC_userspace/tests := $(US_INC) -Iuserspace/pinpadctl -Itests/lib -Itests/rules
INC_userspace/pinpad-state/tests := $(US_INC) -Iuserspace/pinpad-state -Iuserspace/tests -Itests/lib

# libpinpad's objects are position-independent: the same objects make
# the static archive and the shared library.
CFLAGS_userspace/lib := -fPIC
LIBPINPAD_OBJS := $(call obj,$(wildcard userspace/lib/*.c))
LIBPINPAD := $(O)/userspace/libpinpad.a

$(LIBPINPAD): $(LIBPINPAD_OBJS)
	$(ar_recipe)

# libpinpad.so.2: its ABI is libpinpad.h. The version script exports the
# pinpad_* symbols under the version node LIBPINPAD_2 and nothing else;
# the library's internals are PINPAD_HIDDEN (lib/internal.h). An ABI
# break (a changed or removed function) bumps LIBPINPAD_SOVERSION.
# 2 (issue #11, API version 4): pinpad_load_wk() takes a key block, and
# structs of the public header changed layout (pinpad_slot_info,
# pinpad_key_inject, pinpad_wk_load, pinpad_pin_block, pinpad_mac,
# pinpad_cipher); a program built for .so.1 must not load this one.
LIBPINPAD_SOVERSION := 2
LIBPINPAD_VERSION := $(LIBPINPAD_SOVERSION).0.0
LIBPINPAD_MAP := userspace/lib/libpinpad.map
LIBPINPAD_SO := $(O)/userspace/libpinpad.so.$(LIBPINPAD_VERSION)

$(LIBPINPAD_SO): $(LIBPINPAD_OBJS) $(LIBPINPAD_MAP)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) $(SAN_FLAGS) -shared \
		-Wl,-soname,libpinpad.so.$(LIBPINPAD_SOVERSION) \
		-Wl,--version-script=$(LIBPINPAD_MAP) \
		-o $@ $(LIBPINPAD_OBJS)
	@ln -sf $(@F) $(@D)/libpinpad.so.$(LIBPINPAD_SOVERSION)
	@ln -sf $(@F) $(@D)/libpinpad.so

CTL_SRCS := $(wildcard userspace/pinpadctl/*.c)
CTL_OBJS := $(call obj,$(CTL_SRCS))
# pinpadctl's parsers and reporting, without main() and the subcommands,
# for the unit tests to call directly.
CTL_HELPER_OBJS := $(call obj,$(filter-out userspace/pinpadctl/pinpadctl.c \
	userspace/pinpadctl/cmd_%.c,$(CTL_SRCS)))
PINPADCTL := $(O)/userspace/pinpadctl

# kcapi-encrypt reaches pinpad.ko's skciphers through AF_ALG (libkcapi)
$(PINPADCTL): $(CTL_OBJS) $(CLI_LIBS) $(LIBPINPAD)
	$(call link_recipe,-lkcapi -lcrypto)

RKD_OBJS := $(call obj,$(wildcard userspace/rkd/*.c))
# rkd's settings and retry logic, without main(), for the unit tests
RKD_HELPER_OBJS := $(call obj,userspace/rkd/config.c userspace/rkd/backoff.c)
RKD := $(O)/userspace/rkd

$(RKD): $(RKD_OBJS) $(CLI_LIBS) $(LIBPINPAD)
	$(call link_recipe,-lcrypto)

STATE_OBJS := $(call obj,$(wildcard userspace/pinpad-state/*.c))
PINPAD_STATE := $(O)/userspace/pinpad-state

$(PINPAD_STATE): $(STATE_OBJS) $(LIBPINPADCLI) $(LIBPINPAD)
	$(call link_recipe,)

# The host tests
FAKE_OBJS := $(call obj,userspace/tests/fake_device.c)
US_TEST_OBJS := $(call obj,$(filter-out userspace/tests/fake_device.c, \
	$(wildcard userspace/tests/*.c)))
# pinpadctl whose ioctl(2) is the fake device's
CTL_FAKE := $(O)/userspace/tests/pinpadctl-fake
US_UNIT_TESTS := $(O)/userspace/tests/unit-tests
# pinpad-state's host tests: its file work, its CLI, the library's calls
STATE_TEST_OBJS := $(call obj,userspace/pinpad-state/tests/test_state.c \
	userspace/pinpad-state/files.c)
STATE_TESTS := $(O)/userspace/tests/state-tests

$(CTL_FAKE): $(CTL_OBJS) $(FAKE_OBJS) $(CLI_LIBS) $(LIBPINPAD)
	$(call link_recipe,-lkcapi -lcrypto)

$(US_UNIT_TESTS): $(US_TEST_OBJS) $(HOST_TEST_OBJ) $(CTL_HELPER_OBJS) \
		  $(RKD_HELPER_OBJS) $(FAKE_OBJS) $(CLI_LIBS) $(LIBPINPAD)
	$(call link_recipe,-lcrypto)

$(STATE_TESTS): $(STATE_TEST_OBJS) $(HOST_TEST_OBJ) $(LIBPINPADCLI) \
		$(LIBPINPAD)
	$(call link_recipe,)

USERSPACE_PROGS := $(LIBPINPAD) $(LIBPINPAD_SO) $(LIBPINPADCLI) \
		   $(PINPADCTL) $(RKD) $(PINPAD_STATE)
USERSPACE_TEST_PROGS := $(CTL_FAKE) $(US_UNIT_TESTS) $(STATE_TESTS)

check-userspace: $(USERSPACE_PROGS) $(USERSPACE_TEST_PROGS)
	@echo "== unit tests$(if $(SAN_FLAGS), under ASan+UBSan,) =="
	@$(SAN_ENV) $(US_UNIT_TESTS) $(PINPADCTL) $(CTL_FAKE) $(RKD)
	@$(SAN_ENV) $(STATE_TESTS) $(PINPAD_STATE)

ALL_OBJS += $(LIBPINPAD_OBJS) $(CTL_OBJS) $(RKD_OBJS) $(STATE_OBJS) \
	    $(FAKE_OBJS) $(US_TEST_OBJS) $(STATE_TEST_OBJS)

.PHONY: check-userspace
