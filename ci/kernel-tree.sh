#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernel-tree.sh: a kernel a developer built (a kbuild output directory),
# made into a lane kernel like the Debian ones ci/kernels.sh fetches.
#
#   kernel-tree.sh check TREE [kexec]  names every option or file cpulab's
#                                      lanes need that TREE lacks, and fails
#                                      if one is missing; kexec: also what
#                                      the kexec and kdump lanes need
#   kernel-tree.sh layout TREE         checks, then lays TREE out under
#                                      build/kernels/RELEASE (image, stripped
#                                      modules, a link to TREE as its
#                                      headers) and prints RELEASE last
#
# The debug kernel and the regression corpus's kernels (ci/cached-kernel.sh,
# ci/regressions.sh) go through this path too, and so does
# `make check KERNEL=TREE`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

# What the lanes use, each with why. An option given as NAME=m|y may be
# either; NAME=y must be built in.
lane_options=(
	"64BIT=y x86_64: cpulab's core is 64-bit only"
	"SMP=y the lanes boot 2 (Bochs) or 4 (QEMU) CPUs"
	"HOTPLUG_CPU=y every lifecycle test offlines and onlines CPUs"
	"MODULES=y cpulab is a module"
	"MODULE_UNLOAD=y the lanes load and unload cpulab"
	"BLK_DEV_INITRD=y the lanes boot an initramfs"
	"RD_GZIP=y the initramfs is gzip-compressed (LZ4 where RD_LZ4 is set too)"
	"DEVTMPFS=y vm-init.sh mounts /dev"
	"PROC_FS=y vm-init.sh mounts /proc"
	"SYSFS=y the tests read /sys/devices/system/cpu"
	"TMPFS=y vm-init.sh mounts /tmp"
	"BINFMT_ELF=y the tests are ELF programs"
	"BINFMT_SCRIPT=y vm-init.sh is a script"
	"KALLSYMS=y the tests read from /proc/kallsyms whether the kernel owns VMX/SVM (x86_virt_get_ref)"
	"SERIAL_8250_CONSOLE=y the lanes are judged by the serial console"
	"NET=y generic netlink is cpulab's only interface"
	"UNIX=y the CLI's libraries expect AF_UNIX"
	"X86_LOCAL_APIC=y the STOP protocol's IPIs and NMIs"
	"CPU_SUP_INTEL=y Bochs' Skylake-X (VMX)"
	"CPU_SUP_AMD=y QEMU's -cpu max (SVM)"
	"X86_MSR=m|y the tests read EFER through the msr driver, not through cpulab"
	"X86_CPUID=m|y the tests read CPUID through the cpuid driver"
	"SUSPEND=y events_test suspends with pm_test=core"
	"PM_DEBUG=y pm_test"
	"IA32_FEAT_CTL=y the kernel sets IA32_FEATURE_CONTROL before cpulab's VMXON"
	"KVM=m the KVM coexistence tests load kvm.ko"
	"KVM_INTEL=m the KVM coexistence tests on VMX"
	"KVM_AMD=m the KVM-as-peer runs on SVM"
)
# A kernel that owns VMX/SVM itself (7.1+: it exports x86_virt_get_ref):
# cpulab's checks of its owner read the kernel's own counts.
owner_options=(
	"BPF_SYSCALL=y status --check-kernel reads virtualization_nr_users and cpu_tlbstate.cr4 with a BPF program"
	"DEBUG_INFO_BTF=y that program finds those per-CPU variables in the kernel's BTF"
	"KALLSYMS_ALL=y the verifier takes their addresses from kallsyms, which lists data only with it"
	"BPF_JIT=y without it the interpreter read every per-CPU variable as 0 (7.3.4, measured)"
)
kexec_options=(
	"KEXEC=y the kexec lanes load with kexec_load"
	"CRASH_DUMP=y the kdump lanes boot a crash kernel"
	"PROC_VMCORE=y the kdump kernel's /proc/vmcore is judged"
	"RELOCATABLE=y the crash kernel runs from reserved memory"
	"MAGIC_SYSRQ=y the kdump lanes crash with SysRq c"
	"PROC_KCORE=y kexec -p reads the running kernel's memory map from /proc/kcore"
)

# check TREE [kexec]: prints every problem, then fails if there was one.
check() {
	local tree=$1 level=${2:-} entry option want why value missing=0 file
	local -a options=("${lane_options[@]}")
	[ "$level" = kexec ] && options+=("${kexec_options[@]}")
	grep -qsP '^0x[0-9a-f]+\tx86_virt_get_ref\t' "$tree/Module.symvers" && options+=("${owner_options[@]}")
	[ -d "$tree" ] || { echo "kernel-tree: $tree is not a directory" >&2; return 1; }
	for file in .config Module.symvers modules.order arch/x86/boot/bzImage; do
		if [ ! -s "$tree/$file" ]; then
			echo "kernel-tree: $tree/$file missing: give a kbuild output directory after" \
			     "'make bzImage modules'" >&2
			missing=1
		fi
	done
	[ -s "$tree/.config" ] || return 1
	for entry in "${options[@]}"; do
		option=${entry%% *} why=${entry#* }
		want=${option#*=} option=CONFIG_${option%%=*}
		value=$(sed -n "s/^$option=//p" "$tree/.config")
		case "|$want|" in
		*"|${value:-none}|"*) ;;
		*)
			echo "kernel-tree: $option is ${value:-not set}, cpulab needs ${want//|/ or }: $why" >&2
			missing=1
			;;
		esac
	done
	if [ "$missing" -ne 0 ]; then
		echo "kernel-tree: $tree cannot run cpulab's lanes${level:+ ($level)}; nothing was done" >&2
		return 1
	fi
}

# layout TREE: build/kernels/RELEASE/root as kernels.sh fetch makes it, so
# that build-module.sh, initramfs.sh and the lanes take it unchanged.
layout() {
	local tree release dir
	tree=$(cd "$1" && pwd)
	check "$tree" "${2:-}"
	# Kbuild in the tree runs with the compiler that configured it, or it
	# would configure the tree anew for another (ci/kernel-compiler.sh).
	source "$root/ci/kernel-compiler.sh"
	kernel_compiler "$tree" || return 1
	echo "kernel-tree: $tree was built with $kbuild_cc${kbuild_run[*]:+ (in the trixie chroot)}" >&2
	release=$("${kbuild_run[@]}" make -s -C "$tree" CC="$kbuild_cc" kernelrelease)
	dir="$root/build/kernels/$release"
	rm -rf "$dir" && mkdir -p "$dir/root/boot" "$dir/root/usr/src"
	cp "$tree/arch/x86/boot/bzImage" "$dir/root/boot/vmlinuz-$release"
	if ! "${kbuild_run[@]}" make -s -C "$tree" CC="$kbuild_cc" INSTALL_MOD_PATH="$dir/root" \
		INSTALL_MOD_STRIP=1 modules_install > "$dir/modules_install.log" 2>&1; then
		cat "$dir/modules_install.log" >&2
		echo "kernel-tree: modules_install from $tree failed" >&2
		return 1
	fi
	ln -s "$tree" "$dir/root/usr/src/linux-headers-$release"
	touch "$dir/.unpacked"
	echo "$release"
}

case "${1:-}" in
check) check "${2:?tree}" "${3:-}" ;;
layout) layout "${2:?tree}" "${3:-}" ;;
*) echo "usage: kernel-tree.sh check TREE [kexec] | layout TREE [kexec]" >&2; exit 2 ;;
esac
