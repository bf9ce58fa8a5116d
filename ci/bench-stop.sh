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
lane=bench-stop-$platform
results=build/$lane.results
: > "$results"
append="cpulab.stop_grid=fine"
[ -n "${CPULAB_STOP_GRID_RUNS:-}" ] && append="$append cpulab.stop_grid_runs=$CPULAB_STOP_GRID_RUNS"
status=0
CPULAB_LANE_APPEND=$append "ci/$platform-lane.sh" "$release" "$lane" "$results" stop-grid || status=$?

# "# grid mode M ordering O ipi_ms I nmi_ms N delay_us D runs R stopped S
# timed_out T race X proceed_max_us P", one per cell (stop_grid_test.c).
tr -d '\r' < "build/lanes/$lane/console.log" | grep -o 'grid mode .*' | awk '
{
	for (i = 2; i < NF; i += 2) f[$i] = $(i + 1)
	table = "IPI timeout " f["ipi_ms"] " ms, NMI timeout " f["nmi_ms"] " ms"
	column = f["mode"] "/" f["ordering"]
	if (!(table in seen_table)) { seen_table[table] = 1; tables[++n_tables] = table }
	if (!(column in seen_column)) { seen_column[column] = 1; columns[++n_columns] = column }
	row = table SUBSEP f["delay_us"]
	if (!(row in seen_row)) { seen_row[row] = 1; rows[table, ++n_rows[table]] = f["delay_us"] }
	cell[row, column] = f["race"] "/" f["timed_out"] "/" f["runs"]
}
END {
	print "cells: race/timed-out/runs"
	for (t = 1; t <= n_tables; t++) {
		# Delays ascending (a few per table: insertion sort).
		for (i = 2; i <= n_rows[tables[t]]; i++)
			for (j = i; j > 1 && rows[tables[t], j - 1] + 0 > rows[tables[t], j] + 0; j--) {
				swap = rows[tables[t], j]
				rows[tables[t], j] = rows[tables[t], j - 1]
				rows[tables[t], j - 1] = swap
			}
		printf "\n%s\n%9s", tables[t], "delay_us"
		for (c = 1; c <= n_columns; c++) printf " %17s", columns[c]
		printf "\n"
		for (r = 1; r <= n_rows[tables[t]]; r++) {
			delay = rows[tables[t], r]
			printf "%9s", delay
			for (c = 1; c <= n_columns; c++) {
				key = tables[t] SUBSEP delay SUBSEP columns[c]
				printf " %17s", (key in cell) ? cell[key] : "-"
			}
			printf "\n"
		}
	}
}'
read -r passed failed _ < "$results" || true
echo "$lane: ${passed:-0} passed, ${failed:-0} failed"
exit $status
