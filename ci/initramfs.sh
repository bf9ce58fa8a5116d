#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh RELEASE OUT [lane|kexec]: packs an initramfs whose /init is
# ci/vm-init.sh, with busybox, cpulab.ko for RELEASE, the kernel's msr and
# cpuid drivers and the CLI, with the shared libraries ldd finds.
#
# lane (default): every selftest, the kernel's cpu-on-off-test.sh with bash
#   to run it, and KVM for the coexistence tests.
# kexec: the kexec lanes' first kernel (ci/vm-kexec.sh): handover_test,
#   KVM (for the KVM-as-peer runs), kexec-tools' kexec, RELEASE's kernel
#   image, and /boot/next.cpio.gz: the second kernel's own small initramfs
#   (inherited_test and cpulab_test).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
out=${2:?output}
profile=${3:-lane}
module="$root/build/kernels/$release/out/cpulab.ko"
cli="$root/user/build/cpulab"
tests="$root/selftests/cpulab"
modules_dir="$root/build/kernels/$release/root/lib/modules"
# The kernel's own CPU hotplug selftest (a bash script), from linux-source-6.12.
peer_test="$root/build/kselftest/cpu-on-off-test.sh"
# The kernel's KTAP helpers, for the results vm-init.sh reports itself.
ktap_helpers="$root/build/kselftest/runner/kselftest/ktap_helpers.sh"

case $profile in
lane | kexec) ;;
*) echo "initramfs: unknown profile $profile (lane or kexec)" >&2; exit 2 ;;
esac

# image_module NAME: the path of the Debian image's own NAME.ko(.xz).
image_module() {
	find "$modules_dir" -name "$1.ko*" | head -1
}

stages=()
trap 'rm -rf "${stages[@]}"' EXIT

# new_stage: an empty root, made 755 (mktemp makes it 0700, and it becomes
# /, which every user must traverse); its path in $stage.
new_stage() {
	stage=$(mktemp -d)
	stages+=("$stage")
	chmod 755 "$stage"
	mkdir -p "$stage"/{bin,boot,dev,proc,sys,tmp,cpulab,usr/bin}
}

# add_base MODULE...: what every image has. MODULE: the Debian image's own
# modules to add: the msr and cpuid drivers always, so the selftests can
# read EFER and CPUID without trusting cpulab. NAME? is added if the
# kernel has it (ccp: Debian's kvm-amd needs it, a kernel without SEV
# does not build it).
add_base() {
	local name path file
	for file in "$module" "$cli" /bin/busybox "$ktap_helpers"; do
		[ -e "$file" ] || { echo "initramfs: $file missing" >&2; exit 1; }
	done
	cp /bin/busybox "$stage/bin/busybox"
	install -m 755 "$root/ci/vm-init.sh" "$stage/init"
	cp "$root/ci/vm-kexec.sh" "$module" "$tests/settings" "$ktap_helpers" "$stage/cpulab/"
	cp "$cli" "$stage/usr/bin/cpulab"
	# busybox insmod cannot read Debian 6.12's xz-compressed modules.
	for name in msr cpuid "$@"; do
		path=$(image_module "${name%\?}")
		[ -z "$path" ] && [ "$name" != "${name%\?}" ] && continue
		name=${name%\?}
		[ -n "$path" ] || { echo "initramfs: $name.ko missing from the $release image" >&2; exit 1; }
		case $path in
		*.xz) xz -dc "$path" > "$stage/cpulab/$name.ko" ;;
		*) cp "$path" "$stage/cpulab/$name.ko" ;;
		esac
	done
}

# add_tests TEST...: selftest binaries from selftests/cpulab.
add_tests() {
	local test
	for test in "$@"; do
		[ -e "$tests/$test" ] || { echo "initramfs: $tests/$test missing (make selftests)" >&2; exit 1; }
		cp "$tests/$test" "$stage/cpulab/"
	done
}

# pack OUT: strips, adds the shared libraries of every program in the
# image, and writes the cpio. Debug info is more than half an image (53 MB
# unpacked, 24 MB without), and every lane's kernel decompresses and
# unpacks it at boot, which Bochs does slowly. The symbol tables stay, for
# backtraces and kallsyms.
pack() {
	local lib program
	for program in "$stage"/usr/bin/cpulab "$stage"/cpulab/*_test "$stage"/cpulab/nl_fuzz "$stage"/cpulab/cpulab.ko; do
		[ -e "$program" ] && strip --strip-debug "$program"
	done
	for lib in $(for program in "$stage"/usr/bin/* "$stage"/cpulab/*_test "$stage"/cpulab/nl_fuzz; do
			[ -x "$program" ] && ! [ -L "$program" ] && ldd "$program" 2>/dev/null
		done | grep -oE '/[^ ]+' | sort -u); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
	(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$1"
}

case $profile in
lane)
	# Every program the selftests' Makefile builds: a new test binary
	# cannot be left out of the image (stop_grid_test once was).
	mapfile -t selftests < <(make -s --no-print-directory -C "$tests" list | tr ' ' '\n' | grep .)
	[ "${#selftests[@]}" -gt 0 ] || { echo "initramfs: the selftests' Makefile lists no test" >&2; exit 1; }
	[ -e "$peer_test" ] || { echo "initramfs: $peer_test missing" >&2; exit 1; }
	new_stage
	# KVM (with its dependency irqbypass) for the coexistence tests.
	add_base irqbypass kvm kvm-intel
	add_tests "${selftests[@]}"
	install -m 755 "$peer_test" "$stage/cpulab/"
	cp /bin/bash "$stage/usr/bin/bash"
	# docs/json.md's schema block, which cli_json_test holds the CLI to.
	sed -n '/^```cpulab-json-schema$/,/^```$/p' "$root/docs/json.md" | sed '1d;$d' > "$stage/cpulab/json-schema"
	[ -s "$stage/cpulab/json-schema" ] || { echo "initramfs: no cpulab-json-schema block in docs/json.md" >&2; exit 1; }
	pack "$out"
	;;
kexec)
	kexec=$(command -v kexec || echo /sbin/kexec)
	[ -x "$kexec" ] || { echo "initramfs: kexec missing (kexec-tools; make deps)" >&2; exit 1; }
	new_stage
	add_base
	add_tests inherited_test cpulab_test
	next="$stage"
	pack "$next.cpio.gz"
	new_stage
	add_base irqbypass kvm kvm-intel 'ccp?' kvm-amd
	add_tests handover_test
	cp "$kexec" "$stage/usr/bin/kexec"
	cp "$("$root/ci/kernels.sh" vmlinuz "$release")" "$stage/boot/vmlinuz"
	mv "$next.cpio.gz" "$stage/boot/next.cpio.gz"
	pack "$out"
	;;
esac
