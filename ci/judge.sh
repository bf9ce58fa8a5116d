#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# judge.sh CONSOLE_LOG LANE RESULTS: judges one lane's serial console.
#
# Counts every KTAP result (a test missing from its plan counts as failed),
# then the lane's own checks: every skip expected (ci/expected-skips) and
# every expected skip seen, the sentinel reported rc=0, the kernel log
# holds no splat outside ci/splat-allowlist, no extack cpulab formatted was
# truncated, and the kernel's KTAP parser (kunit.py parse) agrees. Prints a line per failure and
# "LANE: N passed, N failed"; appends "passed failed LANE" to RESULTS.
set -uo pipefail

log=${1:?console log}
lane=${2:?lane}
results=${3:?results file}
allowlist="$(dirname "$0")/splat-allowlist"

passed=0 failed=0
fail() { echo "FAIL $lane: $*"; failed=$((failed + 1)); }

clean=$(mktemp)
trap 'rm -f "$clean"' EXIT
tr -d '\r' < "$log" > "$clean" 2>/dev/null || true

# KTAP, per selftest run ("CPULAB-RUN: name" precedes each). A run may
# nest another test's KTAP document as a subtest (KTAP v1: four spaces
# deeper per level, its result line following at the outer level: a shell
# test running a harness binary, selftests/cpulab/lib.sh). As kunit.py
# parse does, the leaves are counted: a result whose test had subtests
# counts only when it failed with every subtest passing (the wrapper failed
# on its own), and then as one failure more than kunit.py sees. Each
# level's plan must be met. ci/judge-test.sh holds the judge to each case.
eval "$(awk -v lane="$lane" '
	function depth_of(line) {
		match(line, /^ */)
		return int(RLENGTH / 4)
	}
	# Ends the subtest documents deeper than level d: their plans must be met.
	function close_levels(d,   l) {
		for (l = top; l > d; l--) {
			if (planned[l] > seen[l]) {
				printf "echo \"FAIL %s/%s: %d of %d planned tests never reported\";\n", lane, run, planned[l] - seen[l], planned[l]
				missing += planned[l] - seen[l]
			}
			planned[l] = 0; seen[l] = 0; leaf_bad[l] = 0
		}
		if (top > d) top = d
	}
	function close_run() {
		if (run != "") close_levels(-1)
	}
	/^CPULAB-RUN: / { close_run(); run = $2; top = 0; planned[0] = 0; seen[0] = 0; leaf_bad[0] = 0; runs++; next }
	run == "" { next }
	/^ *(K?TAP) version [0-9]+$/ {
		d = depth_of($0)
		if (d > top) { top = d; planned[d] = 0; seen[d] = 0; leaf_bad[d] = 0 }
		next
	}
	/^ *1\.\.[0-9]+$/ {
		d = depth_of($0)
		if (d > top) { top = d; planned[d] = 0; seen[d] = 0; leaf_bad[d] = 0 }
		line = $0; sub(/^ */, "", line)
		planned[d] += substr(line, 4)
		next
	}
	/^ *(not )?ok [0-9]+ / {
		d = depth_of($0)
		parent = top > d
		sub_bad = parent ? leaf_bad[d + 1] : 0
		close_levels(d)
		seen[d]++
		line = $0; sub(/^ */, "", line)
		good = line ~ /^ok /
		if (!parent) {
			if (!good) leaf_bad[d]++
			if (good && line ~ /# SKIP/) skip++
			else if (good) ok++
			else bad++
		} else if (!good) {
			leaf_bad[d] += sub_bad > 0 ? sub_bad : 1
			if (sub_bad == 0) { bad++; wrapper_bad++ }
		}
		if (!good) {
			sub(/^not ok [0-9]+ /, "", line)
			gsub(/["$`\\]/, "", line)
			printf "echo \"FAIL %s/%s: %s\";\n", lane, run, line
		}
		next
	}
	END {
		close_run()
		printf "ktap_ok=%d; ktap_bad=%d; ktap_skip=%d; ktap_missing=%d; ktap_runs=%d; ktap_wrapper_bad=%d;\n", ok, bad, skip, missing, runs, wrapper_bad
	}' "$clean")"
echo "$lane: selftests: $ktap_runs runs, $ktap_ok passed, $ktap_bad failed, $ktap_skip skipped, $ktap_missing missing"
passed=$((passed + ktap_ok + ktap_skip))
failed=$((failed + ktap_bad + ktap_missing))
[ "$ktap_runs" -gt 0 ] || fail "no selftest run reported (no CPULAB-RUN line)"

# The kernel's own KTAP parser (kunit.py parse, from linux-source-6.12:
# ci/kselftest-headers.sh) reads each run as a KTAP document of its own and
# must find no parse error and the counts above. A run with tests missing
# has failed already, and the parser counts those differently: the
# agreement is checked on complete consoles only.
kunit="$(dirname "$0")/../build/kselftest/kunit/tools/testing/kunit/kunit.py"
if [ ! -e "$kunit" ]; then
	fail "$kunit missing (make selftests extracts it)"
elif [ "$ktap_missing" -eq 0 ]; then
	runs=$(mktemp -d)
	awk -v dir="$runs" '/^CPULAB-RUN: / { file = sprintf("%s/%04d", dir, ++n) } file { print > file }' "$clean"
	# kunit.py changes directory: absolute paths.
	read -r k_pass k_fail k_skip k_err < <(for run in "$runs"/*; do
		python3 "$kunit" parse "$(realpath "$run")" 2>&1 | grep -a 'Testing complete' | tail -1
	done | awk '{
		for (i = 1; i <= NF; i++) {
			v = $(i + 1); sub(/,$/, "", v)
			if ($i == "passed:") p += v
			else if ($i == "failed:" || $i == "crashed:") f += v
			else if ($i == "skipped:") s += v
			else if ($i == "errors:") e += v
		}
		reports++
	} END { printf "%d %d %d %d\n", p, f, s, e + (ktap_runs - reports) }' ktap_runs="$ktap_runs")
	rm -rf "$runs"
	if [ "$k_err" -eq 0 ] && [ "$k_pass" -eq "$ktap_ok" ] &&
	   [ "$k_fail" -eq $((ktap_bad - ktap_wrapper_bad)) ] &&
	   [ "$k_skip" -eq "$ktap_skip" ]; then
		passed=$((passed + 1))
	else
		fail "kunit.py parse disagrees: $k_pass passed, $k_fail failed, $k_skip skipped, $k_err errors"
	fi
fi

# Every skip must be one the lane expects, by run, test and reason, and
# every skip it expects must happen (ci/skips.py, ci/expected-skips).
expected_skips=${CPULAB_EXPECTED_SKIPS:-$(dirname "$0")/expected-skips}
skip_report=$("$(dirname "$0")/skips.py" "$clean" "$lane" "$expected_skips")
skip_problems=$(grep -c '^FAIL ' <<< "$skip_report")
grep '^FAIL ' <<< "$skip_report"
echo "$lane: $(grep -c 'skipped as expected' <<< "$skip_report") skips as expected ($expected_skips):"
grep 'skipped as expected' <<< "$skip_report" | sed "s/^$lane: skipped as expected: /    /"
if [ "$skip_problems" -eq 0 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + skip_problems))
fi

grep -E '^CPULAB-FAIL: ' "$clean" | sed "s/^/FAIL $lane: /"

if grep -qE '^CPULAB-SENTINEL: rc=0$' "$clean"; then
	passed=$((passed + 1))
elif grep -qE '^CPULAB-SENTINEL: ' "$clean"; then
	fail "sentinel: $(grep -E '^CPULAB-SENTINEL: ' "$clean" | tail -1)"
else
	fail "sentinel missing: the VM crashed, hung or timed out (see $log)"
fi

# Splats: a header line as the kernel prints it (the first token after the
# timestamp, so "RETBleed: WARNING: ..." advice is not one), then its block
# to "---[ end trace" (or "---[ end Kernel panic", or the next CPULAB- line). Allowed blocks come from ci/splat-allowlist for this
# lane. A "Call Trace:" outside any block is a splat of unknown kind.
# A kexec lane (kexec-bochs-6.12) boots its platform's kernels, so the
# platform's entries (bochs-) apply to it too.
platform_lane=$lane
case $lane in
kexec-* | kdump-*) platform_lane=${lane#*-} ;;
esac
splats=$(awk -v lane="$lane" -v platform_lane="$platform_lane" '
	FNR == NR {
		if ($0 ~ /^#/ || NF < 2) next
		prefix = $1
		pattern = $0
		sub(/^[^ \t]+[ \t]+/, "", pattern)
		if (index(lane, prefix) == 1 || index(platform_lane, prefix) == 1) allowed[++n] = pattern
		next
	}
	{
		line = $0
		sub(/^\[ *[0-9]+\.[0-9]+\] /, "", line)
	}
	line ~ /^(BUG:|WARNING:|Oops|general protection fault|Kernel panic|UBSAN:|KASAN:|INFO: task .* blocked|rcu: INFO:|INFO: rcu|watchdog: BUG:)/ ||
	line ~ /(self-detected stall|detected stalls on CPUs|possible circular locking|inconsistent lock state)/ {
		in_block = 1
		block_allowed = 0
		for (i = 1; i <= n; i++)
			if (line ~ allowed[i]) block_allowed = 1
		if (block_allowed)
			print "allowed " FNR ": " line > "/dev/stderr"
		else
			print FNR ": " line
		next
	}
	line ~ /---\[ end (trace|Kernel panic)/ { in_block = 0; next }
	# A block the kernel never ended (a kdump crash jumps to the next
	# kernel mid-report) ends at the next line from ci/vm-init.sh.
	/^CPULAB-/ { in_block = 0 }
	line ~ /Call Trace:/ && !in_block { print FNR ": " line }
' "$allowlist" "$clean" 2>"$clean.allowed")
if [ -s "$clean.allowed" ]; then
	echo "$lane: allowlisted splats (ci/splat-allowlist):"
	sort -u -t: -k2 "$clean.allowed" | sed 's/^/    /'
fi
rm -f "$clean.allowed"
if [ -z "$splats" ]; then
	passed=$((passed + 1))
else
	fail "kernel splat in the console:"
	echo "$splats" | head -20 | sed 's/^/    /'
fi

# NL_SET_ERR_MSG_FMT() cuts a message at NETLINK_MAX_FMTMSG_LEN and logs
# "truncated extack": the client got half of what cpulab meant to say.
truncated=$(grep -n "cpulab: truncated extack" "$clean" | head -5)
if [ -z "$truncated" ]; then
	passed=$((passed + 1))
else
	fail "an extack message was truncated:"
	echo "$truncated" | sed 's/^/    /'
fi

echo "$lane: $passed passed, $failed failed"
echo "$passed $failed $lane" >> "$results"
[ "$failed" -eq 0 ]
