#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh RELEASE OUT [lane|kexec]: packs an initramfs whose /init is
# ci/vm-init.sh, with busybox, cpulab.ko for RELEASE, the kernel's msr and
# cpuid drivers and the CLI, with the shared libraries ldd finds.
#
# lane (default): every selftest, the kernel's cpu-on-off-test.sh with bash
#   to run it, and KVM for the coexistence tests.
# lane-ynl: lane, and the kernel's YNL client (tools/net/ynl/cli.py and its
#   lib, from linux-source-6.12 via ci/ynl.sh) with spec/cpulab.yaml,
#   python3, the standard library it imports and PyYAML, for ynl_peer.sh
#   (qemu-6.12).
# kexec: the kexec lanes' first kernel (ci/vm-kexec.sh): handover_test,
#   KVM (for the KVM-as-peer runs), kexec-tools' kexec, RELEASE's kernel
#   image, and /boot/next.img: the second kernel's own small initramfs
#   (inherited_test and cpulab_test; where the kernel owns VMX/SVM, also
#   kernel_virt.sh with what it runs and KVM).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
out=${2:?output}
profile=${3:-lane}
module="$root/build/kernels/$release/out/cpulab.ko"
cli="$root/user/build/cpulab"
tests="$root/selftests/cpulab"
# /lib/modules, or /usr/lib/modules in trixie's merged-/usr 7.x packages.
kernel_root="$root/build/kernels/$release/root"
# The kernel's own CPU hotplug selftest (a bash script), from linux-source-6.12.
peer_test="$root/build/kselftest/cpu-on-off-test.sh"
# The kernel's KTAP helpers, for the results vm-init.sh reports itself.
ktap_helpers="$root/build/kselftest/runner/kselftest/ktap_helpers.sh"

# The kernel unpacks its initramfs at boot, inside the emulator: LZ4
# (legacy frames, what the kernel's unpacker reads) cost 3.8 s less guest
# time than gzip on Debian's 6.12 under Bochs (/init reached at 24.9 s
# against 28.7 s). A kernel built without RD_LZ4 (the debug kernel, maybe
# yours) gets gzip.
kdir=$("$root/ci/kernels.sh" kdir "$release")
compress="gzip -1"
grep -qx 'CONFIG_RD_LZ4=y' "$kdir/.config" 2>/dev/null &&
	compress="lz4 -l -c"

case $profile in
lane | lane-ynl | kexec) ;;
*) echo "initramfs: unknown profile $profile (lane, lane-ynl or kexec)" >&2; exit 2 ;;
esac

# image_module NAME: the path of the Debian image's own NAME.ko(.xz).
image_module() {
	local dir
	for dir in "$kernel_root/lib/modules" "$kernel_root/usr/lib/modules"; do
		if [ -d "$dir" ]; then find "$dir/" -name "$1.ko*"; fi
	done | head -1
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

# add_ynl: the kernel's YNL client and what it runs on: python3, the
# standard library modules the client imports (found by running its
# --help, which imports everything it uses: its imports are all at the top)
# and the pure-Python PyYAML reader (its C accelerator would need libyaml).
# About 2 MB packed, and only qemu-6.12's image carries it.
add_ynl() {
	local python stdlib module
	"$root/ci/ynl.sh" tools
	python=$(readlink -f /usr/bin/python3)
	stdlib=/usr/lib/$(basename "$python")
	[ -d "$stdlib" ] && [ -d /usr/lib/python3/dist-packages/yaml ] ||
		{ echo "initramfs: python3 or python3-yaml missing (make deps)" >&2; exit 1; }
	cp "$python" "$stage/usr/bin/python3"
	for module in $("$python" -c '
import contextlib, io, runpy, sys
tool = sys.argv[1]
sys.argv = [tool, "--help"]
sys.path.insert(0, tool.rsplit("/", 1)[0])
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_path(tool, run_name="__main__")
    except SystemExit:
        pass
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None)
    if path and path.startswith("'"$stdlib"'/"):
        print(path)
' "$root/build/ynl/tools/cli.py"); do
		mkdir -p "$stage$(dirname "$module")"
		cp "$module" "$stage$module"
	done
	mkdir -p "$stage/usr/lib/python3/dist-packages" "$stage/cpulab/ynl"
	tar -C /usr/lib/python3/dist-packages -c --exclude=__pycache__ --exclude='*.so' yaml |
		tar -C "$stage/usr/lib/python3/dist-packages" -x
	cp -r "$root/build/ynl/tools/cli.py" "$root/build/ynl/tools/lib" "$stage/cpulab/ynl/"
	cp "$root/spec/cpulab.yaml" "$stage/cpulab/cpulab.yaml"
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
	(cd "$stage" && find . | cpio -o -H newc --quiet) | $compress > "$1"
}

case $profile in
lane | lane-ynl)
	# Every program the selftests' Makefile builds: a new test binary
	# cannot be left out of the image (stop_grid_test once was).
	mapfile -t selftests < <(make -s --no-print-directory -C "$tests" list | tr ' ' '\n' | grep .)
	[ "${#selftests[@]}" -gt 0 ] || { echo "initramfs: the selftests' Makefile lists no test" >&2; exit 1; }
	[ -e "$peer_test" ] || { echo "initramfs: $peer_test missing" >&2; exit 1; }
	new_stage
	# KVM (with its dependency irqbypass) for the coexistence tests, and
	# on 7.x for the kernel's own VMX/SVM owner (kernel_virt.sh): kvm-amd
	# needs ccp where the kernel has SEV.
	add_base irqbypass kvm kvm-intel 'ccp?' kvm-amd
	add_tests "${selftests[@]}"
	install -m 755 "$peer_test" "$stage/cpulab/"
	cp /bin/bash "$stage/usr/bin/bash"
	# docs/json.md's schema block, which cli_json_test holds the CLI to.
	sed -n '/^```cpulab-json-schema$/,/^```$/p' "$root/docs/json.md" | sed '1d;$d' > "$stage/cpulab/json-schema"
	[ -s "$stage/cpulab/json-schema" ] || { echo "initramfs: no cpulab-json-schema block in docs/json.md" >&2; exit 1; }
	[ "$profile" = lane-ynl ] && add_ynl
	pack "$out"
	;;
kexec)
	kexec=$(command -v kexec || echo /sbin/kexec)
	[ -x "$kexec" ] || { echo "initramfs: kexec missing (kexec-tools; make deps)" >&2; exit 1; }
	new_stage
	# A kernel that owns VMX/SVM (it exports x86_virt_get_ref(), to KVM):
	# the second kernel also runs kernel_virt.sh, with KVM.
	if grep -qsP '^0x[0-9a-f]+\tx86_virt_get_ref\t' "$kdir/Module.symvers"; then
		add_base irqbypass kvm kvm-intel 'ccp?' kvm-amd
		add_tests inherited_test cpulab_test kernel_virt.sh kernel_virt_test kvm_vm_holder lib.sh
	else
		add_base
		add_tests inherited_test cpulab_test
	fi
	next="$stage"
	pack "$next.img"
	new_stage
	add_base irqbypass kvm kvm-intel 'ccp?' kvm-amd
	add_tests handover_test
	cp "$kexec" "$stage/usr/bin/kexec"
	cp "$("$root/ci/kernels.sh" vmlinuz "$release")" "$stage/boot/vmlinuz"
	mv "$next.img" "$stage/boot/next.img"
	pack "$out"
	;;
esac
