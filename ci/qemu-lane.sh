#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu-lane.sh RELEASE LANE RESULTS [MODE]: boots RELEASE under QEMU TCG
# (4 CPUs, -cpu max: SVM is emulated, VMX is not), runs ci/vm-init.sh in it
# and judges the console. MODE "demo" just shows `cpulab status`; "kexec"
# and "kdump" boot a second kernel from the first (ci/vm-kexec.sh).
set -uo pipefail

source "$(dirname "$0")/lane-lib.sh"
boot_timeout=${CPULAB_QEMU_TIMEOUT:-600}

profile=lane
# The kernel's YNL client is qemu-6.12's peer (selftests/cpulab/ynl_peer.sh).
[ "$lane" = qemu-6.12 ] && [ "$mode" = check ] && profile=lane-ynl
case $mode in
kexec) profile=kexec ;;
# The kdump kernel runs in memory the first one reserves: 384 MB of the
# guest's 1 GB holds the kernel and its small initramfs with room to spare.
kdump) profile=kexec lane_append="crashkernel=384M $lane_append" ;;
esac
"$root/ci/initramfs.sh" "$release" "$work/initramfs.img" $profile || lane_abort initramfs

# thread=single: multi-threaded TCG (QEMU 7.2) sometimes runs a stale
# text_poke_bp() int3 after the patch completed: one plain boot died that way
# with cpulab not loaded, and EFER.SVME writes (virt on/off, STOP) racing a
# static-key flip reproduce it in seconds. Serialized vCPUs never did (300
# toggles and 50 STOPs under 800 flips). See docs/hazards.md.
# tsc=reliable: parked CPUs make the clocksource watchdog demote the TSC,
# whose static-key flip would then land in the middle of a test.
# cryptomgr.notests: the crypto algorithms' boot self-tests, nothing of
# cpulab's (7.1 s of guest time per Bochs boot; see ci/bochs-lane.sh).
lane_boot QEMU "$boot_timeout" "$work/qemu.log" qemu-system-x86_64 \
	-accel "${CPULAB_QEMU_ACCEL:-tcg,thread=single}" -cpu "${CPULAB_QEMU_CPU:-max}" -smp "${CPULAB_QEMU_SMP:-4}" -m 1G \
	-nodefaults -display none -no-reboot -monitor none \
	-serial "file:$console" \
	-kernel "$("$root/ci/kernels.sh" vmlinuz "$release")" \
	-initrd "$work/initramfs.img" \
	-append "console=ttyS0,115200 quiet panic=-1 tsc=reliable cryptomgr.notests=1 cpulab.mode=$mode $lane_append"

if [ "$mode" = demo ]; then
	tr -d '\r' < "$console" | sed -n '/^CPULAB-DEMO-BEGIN$/,/^CPULAB-DEMO-END$/p' | grep -v '^CPULAB-DEMO'
	grep -q '^CPULAB-SENTINEL: rc=0' "$console"
	exit
fi
"$root/ci/judge.sh" "$console" "$lane" "$results"
