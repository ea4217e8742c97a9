# pinpad-rkd: one entry point.
#   make          build the module for every installed kernel line, and userspace
#   make check    install what is missing, build, lint, run every test
#   make demo     boot a VM terminal and walk its secure module through its life
#   make style    checkpatch.pl --strict on kmod/ and ioctl/
#   make sparse   build the module with sparse (C=2)
#   make bench    run the benchmarks, write Documentation/bench/report.md

SHELL := /bin/bash
BUILD := $(CURDIR)/build
TOOLS := $(BUILD)/kernel-tools

# Every kernel with headers installed, resolved at run time (6.1 and 6.12).
KVERS = $(sort $(patsubst /lib/modules/%/build/Makefile,%,\
	$(wildcard /lib/modules/*/build/Makefile)))
KMOD_SRCS := $(wildcard $(CURDIR)/kmod/*.c $(CURDIR)/kmod/*.h) \
	$(CURDIR)/kmod/Kbuild $(CURDIR)/ioctl/pinpad.h

.PHONY: all deps modules userspace rks-server tests check check-host check-vm style \
	sparse demo clean help bench bench-smoke

all: modules userspace rks-server tests

help:
	@sed -n '2,8s/^# //p' Makefile

deps:
	@scripts/install-deps

# Each kernel gets its own tree of symlinks, so objects of one kernel
# never mix with another's.
# Any compiler or kernel-doc warning fails the build.
modules:
	@set -e; for k in $(KVERS); do \
		scripts/kbuild-tree "$(BUILD)/kmod/$$k"; \
		out=$$($(MAKE) -s -C /lib/modules/$$k/build M=$(BUILD)/kmod/$$k \
			W=1 modules 2>&1) || { echo "$$out"; exit 1; }; \
		if echo "$$out" | grep -qi 'warning'; then echo "$$out"; \
			echo "module build for $$k has warnings" >&2; exit 1; fi; \
		cp $(BUILD)/kmod/$$k/kmod/pinpad.ko $(BUILD)/kmod/$$k/pinpad.ko; \
		echo "  built build/kmod/$$k/pinpad.ko"; \
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

userspace:
	@$(MAKE) -s -C userspace

rks-server: userspace
	@$(MAKE) -s -C rks-server

tests: $(TOOLS)/.stamp userspace
	@$(MAKE) -s -C tests KSFT_DIR=$(TOOLS)/tools/testing/selftests
	@$(MAKE) -s -C tests/tpm2

check-host: userspace tests
	@$(MAKE) -s -C userspace check
	@$(MAKE) -s -C tests/tpm2 check
	@tests/protocol/check-worked-example
	@scripts/verify-units
	@$(MAKE) -s -C rks-server check
	@$(MAKE) -s bench-smoke

check-vm: modules tests rks-server
	@tests/vm/selftest.sh
	@$(MAKE) -s -C userspace vm-check
	@rks-server/tests/vm-factory
	@tests/run-vm-suite
	@tests/e2e/download-e2e
	@tests/e2e/persistence-e2e
	@tests/e2e/persistence-e2e --tpm
	@tests/e2e/tpm-e2e

check: deps
	@$(MAKE) -s all
	@$(MAKE) -s style sparse check-host check-vm

demo: deps
	@$(MAKE) -s all
	@scripts/demo

# The benchmarks (tests/bench/run): minutes, a VM per kernel line, and the
# report under Documentation/bench/. bench-smoke is their few-second
# miniature, part of check-host so that they do not rot.
bench: deps
	@$(MAKE) -s all
	@$(MAKE) -s -C tests/bench
	@tests/bench/run

bench-smoke: rks-server
	@$(MAKE) -s -C tests/bench smoke

clean:
	rm -rf $(BUILD)
	@$(MAKE) -s -C userspace clean
