#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh RELEASE OUT: packs busybox, cpulab.ko for RELEASE, the
# selftests and the CLI with the shared libraries ldd finds for it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
out=${2:?output}
module="$root/build/kernels/$release/out/cpulab.ko"
cli="$root/user/build/cpulab"

selftests=("$root/selftests/cpulab/cpulab_test" "$root/selftests/cpulab/virt_test")
# The kernel's own msr driver, so the selftests can read EFER without
# trusting cpulab. Debian 6.12 ships modules xz-compressed.
msr_module=$(find "$root/build/kernels/$release/root/lib/modules" -name 'msr.ko*' | head -1)

for file in "$module" "$cli" "${selftests[@]}" "$msr_module" /bin/busybox; do
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
case $msr_module in
*.xz) xz -dc "$msr_module" > "$stage/cpulab/msr.ko" ;;
*) cp "$msr_module" "$stage/cpulab/msr.ko" ;;
esac
cp "$cli" "$stage/usr/bin/cpulab"
for lib in $(ldd "$cli" | grep -oE '/[^ ]+'); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
