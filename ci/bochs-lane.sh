#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bochs-lane.sh RELEASE LANE RESULTS [MODE]: boots RELEASE under Debian's Bochs
# (2 CPUs, Intel Skylake-X with VMX: the one VMX platform available here, as
# QEMU TCG has none), runs ci/vm-init.sh and judges the console. MODE:
# check (default), everything ci/vm-init.sh runs; vmx, its VMX subset;
# storm, the storm alone, CPULAB_STORM_RUNS times (default 20); kexec and
# kdump, a second kernel booted from the first (ci/vm-kexec.sh).
#
# Bochs' quirks, each measured: corei7_skylake_x (tigerlake hangs at boot);
# it boots an isolinux ISO; display rfb with timeout=0 (nogui is not built);
# the debugger prompt needs a "c"; it exits 1 on ACPI poweroff, so the run is
# judged by the sentinel line, never by its exit status.
set -uo pipefail

source "$(dirname "$0")/lane-lib.sh"

# A KASAN kernel (the debug kernel, or a developer's: make check KERNEL=)
# runs several times slower here, so it gets its own defaults, from its
# .config: 200 M ips, 256 MB and an hour (see ips and megs below). At
# 50 M and 512 MB the debug lane took 28 min alone, over two thirds of the
# budget; beside the pool's lanes with a warm cache, 1820 s at 100 M and
# 1585 s at 200 M.
kasan=no
grep -qx 'CONFIG_KASAN=y' "$("$root/ci/kernels.sh" kdir "$release")/.config" 2>/dev/null && kasan=yes

# A healthy lane takes 5-6 minutes (25-30 under KASAN); a hung one must not
# eat the CI budget.
boot_timeout=${CPULAB_BOCHS_TIMEOUT:-$([ $kasan = yes ] && echo 3600 || echo 1200)}

# Bochs' TSC counts its own ticks, ips of them per emulated second, but its
# Skylake-X CPUID (leaves 0x15/0x16) says 3.5 GHz, and Linux trusts CPUID
# over calibration (native_calibrate_tsc, TSC_KNOWN_FREQ). The guest's
# clock then ran 70 times slower than its HPET and LAPIC timers: one guest
# second took 100-450 s of wall clock, a `sleep 6` over ten minutes, and
# the KASAN kernel's initcalls tripped the soft-lockup watchdog. Telling
# the kernel the TSC's true rate (tsc_early_khz, tsc_early_init) keeps all
# of the guest's clocks in one time base, the one Bochs' devices follow.
#
# CPULAB_BOCHS_IPS changes that rate for one lane. More ips means fewer
# timer ticks per instruction: the debug kernel's tick (lockdep, debug
# objects) is costly, and at 100 M bochs-debug reached its first test in
# 279 s instead of 440 s; at 200 M the whole lane took 1585 s instead of
# 1820 s (most of it in the tests, which sleep and hotplug in guest time).
# A guest-timed loop (a storm of N seconds) costs more instructions,
# though, so the other lanes, which storm, keep 50 M.
ips=${CPULAB_BOCHS_IPS:-$([ $kasan = yes ] && echo 200000000 || echo 50000000)}

# idle=halt: Bochs 2.7 can sleep through the store that should end an
# MWAIT. Linux wakes a CPU idling in MWAIT (intel_idle, mwait_idle) by
# setting TIF_NEED_RESCHED in the line it monitors, with no IPI. Seen once
# in 66 ten-second storms on 6.12, with the profile of a CI hang: CPU1
# had just come online, the hotplug thread waited in cpuhp_bringup_ap() for
# CPU1's cpuhp thread, and CPU1 sat in intel_idle for 900 guest seconds
# until an NMI (SysRq l) woke it, and the bringup then finished. HLT idle
# is woken by an IPI, which Bochs delivers reliably.
idle="idle=halt"

# noxsave on 7.x: the model's XSAVE sizes disagree (see ci/splat-allowlist);
# 6.x warns and falls back to FXSAVE; 7.3's first boot here dereferenced
# NULL in fpstate_reset() from fpu__init_system_xstate() and panicked
# before userspace. With noxsave (parsed by the FPU code itself, so the
# kernel also lists it as "unknown") the FPU starts on FXSAVE and skips
# that path: no such crash in any boot since.
[[ $release == 7* ]] && idle="$idle noxsave"

# Bochs runs the guest several times slower than hardware would, far
# slower under KASAN, and every Bochs lane sits on make check's critical
# path. Measured on two CPUs: 10,000 fuzz messages about 7 s; a load/unload
# cycle about 2 s, 17 s on the debug kernel. The fuzzer's parsing is the
# same on every platform (the QEMU lanes send 100,000 per user); what only
# this VMX platform can show is VMXON/VMXOFF under the storm and at every
# load and unload, so those get the time.
case $mode in
vmx) scale="cpulab.lifetime_cycles=5" ;;
storm) scale="cpulab.storm_seconds=10 cpulab.storm_runs=${CPULAB_STORM_RUNS:-20}" ;;
*)
	scale="cpulab.fuzz_messages=10000 cpulab.storm_seconds=10 cpulab.lifetime_cycles=20"
	# Left out for time on 7.x (bochs-7): cli_json_test and
	# cli_end_to_end.sh cost 43 s here (measured) and check nothing
	# vendor-specific; qemu-7 runs them.
	[[ $release == 7* ]] && scale="$scale cpulab.cli_suites=0"
	;;
esac

# CPULAB_BOCHS_MEGS: guest memory. kmemleak scans every page's struct page
# and KASAN poisons shadow for all of it at boot, so the debug lane takes
# less than Debian's lanes need for their storms.
megs=${CPULAB_BOCHS_MEGS:-$([ $kasan = yes ] && echo 256 || echo 512)}

profile=lane
case $mode in
kexec) profile=kexec ;;
# The kdump kernel runs in the 192 MB the first one reserves: enough for
# the kernel and its small initramfs with two CPUs.
kdump) profile=kexec lane_append="crashkernel=192M $lane_append" ;;
esac

# cryptomgr.notests: Debian's kernels self-test every crypto algorithm as
# it registers, which nothing of cpulab's touches: 7.1 s of guest time of
# a 28.7 s boot to /init under Bochs (6.12, measured), about a quarter.
rm -rf "$work/iso"
mkdir -p "$work/iso/isolinux"
"$root/ci/initramfs.sh" "$release" "$work/iso/initrd.img" $profile || lane_abort initramfs
cp "$("$root/ci/kernels.sh" vmlinuz "$release")" "$work/iso/vmlinuz"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$work/iso/isolinux/"
cat > "$work/iso/isolinux/isolinux.cfg" <<CFG
DEFAULT cpulab
PROMPT 0
TIMEOUT 0
LABEL cpulab
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND console=ttyS0,115200 quiet panic=-1 cryptomgr.notests=1 cpulab.mode=$mode $lane_append $scale tsc_early_khz=$((ips / 1000)) $idle
CFG
xorriso -as mkisofs -quiet -o "$work/boot.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$work/iso" || lane_abort ISO

cat > "$work/bochsrc" <<RC
config_interface: textconfig
# Relative paths: Bochs 2.7 overflows a fixed buffer on long quoted ones.
plugin_ctrl: speaker=0, gameport=0, parallel=0
display_library: rfb, options="timeout=0"
memory: guest=$megs, host=$megs
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
cpu: model=corei7_skylake_x, count=2, ips=$ips, reset_on_triple_fault=0
pci: enabled=1, chipset=i440fx
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path=boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=console.log
clock: sync=none, time0=local
log: bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
RC
echo c > "$work/debugger.rc"

lane_boot Bochs "$boot_timeout" "$work/bochs.out" bochs -q -f bochsrc -rc debugger.rc
"$root/ci/judge.sh" "$console" "$lane" "$results"
