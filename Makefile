# SPDX-License-Identifier: GPL-2.0
#
#   make               module + CLI + selftests for the running kernel
#   make check         deps, builds, unit tests, module lint, QEMU lanes
#   make demo          `cpulab status` inside a 4-CPU QEMU VM (6.12)
#   make deps          install the Debian packages needed (idempotent)
#   make lint-module   DESIGN.md's build checks against both lane kernels
#   make install       the CLI to $(PREFIX)/bin, the module to /lib/modules

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)

all: module user selftests

module:
	$(MAKE) -C module KDIR=$(KDIR)

user:
	cmake -S user -B user/build -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build user/build -j$(JOBS)

selftests:
	ci/kselftest-headers.sh build/kselftest
	$(MAKE) -C selftests/cpulab

check:
	ci/check.sh

demo: deps
	ci/demo.sh

deps:
	ci/deps.sh

lint-module: deps
	@set -e; for series in 6.1 6.12; do \
		release=$$(ci/kernels.sh release $$series); \
		ci/kernels.sh fetch $$release; \
		ci/build-module.sh $$release; \
		ci/lint-module.sh $$release; \
	done

install: user
	cmake --install user/build
	@if [ -e module/cpulab.ko ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/module modules_install; \
	else \
		echo "install: module/cpulab.ko not built; run 'make module' to install it too"; \
	fi

clean:
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null
	-$(MAKE) -C selftests/cpulab clean
	rm -rf user/build build

.PHONY: all module user selftests check demo deps lint-module install clean
