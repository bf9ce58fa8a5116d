#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-table.sh [BUILD]: where the last make check's time went, from the
# step timings ci/check.sh wrote (BUILD/timings.txt) and each lane's stage
# clock (BUILD/lanes/*/stages.txt). Per lane: the kernel's boot, vm-init's
# setup, each test binary or vm-init stage (summed over its tests), the
# dmesg dump, and the UART drain with poweroff. Wall-clock seconds; a
# benchmark to compare the next change against, never a verdict.
set -uo pipefail

build=${1:-$(cd "$(dirname "$0")/.." && pwd)/build}

echo "Steps (start and duration, s, from the start of make check):"
if [ -s "$build/timings.txt" ]; then
	sort -n "$build/timings.txt" | awk '{ printf "  %6d %6d  %s\n", $1, $2, $3 }'
else
	echo "  (no $build/timings.txt: run make check first)"
fi

for stages in "$build"/lanes/*/stages.txt; do
	[ -s "$stages" ] || continue
	lane=$(basename "$(dirname "$stages")")
	echo
	echo "Lane $lane (s):"
	awk '
		function charge(name, seconds) {
			if (!(name in total)) order[n++] = name
			total[name] += seconds
		}
		function label(step) {
			if (step == "(boot)") return "boot (kernel, to vm-init)"
			if (step == "(init)") return "vm-init setup (kmemleak baseline)"
			if (step == "(tests)") return "module loads"
			if (step == "CPULAB-DMESG-BEGIN") return "dmesg dump"
			if (step == "CPULAB-SENTINEL:") return "UART drain and poweroff"
			sub(/:.*/, "", step)
			return step
		}
		BEGIN { step = "(boot)"; at = 0 }
		{ charge(label(step), $1 - at); at = $1; step = $2 }
		END {
			if (step != "(end)") charge(label(step) " (unfinished)", 0)
			for (i = 0; i < n; i++) printf "  %6d  %s\n", total[order[i]], order[i]
			printf "  %6d  total\n", at
		}' "$stages"
done
