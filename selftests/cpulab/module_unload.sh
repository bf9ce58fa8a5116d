#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cpulab's unload at the end of a run, as a kselftest TEST_PROGS script
# (KTAP through the kernel's ktap_helpers.sh). cpulab must be loaded, with
# whatever state the tests before left; this script unloads it.
#   1. unload-with-monitor: a `cpulab monitor` sees the family go away and
#      exits 0 by itself, saying the module was unloaded;
#   2. status-after-unload: `cpulab status` exits 3 (module missing);
#   then, when CPULAB_UNLOAD_CHECKS names harness binaries, whether the
#   unload left anything behind, which only the hardware can say:
#   3. reload-without-enabling: cpulab loads with enable_at_load=0;
#   4. each binary (its KTAP nested) with CPULAB_EXPECT_VIRT=off: every
#      CPU must be off, with CR4.VMXE and EFER.SVME clear;
#   5. reload-unloads: rmmod.
#
#   CPULAB_MODULE          cpulab.ko to insmod (default: modprobe cpulab)
#   CPULAB_CLI             the CLI (default: cpulab on PATH)
#   CPULAB_UNLOAD_CHECKS   harness binaries beside this script, e.g.
#                          "virt_test events_test" (default: none)

. "$(dirname "$0")/lib.sh"

cli=${CPULAB_CLI:-cpulab}
checks=${CPULAB_UNLOAD_CHECKS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unload() {
	unload_with_monitor && return 0
	ktap_print_msg "$unload_problem"
	return 1
}

status_after_unload() {
	"$cli" status > /dev/null 2> "$work/status.err"
	status=$?
	ktap_print_msg "cpulab status exited $status: $(head -c 200 "$work/status.err")"
	[ $status = 3 ]
}

reload_without_enabling() {
	load_cpulab enable_at_load=0 2> "$work/load.err" && return 0
	ktap_print_msg "loading with enable_at_load=0 failed: $(head -c 200 "$work/load.err")"
	return 1
}

ktap_print_header
if [ ! -e /sys/module/cpulab ]; then
	ktap_skip_all "cpulab is not loaded"
	exit "$KSFT_SKIP"
fi
count=$(echo $checks | wc -w)
ktap_set_plan $((2 + (count > 0 ? count + 2 : 0)))
ktap_test_result unload-with-monitor unload
ktap_test_result status-after-unload status_after_unload
if [ "$count" -gt 0 ]; then
	# ktap_test_result's own status says nothing of the test's.
	if reload_without_enabling; then
		ktap_test_pass reload-without-enabling
		for check in $checks; do
			ktap_subtest "$check-after-unload" env CPULAB_EXPECT_VIRT=off "$here/$check"
		done
		ktap_test_result reload-unloads rmmod cpulab
	else
		ktap_test_fail reload-without-enabling
		for check in $checks; do
			ktap_test_fail "$check-after-unload (not run: the module did not load)"
		done
		ktap_test_fail "reload-unloads (not run: the module did not load)"
	fi
fi
ktap_finished
