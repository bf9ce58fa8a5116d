#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own VMX/SVM owner (7.1+: x86_virt_get_ref()), driven
# through KVM and observed by cpulab, as a kselftest TEST_PROGS script
# (KTAP through the kernel's ktap_helpers.sh). Needs cpulab loaded and KVM
# not; skipped where the kernel does not own VMX/SVM (no x86_virt_get_ref
# in /proc/kallsyms), failed where it does and cpulab does not say so.
# Two checks, each against the hardware cpulab reads on every CPU (CR4,
# EFER): kernel_virt_test holds it to KVM's contract (references on every
# online CPU while KVM holds virtualization), and `cpulab status
# --check-kernel` to the kernel's own reference count, read through BPF
# (virtualization_nr_users, arch/x86/virt/hw.c).
#   1. without-kvm, 2. refcount-without-kvm: no reference, no bit;
#   3. kvm-loads: kvm_intel or kvm_amd, by the CPU's extension;
#   4. kvm-holds-virt: kernel_virt_test with KVM's references: every online
#      CPU has the bit, across hotplug and a STOP;
#   5. refcount-with-kvm: one reference per online CPU, and the bit;
#   6. refcount-across-hotplug: a CPU taken offline holds none, and has
#      its reference and bit back once online;
#   7. refcount-across-suspend: suspend to RAM with pm_test=core (x86/virt's
#      syscore suspend and resume on the last CPU, the others through
#      hotplug): the references and the bit, before and after, as they were;
#   8. kvm-unloads, 9. kvm-gone, 10. refcount-after-unload: clear again;
#   11. vm-holds-virt: KVM loaded with enable_virt_at_load=0 holds nothing
#      until a VM exists (KVM_CREATE_VM, kvm_vm_holder), then one reference
#      and the bit per online CPU while it does, and none after;
#   12. mismatch-is-caught, 13. mismatch-is-caught-by-the-refcount:
#      EFER.SVME set behind the kernel's back on one CPU (the kernel's msr
#      driver), a CPU with the bit but no reference: both checks must fail
#      and name that CPU; then cleared, and they must pass again. SVM only:
#      nothing outside ring 0 sets CR4.VMXE;
#   14. enable_at_load-refused: cpulab reloaded with enable_at_load=1 must
#      refuse to load; reloaded plainly after.
#
#   CPULAB_MODULE   cpulab.ko to insmod (default: modprobe cpulab)
#   CPULAB_KVM_DIR  a directory with irqbypass.ko, kvm.ko, kvm-intel.ko,
#                   kvm-amd.ko (and ccp.ko, where kvm-amd needs it) to insmod
#                   (default: modprobe)

. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli=${CPULAB_CLI:-cpulab}
efer=$((0xc0000080))
svme=$((1 << 12))

vendor=$(kvm_vendor)

# read_efer CPU / write_efer CPU VALUE: through the kernel's msr driver,
# one 8-byte access at offset EFER (arch/x86/kernel/msr.c).
read_efer() {
	dd if=/dev/cpu/$1/msr bs=8 skip=$((efer / 8)) count=1 2>/dev/null | od -An -tu8 | tr -d ' '
}

write_efer() {
	# Little-endian bytes of VALUE, as the driver takes them.
	value=$2 bytes=
	for i in 0 1 2 3 4 5 6 7; do
		bytes="$bytes\\$(printf '%03o' $(( (value >> (8 * i)) & 255 )))"
	done
	printf "$bytes" | dd of=/dev/cpu/$1/msr bs=8 seek=$((efer / 8)) count=1 conv=notrunc 2>/dev/null
}

# agreement NAME EXPECT [TEST...]: kernel_virt_test, nested, told whether
# the kernel's owner holds virtualization (on/off); TEST limits it.
agreement() {
	name=$1 expect=$2
	shift 2
	filter=
	for test in "$@"; do filter="$filter -t $test"; done
	ktap_subtest "$name" env CPULAB_EXPECT_KERNEL_VIRT=$expect "$here/kernel_virt_test" $filter
}

# refcount NAME [EXPECT]: `cpulab status --check-kernel` must pass, having
# compared virtualization_nr_users; with EXPECT, every online CPU's count
# (status --json, "kernel") must be EXPECT.
refcount() {
	name=$1 expect=${2:-}
	"$cli" status --check-kernel > "$work/check.out" 2> "$work/check.err"
	status=$?
	ktap_print_msg "$name: status --check-kernel exited $status: $(cat "$work/check.out" "$work/check.err" | head -c 400)"
	if [ $status != 0 ] || ! grep -q virtualization_nr_users "$work/check.out"; then
		ktap_test_fail "$name"
		return 1
	fi
	if [ -n "$expect" ]; then
		counts=$(online_cpu_refcounts)
		ktap_print_msg "$name: online CPUs' virtualization_nr_users: $counts"
		for count in $counts; do
			if [ "$count" != "$expect" ]; then
				ktap_test_fail "$name (a count is not $expect)"
				return 1
			fi
		done
		[ -n "$counts" ] || { ktap_test_fail "$name (no count read)"; return 1; }
	fi
	ktap_test_pass "$name"
}

# online_cpu_refcounts [JSON]: virtualization_nr_users of each online CPU,
# from status --json (each CPU's "online" precedes its "kernel" object),
# read now or from the file JSON.
online_cpu_refcounts() {
	if [ -n "${1:-}" ]; then cat "$1"; else "$cli" status --json; fi | grep -o '"online":[a-z]*\|"virtualization_nr_users":[-0-9a-z]*' |
		awk -F: '/"online"/ { online = ($2 == "true") } /virtualization_nr_users/ && online { print $2 }' |
		tr '\n' ' '
}

# set_cpu_online CPU 0|1: through sysfs.
set_cpu_online() {
	echo "$2" > /sys/devices/system/cpu/cpu$1/online
}

# refcount_across_hotplug: the last hotpluggable CPU offline, then online.
refcount_across_hotplug() {
	cpu=
	for dir in /sys/devices/system/cpu/cpu[0-9]*; do
		[ -e "$dir/online" ] && [ "$(cat "$dir/online")" = 1 ] && cpu=${dir##*cpu}
	done
	if [ -z "$cpu" ]; then
		ktap_test_skip "refcount-across-hotplug: no hotpluggable CPU"
		return
	fi
	if ! set_cpu_online $cpu 0; then
		ktap_test_fail "refcount-across-hotplug (CPU $cpu did not go offline)"
		return
	fi
	"$cli" status --check-kernel > "$work/offline.out" 2> "$work/offline.err"
	offline=$?
	set_cpu_online $cpu 1 || { ktap_test_fail "refcount-across-hotplug (CPU $cpu did not come back)"; return; }
	ktap_print_msg "CPU $cpu offline: status --check-kernel exited $offline: $(cat "$work/offline.out" "$work/offline.err" | head -c 300)"
	if [ $offline != 0 ]; then
		ktap_test_fail refcount-across-hotplug
		return
	fi
	refcount refcount-across-hotplug 1
}

# refcount_across_suspend: with KVM holding every CPU, suspend to RAM
# with pm_test=core: the kernel takes the other CPUs down, runs syscore
# suspend on the last one and resumes without sleeping
# (kernel/power/suspend.c, suspend_enter()). Every count and bit as before.
refcount_across_suspend() {
	if ! grep -qw mem /sys/power/state 2>/dev/null || [ ! -w /sys/power/pm_test ]; then
		ktap_test_skip "refcount-across-suspend: no suspend to RAM or no pm_test"
		return
	fi
	before=$(online_cpu_refcounts)
	echo core > /sys/power/pm_test
	echo 0 > /sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	grep -qw deep /sys/power/mem_sleep 2>/dev/null && echo deep > /sys/power/mem_sleep
	echo mem > /sys/power/state
	suspended=$?
	echo none > /sys/power/pm_test
	after=$(online_cpu_refcounts)
	ktap_print_msg "refcount-across-suspend: suspend exited $suspended; virtualization_nr_users before: $before; after: $after"
	if [ $suspended != 0 ] || [ -z "$before" ] || [ "$before" != "$after" ]; then
		ktap_test_fail refcount-across-suspend
		return
	fi
	refcount refcount-across-suspend 1
}

# vm_holds_virt: KVM with enable_virt_at_load=0, before, with and after a VM.
vm_holds_virt() {
	if ! load_kvm enable_virt_at_load=0 2> "$work/kvm.err"; then
		ktap_print_msg "KVM did not load with enable_virt_at_load=0: $(head -c 300 "$work/kvm.err")"
		ktap_test_fail vm-holds-virt
		return
	fi
	"$cli" status --json > "$work/before.json"
	# While the VM exists: the counts, both checks.
	"$here/kvm_vm_holder" sh -c '"$1" status --json > "$2" && "$1" status --check-kernel &&
		CPULAB_EXPECT_KERNEL_VIRT=on "$3" -t hardware_agrees_with_the_kernels_owner' \
		vm "$cli" "$work/held.json" "$here/kernel_virt_test" > "$work/vm.out" 2>&1
	held=$?
	"$cli" status --json > "$work/after.json"
	"$cli" status --check-kernel > "$work/after.out" 2>&1
	after_check=$?
	unload_kvm || ktap_print_msg "KVM did not unload"
	before=$(online_cpu_refcounts "$work/before.json")
	during=$(online_cpu_refcounts "$work/held.json")
	after=$(online_cpu_refcounts "$work/after.json")
	ktap_print_msg "vm-holds-virt: online CPUs' virtualization_nr_users before the VM: $before; with it: $during; after: $after"
	ktap_print_msg "vm-holds-virt: the checks exited $held with the VM, $after_check after"
	if [ $held != 0 ]; then
		sed 's/^/# /' "$work/vm.out" | tail -n 30
		ktap_test_fail vm-holds-virt
	elif [ -z "$before" ] || [ "$during" != "$(echo "$before" | sed 's/0/1/g')" ] ||
	     [ -n "$(echo "$before $after" | tr -d ' 0')" ] || [ $after_check != 0 ]; then
		ktap_test_fail vm-holds-virt
	else
		ktap_test_pass vm-holds-virt
	fi
}

ktap_print_header
# Whether the kernel owns VMX/SVM is read from the kernel itself
# (lib.sh's kernel_owns_virt), first: before 7.1 nothing else is needed
# (a BPF load under Bochs costs seconds). Where it does, cpulab not saying
# so is a failure, not a skip.
if ! kernel_owns_virt; then
	# One skipped result, not a skipped plan: the lanes' KTAP parser
	# (kunit.py) reads "1..0" as a run with no test.
	ktap_set_plan 1
	ktap_test_skip "kernel-virt: this kernel does not own VMX/SVM itself (before 7.1: no x86_virt_get_ref)"
	ktap_finished
fi
if ! "$cli" status --json > "$work/status.json" 2> "$work/status.err"; then
	ktap_skip_all "cpulab is not loaded: $(head -c 200 "$work/status.err")"
	exit "$KSFT_SKIP"
fi
reported=$(grep -o '"emergency_callback":"[a-z]*"' "$work/status.json" | head -1)
if [ "$reported" != '"emergency_callback":"kernel"' ]; then
	ktap_set_plan 1
	ktap_print_msg "the kernel has x86_virt_get_ref, but cpulab reports $reported"
	ktap_test_fail kernel-owns-virt
	ktap_finished
fi
if [ -z "$vendor" ]; then
	ktap_set_plan 1
	ktap_test_skip "kernel-virt: no VMX or SVM on this CPU"
	ktap_finished
fi
for module in kvm $vendor; do
	if [ -e /sys/module/$module ]; then
		ktap_skip_all "$module is loaded; this test loads and unloads it"
		exit "$KSFT_SKIP"
	fi
done
ktap_set_plan 14
ktap_print_msg "kernel_view: $(grep -o '"kernel_view":{[^}]*}}' "$work/status.json")"

agreement without-kvm off
refcount refcount-without-kvm 0

if load_kvm 2> "$work/kvm.err"; then
	ktap_test_pass kvm-loads
	at_load=$(cat /sys/module/kvm/parameters/enable_virt_at_load 2>/dev/null)
	if [ "$at_load" = Y ]; then
		agreement kvm-holds-virt on
		refcount refcount-with-kvm 1
		refcount_across_hotplug
		refcount_across_suspend
	else
		ktap_print_msg "kvm enable_virt_at_load=$at_load: KVM takes references only with a VM"
		ktap_test_fail kvm-holds-virt
		ktap_test_fail "refcount-with-kvm (not run)"
		ktap_test_fail "refcount-across-hotplug (not run)"
		ktap_test_fail "refcount-across-suspend (not run)"
	fi
else
	ktap_print_msg "KVM did not load: $(head -c 300 "$work/kvm.err")"
	ktap_test_fail kvm-loads
	ktap_test_fail "kvm-holds-virt (not run: KVM did not load)"
	ktap_test_fail "refcount-with-kvm (not run: KVM did not load)"
	ktap_test_fail "refcount-across-hotplug (not run: KVM did not load)"
	ktap_test_fail "refcount-across-suspend (not run: KVM did not load)"
fi
if unload_kvm; then
	ktap_test_pass kvm-unloads
else
	ktap_test_fail kvm-unloads
fi
agreement kvm-gone off hardware_agrees_with_the_kernels_owner
refcount refcount-after-unload 0
vm_holds_virt

# The injected mismatch: on the last online CPU, SVME without a reference.
last=$(cat /sys/devices/system/cpu/online); last=${last##*[-,]}
if [ $vendor != kvm_amd ]; then
	why="no SVM: CR4.VMXE cannot be set outside ring 0; SVM lanes inject EFER.SVME"
	ktap_test_skip "mismatch-is-caught: $why"
	ktap_test_skip "mismatch-is-caught-by-the-refcount: $why"
else
	before=$(read_efer $last)
	if [ -z "$before" ] || [ $((before & svme)) != 0 ]; then
		ktap_print_msg "CPU $last: EFER unreadable or SVME already set ($before)"
		ktap_test_fail mismatch-is-caught
		ktap_test_fail "mismatch-is-caught-by-the-refcount (not run)"
	else
		write_efer $last $((before | svme))
		injected=$(read_efer $last)
		CPULAB_EXPECT_KERNEL_VIRT=off "$here/kernel_virt_test" \
			-t hardware_agrees_with_the_kernels_owner > "$work/mismatch.out" 2>&1
		caught=$?
		"$cli" status --check-kernel > "$work/refcount.out" 2>&1
		refcount_caught=$?
		write_efer $last $before
		cleared=$(read_efer $last)
		ktap_print_msg "CPU $last: EFER $before, injected $injected, restored $cleared; the checks exited $caught and $refcount_caught"
		if [ $((injected & svme)) = 0 ]; then
			ktap_print_msg "the msr driver did not set SVME"
			ktap_test_fail mismatch-is-caught
			ktap_test_fail "mismatch-is-caught-by-the-refcount (not injected)"
		else
			if [ $caught = 0 ] || ! grep -q "CPU $last: hardware EFER.SVME is set" "$work/mismatch.out"; then
				sed 's/^/# /' "$work/mismatch.out" | head -40
				ktap_test_fail mismatch-is-caught
			elif [ "$cleared" != "$before" ] ||
			     ! CPULAB_EXPECT_KERNEL_VIRT=off "$here/kernel_virt_test" \
				-t hardware_agrees_with_the_kernels_owner > "$work/cleared.out" 2>&1; then
				sed 's/^/# /' "$work/cleared.out" | head -40
				ktap_test_fail "mismatch-is-caught (not cleared)"
			else
				ktap_test_pass mismatch-is-caught
			fi
			sed 's/^/# /' "$work/refcount.out" | head -10
			if [ $refcount_caught != 1 ] ||
			   ! grep -q "CPU $last: hardware EFER.SVME is set, but the kernel's owner holds no reference" \
				"$work/refcount.out"; then
				ktap_test_fail mismatch-is-caught-by-the-refcount
			elif ! "$cli" status --check-kernel > "$work/refcount-cleared.out" 2>&1; then
				sed 's/^/# /' "$work/refcount-cleared.out" | head -10
				ktap_test_fail "mismatch-is-caught-by-the-refcount (not cleared)"
			else
				ktap_test_pass mismatch-is-caught-by-the-refcount
			fi
		fi
	fi
fi

# enable_at_load=1 would make cpulab an owner beside the kernel's.
if rmmod cpulab; then
	if load_cpulab enable_at_load=1 2> "$work/load.err"; then
		ktap_print_msg "cpulab loaded with enable_at_load=1"
		rmmod cpulab
		ktap_test_fail enable_at_load-refused
	elif dmesg | grep -q "enable_at_load=1 refused"; then
		ktap_test_pass enable_at_load-refused
	else
		ktap_print_msg "refused without saying why: $(head -c 200 "$work/load.err")"
		ktap_test_fail enable_at_load-refused
	fi
	load_cpulab || ktap_print_msg "cpulab did not load again"
else
	ktap_test_fail "enable_at_load-refused (cpulab did not unload)"
fi
ktap_finished
