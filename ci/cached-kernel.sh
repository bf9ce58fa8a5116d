#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cached-kernel.sh debug|regression|regression-7: builds one of the
# project's own kernels from Debian's linux-source (allnoconfig plus a
# fragment), then lays it out through ci/kernel-tree.sh, the path every
# developer's own tree takes (`make check KERNEL=TREE`). Prints RELEASE
# last; `cached-kernel.sh tree NAME` prints the cached build's kbuild
# output directory instead (what `make check KERNEL=` takes).
#
#   debug       the debug lanes' kernel (KASAN, lockdep, debug objects,
#               kmemleak): ci/debug-kernel.config
#   regression  the regression corpus's base (ci/regressions.sh): the debug
#               kernel's machine without its debug options, plus kexec and
#               crash dumps: ci/regression-kernel.config
#   regression-7  the same on the newest 7.x in trixie-backports (its
#               linux-source, built in the trixie chroot with gcc-14), with
#               BTF for the kernel's own view: ci/kernel-7.config
#
# A build is cached by a hash of everything that shapes it (the fragment,
# the recipe below, the source tarball, the compiler) under $CPULAB_CACHE
# (~/.cache/cpulab)/NAME-kernel/HASH: a rerun with the same hash only lays
# it out again. The cached tree (src, obj) is also what the corpus's
# mutants are rebuilt from, so it is kept whole.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
output=layout
if [ "${1:-}" = tree ]; then
	output=tree
	shift
fi
name=${1:?usage: cached-kernel.sh [tree] debug|regression|regression-7}
tarball=/usr/src/linux-source-6.12.tar.xz
cache=${CPULAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cpulab}
jobs=${JOBS:-$(nproc)}
fragment=$(mktemp)
trap 'rm -f "$fragment"' EXIT

# kbuild runs on this machine with its gcc, or for 7.x in the trixie
# chroot with gcc-14 (the cache bound in at its own path).
kbuild_run=() kbuild_cc=gcc
case $name in
debug) cp "$root/ci/debug-kernel.config" "$fragment" ;;
regression | regression-7)
	# The debug fragment's sections but its debug options and its name.
	awk '/^# --- /{ skip = /the debug options|its name/ } !skip' "$root/ci/debug-kernel.config" > "$fragment"
	cat "$root/ci/regression-kernel.config" >> "$fragment"
	;;
*) echo "usage: cached-kernel.sh debug|regression|regression-7" >&2; exit 2 ;;
esac
if [ "$name" = regression-7 ]; then
	# BTF instead of no debug information (ci/kernel-7.config).
	sed -i '/^CONFIG_DEBUG_INFO_NONE=y$/d' "$fragment"
	cat "$root/ci/kernel-7.config" >> "$fragment"
	mkdir -p "$cache/sources"
	kbuild_run=(env CPULAB_CHROOT_BINDS="$cache" "$root/ci/trixie-root.sh" run) kbuild_cc=gcc-14
	# Debian's linux-source of the newest 7.x, from the chroot's apt
	# (trixie-backports); its tarball is kept beside the builds.
	source_package=$("${kbuild_run[@]}" apt-cache search --names-only '^linux-source-7\.[0-9]+$' |
		awk '{ print $1 }' | sort -V | tail -n 1)
	[ -n "$source_package" ] || { echo "$name-kernel: no linux-source-7.x in trixie-backports" >&2; exit 1; }
	tarball="$cache/sources/$source_package.tar.xz"
	if [ ! -s "$tarball" ]; then
		(cd "$cache/sources" && rm -f ./*.deb &&
			"${kbuild_run[@]}" apt-get -o APT::Sandbox::User=root download -q "$source_package" > /dev/null) ||
			{ echo "$name-kernel: could not download $source_package" >&2; exit 1; }
		dpkg-deb --fsys-tarfile "$cache/sources/${source_package}"_*.deb |
			tar -xO "./usr/src/$source_package.tar.xz" > "$tarball.part" && mv "$tarball.part" "$tarball"
		rm -f "$cache/sources/${source_package}"_*.deb
	fi
fi

[ -r "$tarball" ] || { echo "$name-kernel: $tarball missing; run 'make deps'" >&2; exit 1; }
# Bump when the way the kernel is configured or built below changes.
recipe="allnoconfig + fragment; bzImage modules; modules_install stripped; v1"
hash=$( { cat "$fragment"; echo "$recipe"; stat -c '%s %Y' "$tarball"
	  "${kbuild_run[@]}" "$kbuild_cc" -dumpfullversion; } | sha256sum | cut -c1-16)
dir="$cache/$name-kernel/$hash"
src="$dir/src" obj="$dir/obj"

# ci/regressions.sh patches the cached sources for the length of one
# mutant's build and leaves this marker meanwhile: a run killed then is
# undone here, or the build is not trusted.
if [ -e "$dir/.mutated" ]; then
	if (cd "$src" && patch -R -p1 -s < "$(cat "$dir/.mutated")"); then
		echo "$name-kernel: took back a mutant's patch a killed run left in the sources"
	else
		echo "$name-kernel: the sources hold a mutant's patch that will not come out; rebuilding" >&2
		rm -f "$dir/.complete"
	fi
	rm -f "$dir/.mutated"
fi

if [ -e "$dir/.complete" ]; then
	echo "$name-kernel: cached build $hash"
else
	# One build is kept: an older hash's tree (some 2 GB) is dropped.
	rm -rf "${cache:?}/$name-kernel" && mkdir -p "$src" "$obj"
	start=$(date +%s)
	# Documentation/ is skipped but its Kconfig, which the top Kconfig sources.
	tar -C "$src" --strip-components=1 -xJf "$tarball" --exclude='*/Documentation/[!K]*'
	echo "$name-kernel: source unpacked in $(( $(date +%s) - start ))s"
	# The fragment where the chroot sees it too.
	cp "$fragment" "$dir/fragment.config"
	"${kbuild_run[@]}" make -s -C "$src" O="$obj" ARCH=x86_64 CC="$kbuild_cc" HOSTCC="$kbuild_cc" \
		KCONFIG_ALLCONFIG="$dir/fragment.config" allnoconfig
	# allnoconfig drops an option whose dependencies are unmet without a
	# word: every line of the fragment must have survived into .config.
	missing=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=n) want="# ${line%=n} is not set" ;;
		CONFIG_*) want=$line ;;
		*) continue ;;
		esac
		grep -qxF "$want" "$obj/.config" || { echo "$name-kernel: $line did not survive allnoconfig" >&2; missing=1; }
	done < "$fragment"
	[ "$missing" -eq 0 ] || exit 1
	if ! "${kbuild_run[@]}" make -C "$obj" ARCH=x86_64 CC="$kbuild_cc" HOSTCC="$kbuild_cc" -j"$jobs" \
		bzImage modules > "$dir/build.log" 2>&1; then
		tail -n 40 "$dir/build.log" >&2
		echo "$name-kernel: build failed (log: $dir/build.log)" >&2
		exit 1
	fi
	echo "$name-kernel: built $hash in $(( $(date +%s) - start ))s"
	touch "$dir/.complete"
fi

if [ $output = tree ]; then
	echo "$obj"
	exit 0
fi
level=""
[ "$name" != debug ] && level=kexec
"$root/ci/kernel-tree.sh" layout "$obj" $level
