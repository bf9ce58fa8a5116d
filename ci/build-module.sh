#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh RELEASE: builds cpulab.ko against a fetched kernel and
# keeps what the lint and the lanes need in build/kernels/RELEASE/out.
#
# Each release builds in a copy of module/ of its own (kbuild writes its
# objects beside the sources), so builds for several kernels can run at
# once and none disturbs a developer's `make module`. The copy sits two
# levels below a link to include/, as module/ does, so the glue's
# "../../include/uapi" includes resolve unchanged.
#
# Each kernel's module is built with that kernel's own compiler, found on
# this machine or in the project's trixie chroot (ci/trixie-root.sh): the
# 7.x kernels' gcc-14 is only there.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
kdir=$("$root/ci/kernels.sh" kdir "$release")
base="$root/build/kernels/$release"
src="$base/module" out="$base/out"

rm -rf "$out" "$src" && mkdir -p "$out"
ln -sfn "$root/include" "$base/include"
cp -a "$root/module" "$src"
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \
	-o -name Module.symvers -o -name modules.order \) -delete
source "$root/ci/kernel-compiler.sh"
kernel_compiler "$kdir" || exit 1
if ! "${kbuild_run[@]}" make -C "$src" KDIR="$kdir" CC="$kbuild_cc" > "$out/build.log" 2>&1; then
	cat "$out/build.log"
	echo "build-module: cpulab.ko failed to build for $release" >&2
	exit 1
fi
cp "$src/cpulab.ko" "$src/cpulab.o" "$src/core/core_unity.o" "$out/"
echo "build-module: $release: $(stat -c %s "$out/cpulab.ko") bytes"
