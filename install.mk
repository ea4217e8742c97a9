# SPDX-License-Identifier: GPL-2.0-or-later
#
# make install: what a packager or an image build lays out, from the
# plain tree (O=build) or the one O= names (a cross tree), under
# $(DESTDIR). The directories follow the GNU conventions; every one can be
# set on the command line:
#
#   make install DESTDIR=/tmp/root PREFIX=/usr SYSCONFDIR=/etc
#
# The module is installed apart: `make modules_install` (INSTALL_MOD_PATH,
# KDIR), or through DKMS (dkms.conf).

PREFIX ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR ?= $(EXEC_PREFIX)/bin
SBINDIR ?= $(EXEC_PREFIX)/sbin
LIBDIR ?= $(EXEC_PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATAROOTDIR ?= $(PREFIX)/share
MANDIR ?= $(DATAROOTDIR)/man
DOCDIR ?= $(DATAROOTDIR)/doc/pinpad-rkd
SYSCONFDIR ?= $(PREFIX)/etc
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# Where systemd and systemd-sysusers look for a package's files
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
# The POS image's udev reads its rule from /etc, where the init script
# applies it (etc/init.d/pinpad-rkd); a distribution package puts it in
# /lib/udev/rules.d (debian/rules).
UDEVRULESDIR ?= $(SYSCONFDIR)/udev/rules.d

# The release: pinpadctl's version, the one place it is written
PINPAD_VERSION := $(shell sed -n 's/^\#define PINPADCTL_VERSION "\(.*\)"/\1/p' \
	userspace/pinpadctl/version.h)
# where DKMS finds the module's source (dkms.conf)
DKMS_SRCDIR ?= $(PREFIX)/src/pinpad-$(PINPAD_VERSION)

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL) -m 0755
INSTALL_DATA ?= $(INSTALL) -m 0644

# What goes where. Programs are listed (a new program is a decision);
# manual pages, units and documents are found.
INSTALL_BIN := $(PINPADCTL)
INSTALL_SBIN := $(RKD) $(PINPAD_STATE) $(RKS_PROGS)
# libpinpad.h includes the UAPI as "pinpad.h": both go to one directory,
# which libpinpad.pc puts on the include path.
INSTALL_HEADERS := userspace/include/libpinpad.h ioctl/pinpad.h
MAN_PAGES := $(wildcard Documentation/*.[1-8])
UNITS := $(wildcard etc/systemd/system/*.service etc/systemd/system/*.socket \
	etc/systemd/system/*.timer)
DOCS := $(wildcard Documentation/*.md) README.md COPYING

D := $(DESTDIR)

# libpinpad.pc, written at install time for this install's directories
define install_pc
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(LIBPINPAD_VERSION)|' userspace/libpinpad.pc.in \
		>$(D)$(PKGCONFIGDIR)/libpinpad.pc
	@chmod 0644 $(D)$(PKGCONFIGDIR)/libpinpad.pc
endef

# The directories the programs are at, in the units' Exec lines
subst_paths = sed -e 's|/usr/sbin/|$(SBINDIR)/|g' \
	-e 's|/usr/bin/|$(BINDIR)/|g' -e 's|/etc/|$(SYSCONFDIR)/|g'

install: install-lib install-progs install-etc install-man install-doc

install-lib: $(LIBPINPAD) $(LIBPINPAD_SO)
	$(INSTALL) -d $(D)$(LIBDIR) $(D)$(PKGCONFIGDIR) \
		$(D)$(INCLUDEDIR)/pinpad
	$(INSTALL_DATA) $(LIBPINPAD) $(D)$(LIBDIR)/
	$(INSTALL_PROGRAM) $(LIBPINPAD_SO) $(D)$(LIBDIR)/
	ln -sf $(notdir $(LIBPINPAD_SO)) \
		$(D)$(LIBDIR)/libpinpad.so.$(LIBPINPAD_SOVERSION)
	ln -sf libpinpad.so.$(LIBPINPAD_SOVERSION) $(D)$(LIBDIR)/libpinpad.so
	$(install_pc)
	$(INSTALL_DATA) $(INSTALL_HEADERS) $(D)$(INCLUDEDIR)/pinpad/

install-progs: $(INSTALL_BIN) $(INSTALL_SBIN)
	$(INSTALL) -d $(D)$(BINDIR) $(D)$(SBINDIR)
	$(INSTALL_PROGRAM) $(INSTALL_BIN) $(D)$(BINDIR)/
	$(INSTALL_PROGRAM) $(INSTALL_SBIN) $(D)$(SBINDIR)/

# etc/ as the POS image has it: the init script and its defaults, the
# udev rule (the init script applies it to the nodes), the module's load
# at boot, rkd's example settings; the units and the sysusers file where
# systemd looks for a package's own.
install-etc:
	$(INSTALL) -d $(D)$(SYSCONFDIR)/init.d $(D)$(SYSCONFDIR)/default \
		$(D)$(UDEVRULESDIR) \
		$(D)$(SYSCONFDIR)/modules-load.d $(D)$(SYSCONFDIR)/pinpad-rkd \
		$(D)$(SYSCONFDIR)/rks \
		$(D)$(UNITDIR) $(D)$(SYSUSERSDIR)
	$(INSTALL_PROGRAM) etc/init.d/pinpad-rkd $(D)$(SYSCONFDIR)/init.d/
	$(INSTALL_DATA) etc/default/pinpad-rkd $(D)$(SYSCONFDIR)/default/
	$(INSTALL_DATA) $(wildcard etc/udev/rules.d/*.rules) \
		$(D)$(UDEVRULESDIR)/
	$(INSTALL_DATA) $(wildcard etc/modules-load.d/*.conf) \
		$(D)$(SYSCONFDIR)/modules-load.d/
	$(INSTALL_DATA) userspace/rkd/rkd.conf.example \
		$(D)$(SYSCONFDIR)/pinpad-rkd/
	$(INSTALL_DATA) rks-server/server/rks-server.conf.example \
		$(D)$(SYSCONFDIR)/rks/
	$(INSTALL_DATA) $(wildcard etc/sysusers.d/*.conf) $(D)$(SYSUSERSDIR)/
	@set -e; for u in $(UNITS); do \
		$(subst_paths) $$u >$(D)$(UNITDIR)/$${u##*/}; \
		chmod 0644 $(D)$(UNITDIR)/$${u##*/}; \
	done

# Each page in the section its name ends with
install-man:
	@set -e; for m in $(MAN_PAGES); do \
		s=$${m##*.}; $(INSTALL) -d $(D)$(MANDIR)/man$$s; \
		$(INSTALL_DATA) $$m $(D)$(MANDIR)/man$$s/; \
	done

install-doc:
	$(INSTALL) -d $(D)$(DOCDIR)
	$(INSTALL_DATA) $(DOCS) $(D)$(DOCDIR)/

# make check-install: the tree `make install DESTDIR=...` lays out, and a
# program built and run against it (tests/install/check-install)
check-install: $(INSTALL_BIN) $(INSTALL_SBIN) $(LIBPINPAD) $(LIBPINPAD_SO)
	@tests/install/check-install

# The module's source for DKMS: every file Kbuild reads, found by
# wildcard, so that a new source in kmod/ needs no line here.
DKMS_SOURCES := Kbuild $(wildcard kmod/*.c kmod/*.h) kmod/Kbuild \
	$(wildcard ioctl/*.h)

dkms-source:
	$(INSTALL) -d $(D)$(DKMS_SRCDIR)/kmod $(D)$(DKMS_SRCDIR)/ioctl
	@set -e; for f in $(DKMS_SOURCES); do \
		$(INSTALL_DATA) $$f $(D)$(DKMS_SRCDIR)/$$f; done
	sed 's|#MODULE_VERSION#|$(PINPAD_VERSION)|' dkms.conf \
		>$(D)$(DKMS_SRCDIR)/dkms.conf

# make check-dkms: DKMS adds, builds and installs the module for every
# installed kernel, all in a scratch tree (tests/dkms/check-dkms)
check-dkms:
	@tests/dkms/check-dkms

# make check-man: every installed program has its page, and every page
# passes mandoc's lint (warnings included)
check-man:
	@set -e; for p in $(notdir $(INSTALL_BIN) $(INSTALL_SBIN)); do \
		ls Documentation/$$p.[18] >/dev/null 2>&1 || \
			{ echo "check-man: no manual page for $$p" >&2; exit 1; }; \
	done
	@mandoc -T lint -W warning $(MAN_PAGES) || \
		{ echo "check-man: mandoc -T lint found the above" >&2; exit 1; }
	@echo "  check-man: $(words $(MAN_PAGES)) pages, lint clean"

.PHONY: install install-lib install-progs install-etc install-man \
	install-doc check-install check-man dkms-source check-dkms
