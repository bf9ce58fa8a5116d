#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stage-clock.sh watch CONSOLE OUT: until killed (SIGTERM), appends to OUT
# the host's wall clock (seconds since it started) at which each stage
# ("CPULAB-RUN:", the dmesg dump, the sentinel) and each kselftest test
# ("#  RUN") appears on a lane's serial console. The guest's clock cannot say where a slow
# lane's time went: Bochs' advances with the instructions it executes, and
# with both CPUs busy one guest second took 169 s here.
#
# stage-clock.sh slowest OUT [N]: the N steps that took longest, from OUT.
set -uo pipefail

case ${1:-} in
watch)
	console=${2:?console} out=${3:?out}
	start=$(date +%s) seen=0
	: > "$out"
	# Each step is named by what begins there: "(init)" when vm-init.sh
	# starts (the kernel's boot ends), "(tests)" once its setup is done,
	# then every run and test, the dmesg dump, the sentinel (then the UART
	# drain and poweroff), and "(end)" when the emulator has exited.
	scan() {
		local steps count now
		[ -e "$console" ] || return 0
		steps=$(tr -d '\r' < "$console" |
			awk '/^CPULAB-SCALE: / { print "(init)"; next }
			     /^CPULAB-BOOT: / { print "(tests)"; next }
			     /^CPULAB-RUN: / { stage = $2; print stage; next }
			     /^ *#  RUN / { print stage ":" $3; next }
			     /^CPULAB-(KEXEC-LOAD|HANDOVER|CRASH|DMESG-BEGIN|SENTINEL)/ { print $1 }')
		count=$(printf '%s' "$steps" | grep -c .)
		[ "$count" -gt "$seen" ] || return 0
		now=$(( $(date +%s) - start ))
		printf '%s\n' "$steps" | sed -n "$((seen + 1)),${count}p" |
			while read -r step; do printf '%6d %s\n' "$now" "$step"; done >> "$out"
		seen=$count
	}
	# lane-lib.sh stops the clock when the emulator has exited.
	trap 'scan; printf "%6d (end)\n" $(( $(date +%s) - start )) >> "$out"; exit 0' TERM
	while :; do
		sleep 2 & wait $!
		scan
	done
	;;
slowest)
	out=${2:?out}
	awk 'BEGIN { step = "(boot)" } { printf "%6d s  %s\n", $1 - at, step; at = $1; step = $2 }' "$out" |
		sort -rn | head -n "${3:-5}"
	;;
*)
	echo "usage: stage-clock.sh watch CONSOLE OUT | slowest OUT [N]" >&2
	exit 2
	;;
esac
