#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: boots the newest Debian 6.12 kernel in QEMU (4 CPUs) with
# cpulab loaded and shows `cpulab status` from inside the VM.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
release=$(ci/kernels.sh release 6.12)
ci/kernels.sh fetch "$release"
make -s user selftests
ci/build-module.sh "$release"
echo "==> cpulab status inside a 4-CPU QEMU VM running $release:"
ci/qemu-lane.sh "$release" demo-6.12 /dev/null demo
