# SPDX-License-Identifier: GPL-2.0
# Sourced by ci/qemu-lane.sh and ci/bochs-lane.sh, which take the same
# arguments: RELEASE LANE RESULTS [MODE]. Sets release, lane, results, mode,
# work (the lane's directory, emptied of its last console), console, and
# lane_append: CPULAB_LANE_APPEND, words for the kernel command line that
# ci/vm-init.sh reads (cpulab.stop_grid=coarse, for instance).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
release=${1:?release}
lane=${2:?lane}
results=${3:?results}
mode=${4:-check}
work="$root/build/lanes/$lane"
console="$work/console.log"
lane_append=${CPULAB_LANE_APPEND:-}
mkdir -p "$work"
rm -f "$console"

# lane_abort WHAT: a lane that cannot boot counts as one failure.
lane_abort() {
	echo "FAIL $lane: $1"
	echo "0 1 $lane" >> "$results"
	exit 1
}

# lane_boot NAME TIMEOUT OUTPUT COMMAND...: runs the emulator in the lane's
# directory under a hard timeout, its output to OUTPUT, with the stage clock
# (ci/stage-clock.sh) watching the console; says how it ended and where the
# time went. Returns the emulator's exit status (124: timed out).
lane_boot() {
	local name=$1 timeout=$2 output=$3 start clock rc
	shift 3
	start=$(date +%s)
	"$root/ci/stage-clock.sh" watch "$console" "$work/stages.txt" &
	clock=$!
	(cd "$work" && timeout --kill-after=10 "$timeout" "$@" < /dev/null > "$output" 2>&1)
	rc=$?
	kill "$clock"
	wait "$clock" 2>/dev/null
	echo "$lane: $name exited $rc after $(( $(date +%s) - start ))s (console: ${console#$root/})"
	[ "$rc" -eq 124 ] && echo "$lane: timed out after ${timeout}s"
	if [ "$mode" != demo ]; then
		echo "$lane: slowest steps (wall clock; all of them in ${work#$root/}/stages.txt):"
		"$root/ci/stage-clock.sh" slowest "$work/stages.txt" 5 | sed 's/^/  /'
	fi
	return "$rc"
}
