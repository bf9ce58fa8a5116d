# SPDX-License-Identifier: GPL-2.0
#
#   make               module + CLI + selftests for the running kernel
#   make check         the whole matrix: deps, builds, unit tests, module
#                      lint, every QEMU and Bochs lane (about 40 min cold)
#   make check KERNEL=TREE
#                      your own kernel (a kbuild output directory): its
#                      config checked, cpulab built against it, the QEMU
#                      lane and the Bochs VMX lane on it (also: vm-check)
#   make check-regressions
#                      the regression corpus (regressions/): each mutant
#                      kernel built and run through the lanes that must
#                      catch it
#   make quick         the developer loop: unit tests, lint, qemu-6.12 and
#                      bochs-6.12's VMX subset, qemu-7 (under 10 min)
#   make check-kexec   the kexec lanes alone: a real kexec and a real kdump
#                      into a second kernel, in QEMU and Bochs, on 6.12 and
#                      7.x, and their mutant runs
#   make bench-check   make check, then where its time went, step by step
#   make bench-stop    the fine STOP grid in QEMU 6.12, as tables
#                      (PLATFORM=bochs for Bochs 6.12)
#   make demo          `cpulab status` inside a 4-CPU QEMU VM (6.12)
#   make regen         regenerate the protocol's generated files from
#                      spec/cpulab.yaml with the kernel's YNL tools (make
#                      check fails when a committed one differs)
#   make deps          install the Debian packages needed (idempotent)
#   make lint-module   DESIGN.md's build checks against both lane kernels
#   make install       the CLI to $(PREFIX)/bin, the selftests as a kselftest
#                      target under $(PREFIX)/lib/cpulab/kselftest, the module
#                      to /lib/modules
#   make dkms          cpulab under DKMS, rebuilt for every installed kernel

export KERNEL

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)

all: module user selftests

module:
	$(MAKE) -C module KDIR=$(KDIR)

# ccache keys on paths relative to the clone, so every clone shares hits.
user: export CCACHE_BASEDIR = $(CURDIR)
user: export CCACHE_NOHASHDIR = 1
user:
	cmake -S user -B user/build -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build user/build -j$(JOBS)

selftests:
	ci/kselftest-headers.sh build/kselftest
	$(MAKE) -C selftests/cpulab

check:
	ci/check.sh $(if $(KERNEL),kernel,check)

vm-check:
	ci/check.sh kernel

check-regressions:
	ci/regressions.sh $(NAMES)

quick:
	ci/check.sh quick

check-kexec:
	ci/check.sh kexec

bench-check:
	@ci/check.sh check; status=$$?; echo; ci/bench-table.sh; exit $$status

bench-stop: deps
	ci/bench-stop.sh $(or $(PLATFORM),qemu)

demo: deps
	ci/demo.sh

deps:
	ci/deps.sh

regen: deps
	ci/ynl.sh regen

lint-module: deps
	@set -e; for series in 6.1 6.12; do \
		release=$$(ci/kernels.sh release $$series); \
		ci/kernels.sh fetch $$release; \
		ci/build-module.sh $$release; \
		ci/lint-module.sh $$release; \
	done

# The selftests install as a kselftest target: run_kselftest.sh -c cpulab
# in $(KSELFTEST_PATH) runs them on a test host with cpulab loaded.
KSELFTEST_PATH ?= $(PREFIX)/lib/cpulab/kselftest

install: user selftests
	cmake --install user/build
	$(MAKE) -s -C selftests/cpulab install INSTALL_PATH=$(DESTDIR)$(KSELFTEST_PATH)
	@if [ -e module/cpulab.ko ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/module modules_install; \
	else \
		echo "install: module/cpulab.ko not built; run 'make module' to install it too"; \
	fi

dkms:
	ci/dkms.sh add

clean:
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null
	-$(MAKE) -C selftests/cpulab clean
	rm -rf user/build build

.PHONY: all module user selftests regen check quick check-kexec vm-check check-regressions bench-check bench-stop demo deps lint-module install dkms clean
