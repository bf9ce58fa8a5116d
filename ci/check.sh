#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: builds everything, runs the unit tests, lints the module
# for each lane kernel, runs the QEMU lanes, then the Bochs lanes. Ends with
# the timings of each step and one "N passed, N failed" line over everything.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/build/results.txt"
timings="$root/build/timings.txt"
mkdir -p build
: > "$results"
: > "$timings"
series=(6.1 6.12)

# step NAME COMMAND...: runs and times one step; a step that fails without
# recording results of its own counts as one failure.
step() {
	local name=$1; shift
	local start before rc
	start=$(date +%s)
	before=$(wc -l < "$results")
	echo "==> $name"
	"$@"
	rc=$?
	printf '  %-44s %5ss\n' "$name" "$(( $(date +%s) - start ))" >> "$timings"
	if [ "$rc" -ne 0 ] && [ "$(wc -l < "$results")" -eq "$before" ]; then
		echo "FAIL $name (exit $rc)"
		echo "0 1 $name" >> "$results"
	fi
	return $rc
}

unit_tests() {
	local log="$root/build/ctest.log" total failed
	(cd user/build && ctest --output-on-failure -j2) > "$log" 2>&1
	tail -n 3 "$log" | grep -E 'tests passed|tests failed'
	grep -E '^\s+[0-9]+ - .*\(Failed|\(Subprocess|\(Timeout|\(SEGFAULT|Not Run' "$log"
	total=$(sed -nE 's/.* tests failed out of ([0-9]+).*/\1/p' "$log")
	failed=$(sed -nE 's/.* ([0-9]+) tests failed out of .*/\1/p' "$log")
	[ -n "$total" ] || { echo "unit: no ctest summary"; return 1; }
	echo "$((total - failed)) $failed unit-tests" >> "$results"
	[ "$failed" -eq 0 ]
}

kernel_release() { ci/kernels.sh release "$1"; }

step deps ci/deps.sh || { echo "0 1 deps" >> "$results"; }
declare -A release
for s in "${series[@]}"; do
	release[$s]=$(kernel_release "$s") || release[$s]=""
	[ -n "${release[$s]}" ] && step "fetch-kernel-$s (${release[$s]})" ci/kernels.sh fetch "${release[$s]}"
done
step build-user make -s user
step unit-tests unit_tests
step build-selftests make -s selftests
# lane KIND SERIES [MODE]: boots one lane if everything it packs was built.
lane() {
	local kind=$1 s=$2 r=${release[$2]} mode=${3:-check}
	if [ -n "$r" ] && [ -e "build/kernels/$r/out/cpulab.ko" ] && [ -x user/build/cpulab ] &&
	   [ -x selftests/cpulab/cpulab_test ]; then
		step "lane-$kind-$s" "ci/$kind-lane.sh" "$r" "$kind-$s" "$results" "$mode"
	else
		echo "FAIL $kind-$s: nothing to boot (a build step failed)"
		echo "0 1 $kind-$s" >> "$results"
	fi
}

# Module builds share module/, so they all run here, one at a time.
for s in "${series[@]}"; do
	r=${release[$s]}
	[ -n "$r" ] || { echo "FAIL no $s kernel found"; echo "0 1 kernel-$s" >> "$results"; continue; }
	step "build-module-$s" ci/build-module.sh "$r" &&
		step "lint-module-$s" ci/lint-module.sh "$r" "$results"
done

# The debug lanes' kernel: KASAN, lockdep, debug objects and kmemleak
# (ci/debug-kernel.sh; cached by config hash, so a rerun skips the build).
# It gets both cores first: bochs-debug, the longest lane (about half an
# hour alone), waits for it, and so sets how long make check takes.
debug_log="$root/build/debug-kernel.log"
release[debug]=""
if step debug-kernel ci/debug-kernel.sh > "$debug_log" 2>&1; then
	release[debug]=$(tail -n 1 "$debug_log")
	sed 's/^/  /' "$debug_log"
	step build-module-debug ci/build-module.sh "${release[debug]}"
else
	# step counted the failure; the lanes below then say there is nothing to boot.
	cat "$debug_log"
fi

# Every emulator here is single-threaded, and there are two cores:
# bochs-debug (the debug kernel's VMX subset) runs in the background, with
# results and output of its own, while this chain runs every other lane,
# about as long in all.
bochs_debug_results="$root/build/results-bochs-debug.txt"
bochs_debug_log="$root/build/bochs-debug.log"
(
	results=$bochs_debug_results
	: > "$results"
	CPULAB_BOCHS_TIMEOUT=3600 lane bochs debug vmx
) > "$bochs_debug_log" 2>&1 &
bochs_debug_job=$!

for s in "${series[@]}"; do
	lane qemu "$s"
done
# The whole suite under the debug kernel.
CPULAB_QEMU_TIMEOUT=1800 lane qemu debug
# The Debian kernels on the one VMX platform here.
for s in "${series[@]}"; do
	lane bochs "$s"
done

echo "==> waiting for lane-bochs-debug"
wait "$bochs_debug_job"
sed 's/^/  /' "$bochs_debug_log"
cat "$bochs_debug_results" >> "$results"
echo
echo "Step timings:"
cat "$timings"
echo
echo "Results:"
awk '{ printf "  %-30s %4d passed, %d failed\n", $3, $1, $2 }' "$results"
read -r passed failed < <(awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }' "$results")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
