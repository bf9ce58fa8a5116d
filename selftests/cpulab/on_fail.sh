#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cpulab's on_fail module parameter, as a kselftest TEST_PROGS script (KTAP
# through the kernel's ktap_helpers.sh). It loads and unloads cpulab itself,
# so cpulab must not be loaded.
#   1. bogus-refused: on_fail=bogus refuses the load, as the kernel's
#      parameter parsing (the log says so), and leaves no module (and so no
#      family) behind;
#   2. block-loads: on_fail=block loads, as observe does, when every
#      enable succeeds;
#   3. virt_test-on-fail-block: virt_test (its KTAP nested) with
#      CPULAB_ON_FAIL=block, which also checks that a failed enable blocks
#      the CPU's online;
#   4. block-unloads: rmmod.
#
#   CPULAB_MODULE   cpulab.ko to insmod (default: modprobe cpulab)

. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bogus_refused() {
	if load_cpulab on_fail=bogus 2> "$work/bogus.err"; then
		ktap_print_msg "on_fail=bogus was accepted"
		rmmod cpulab
		return 1
	fi
	ktap_print_msg "on_fail=bogus refused: $(head -c 200 "$work/bogus.err")"
	if [ -e /sys/module/cpulab ]; then
		ktap_print_msg "the refused load left the module behind"
		return 1
	fi
	# Refused while the kernel parsed the arguments (kernel/params.c),
	# before cpulab's init ran.
	if ! dmesg | tail -n 20 | grep -q "\`bogus' invalid for parameter \`on_fail'"; then
		ktap_print_msg "the kernel's log does not say on_fail=bogus was invalid"
		return 1
	fi
}

block_loads() {
	load_cpulab on_fail=block 2> "$work/block.err" && return 0
	ktap_print_msg "on_fail=block refused: $(head -c 200 "$work/block.err")"
	return 1
}

ktap_print_header
if [ -e /sys/module/cpulab ]; then
	ktap_skip_all "cpulab is loaded; this test loads and unloads it"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 4
ktap_test_result bogus-refused bogus_refused
# ktap_test_result's own status says nothing of the test's.
if block_loads; then
	ktap_test_pass block-loads
	ktap_subtest virt_test-on-fail-block env CPULAB_ON_FAIL=block "$here/virt_test"
	ktap_test_result block-unloads rmmod cpulab
else
	ktap_test_fail block-loads
	ktap_test_fail "virt_test-on-fail-block (not run: the module did not load)"
	ktap_test_fail "block-unloads (not run: the module did not load)"
fi
ktap_finished
