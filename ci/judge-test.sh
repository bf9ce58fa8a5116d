#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# judge-test.sh RESULTS: the judge (ci/judge.sh) against consoles made up
# for it, one per way a lane can pass or fail, so that a judge that stops
# seeing a failure fails here first. Each case is the judge's summary line
# and exit status it must give; appends "passed failed judge-cases" to
# RESULTS. Needs kunit.py (make selftests extracts it).
set -uo pipefail

results=${1:?results file}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# A lane's end as vm-init.sh prints it: a clean kernel log, the sentinel.
ending() {
	printf 'CPULAB-DMESG-BEGIN\n[    1.000000] cpulab: loaded\nCPULAB-DMESG-END\n'
	echo "CPULAB-SENTINEL: rc=${1:-0}"
}

# A harness binary's KTAP: "ok" or "not ok" per argument, indented by $1.
harness() {
	local indent=$1 n=0 result
	shift
	echo "${indent}TAP version 13"
	echo "${indent}1..$#"
	for result in "$@"; do
		n=$((n + 1))
		case $result in
		skip) echo "${indent}ok $n case.skipped_$n # SKIP not here" ;;
		*) echo "${indent}$result $n case.test_$n" ;;
		esac
	done
}

# expect NAME SUMMARY STATUS: the judge on $work/NAME.console must print
# "NAME: SUMMARY" and exit STATUS.
expect() {
	local name=$1 summary=$2 status=$3 out got_status
	out=$(bash ci/judge.sh "$work/$name.console" "$name" /dev/null 2>&1)
	got_status=$?
	if grep -qx "$name: $summary" <<< "$out" && [ "$got_status" = "$status" ]; then
		passed=$((passed + 1))
		echo "judge-test: ok $name ($summary, exit $status)"
	else
		failed=$((failed + 1))
		echo "judge-test: FAIL $name: expected \"$summary\", exit $status; got exit $got_status:"
		sed 's/^/    /' <<< "$out"
	fi
}

# The skips these lanes expect (ci/expected-skips' format).
export CPULAB_EXPECTED_SKIPS="$work/expected-skips"
cat > "$CPULAB_EXPECTED_SKIPS" <<'TABLE'
# LANE OWNER RUN TEST REASON
*-pass * * case.skipped_* not here
skip-missing * all-online/a_test case.never_skipped this skip never happens
skip-owner kernel all-online/a_test case.skipped_* not here
TABLE

# Lanes that pass: results count, skips as passed, plus the judge's five
# checks (every skip expected, kunit.py agrees, sentinel, no splat, no
# truncated extack).
{ echo "CPULAB-RUN: all-online/a_test"; harness "" ok ok skip; ending; } > "$work/flat-pass.console"
expect flat-pass "8 passed, 0 failed" 0
# A shell test nesting a harness binary: the leaves count, not the wrapper.
{ echo "CPULAB-RUN: x/wrapper.sh"; echo "TAP version 13"; echo "1..2"; echo "ok 1 own-check"
  harness "    " ok skip; echo "ok 2 wrapper/a_test"; ending; } > "$work/nested-pass.console"
expect nested-pass "8 passed, 0 failed" 0

# Lanes that fail.
{ echo "CPULAB-RUN: all-online/a_test"; harness "" ok "not ok"; ending 1; } > "$work/flat-fail.console"
expect flat-fail "5 passed, 2 failed" 1
{ echo "CPULAB-RUN: x/wrapper.sh"; echo "TAP version 13"; echo "1..2"; echo "ok 1 own-check"
  harness "    " ok "not ok"; echo "not ok 2 wrapper/a_test"; ending; } > "$work/nested-leaf-fails.console"
expect nested-leaf-fails "7 passed, 1 failed" 1
# A wrapper that reports a failing subtest as passed fails all the same.
{ echo "CPULAB-RUN: x/wrapper.sh"; echo "TAP version 13"; echo "1..2"; echo "ok 1 own-check"
  harness "    " "not ok" ok; echo "ok 2 wrapper/a_test"; ending; } > "$work/nested-leaf-hidden.console"
expect nested-leaf-hidden "7 passed, 1 failed" 1
# The wrapper failed with every subtest passing: one failure of its own,
# which kunit.py (counting leaves only) does not see.
{ echo "CPULAB-RUN: x/wrapper.sh"; echo "TAP version 13"; echo "1..2"; echo "ok 1 own-check"
  harness "    " ok ok; echo "not ok 2 wrapper/a_test"; ending; } > "$work/wrapper-fails.console"
expect wrapper-fails "8 passed, 1 failed" 1
# A nested binary that died after one of its three tests: two missing, and
# the wrapper's own result missing too.
{ echo "CPULAB-RUN: x/wrapper.sh"; echo "TAP version 13"; echo "1..2"; echo "ok 1 own-check"
  echo "    TAP version 13"; echo "    1..3"; echo "    ok 1 case.test_1"; ending; } > "$work/nested-crash.console"
expect nested-crash "6 passed, 3 failed" 1
# A skip the lane does not expect, and an expected one that never happened.
{ echo "CPULAB-RUN: all-online/a_test"; harness "" ok ok skip; ending; } > "$work/skip-unexpected.console"
expect skip-unexpected "7 passed, 1 failed" 1
{ echo "CPULAB-RUN: all-online/a_test"; harness "" ok ok; ending; } > "$work/skip-missing.console"
expect skip-missing "6 passed, 1 failed" 1
# A skip expected only where the kernel owns VMX/SVM: there it passes, on
# a kernel where cpulab does, it fails.
{ echo "CPULAB-KERNEL: virt-owner=kernel"; echo "CPULAB-RUN: all-online/a_test"; harness "" ok ok skip
  ending; } > "$work/skip-owner.console"
expect skip-owner "8 passed, 0 failed" 0
{ echo "CPULAB-KERNEL: virt-owner=cpulab"; echo "CPULAB-RUN: all-online/a_test"; harness "" ok ok skip
  ending; } > "$work/skip-owner.console"
expect skip-owner "7 passed, 1 failed" 1
# No sentinel: the VM died.
{ echo "CPULAB-RUN: all-online/a_test"; harness "" ok; } > "$work/no-sentinel.console"
expect no-sentinel "5 passed, 1 failed" 1
# A splat in the kernel log.
{ echo "CPULAB-RUN: all-online/a_test"; harness "" ok
  printf 'CPULAB-DMESG-BEGIN\n[    2.000000] WARNING: CPU: 1 PID: 9 at x.c:1 f+0x0/0x10\n'
  printf '[    2.000001] ---[ end trace 0000000000000000 ]---\nCPULAB-DMESG-END\nCPULAB-SENTINEL: rc=0\n'
} > "$work/splat.console"
expect splat "5 passed, 1 failed" 1

echo "judge-test: $passed passed, $failed failed"
echo "$passed $failed judge-cases" >> "$results"
[ "$failed" -eq 0 ]
