#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cached-kernel.sh debug|regression: builds one of the project's own 6.12
# kernels from Debian's linux-source-6.12 (allnoconfig plus a fragment),
# then lays it out through ci/kernel-tree.sh, the path every developer's
# own tree takes (`make check KERNEL=TREE`). Prints RELEASE last.
#
#   debug       the debug lanes' kernel (KASAN, lockdep, debug objects,
#               kmemleak): ci/debug-kernel.config
#   regression  the regression corpus's base (ci/regressions.sh): the debug
#               kernel's machine without its debug options, plus kexec and
#               crash dumps: ci/regression-kernel.config
#
# A build is cached by a hash of everything that shapes it (the fragment,
# the recipe below, the source tarball, the compiler) under $CPULAB_CACHE
# (~/.cache/cpulab)/NAME-kernel/HASH: a rerun with the same hash only lays
# it out again. The cached tree (src, obj) is also what the corpus's
# mutants are rebuilt from, so it is kept whole.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: cached-kernel.sh debug|regression}
tarball=/usr/src/linux-source-6.12.tar.xz
cache=${CPULAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cpulab}
jobs=${JOBS:-$(nproc)}
fragment=$(mktemp)
trap 'rm -f "$fragment"' EXIT

case $name in
debug) cp "$root/ci/debug-kernel.config" "$fragment" ;;
regression)
	# The debug fragment's sections but its debug options and its name.
	awk '/^# --- /{ skip = /the debug options|its name/ } !skip' "$root/ci/debug-kernel.config" > "$fragment"
	cat "$root/ci/regression-kernel.config" >> "$fragment"
	;;
*) echo "usage: cached-kernel.sh debug|regression" >&2; exit 2 ;;
esac

[ -r "$tarball" ] || { echo "$name-kernel: $tarball missing; run 'make deps'" >&2; exit 1; }
# Bump when the way the kernel is configured or built below changes.
recipe="allnoconfig + fragment; bzImage modules; modules_install stripped; v1"
hash=$( { cat "$fragment"; echo "$recipe"; stat -c '%s %Y' "$tarball"; gcc -dumpfullversion; } |
	sha256sum | cut -c1-16)
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
		grep -qxF "$want" "$obj/.config" || { echo "$name-kernel: $line did not survive allnoconfig" >&2; missing=1; }
	done < "$fragment"
	[ "$missing" -eq 0 ] || exit 1
	if ! make -C "$obj" ARCH=x86_64 -j"$jobs" bzImage modules > "$dir/build.log" 2>&1; then
		tail -n 40 "$dir/build.log" >&2
		echo "$name-kernel: build failed (log: $dir/build.log)" >&2
		exit 1
	fi
	echo "$name-kernel: built $hash in $(( $(date +%s) - start ))s"
	touch "$dir/.complete"
fi

level=""
[ "$name" = regression ] && level=kexec
"$root/ci/kernel-tree.sh" layout "$obj" $level
