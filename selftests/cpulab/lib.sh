# SPDX-License-Identifier: GPL-2.0
# What cpulab's shell selftests share, sourced by each: the kernel's KTAP
# output helpers (tools/testing/selftests/kselftest/ktap_helpers.sh), found
# beside the test (the lanes' images) or where a kselftest install puts
# them; nesting a harness binary's KTAP; counting sysfs's CPUs; loading
# cpulab; loading and unloading KVM; unloading cpulab with a monitor
# attached.
here=$(dirname "$0")
for helpers in "$here/ktap_helpers.sh" "$here/../kselftest/ktap_helpers.sh"; do
	[ -r "$helpers" ] && break
done
if [ ! -r "$helpers" ]; then
	echo "$(basename "$0"): ktap_helpers.sh (tools/testing/selftests/kselftest/) not found" >&2
	exit 1
fi
. "$helpers"

# ktap_subtest DESCRIPTION COMMAND...: runs COMMAND, a test that prints a
# KTAP document of its own (a kselftest_harness binary), as one test of
# this script's document: its output nested four spaces deeper (KTAP v1's
# subtests, which kunit.py parse reads), then its result line, passed when
# it exited 0. A loop, not sed: line by line, so a test that hangs the
# machine has shown everything it printed. True when it passed.
ktap_subtest() {
	description=$1
	shift
	subtest_status=$(mktemp)
	{ "$@" 2>&1; echo $? > "$subtest_status"; } |
		while IFS= read -r line || [ -n "$line" ]; do printf "    %s\n" "$line"; done
	status=$(cat "$subtest_status")
	rm -f "$subtest_status"
	[ "$status" = 0 ] || ktap_print_msg "$description exited $status"
	if [ "$status" = 0 ]; then
		ktap_test_pass "$description"
	else
		ktap_test_fail "$description"
	fi
	[ "$status" = 0 ]
}

# sysfs_cpu_count possible|online: how many CPUs sysfs's cpulist names
# (/sys/devices/system/cpu/possible or online, e.g. "0-3,6").
sysfs_cpu_count() {
	count=0
	for range in $(tr ',' ' ' < /sys/devices/system/cpu/$1); do
		first=${range%-*} last=${range#*-}
		count=$((count + last - first + 1))
	done
	echo $count
}

# load_cpulab [PARAMETER=VALUE...]: loads cpulab.ko from $CPULAB_MODULE
# (the lanes' images), or else the installed module by modprobe.
load_cpulab() {
	if [ -n "${CPULAB_MODULE:-}" ]; then
		insmod "$CPULAB_MODULE" "$@"
	else
		modprobe cpulab "$@"
	fi
}

# unload_with_monitor: attaches `cpulab monitor`, unloads cpulab, and
# checks that the monitor ends by itself within 30 s, exit 0, saying the
# module was unloaded. The monitor is proven attached by the event of a
# CR4 audit of CPU 0 (bounded: 100 tries); a fixed sleep would cost a
# minute under Bochs and prove nothing. False on a failure, with the reason
# in $unload_problem. Uses $cli and the directory $work.
unload_with_monitor() {
	unload_problem=
	"$cli" monitor > "$work/monitor.out" 2> "$work/monitor.err" &
	monitor=$!
	attached=no
	for try in $(seq 100); do
		"$cli" cr4 --cpu 0 > /dev/null 2> "$work/audit.err"
		[ -s "$work/monitor.out" ] && { attached=yes; break; }
		sleep 0.1
	done
	if [ $attached = no ]; then
		alive=$(kill -0 $monitor 2>/dev/null && echo running || echo gone)
		unload_problem="the monitor ($alive, stderr: $(head -c 200 "$work/monitor.err")) saw no event; the last audit: $(head -c 200 "$work/audit.err")"
		kill $monitor; wait $monitor; rmmod cpulab
		return 1
	fi
	if ! rmmod cpulab; then
		unload_problem="rmmod failed"
		kill $monitor; wait $monitor
		return 1
	fi
	for try in $(seq 300); do
		kill -0 $monitor 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $monitor 2>/dev/null; then
		kill -9 $monitor; wait $monitor
		unload_problem="the monitor outlived the module by 30 s"
		return 1
	fi
	wait $monitor
	status=$?
	if [ $status != 0 ]; then
		unload_problem="the monitor exited $status: $(head -c 200 "$work/monitor.err")"
		return 1
	fi
	grep -q "module was unloaded" "$work/monitor.err" && return 0
	unload_problem="the monitor did not say why it ended: $(head -c 200 "$work/monitor.err")"
	return 1
}

# kernel_owns_virt: true where the kernel owns VMX/SVM itself (7.1+,
# arch/x86/virt/hw.c): x86_virt_get_ref() is in /proc/kallsyms. Read from
# the kernel, not from cpulab (as kernel_caps.c does for the C tests), or
# from CPULAB_KERNEL_OWNS_VIRT=0|1, a read made once for a whole run.
kernel_owns_virt() {
	case "${CPULAB_KERNEL_OWNS_VIRT:-}" in
	1) return 0 ;;
	0) return 1 ;;
	esac
	awk '$3 == "x86_virt_get_ref" { found = 1; exit } END { exit !found }' /proc/kallsyms 2>/dev/null
}

# kvm_vendor: kvm_amd or kvm_intel, by the CPU's extension; empty without.
kvm_vendor() {
	if grep -qw svm /proc/cpuinfo; then
		echo kvm_amd
	elif grep -qw vmx /proc/cpuinfo; then
		echo kvm_intel
	fi
}

# load_kvm [KVM_PARAMETER...]: KVM for this CPU's extension, the
# parameters to kvm.ko: insmod from $CPULAB_KVM_DIR (the lanes' images:
# irqbypass.ko, kvm.ko, kvm-intel.ko or kvm-amd.ko, and ccp.ko where
# kvm-amd needs it), or else modprobe.
load_kvm() {
	vendor=$(kvm_vendor)
	[ -n "$vendor" ] || { echo "load_kvm: no VMX or SVM on this CPU" >&2; return 1; }
	if [ -n "${CPULAB_KVM_DIR:-}" ]; then
		insmod "$CPULAB_KVM_DIR/irqbypass.ko" && insmod "$CPULAB_KVM_DIR/kvm.ko" "$@" || return 1
		[ $vendor = kvm_amd ] && [ -e "$CPULAB_KVM_DIR/ccp.ko" ] &&
			{ insmod "$CPULAB_KVM_DIR/ccp.ko" || return 1; }
		insmod "$CPULAB_KVM_DIR/$(echo $vendor | tr _ -).ko"
	else
		modprobe kvm "$@" && modprobe $vendor
	fi
}

# unload_kvm: whatever of KVM is loaded, vendor module first.
unload_kvm() {
	for module in kvm_amd kvm_intel kvm irqbypass ccp; do
		[ -e /sys/module/$module ] && { rmmod $module || return 1; }
	done
	return 0
}
