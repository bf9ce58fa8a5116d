#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh RELEASE: builds cpulab.ko against a fetched Debian kernel
# and keeps what the lint and the lanes need in build/kernels/RELEASE/out.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
kdir=$("$root/ci/kernels.sh" kdir "$release")
out="$root/build/kernels/$release/out"

rm -rf "$out" && mkdir -p "$out"
make -s -C "$root/module" KDIR="$kdir" clean >/dev/null
if ! make -C "$root/module" KDIR="$kdir" > "$out/build.log" 2>&1; then
	cat "$out/build.log"
	echo "build-module: cpulab.ko failed to build for $release" >&2
	exit 1
fi
cp "$root/module/cpulab.ko" "$root/module/cpulab.o" "$root/module/core/core_unity.o" "$out/"
echo "build-module: $release: $(stat -c %s "$out/cpulab.ko") bytes"
