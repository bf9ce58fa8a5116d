#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs every Debian package the project needs; idempotent and quiet
# when nothing is missing. Kernels are not installed here: ci/kernels.sh
# unpacks them per lane.
set -euo pipefail

packages=(
	# toolchain: kbuild's gcc-12 and its g++ sibling, CMake, objdump/nm
	build-essential gcc-12 g++-12 make cmake pkg-config binutils
	# kbuild's tools: modinfo, pahole (BTF on 6.12), objtool's libelf
	kmod pahole libelf1
	# the CLI and its tests
	libnl-3-dev libnl-genl-3-dev libcli11-dev libgtest-dev googletest nlohmann-json3-dev
	# its kernel view (status --json, --check-kernel): a BPF program built
	# by clang, embedded by bpftool's skeleton, loaded by libbpf
	libbpf-dev bpftool clang
	# a rebuild, or a second clone's first build, hits the compiler cache
	ccache
	# kselftest headers (extracted at build time), and the debug kernel
	# built from the same source (ci/cached-kernel.sh)
	linux-source-6.12 xz-utils flex bison bc libssl-dev libelf-dev
	# the lanes: QEMU (SVM), Bochs (VMX) booting an isolinux ISO
	qemu-system-x86 busybox-static cpio gzip lz4
	bochs bochsbios vgabios isolinux syslinux-common xorriso
	# the kexec lanes: kexec itself, packed into their first kernel's image
	kexec-tools
	# a test host's install: make dkms (ci/dkms.sh)
	dkms
	# the 7.x lanes: Debian 13's userland (gcc-14, the 7.x packages' apt)
	# in a chroot of the project's own (ci/trixie-root.sh)
	mmdebstrap
	# the kernel's YNL tools (ci/ynl.sh): generation from spec/cpulab.yaml,
	# its schema check, and the ynl peer client in qemu-6.12
	python3 python3-yaml python3-jsonschema
)

missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep 'install ok installed' > /dev/null ||
		missing+=("$package")
done

# ci/kernels.sh reads the package lists even when nothing is missing.
have_lists() { compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }

if [ "${#missing[@]}" -eq 0 ] && have_lists; then
	echo "deps: all ${#packages[@]} packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]:-package lists}; run 'make deps' as root" >&2
	exit 1
fi
echo "deps: installing ${missing[*]:-nothing (refreshing package lists)}"
apt-get update -q >/dev/null
[ "${#missing[@]}" -eq 0 ] ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
