#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kexec-mutant.sh PLATFORM RELEASE LANE RESULTS KIND KNOB: proves that a
# kexec lane can fail. Runs the KIND lane (kexec or kdump) on PLATFORM
# (qemu or bochs) with cpulab's test-only KNOB set in the first kernel
# (test_skip_shutdown_hooks, test_skip_emergency), which removes the
# protection that lane exists to judge. The mutant is caught when the first
# kernel's handover was armed (handover_test passed) and the lane failed
# after it: the second kernel's judgement failed, or it never reported.
# Prints what the second kernel saw; appends "1 0 LANE" (caught) or
# "0 1 LANE" to RESULTS.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
platform=${1:?platform} release=${2:?release} lane=${3:?lane} results=${4:?results}
kind=${5:?kind} knob=${6:?knob}
work="$root/build/lanes/$lane"
scratch=$(mktemp)
trap 'rm -f "$scratch"' EXIT

mkdir -p "$work"
CPULAB_LANE_APPEND="cpulab.insmod=$knob=1" \
	"$root/ci/$platform-lane.sh" "$release" "$lane" "$scratch" "$kind" > "$work/mutant.out" 2>&1
console=$(tr -d '\r' < "$work/console.log")
read -r _ failed _ < "$scratch"

verdict=caught
if ! grep -q '^ok 3 handover\.' <<< "$console" || grep -q '^not ok [0-9]* handover\.' <<< "$console"; then
	verdict="not judged: the first kernel's handover was not armed"
elif [ "${failed:-0}" -eq 0 ]; then
	verdict=MISSED
fi

echo "$lane ($knob=1): $verdict"
echo "  what the second kernel saw (console lines):"
# Its verdict lines and why, the bring-up failures the kernel printed, or
# that it never got as far as reporting.
inherited=$(sed -n '/^CPULAB-INHERITED:/,$p' <<< "$console")
if [ -z "$inherited" ]; then
	echo "    no second kernel reported: the machine reset or hung after the handover"
	# Bochs (reset_on_triple_fault=0) logs why it stopped, and the
	# instruction each CPU was at.
	grep -hiE 'triple fault|check_CR4|3rd .*exception' "$work"/bochs.log "$work"/qemu.log 2>/dev/null |
		head -4 | sed 's/^/    emulator: /'
	grep -hE '^\([0-9]+\)\.\[' "$work"/bochs.out 2>/dev/null | awk '!seen[$0]++' | head -2 | sed 's/^/    emulator: /'
	grep -E 'failed to report alive|do_boot_cpu|Aborting bringup|Kernel panic' <<< "$console" | head -5 | sed 's/^/    /'
else
	grep -E '^CPULAB-INHERITED:|^not ok|^# inherited_test\.c:.*(CPU|Expected)|failed to report alive|do_boot_cpu|Aborting bringup' \
		<<< "$inherited" | head -14 | sed 's/^/    /'
fi
if [ "$verdict" = caught ]; then
	echo "1 0 $lane" >> "$results"
else
	echo "FAIL $lane: $verdict"
	echo "0 1 $lane" >> "$results"
	exit 1
fi
