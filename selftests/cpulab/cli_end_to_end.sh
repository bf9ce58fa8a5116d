#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The CLI end to end for the mutating commands, as a kselftest TEST_PROGS
# script (KTAP through the kernel's ktap_helpers.sh). The C selftests judge
# the kernel's side of each op; this judges what a user sees: exit codes,
# and output that agrees with sysfs. cpulab must be loaded.
#   1. status: exits 0, and its JSON has every possible CPU;
#   2. cache-mark: every online CPU reports its caches incoherent;
#   3. stop-hardened: an ipi+nmi STOP with hardened ordering, the caches
#      marked (so the stopped CPUs flush), exits 0;
#   4. stop-runs-json: five STOP runs report five runs and a race count;
#   5. cache-flush: no CPU keeps the "marked" reason;
#   6. slow-flush-never-races (only with CPULAB_STOP_SLOW_FLUSH=1, 100
#      runs, seconds under TCG): hardened ordering with a WBINVD slower
#      than both timeouts times out and never races;
#   7. bad-mode-is-usage: `stop --mode bogus` exits 2 (usage) and says why.
#
#   CPULAB_CLI               the CLI (default: cpulab on PATH)
#   CPULAB_STOP_SLOW_FLUSH   1 to run test 6

. "$(dirname "$0")/lib.sh"

cli=${CPULAB_CLI:-cpulab}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_cli NAME ARGS...: the CLI's stdout to $work/NAME.out, its stderr to
# $work/NAME.err; a failure is shown as a diagnostic.
run_cli() {
	name=$1
	shift
	"$cli" "$@" > "$work/$name.out" 2> "$work/$name.err" && return 0
	ktap_print_msg "cpulab $* exited $?: $(head -c 300 "$work/$name.err")"
	return 1
}

# occurrences FILE TEXT: how many times TEXT appears in FILE.
occurrences() {
	grep -o "$2" "$1" | wc -l
}

status() {
	run_cli status status || return 1
	run_cli status-json status --json || return 1
	possible=$(sysfs_cpu_count possible)
	listed=$(occurrences "$work/status-json.out" '"cpu":')
	ktap_print_msg "status --json lists $listed CPUs; sysfs has $possible possible"
	[ "$listed" = "$possible" ]
}

cache_mark() {
	run_cli mark cache mark --json || return 1
	online=$(sysfs_cpu_count online)
	marked=$(occurrences "$work/mark.out" '"incoherent":true')
	ktap_print_msg "after cache mark, $marked CPUs report incoherent caches; sysfs has $online online"
	[ "$marked" = "$online" ]
}

cache_flush() {
	run_cli flush cache flush --json || return 1
	left=$(occurrences "$work/flush.out" '"marked"')
	ktap_print_msg "after cache flush, $left CPUs keep the marked reason"
	[ "$left" = 0 ]
}

stop_hardened() {
	run_cli stop stop --mode ipi+nmi --ordering hardened
}

stop_runs_json() {
	run_cli runs stop --runs 5 --json || return 1
	ktap_print_msg "$(cat "$work/runs.out")"
	grep -q '"runs":5,' "$work/runs.out" && grep -q '"races":[0-9]' "$work/runs.out"
}

slow_flush_never_races() {
	run_cli mark cache mark || return 1
	run_cli slow stop --mode ipi+nmi --ordering hardened --wbinvd-delay-us 20000 \
		--ipi-timeout-ms 5 --runs 100 --json || return 1
	ktap_print_msg "$(cat "$work/slow.out")"
	grep -q '"races":0,' "$work/slow.out" && grep -q '"timed_out_runs":[1-9]' "$work/slow.out"
}

bad_mode_is_usage() {
	"$cli" stop --mode bogus > /dev/null 2> "$work/bogus.err"
	status=$?
	ktap_print_msg "stop --mode bogus exited $status: $(head -c 200 "$work/bogus.err")"
	[ $status = 2 ] && grep -q bogus "$work/bogus.err"
}

# The kernel's own view, read through BPF from its BTF: status --json says
# what was read, and --check-kernel holds the CR4 shadow (cpu_tlbstate.cr4)
# against the register cpulab read on each CPU. A kernel built without BTF
# (the debug lanes' allnoconfig) has nothing to read.
kernel_view() {
	run_cli view status --json || return 1
	ktap_print_msg "kernel_view: $(grep -o '"kernel_view":{[^}]*}}' "$work/view.out")"
	grep -q '"variables":{"cr4_shadow":"read"' "$work/view.out" || return 1
	"$cli" status --check-kernel > "$work/agree.out" 2> "$work/agree.err"
	status=$?
	ktap_print_msg "status --check-kernel exited $status: $(cat "$work/agree.out" "$work/agree.err" | head -c 300)"
	[ $status = 0 ] && grep -q 'cpu_tlbstate.cr4' "$work/agree.out"
}

ktap_print_header
if [ ! -e /sys/module/cpulab ]; then
	ktap_skip_all "cpulab is not loaded"
	exit "$KSFT_SKIP"
fi
slow_flush=${CPULAB_STOP_SLOW_FLUSH:-0}
ktap_set_plan $((7 + (slow_flush == 1)))
ktap_test_result status status
if [ -e /sys/kernel/btf/vmlinux ]; then
	ktap_test_result kernel-view kernel_view
else
	ktap_test_skip "kernel-view: this kernel has no BTF (/sys/kernel/btf/vmlinux)"
fi
ktap_test_result cache-mark cache_mark
ktap_test_result stop-hardened stop_hardened
ktap_test_result stop-runs-json stop_runs_json
ktap_test_result cache-flush cache_flush
[ "$slow_flush" = 1 ] && ktap_test_result slow-flush-never-races slow_flush_never_races
ktap_test_result bad-mode-is-usage bad_mode_is_usage
ktap_finished
