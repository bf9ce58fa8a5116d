#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own VMX/SVM owner (7.1+: x86_virt_get_ref()), driven
# through KVM and observed by cpulab, as a kselftest TEST_PROGS script
# (KTAP through the kernel's ktap_helpers.sh). Needs cpulab loaded and KVM
# not; skipped where cpulab says the kernel does not own VMX/SVM.
#   1. without-kvm: kernel_virt_test (nested) with no reference held;
#   2. kvm-loads: kvm_intel or kvm_amd, by the CPU's extension;
#   3. kvm-holds-virt: kernel_virt_test with KVM's references: every online
#      CPU has the bit, across hotplug and a STOP;
#   4. kvm-unloads, and 5. kvm-gone: the bit is clear again everywhere;
#   6. mismatch-is-caught: EFER.SVME set behind the kernel's back on one
#      CPU (the kernel's msr driver), a CPU with the bit but no reference:
#      the agreement check must fail and name that CPU; then cleared, and
#      it must pass again. SVM only: nothing outside ring 0 sets CR4.VMXE;
#   7. enable_at_load-refused: cpulab reloaded with enable_at_load=1 must
#      refuse to load; reloaded plainly after.
#
#   CPULAB_REQUIRE_KERNEL_VIRT=1  fail, not skip, where cpulab does not
#                   report the kernel as the owner (the 7.x lanes)
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

if grep -qw svm /proc/cpuinfo; then
	vendor=kvm_amd
elif grep -qw vmx /proc/cpuinfo; then
	vendor=kvm_intel
else
	vendor=
fi

load_kvm() {
	if [ -n "${CPULAB_KVM_DIR:-}" ]; then
		insmod "$CPULAB_KVM_DIR/irqbypass.ko" && insmod "$CPULAB_KVM_DIR/kvm.ko" || return 1
		[ $vendor = kvm_amd ] && [ -e "$CPULAB_KVM_DIR/ccp.ko" ] &&
			{ insmod "$CPULAB_KVM_DIR/ccp.ko" || return 1; }
		insmod "$CPULAB_KVM_DIR/$(echo $vendor | tr _ -).ko"
	else
		modprobe $vendor
	fi
}

unload_kvm() {
	for module in $vendor kvm irqbypass ccp; do
		[ -e /sys/module/$module ] && { rmmod $module || return 1; }
	done
	return 0
}

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

ktap_print_header
if ! "$cli" status --json > "$work/status.json" 2> "$work/status.err"; then
	ktap_skip_all "cpulab is not loaded: $(head -c 200 "$work/status.err")"
	exit "$KSFT_SKIP"
fi
# CPULAB_REQUIRE_KERNEL_VIRT=1 (the 7.x lanes): a kernel that owns VMX/SVM
# is known, so cpulab not saying so is a failure, not a skip.
if ! grep -q '"emergency_callback":"kernel"' "$work/status.json"; then
	if [ "${CPULAB_REQUIRE_KERNEL_VIRT:-0}" = 1 ]; then
		ktap_set_plan 1
		ktap_print_msg "cpulab does not report the kernel as the owner: $(grep -o '"emergency_callback":"[a-z]*"' "$work/status.json" | head -1)"
		ktap_test_fail kernel-owns-virt
		ktap_finished
	fi
	ktap_skip_all "this kernel does not own VMX/SVM itself (before 7.1)"
	exit "$KSFT_SKIP"
fi
if [ -z "$vendor" ]; then
	ktap_skip_all "no VMX or SVM on this CPU"
	exit "$KSFT_SKIP"
fi
for module in kvm $vendor; do
	if [ -e /sys/module/$module ]; then
		ktap_skip_all "$module is loaded; this test loads and unloads it"
		exit "$KSFT_SKIP"
	fi
done
ktap_set_plan 7

agreement without-kvm off

if load_kvm 2> "$work/kvm.err"; then
	ktap_test_pass kvm-loads
	at_load=$(cat /sys/module/kvm/parameters/enable_virt_at_load 2>/dev/null)
	if [ "$at_load" = Y ]; then
		agreement kvm-holds-virt on
	else
		ktap_print_msg "kvm enable_virt_at_load=$at_load: KVM takes references only with a VM"
		ktap_test_fail kvm-holds-virt
	fi
else
	ktap_print_msg "KVM did not load: $(head -c 300 "$work/kvm.err")"
	ktap_test_fail kvm-loads
	ktap_test_fail "kvm-holds-virt (not run: KVM did not load)"
fi
if unload_kvm; then
	ktap_test_pass kvm-unloads
else
	ktap_test_fail kvm-unloads
fi
agreement kvm-gone off hardware_agrees_with_the_kernels_owner

# The injected mismatch: on the last online CPU, SVME without a reference.
last=$(cat /sys/devices/system/cpu/online); last=${last##*[-,]}
if [ $vendor != kvm_amd ]; then
	ktap_test_skip "mismatch-is-caught: CR4.VMXE cannot be set outside ring 0; SVM lanes inject"
else
	before=$(read_efer $last)
	if [ -z "$before" ] || [ $((before & svme)) != 0 ]; then
		ktap_print_msg "CPU $last: EFER unreadable or SVME already set ($before)"
		ktap_test_fail mismatch-is-caught
	else
		write_efer $last $((before | svme))
		injected=$(read_efer $last)
		CPULAB_EXPECT_KERNEL_VIRT=off "$here/kernel_virt_test" \
			-t hardware_agrees_with_the_kernels_owner > "$work/mismatch.out" 2>&1
		caught=$?
		write_efer $last $before
		cleared=$(read_efer $last)
		ktap_print_msg "CPU $last: EFER $before, injected $injected, restored $cleared; the check exited $caught"
		if [ $((injected & svme)) = 0 ]; then
			ktap_print_msg "the msr driver did not set SVME"
			ktap_test_fail mismatch-is-caught
		elif [ $caught = 0 ] || ! grep -q "CPU $last: hardware EFER.SVME is set" "$work/mismatch.out"; then
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
