# SPDX-License-Identifier: GPL-2.0
# Sourced by ci/vm-init.sh (busybox sh, PID 1) in the kexec lanes, whose VM
# boots two kernels. Uses vm-init.sh's fail, run_selftests, dump_kernel_log,
# drain_uart and mode.
#
# Stage 1 (cpulab.mode=kexec or kdump): load cpulab with virtualization on
# every CPU (or KVM holding it: cpulab.peer=kvm), mark every CPU's caches
# incoherent, prove that with handover_test, then hand over for real: kexec
# -l and kexec -e into the same kernel, or kexec -p and a SysRq crash pinned
# to cpulab.crash_cpu. Nothing of stage 1 returns unless it failed.
#
# Stage 2 (cpulab.mode=inherited, set by stage 1 on the next kernel's
# command line): load cpulab with enable_at_load=0 and judge what the first
# kernel left behind (inherited_test, then cpulab_test); vm-init.sh then
# dumps the log and reports as in any lane.
#
# Words read from the command line:
#   cpulab.crash_cpu=N      kdump: the CPU to crash on (default 0)
#   cpulab.insmod=A=1,B=1   stage 1: parameters for cpulab.ko, such as a
#                           test-only knob for a mutant run
#   cpulab.peer=kvm         stage 1: KVM holds virtualization, not cpulab
#   cpulab.crash_during_stop=ipi|nmi  kdump: crash the controller of a STOP
#                           of that mode while it holds the targets parked
#   cpulab.offline_before_kexec=1  kexec: take the highest-numbered CPU
#                           offline just before kexec -e, so the handover
#                           has an offline CPU to bring back (where
#                           mwait_play_dead() parks it on Intel, see below)
#   cpulab.handover_cpus=N, cpulab.kexec=KIND, cpulab.parked_in=START-END
#                           stage 2, from stage 1
#
# A kernel that owns VMX/SVM itself (7.1+, x86_virt_get_ref(); cpulab says
# so: its emergency slot is "kernel"): cpulab only observes, so KVM holds
# virtualization in stage 1 whatever cpulab.peer says, and
# `cpulab status --check-kernel` must find the kernel's reference count
# agreeing with the hardware before the handover. Stage 2 then runs
# kernel_virt.sh: no reference and no bit on any inherited CPU, and the
# kernel's owner must be able to take every one of them (KVM loaded, a VM
# made) and give it back, across hotplug and a STOP.

kexec_word() {
	for word in $(cat /proc/cmdline); do
		case $word in
		"$1"=*) echo "${word#*=}"; return ;;
		esac
	done
	echo "$2"
}

# The next kernel's command line: this one's, without what only the first
# kernel needs (its mode and the words above, the crash kernel reservation,
# the boot loader's), plus the stage-2 words.
next_cmdline() {
	line=""
	for word in $(cat /proc/cmdline); do
		case $word in
		cpulab.* | crashkernel=* | BOOT_IMAGE=* | initrd=*) ;;
		*) line="$line $word" ;;
		esac
	done
	echo "$line $*"
}

# kernel_owns_virt: whether the kernel owns VMX/SVM itself, as vm-init.sh
# read it from /proc/kallsyms at boot (CPULAB_KERNEL_OWNS_VIRT); cpulab's
# own report of the owner is handover_test's to check.
kernel_owns_virt() {
	[ "$CPULAB_KERNEL_OWNS_VIRT" = 1 ]
}

# load_kvm: the vendor's KVM module and its dependencies, which enable
# virtualization on every online CPU at load (enable_virt_at_load).
# kvm_amd needs ccp (SEV), which finds no device and stays idle.
load_kvm() {
	kvm_vendor=kvm-amd
	[ -e /cpulab/ccp.ko ] && kvm_vendor="ccp kvm-amd"
	grep -qw vmx /proc/cpuinfo && kvm_vendor=kvm-intel
	for name in irqbypass kvm $kvm_vendor; do
		insmod /cpulab/$name.ko || { fail "insmod $name"; return 1; }
	done
}

count_online() {
	awk -F, '{ for (i = 1; i <= NF; i++) { n = split($i, r, "-"); count += n == 2 ? r[2] - r[1] + 1 : 1 } }
		END { print count }' /sys/devices/system/cpu/online
}

# park_text: where a CPU parked by cpulab's STOP handler executes, as
# START-END ranges joined by commas. First cpulab.ko's functions (the first
# one's address to the last one's; inherited_test gives the last a page),
# then the kernel functions its park loop calls (cpulab_platform_time_ns():
# ktime_get_mono_fast_ns() and the clocksource read under it), each from
# its address to the next symbol's.
park_text() {
	sort /proc/kallsyms | awk '
		open != "" { ranges = ranges "," open "-" $1; open = "" }
		$3 == "ktime_get_mono_fast_ns" || $3 == "read_tsc" { open = $1 }
		$4 == "[cpulab]" && ($2 == "t" || $2 == "T") { if (first == "") first = $1; last = $1 }
		END { print first "-" last ranges }'
}

# crash_during_stop MODE: on this shell's CPU (pinned to the crash CPU),
# starts a STOP of MODE that holds its targets parked for 500 ms after
# proceeding (--hold-ms), and crashes the CPU while they are: once the
# controller sleeps in its hold (msleep() in cpulab_stop(), its wchan),
# which is also the first moment this shell can run on that CPU again.
crash_during_stop() {
	cpulab stop --mode "$1" --ordering hardened --hold-ms 500 --ipi-timeout-ms 100 \
		--nmi-timeout-ms 100 > /dev/null &
	controller=$!
	until [ "$(cat /proc/$controller/wchan 2>/dev/null)" = msleep ]; do
		kill -0 $controller 2>/dev/null || { fail "the STOP ended before its hold was seen"; return; }
	done
	echo c > /proc/sysrq-trigger
}

# offline_last_cpu: takes the highest-numbered online CPU offline. On an
# Intel CPU with MONITOR/MWAIT (Bochs' Skylake-X), the dead CPU waits in
# mwait_play_dead() on a line of its per-CPU data, and stop_other_cpus()
# must move it to HLT before kexec overwrites that memory (d7893093a741
# "x86/smp: Cure kexec() vs. mwait_play_dead() breakage"). The next kernel
# must still find it, so handover_cpus counts it.
offline_last_cpu() {
	last=$(tr ',' '\n' < /sys/devices/system/cpu/online | tail -n 1)
	last=${last##*-}
	[ "$last" -gt 0 ] || { fail "no CPU but CPU 0 to take offline"; return 1; }
	echo 0 > "/sys/devices/system/cpu/cpu$last/online" || { fail "taking CPU $last offline"; return 1; }
	dead_in=hlt_play_dead
	grep -q '^vendor_id.*GenuineIntel' /proc/cpuinfo && grep -qw monitor /proc/cpuinfo &&
		dead_in=mwait_play_dead
	echo "CPULAB-OFFLINE: CPU $last offline for the kexec (dead in $dead_in, by its CPUID)"
}

kexec_stage1() {
	kind=$mode
	crash_cpu=$(kexec_word cpulab.crash_cpu 0)
	args=$(kexec_word cpulab.insmod "" | tr ',' ' ')
	peer=$(kexec_word cpulab.peer "")
	during_stop=$(kexec_word cpulab.crash_during_stop "")
	expect_virt=on expect_emergency=ours
	if [ "$peer" = kvm ]; then
		# 6.12's KVM takes the emergency slot; every CPU is foreign, so
		# cpulab reports the slot as the foreign hypervisor's, as in
		# vm-init.sh's kvm-owns-vmx run.
		load_kvm || return
		args="enable_at_load=0 $args"
		expect_virt=foreign expect_emergency=foreign
	fi
	insmod /cpulab/cpulab.ko $args || { fail "insmod cpulab.ko $args"; return; }
	owner=cpulab
	[ "$peer" = kvm ] && owner=kvm
	if kernel_owns_virt; then
		# cpulab loaded without enabling (its default here); KVM takes
		# a reference on every online CPU, the kernel keeps the slot.
		owner=kernel
		[ "$peer" = kvm ] || { load_kvm || return; }
		expect_virt=foreign expect_emergency=kernel
	fi
	cpulab cache mark > /dev/null || { fail "cpulab cache mark"; return; }
	CPULAB_EXPECT_VIRT=$expect_virt CPULAB_EXPECT_EMERGENCY=$expect_emergency \
		run_selftests handover handover_test
	[ $rc = 0 ] || return
	if [ $owner = kernel ]; then
		# The kernel's own count of references per CPU (read through
		# BPF) must agree with the hardware the handover hands on.
		ktap_begin handover/refcount-agrees
		cpulab status --check-kernel > /tmp/check-kernel.out 2>&1
		agrees=$?
		# Agreement must have counted the references, not only CR4.
		grep -q virtualization_nr_users /tmp/check-kernel.out || agrees=1
		ktap_result handover/refcount-agrees $agrees "$(tr '\n' ' ' < /tmp/check-kernel.out)"
		[ $agrees = 0 ] || { fail "the kernel's refcount disagrees with the hardware"; return; }
	fi
	cpus=$(count_online)
	parked=""
	# Parked in IPI context, a target takes the crash NMI inside cpulab's
	# handler; parked in cpulab's NMI handler, only after it (NMIs nest
	# no deeper), so its registers cannot show where it was parked.
	[ "$during_stop" = ipi ] && parked="cpulab.parked_in=$(park_text)"
	next=$(next_cmdline cpulab.mode=inherited cpulab.kexec=$kind cpulab.handover_cpus=$cpus \
		cpulab.crash_cpu=$crash_cpu $parked)
	echo "CPULAB-KEXEC-LOAD: $kind, the next kernel's command line:$next"
	# -i: no SHA-256 of the segments in purgatory; computing it took
	# about 100 s of Bochs, and the kernel's own (kexec -s, the file
	# syscall) ran long enough there to trip the soft-lockup watchdog.
	case $kind in
	kexec)
		kexec -i -l /boot/vmlinuz --initrd=/boot/next.img --append="$next" ||
			{ fail "kexec -l"; return; }
		;;
	kdump)
		[ "$(cat /sys/kernel/kexec_crash_size)" -gt 0 ] ||
			{ fail "no crash kernel memory reserved (crashkernel=)"; return; }
		# reset_devices: the crashed kernel's devices may be mid-request.
		kexec -i -p /boot/vmlinuz --initrd=/boot/next.img --append="$next reset_devices" ||
			{ fail "kexec -p"; return; }
		;;
	esac
	[ "$(kexec_word cpulab.offline_before_kexec 0)" = 1 ] && { offline_last_cpu || return; }
	echo "CPULAB-HANDOVER: $kind, CPUs online $(cat /sys/devices/system/cpu/online)," \
	     "cpulab.ko ${args:-with defaults}, virtualization held by $owner"
	# The first kernel's log before it is lost, all of it on the console.
	dump_kernel_log
	drain_uart
	case $kind in
	kexec)
		kexec -e
		fail "kexec -e returned $?"
		;;
	kdump)
		taskset -p -c "$crash_cpu" $$ > /dev/null || { fail "taskset: pinning to CPU $crash_cpu"; return; }
		# Each CPULAB-CRASH line is drained before the crash: the judge
		# ends a splat block at a CPULAB- line, and one that reached the
		# UART after the panic header split the expected panic report in
		# two (seen on the corpus's small kernel, which panics sooner).
		if [ -n "$during_stop" ]; then
			echo "CPULAB-CRASH: on CPU $crash_cpu, the controller of a STOP (--mode $during_stop" \
			     "--hold-ms 500) holding the other CPUs parked"
			drain_uart
			crash_during_stop "$during_stop"
		else
			echo "CPULAB-CRASH: on CPU $crash_cpu"
			drain_uart
			echo c > /proc/sysrq-trigger
		fi
		fail "still running after the SysRq crash on CPU $crash_cpu"
		;;
	esac
}

kexec_stage2() {
	insmod /cpulab/cpulab.ko enable_at_load=0 || { fail "insmod cpulab.ko enable_at_load=0"; return; }
	echo "CPULAB-INHERITED: $(kexec_word cpulab.kexec '?') from $(kexec_word cpulab.handover_cpus '?') CPUs," \
	     "online now $(cat /sys/devices/system/cpu/online)"
	CPULAB_KEXEC_KIND=$(kexec_word cpulab.kexec "") \
	CPULAB_HANDOVER_CPUS=$(kexec_word cpulab.handover_cpus "") \
	CPULAB_CRASH_CPU=$(kexec_word cpulab.crash_cpu 0) \
	CPULAB_PARKED_IN=$(kexec_word cpulab.parked_in "") \
		run_selftests inherited inherited_test
	run_selftests inherited cpulab_test
	if kernel_owns_virt; then
		CPULAB_MODULE=/cpulab/cpulab.ko CPULAB_KVM_DIR=/cpulab \
			run_selftests inherited kernel_virt.sh
	fi
	rmmod cpulab || fail "rmmod"
}

kexec_lane_stage() {
	case $mode in
	kexec | kdump) kexec_stage1 ;;
	inherited) kexec_stage2 ;;
	esac
}
