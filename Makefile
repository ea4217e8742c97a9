# SPDX-License-Identifier: GPL-2.0-or-later
# pinpad-rkd: one entry point.
#   make          build the module for every installed kernel line, and userspace
#   make check    install what is missing, build, lint, run every test
#   make demo     boot a VM terminal and walk its secure module through its life
#   make style    checkpatch.pl --strict on kmod/ and ioctl/
#   make sparse   build the module with sparse (C=2)
#   make bench    run the benchmarks, write Documentation/bench/report.md
#   make install  programs, libpinpad, etc/ and manual pages (install.mk)
#
# Everything in userspace is one make graph: this file includes one
# build.mk per component, and every library, object and program has one
# rule and one path. Its two flavours are two output trees of the same
# graph: plain in O=build (the default), ASan+UBSan in O=build/asan
# SANITIZE=1 (check-host runs both). Objects live in $(O)/obj/<source>.o
# with their header dependencies (-MMD -MP), so `make -j` is safe and
# touching a header rebuilds exactly what includes it.
#
# The kernel module is built by Kbuild, per kernel, in build/kmod/<kver>/.

SHELL := /bin/bash
BUILD := $(CURDIR)/build
TOOLS := $(BUILD)/kernel-tools
KSFT_DIR := $(TOOLS)/tools/testing/selftests

MAKEFLAGS += --no-print-directory

# Every kernel with headers installed, resolved at run time (6.1 and 6.12).
KVERS = $(sort $(patsubst /lib/modules/%/build/Makefile,%,\
	$(wildcard /lib/modules/*/build/Makefile)))

### The userspace graph ###

# The output tree of this flavour; a path relative to the top, spelt one
# way only, so that a target and its .d file always agree on its name.
O ?= build
override O := $(patsubst %/,%,$(O))

# Cross builds: CROSS_COMPILE=aarch64-linux-gnu- (with O= a tree of the
# target's own) picks the toolchain, unless CC or AR is given outright;
# every library is then built for the target in that tree.
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR := $(CROSS_COMPILE)ar
endif

CFLAGS ?= -O2 -g
WFLAGS := -std=gnu11 -Wall -Wextra -Werror -MMD -MP
ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer
endif
# A sanitizer report must not pass for one of a program's own exit codes.
SAN_ENV := ASAN_OPTIONS=exitcode=86:detect_leaks=1 \
	   UBSAN_OPTIONS=exitcode=87:halt_on_error=1:print_stacktrace=1
CLANG ?= clang

# V=1 shows the commands.
Q := $(if $(filter 1,$(V)),,@)

# obj: the object of each source, in this flavour's tree
obj = $(patsubst %.c,$(O)/obj/%.o,$(1))

# Include paths and extra flags by source directory: INC_<dir> and
# CFLAGS_<dir> (set by each build.mk).
src_inc = $(INC_$(patsubst %/,%,$(dir $(1))))
src_cflags = $(CFLAGS_$(patsubst %/,%,$(dir $(1))))

$(O)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(WFLAGS) $(CFLAGS) $(call src_cflags,$<) $(SAN_FLAGS) \
		$(call src_inc,$<) -c -o $@ $<

# ar_recipe: an archive from its objects, rebuilt whole so that a deleted
# source leaves no member behind.
define ar_recipe
	@mkdir -p $(@D)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^
endef

# link_recipe LIBS: a program from its objects and archives
define link_recipe
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $^ $(1)
endef

ALL_OBJS :=

# the host-test harness every suite shares (checks, summaries, capture)
HOST_TEST_OBJ := $(call obj,tests/lib/host-test.c)
ALL_OBJS += $(HOST_TEST_OBJ)

# Libraries first: a rule's prerequisites are expanded as it is read, so
# an archive's variable must be set before a fragment links it.
include tests/softdev/build.mk
include userspace/proto/build.mk
include userspace/cli/build.mk
include userspace/build.mk
include rks-server/keystore/build.mk
include rks-server/keydb/build.mk
include rks-server/build.mk
include tests/build.mk
include tests/tpm2/build.mk
include tests/keyblock/build.mk
include tests/aes/build.mk
include tests/bench/build.mk

-include $(ALL_OBJS:.o=.d)

### Entry points ###

include install.mk

.PHONY: all deps modules modules_install userspace rks-server tests check check-host check-vm \
	style sparse demo clean help bench bench-smoke host-flavour check-build

all: modules userspace rks-server tests

# the list of targets at the top of this file
help:
	@sed -n '/^#   make /s/^# //p; /^#$$/q' Makefile

deps:
	@scripts/install-deps

# The kernels to build for, as RELEASE=TREE pairs: KDIR=/path/to/kernel
# (a configured and prepared tree, or its headers package) names one,
# whose release is its UTS_RELEASE (the modules' vermagic; Debian's 6.1
# headers say otherwise in include/config/kernel.release); by default
# every installed kernel with headers, by its /lib/modules name. ARCH and
# CROSS_COMPILE reach Kbuild as they are given.
ifneq ($(KDIR),)
KDIR_RELEASE = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
KTREES = $(if $(KDIR_RELEASE),$(KDIR_RELEASE)=$(abspath $(KDIR)),$(error \
	KDIR=$(KDIR) has no include/generated/utsrelease.h: not a configured \
	and prepared kernel tree))
else
KTREES = $(foreach k,$(KVERS),$(k)=/lib/modules/$(k)/build)
endif

# Each kernel gets its own tree of symlinks, so objects of one kernel
# never mix with another's.
# Any compiler or kernel-doc warning fails the build.
modules:
	@set -e; for kt in $(KTREES); do k=$${kt%%=*} kd=$${kt#*=}; \
		scripts/kbuild-tree "$(BUILD)/kmod/$$k"; \
		out=$$($(MAKE) -s -C $$kd M=$(BUILD)/kmod/$$k \
			W=1 modules 2>&1) || { echo "$$out"; exit 1; }; \
		if echo "$$out" | grep -qi 'warning'; then echo "$$out"; \
			echo "module build for $$k has warnings" >&2; exit 1; fi; \
		cp $(BUILD)/kmod/$$k/kmod/pinpad.ko $(BUILD)/kmod/$$k/pinpad.ko; \
		echo "  built build/kmod/$$k/pinpad.ko"; \
	done

# pinpad.ko of each kernel built above into
# $(INSTALL_MOD_PATH)/lib/modules/<release>/$(INSTALL_MOD_DIR)/ by Kbuild,
# from kmod/ (its modules.order), compressed as that kernel's config says.
# Kbuild signs it when the tree holds the signing key (a kernel built
# here); a distribution's headers do not, and then it is left unsigned
# rather than failing to sign. depmod is left to the image build or the
# package's scripts (DKMS runs its own).
INSTALL_MOD_DIR ?= updates
modules_install: modules
	@set -eo pipefail; for kt in $(KTREES); do k=$${kt%%=*} kd=$${kt#*=}; \
		nosign=; [ -f $$kd/certs/signing_key.pem ] || \
			nosign=CONFIG_MODULE_SIG_ALL=; \
		$(MAKE) -s -C $$kd M=$(BUILD)/kmod/$$k/kmod $$nosign \
			INSTALL_MOD_PATH=$(abspath $(INSTALL_MOD_PATH)) \
			INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) DEPMOD=true \
			modules_install 2>&1 | { grep -v System.map || true; }; \
		echo "  installed pinpad.ko for $$k"; \
	done

sparse:
	@set -e; for k in $(KVERS); do \
		scripts/kbuild-tree "$(BUILD)/sparse/$$k"; \
		out=$$($(MAKE) -s -C /lib/modules/$$k/build M=$(BUILD)/sparse/$$k \
			C=2 W=1 modules 2>&1 | grep -E 'warning|error' || true); \
		if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
		echo "  sparse clean on $$k"; \
	done

$(TOOLS)/.stamp: scripts/extract-kernel-tools
	@scripts/extract-kernel-tools $(TOOLS)
	@touch $@

style: $(TOOLS)/.stamp
	@$(TOOLS)/scripts/checkpatch.pl --strict --no-tree --quiet \
		--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES \
		-f kmod/*.c kmod/*.h ioctl/*.h && echo "  checkpatch --strict: clean"

userspace: $(USERSPACE_PROGS)

rks-server: $(RKS_PROGS)

tests: $(TESTS_PROGS) $(TPM2_PROGS)

# Every host program and test of this flavour (the ASan pass builds these).
host-flavour: $(USERSPACE_PROGS) $(USERSPACE_TEST_PROGS) $(RKS_PROGS) \
	$(RKS_TEST_PROGS) $(PROTO_TEST_PROGS) $(TPM2_TEST_PROGS) \
	$(AES_TEST_PROGS)

# Host tests: each suite plain, then the same graph under ASan+UBSan in its
# own tree; the fuzzer once (it has its own sanitizers). Both flavours are
# built first (in parallel under -j); the suites then run one at a time
# (-j1), so that their outputs do not interleave.
check-host: host-flavour tests
	@$(MAKE) -s O=$(O)/asan SANITIZE=1 host-flavour
	@$(MAKE) -s -j1 check-userspace
	@$(MAKE) -s -j1 O=$(O)/asan SANITIZE=1 check-userspace
	@tests/protocol/check-worked-example
	@scripts/verify-units
	@$(MAKE) -s -j1 check-keydb fuzz check-proto check-server \
		check-server-privsep fuzz-csv fuzz-msgrec fuzz-tpm2 check-tpm2 \
		fuzz-keyblock check-keyblock check-aes
	@echo "== again under ASan+UBSan =="
	@$(MAKE) -s -j1 O=$(O)/asan SANITIZE=1 check-keydb check-proto \
		check-server check-server-privsep check-tpm2 check-keyblock check-aes
	@$(MAKE) -s bench-smoke
	@$(MAKE) -s -j1 check-build
	@scripts/spdx check
	@$(MAKE) -s check-install
	@$(MAKE) -s check-man
	@tests/cross/check-cross
	@tests/deb/check-deb

check-vm: modules tests rks-server
	@tests/vm/selftest.sh
	@userspace/tests/vm-smoke
	@rks-server/tests/vm-factory
	@tests/run-vm-suite
	@tests/e2e/download-e2e
	@tests/e2e/keyblock-e2e
	@tests/e2e/persistence-e2e
	@tests/e2e/persistence-e2e --tpm
	@tests/e2e/tpm-e2e

# One after the other: each is heavy, and the VM tests want what `all` built.
check: deps
	@$(MAKE) -s all
	@$(MAKE) -s style
	@$(MAKE) -s sparse
	@$(MAKE) -s check-dkms
	@$(MAKE) -s check-host
	@$(MAKE) -s check-vm

demo: deps
	@$(MAKE) -s all
	@scripts/demo

# The benchmarks (tests/bench/run): minutes, a VM per kernel line, and the
# report under Documentation/bench/. bench-smoke is their few-second
# miniature, part of check-host so that they do not rot.
bench: deps
	@$(MAKE) -s all
	@$(MAKE) -s bench-progs
	@tests/bench/run

# The build graph itself (tests/build/check-graph): a header touched
# rebuilds what includes it and nothing else; a second build does nothing.
check-build:
	@tests/build/check-graph

clean:
	rm -rf $(BUILD)
