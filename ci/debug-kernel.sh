#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# debug-kernel.sh: builds the debug 6.12 kernel (KASAN, lockdep, debug
# objects, kmemleak) from Debian's linux-source-6.12 with the config
# fragment ci/debug-kernel.config, and lays it out under build/kernels/RELEASE
# like ci/kernels.sh does for Debian's kernels, so build-module.sh,
# initramfs.sh and the lanes take it unchanged. Prints RELEASE last.
#
# The build is cached by a hash of everything that shapes it (the fragment,
# the recipe below, the source tarball, the compiler) under $CPULAB_CACHE
# (~/.cache/cpulab): a rerun with the same hash only lays it out again.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tarball=/usr/src/linux-source-6.12.tar.xz
fragment="$root/ci/debug-kernel.config"
cache=${CPULAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cpulab}
jobs=${JOBS:-$(nproc)}

[ -r "$tarball" ] || { echo "debug-kernel: $tarball missing; run 'make deps'" >&2; exit 1; }
# Bump when the way the kernel is configured or built below changes.
recipe="allnoconfig + fragment; bzImage modules; modules_install stripped; v1"
hash=$( { cat "$fragment"; echo "$recipe"; stat -c '%s %Y' "$tarball"; gcc -dumpfullversion; } |
	sha256sum | cut -c1-16)
dir="$cache/debug-kernel/$hash"
src="$dir/src" obj="$dir/obj"

if [ -e "$dir/.complete" ]; then
	echo "debug-kernel: cached build $hash"
else
	# One build is kept: an older hash's tree (some 2 GB) is dropped.
	rm -rf "$cache/debug-kernel" && mkdir -p "$src" "$obj"
	start=$(date +%s)
	# Documentation/ is skipped but its Kconfig, which the top Kconfig sources.
	tar -C "$src" --strip-components=1 -xJf "$tarball" --exclude='*/Documentation/[!K]*'
	echo "debug-kernel: source unpacked in $(( $(date +%s) - start ))s"
	make -s -C "$src" O="$obj" ARCH=x86_64 KCONFIG_ALLCONFIG="$fragment" allnoconfig
	# allnoconfig drops an option whose dependencies are unmet without a
	# word: every line of the fragment must have survived into .config.
	missing=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=n) want="# ${line%=n} is not set" ;;
		CONFIG_*) want=$line ;;
		*) continue ;;
		esac
		grep -qxF "$want" "$obj/.config" || { echo "debug-kernel: $line did not survive allnoconfig" >&2; missing=1; }
	done < "$fragment"
	[ "$missing" -eq 0 ] || exit 1
	if ! make -C "$obj" ARCH=x86_64 -j"$jobs" bzImage modules > "$dir/build.log" 2>&1; then
		tail -n 40 "$dir/build.log" >&2
		echo "debug-kernel: build failed (log: $dir/build.log)" >&2
		exit 1
	fi
	make -s -C "$obj" ARCH=x86_64 INSTALL_MOD_PATH="$dir/root" INSTALL_MOD_STRIP=1 modules_install >/dev/null
	echo "debug-kernel: built $hash in $(( $(date +%s) - start ))s"
	touch "$dir/.complete"
fi

release=$(make -s -C "$obj" ARCH=x86_64 kernelrelease)
layout="$root/build/kernels/$release"
rm -rf "$layout" && mkdir -p "$layout/root/boot" "$layout/root/usr/src" "$layout/root/lib"
cp "$obj/arch/x86/boot/bzImage" "$layout/root/boot/vmlinuz-$release"
cp -a "$dir/root/lib/modules" "$layout/root/lib/"
ln -s "$obj" "$layout/root/usr/src/linux-headers-$release"
touch "$layout/.unpacked"
echo "$release"
