#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-stop.sh [qemu|bochs]: the fine STOP grid (stop_grid_test with
# CPULAB_STOP_GRID=fine) alone in a 6.12 lane, then its cells as tables:
# one per IPI/NMI timeout pair, one row per flush delay and one column per
# mode and ordering, each cell "race/timed-out/runs". Upstream's race counts say
# how slow a flush makes native_stop_other_cpus() unsafe on this platform.
# CPULAB_STOP_GRID_RUNS overrides the runs per cell (10).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
platform=${1:-qemu}
case $platform in
qemu | bochs) ;;
*) echo "usage: $0 [qemu|bochs]" >&2; exit 2 ;;
esac
release=$(ci/kernels.sh release 6.12)
ci/kernels.sh fetch "$release"
make -s user selftests
ci/build-module.sh "$release"
# Named like the platform's other lanes, so ci/splat-allowlist's per-platform
# entries (Bochs' CPUID warnings at boot) apply to it too.
lane=$platform-6.12-stop-grid
results=build/$lane.results
: > "$results"
append="cpulab.stop_grid=fine"
[ -n "${CPULAB_STOP_GRID_RUNS:-}" ] && append="$append cpulab.stop_grid_runs=$CPULAB_STOP_GRID_RUNS"
status=0
CPULAB_LANE_APPEND=$append "ci/$platform-lane.sh" "$release" "$lane" "$results" stop-grid || status=$?

ci/stop-grid-table.sh "build/lanes/$lane/console.log"
read -r passed failed _ < "$results" || true
echo "$lane: ${passed:-0} passed, ${failed:-0} failed"
exit $status
