#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu-lane.sh RELEASE LANE RESULTS [MODE]: boots RELEASE under QEMU TCG
# (4 CPUs, -cpu max: SVM is emulated, VMX is not), runs ci/vm-init.sh in it
# and judges the console. MODE "demo" just shows `cpulab status`.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
lane=${2:?lane}
results=${3:?results}
mode=${4:-check}
work="$root/build/lanes/$lane"
console="$work/console.log"
boot_timeout=${CPULAB_QEMU_TIMEOUT:-600}

mkdir -p "$work"
rm -f "$console"
"$root/ci/initramfs.sh" "$release" "$work/initramfs.cpio.gz" || {
	echo "FAIL $lane: initramfs"; echo "0 1 $lane" >> "$results"; exit 1; }

# thread=single: multi-threaded TCG (QEMU 7.2) sometimes runs a stale
# text_poke_bp() int3 after the patch completed: one plain boot died that way
# with cpulab not loaded, and EFER.SVME writes (virt on/off, STOP) racing a
# static-key flip reproduce it in seconds. Serialized vCPUs never did (300
# toggles and 50 STOPs under 800 flips). See the README's "Known hazards".
# tsc=reliable: parked CPUs make the clocksource watchdog demote the TSC,
# whose static-key flip would then land in the middle of a test.
start=$(date +%s)
"$root/ci/stage-clock.sh" watch "$console" "$work/stages.txt" &
clock=$!
timeout --kill-after=10 "$boot_timeout" qemu-system-x86_64 \
	-accel "${CPULAB_QEMU_ACCEL:-tcg,thread=single}" -cpu "${CPULAB_QEMU_CPU:-max}" -smp "${CPULAB_QEMU_SMP:-4}" -m 1G \
	-nodefaults -display none -no-reboot -monitor none \
	-serial "file:$console" \
	-kernel "$("$root/ci/kernels.sh" vmlinuz "$release")" \
	-initrd "$work/initramfs.cpio.gz" \
	-append "console=ttyS0,115200 quiet panic=-1 tsc=reliable cpulab.mode=$mode" \
	> "$work/qemu.log" 2>&1
qemu_rc=$?
echo "$lane: QEMU exited $qemu_rc after $(( $(date +%s) - start ))s (console: ${console#$root/})"
kill $clock; wait $clock 2>/dev/null
if [ "$mode" != demo ]; then
	echo "$lane: slowest stages (wall clock; all in ${work#$root/}/stages.txt):"
	"$root/ci/stage-clock.sh" slowest "$work/stages.txt" 5 | sed 's/^/  /'
fi
[ "$qemu_rc" -eq 124 ] && echo "$lane: timed out after ${boot_timeout}s"

if [ "$mode" = demo ]; then
	tr -d '\r' < "$console" | sed -n '/^CPULAB-DEMO-BEGIN$/,/^CPULAB-DEMO-END$/p' | grep -v '^CPULAB-DEMO'
	grep -q '^CPULAB-SENTINEL: rc=0' "$console"
	exit
fi
"$root/ci/judge.sh" "$console" "$lane" "$results"
