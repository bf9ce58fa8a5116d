#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cpulab beside KVM on VMX, as a kselftest TEST_PROGS script (KTAP through
# the kernel's ktap_helpers.sh); skipped without VMX. It loads and unloads
# both itself, so neither may be loaded.
#   1. kvm_intel-loads: kvm_intel loads after cpulab is gone (6.12's
#      enables VMX at load, and refuses if a CPU kept CR4.VMXE);
#   2. cpulab-loads-beside-kvm;
#   3, 4. cpulab_test and virt_test (their KTAP nested), told what to
#      expect: where KVM enabled VMX at load (enable_virt_at_load=Y, 6.12),
#      every CPU is `foreign` and the emergency slot is the other
#      hypervisor's (kvm-owns-vmx), or the kernel's where it owns VMX
#      itself (7.1+, kernel-owns-vmx); where KVM holds the slot but no VMX
#      (6.1), cpulab runs VMX itself and reports the slot as `kvm`
#      (kvm-loaded);
#   5. cpulab-unloads;
#   6. kvm-unloads.
#
#   CPULAB_MODULE   cpulab.ko to insmod (default: modprobe cpulab)
#   CPULAB_KVM_DIR  a directory with irqbypass.ko, kvm.ko and kvm-intel.ko
#                   to insmod (default: modprobe kvm_intel; lib.sh's load_kvm)

. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fail_rest NAME...: each named test reported failed, never run.
fail_rest() {
	for name in "$@"; do
		ktap_test_fail "$name (not run: an earlier step failed)"
	done
}

ktap_print_header
if ! grep -qw vmx /proc/cpuinfo; then
	ktap_set_plan 1
	ktap_test_skip "kvm-coexistence: no VMX on this CPU"
	ktap_finished
fi
for module in cpulab kvm_intel kvm; do
	if [ -e /sys/module/$module ]; then
		ktap_skip_all "$module is loaded; this test loads and unloads it"
		exit "$KSFT_SKIP"
	fi
done
ktap_set_plan 6
# ktap_test_result's own status says nothing of the test's: each step is
# run first, then reported.
if ! load_kvm 2> "$work/kvm.err"; then
	ktap_print_msg "KVM did not load after cpulab was unloaded: $(head -c 300 "$work/kvm.err")"
	ktap_test_fail kvm_intel-loads
	unload_kvm
	fail_rest cpulab-loads-beside-kvm cpulab_test-beside-kvm virt_test-beside-kvm \
		cpulab-unloads kvm-unloads
	ktap_finished
fi
ktap_test_pass kvm_intel-loads
if kernel_owns_virt; then
	# 7.1+: KVM's references go through the kernel's owner, which
	# holds the emergency slot itself.
	expect_virt=foreign expect_emergency=kernel label=kernel-owns-vmx
elif [ "$(cat /sys/module/kvm/parameters/enable_virt_at_load 2>/dev/null)" = Y ]; then
	expect_virt=foreign expect_emergency=foreign label=kvm-owns-vmx
else
	expect_virt=on expect_emergency=kvm label=kvm-loaded
fi
ktap_print_msg "KVM loaded; cpulab expects virt $expect_virt, emergency slot $expect_emergency ($label)"
if load_cpulab 2> "$work/cpulab.err"; then
	ktap_test_pass cpulab-loads-beside-kvm
	ktap_subtest "$label/cpulab_test" env CPULAB_EXPECT_VIRT=$expect_virt \
		CPULAB_EXPECT_EMERGENCY=$expect_emergency "$here/cpulab_test"
	ktap_subtest "$label/virt_test" env CPULAB_EXPECT_VIRT=$expect_virt \
		CPULAB_EXPECT_EMERGENCY=$expect_emergency "$here/virt_test"
	ktap_test_result cpulab-unloads rmmod cpulab
else
	ktap_print_msg "cpulab did not load beside KVM: $(head -c 300 "$work/cpulab.err")"
	ktap_test_fail cpulab-loads-beside-kvm
	fail_rest "$label/cpulab_test" "$label/virt_test" cpulab-unloads
fi
ktap_test_result kvm-unloads unload_kvm
ktap_finished
