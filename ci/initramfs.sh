#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh RELEASE OUT: packs busybox, cpulab.ko for RELEASE, the
# selftests, the kernel's cpu-on-off-test.sh with bash to run it, and the
# CLI with the shared libraries ldd finds for them all.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
out=${2:?output}
module="$root/build/kernels/$release/out/cpulab.ko"
cli="$root/user/build/cpulab"

# Every program the selftests' Makefile builds: a new test binary cannot be
# left out of the image (stop_grid_test once was).
selftests=()
for test in $(make -s --no-print-directory -C "$root/selftests/cpulab" list); do
	selftests+=("$root/selftests/cpulab/$test")
done
[ "${#selftests[@]}" -gt 0 ] || { echo "initramfs: the selftests' Makefile lists no test" >&2; exit 1; }
# The kernel's own CPU hotplug selftest (a bash script), from linux-source-6.12.
peer_test="$root/build/kselftest/cpu-on-off-test.sh"
modules_dir="$root/build/kernels/$release/root/lib/modules"

# image_module NAME: the path of the Debian image's own NAME.ko(.xz).
image_module() {
	find "$modules_dir" -name "$1.ko*" | head -1
}

# The kernel's own msr and cpuid drivers, so the selftests can read EFER
# and CPUID without trusting cpulab; and KVM (with its dependency irqbypass) for the
# coexistence lane.
image_modules=(msr cpuid irqbypass kvm kvm-intel)

for file in "$module" "$cli" "${selftests[@]}" "$peer_test" /bin/busybox /bin/bash; do
	[ -e "$file" ] || { echo "initramfs: $file missing" >&2; exit 1; }
done

stage=$(mktemp -d)
# mktemp makes it 0700; it becomes /, which every user must traverse.
chmod 755 "$stage"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,cpulab,usr/bin}
cp /bin/busybox "$stage/bin/busybox"
install -m 755 "$root/ci/vm-init.sh" "$stage/init"
cp "$module" "${selftests[@]}" "$root/selftests/cpulab/settings" "$stage/cpulab/"
# busybox insmod cannot read Debian 6.12's xz-compressed modules.
for name in "${image_modules[@]}"; do
	path=$(image_module "$name")
	[ -n "$path" ] || { echo "initramfs: $name.ko missing from the $release image" >&2; exit 1; }
	case $path in
	*.xz) xz -dc "$path" > "$stage/cpulab/$name.ko" ;;
	*) cp "$path" "$stage/cpulab/$name.ko" ;;
	esac
done
install -m 755 "$peer_test" "$stage/cpulab/"
# The README's JSON schema block, which cli_json_test holds the CLI to.
sed -n '/^```cpulab-json-schema$/,/^```$/p' "$root/README.md" | sed '1d;$d' > "$stage/cpulab/json-schema"
[ -s "$stage/cpulab/json-schema" ] || { echo "initramfs: no cpulab-json-schema block in README.md" >&2; exit 1; }
cp "$cli" "$stage/usr/bin/cpulab"
# Debug info is more than half the image (53 MB unpacked, 24 MB without),
# and every lane's kernel decompresses and unpacks it at boot, which Bochs
# does slowly. The symbol tables stay, for backtraces and kallsyms.
strip --strip-debug "$stage/usr/bin/cpulab" "$stage"/cpulab/*_test "$stage/cpulab/nl_fuzz" "$stage/cpulab/cpulab.ko"
cp /bin/bash "$stage/usr/bin/bash"
for lib in $( (ldd "$cli"; ldd /bin/bash; for test in "${selftests[@]}"; do ldd "$test"; done) | grep -oE '/[^ ]+' | sort -u); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
