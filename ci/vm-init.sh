#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# PID 1 in the lane VMs. Loads cpulab, runs the selftests (KTAP) and the
# CLI, unloads, dumps the kernel log, and reports through one sentinel line
# on the serial console, which the host judges (ci/judge.sh).
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The kernel's KTAP output helpers (tools/testing/selftests/kselftest/).
. /cpulab/ktap_helpers.sh

mode=check
# The lane may scale these down for a platform where they cost too much
# wall clock (ci/bochs-lane.sh says how much, and why).
fuzz_messages=100000 storm_seconds=60 lifetime_cycles=100 storm_runs=20 cli_suites=1
# The STOP grid (stop_grid_test): none unless the lane asks for one.
stop_grid= stop_grid_runs=
for word in $(cat /proc/cmdline); do
	case $word in
	cpulab.mode=*) mode=${word#cpulab.mode=} ;;
	cpulab.fuzz_messages=*) fuzz_messages=${word#*=} ;;
	cpulab.storm_seconds=*) storm_seconds=${word#*=} ;;
	cpulab.lifetime_cycles=*) lifetime_cycles=${word#*=} ;;
	cpulab.cli_suites=*) cli_suites=${word#*=} ;;
	cpulab.storm_runs=*) storm_runs=${word#*=} ;;
	cpulab.stop_grid=*) stop_grid=${word#*=} ;;
	cpulab.stop_grid_runs=*) stop_grid_runs=${word#*=} ;;
	esac
done
echo "CPULAB-SCALE: fuzz $fuzz_messages messages per user, storm $storm_seconds s," \
     "lifetime $lifetime_cycles cycles"
# A kernel with kmemleak (the debug lanes): what boot itself leaked, or
# kmemleak mistakes for a leak, is not cpulab's; scan once and clear it, so
# that any report at the end of the run is something the run allocated.
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
kmemleak=/sys/kernel/debug/kmemleak
if [ -e $kmemleak ]; then
	echo scan > $kmemleak
	echo clear > $kmemleak
fi
# Only errors and worse on the console while tests print KTAP; the whole
# log, warnings included, is dumped at the end for the splat scan.
test_console_level=4
dmesg -n $test_console_level

rc=0
fail() { echo "CPULAB-FAIL: $*"; rc=1; }

# dump_kernel_log: the whole kernel log, warnings included, for the host's
# splat scan (ci/judge.sh).
dump_kernel_log() {
	echo "CPULAB-DMESG-BEGIN"
	dmesg
	echo "CPULAB-DMESG-END"
}

# drain_uart: poweroff and kexec do not wait for the UART: under Bochs the
# 16550 sends at the emulated baud rate and the tail of the log would be
# lost. Waits until ttyS0's transmit counter stops moving for half a second
# (bounded at 1200 samples): 7.3 under Bochs paused its output for longer
# than one 0.1 s sample and lost the sentinel. The counters are in
# /proc/tty/driver/serial_8250 on 7.x kernels, /proc/tty/driver/serial
# before: without either the loop would only wait half a second.
drain_uart() {
	previous= still=0 counters=/proc/tty/driver/serial_8250
	[ -e $counters ] || counters=/proc/tty/driver/serial
	[ -e $counters ] || { echo "CPULAB-FAIL: no UART counters in /proc/tty/driver"; rc=1; return; }
	for try in $(seq 1200); do
		current=$(grep '^0:' $counters)
		if [ "$current" = "$previous" ]; then
			still=$((still + 1))
			[ $still -ge 5 ] && break
		else
			still=0
		fi
		previous=$current
		sleep 0.1
	done
}

echo "CPULAB-BOOT: kernel $(uname -r), CPUs possible $(cat /sys/devices/system/cpu/possible)" \
     "online $(cat /sys/devices/system/cpu/online)"
# Who owns VMX/SVM on this kernel, read from the kernel (7.1+ has
# x86_virt_get_ref()): the lane's expected skips depend on it
# (ci/expected-skips), so a developer's tree of either kind is judged right.
# The tests take this one read (CPULAB_KERNEL_OWNS_VIRT, kernel_caps.h):
# under Bochs each read of /proc/kallsyms costs seconds.
virt_owner=cpulab CPULAB_KERNEL_OWNS_VIRT=0
if awk '$3 == "x86_virt_get_ref" { found = 1; exit } END { exit !found }' /proc/kallsyms; then
	virt_owner=kernel CPULAB_KERNEL_OWNS_VIRT=1
fi
export CPULAB_KERNEL_OWNS_VIRT
echo "CPULAB-KERNEL: virt-owner=$virt_owner"

# online_cpus: the hotpluggable CPUs that are online now.
online_cpus() {
	for file in /sys/devices/system/cpu/cpu[0-9]*/online; do
		[ "$(cat $file)" = 1 ] && { cpu=${file%/online}; echo -n "${cpu##*/cpu} "; }
	done
}

# show_stuck_tasks: after a test failed, puts on the console every task
# blocked in D state and every CPU's backtrace (SysRq w and l), so a hang
# that kills the VM later is diagnosable from the console alone; at the
# default console level, the hung-task detector prints only a header.
show_stuck_tasks() {
	dmesg -n 7
	echo w > /proc/sysrq-trigger
	echo l > /proc/sysrq-trigger
	dmesg -n $test_console_level
}

# run_selftests LABEL TEST...: one KTAP run per test binary. A test the
# harness killed mid-hotplug leaves a CPU offline, and every later test
# would then fail for a reason that is not its own: bring such CPUs back
# and charge the failure to the test that lost them.
run_selftests() {
	label=$1
	shift
	for test in "$@"; do
		echo "CPULAB-RUN: $label/$test"
		before=$(online_cpus)
		CPULAB_CLI=/usr/bin/cpulab timeout 900 /cpulab/$test
		test_status=$?
		if [ $test_status != 0 ]; then
			fail "$test ($label) exited $test_status"
			show_stuck_tasks
		fi
		for cpu in $before; do
			online=/sys/devices/system/cpu/cpu$cpu/online
			[ "$(cat $online)" = 1 ] && continue
			fail "$test ($label) left CPU $cpu offline"
			echo 1 > $online || fail "CPU $cpu would not come back online"
		done
	done
}

# The kernel's own hotplug selftest, run as it is, with cpulab loaded and
# virtualization on: a peer's check of the callbacks, reported as one KTAP
# result.
run_peer_hotplug_test() {
	echo "CPULAB-RUN: $1/cpu-on-off-test.sh"
	ktap_one_test
	if timeout 600 bash /cpulab/cpu-on-off-test.sh -a > /tmp/peer.log 2>&1; then
		sed 's/^/# /' /tmp/peer.log
		ktap_test_pass "cpu-on-off-test.sh -a"
	else
		sed 's/^/# /' /tmp/peer.log
		ktap_test_fail "cpu-on-off-test.sh -a"
	fi
}

# A KTAP document of one test: the helpers' header and plan, numbering
# from 1 again (they count across the whole shell).
ktap_one_test() {
	KTAP_TESTNO=1
	KTAP_CNT_PASS=0
	KTAP_CNT_FAIL=0
	KTAP_CNT_SKIP=0
	ktap_print_header
	ktap_set_plan 1
}

# ktap_begin NAME, then ktap_result NAME OK DETAIL: one KTAP run of one
# result, for the judge. The run is announced before the work, so the
# host's stage clock (ci/stage-clock.sh) charges the work to it.
ktap_begin() {
	echo "CPULAB-RUN: $1"
}
ktap_result() {
	ktap_one_test
	[ -n "$3" ] && ktap_print_msg "$3"
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}

# kmemleak_verdict: scans twice (an object must stay unreferenced for a
# whole scan period before it is reported) and fails on any report.
kmemleak_verdict() {
	[ -e $kmemleak ] || return 0
	ktap_begin kmemleak/after-run
	echo scan > $kmemleak
	sleep 6
	echo scan > $kmemleak
	cat $kmemleak > /tmp/kmemleak.out
	leaks=$(grep -c '^unreferenced object' /tmp/kmemleak.out)
	sed 's/^/# /' /tmp/kmemleak.out | head -60
	[ "$leaks" = 0 ]
	ktap_result kmemleak/after-run $? "$leaks unreferenced objects reported after the run"
}

insmod /cpulab/msr.ko || fail "insmod msr.ko (the kernel's msr driver)"
insmod /cpulab/cpuid.ko || fail "insmod cpuid.ko (the kernel's cpuid driver)"

if [ $mode = kexec ] || [ $mode = kdump ] || [ $mode = inherited ]; then
	# The kexec lanes: two kernels, ci/vm-kexec.sh.
	. /cpulab/vm-kexec.sh
	kexec_lane_stage
elif insmod /cpulab/cpulab.ko; then
	case $mode in
	demo)
		echo "CPULAB-DEMO-BEGIN"
		cpulab status || fail "cpulab status"
		echo "CPULAB-DEMO-END"
		;;
	vmx)
		# The bochs-debug lane: what executes VMXON/VMXOFF or reads
		# CR4.VMXE (virt, hotplug, STOP, the CR4 audit), under KASAN
		# and lockdep on the one VMX platform here. Not priv_test:
		# refusals return before any VMX code, and qemu-debug runs it.
		run_selftests all-online cpulab_test virt_test events_test stop_test \
			hotplug_test cr4_test
		# On 7.1+ the VMXON is the kernel's, through KVM (a skip before).
		CPULAB_MODULE=/cpulab/cpulab.ko CPULAB_KVM_DIR=/cpulab run_selftests all-online kernel_virt.sh
		;;
	peer)
		# The regression corpus's contrast (ci/regressions.sh): the
		# kernel's own CPU hotplug selftest alone, with cpulab holding
		# virtualization as in the check lanes.
		run_peer_hotplug_test all-online
		;;
	stop-grid)
		# make bench-stop: the fine grid alone.
		CPULAB_STOP_GRID=${stop_grid:-fine} CPULAB_STOP_GRID_RUNS=$stop_grid_runs \
			run_selftests all-online stop_grid_test
		;;
	storm)
		# To chase a rare storm failure: the storm alone, many times.
		for run in $(seq "$storm_runs"); do
			CPULAB_STORM_SECONDS=$storm_seconds run_selftests storm-$run storm_test
		done
		;;
	check)
		# Every selftest, on every kernel: each part that cannot apply
		# there (the kernel owns VMX/SVM, no VMX, no CR4 shadow, no SME,
		# a BTF variable absent) skips with its reason, and the lane
		# expects each skip by name (ci/expected-skips). What a lane
		# leaves out for time, it says where it sets the knob
		# (cpulab.cli_suites=0: ci/bochs-lane.sh).
		[ "$cli_suites" = 1 ] && cli_json_test=cli_json_test || cli_json_test=
		run_selftests all-online cpulab_test virt_test events_test cache_test stop_test \
			hotplug_test cr4_test $cli_json_test priv_test
		[ -n "$stop_grid" ] && CPULAB_STOP_GRID=$stop_grid CPULAB_STOP_GRID_RUNS=$stop_grid_runs \
			run_selftests all-online stop_grid_test
		CPULAB_FUZZ_MESSAGES=$fuzz_messages run_selftests all-online nl_fuzz
		# Where the kernel owns VMX/SVM, the storm's virt worker cycles
		# KVM (its modules are in every lane's image).
		CPULAB_STORM_SECONDS=$storm_seconds CPULAB_KVM_DIR=/cpulab run_selftests all-online storm_test
		run_peer_hotplug_test all-online
		# The peer test cycled every CPU: the hardware must still match.
		run_selftests after-peer-hotplug cpulab_test
		# The kernel's own YNL client against the spec, where the
		# image has it (qemu-6.12: ci/initramfs.sh lane-ynl).
		[ -e /cpulab/ynl/cli.py ] && CPULAB_YNL_CLI=/cpulab/ynl/cli.py \
			CPULAB_YNL_SPEC=/cpulab/cpulab.yaml run_selftests all-online ynl_peer.sh
		# The same tests with a CPU offline, when there is one to take down.
		last=$(cat /sys/devices/system/cpu/online); last=${last##*[-,]}
		if [ "$last" != 0 ] && echo 0 > /sys/devices/system/cpu/cpu$last/online; then
			run_selftests "cpu$last-offline" cpulab_test
			echo 1 > /sys/devices/system/cpu/cpu$last/online || fail "cpu$last back online"
		else
			fail "could not offline a CPU"
		fi
		# The CLI end to end for the mutating ops; with a STOP grid, also
		# the slow-flush STOP through the CLI.
		slow_flush=0
		[ -n "$stop_grid" ] && slow_flush=1
		[ "$cli_suites" = 1 ] && CPULAB_STOP_SLOW_FLUSH=$slow_flush \
			run_selftests all-online cli_end_to_end.sh
		# The kernel's own VMX/SVM owner through KVM (7.1+; a skip before).
		CPULAB_MODULE=/cpulab/cpulab.ko CPULAB_KVM_DIR=/cpulab run_selftests all-online kernel_virt.sh
		;;
	*)
		fail "unknown cpulab.mode=$mode (demo, vmx, peer, stop-grid, storm, check, kexec or kdump)"
		;;
	esac
	# The unload, watched by a monitor; in check and vmx modes, then
	# whether it left VMXE or SVME on any CPU: reloaded without enabling,
	# the hardware must say off everywhere. events_test adds nothing
	# VMX-specific to virt_test there, and costs the debug kernel in Bochs
	# a minute and a half.
	unload_checks=
	[ $mode = check ] && unload_checks="virt_test events_test"
	[ $mode = vmx ] && unload_checks=virt_test
	CPULAB_MODULE=/cpulab/cpulab.ko CPULAB_UNLOAD_CHECKS=$unload_checks \
		run_selftests unload module_unload.sh
	if [ $mode = check ] || [ $mode = vmx ]; then
		CPULAB_MODULE=/cpulab/cpulab.ko CPULAB_LIFETIME_CYCLES=$lifetime_cycles \
			run_selftests lifetime module_lifetime.sh
		CPULAB_MODULE=/cpulab/cpulab.ko run_selftests on-fail on_fail.sh
		CPULAB_MODULE=/cpulab/cpulab.ko CPULAB_KVM_DIR=/cpulab run_selftests kvm kvm_coexistence.sh
	fi
else
	fail "insmod"
fi
kmemleak_verdict

dump_kernel_log
echo "CPULAB-SENTINEL: rc=$rc"
drain_uart
poweroff -f
