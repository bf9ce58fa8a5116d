#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh [check|quick|kexec|kernel]: `make check`, the whole matrix,
# `make quick`, the developer loop, `make check-kexec`, the kexec lanes
# alone, or `make check KERNEL=TREE`, a developer's own kernel. Ends with
# each step's timing and one "N passed, N failed" line over everything.
#
# check: every build, the unit tests, the module lint for each lane kernel,
# and every lane: QEMU (SVM) and Bochs (VMX) on Debian's 6.1 and 6.12, on
# the newest 7.x (trixie-backports, built in ci/trixie-root.sh's chroot;
# the kernel owns VMX/SVM there) and on the debug kernel.
# quick: the unit tests, the lint for every kernel, qemu-6.12 with the
# whole suite, its kexec and kdump lanes, bochs-6.12 with the VMX subset
# (lane bochs-6.12-vmx), and on the newest 7.x qemu-7 and kexec-qemu-7.
# kexec: the kexec lanes on 6.12 and 7.x (a real kexec -e or kdump crash
# into a second kernel, ci/vm-kexec.sh) and their mutant runs
# (ci/kexec-mutant.sh); check runs all but the Bochs extras.
# kernel: $KERNEL, a kbuild output directory (ci/kernel-tree.sh), checked
# for every option cpulab needs before anything runs; then the unit tests,
# cpulab.ko built and linted against it, the QEMU lane with the whole
# suite and the Bochs lane with the VMX subset, on it.
#
# The machine has two cores and every emulator is single-threaded, so the
# work runs as two chains at once, each a sequence of steps; a step that
# needs another chain's product waits for it (await). The longest path is
# started first and given priority: in check, the debug kernel's build
# (both cores) and then bochs-debug, the longest lane; the other lanes are
# a pool that both chains draw from, longest first.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=${1:-check}
case $profile in
check | quick | kexec) ;;
kernel)
	# Refused before anything is installed or built, naming every gap.
	[ -n "${KERNEL:-}" ] || { echo "check.sh kernel: set KERNEL=/path/to/kbuild/output" >&2; exit 2; }
	ci/kernel-tree.sh check "$KERNEL" || exit 2
	;;
*) echo "usage: check.sh [check|quick|kexec|kernel]" >&2; exit 2 ;;
esac

build="$root/build"
timings="$build/timings.txt"
stamps="$build/stamps"
mkdir -p "$build"
rm -rf "$stamps" "$build/results" "$build"/chain-*.log
mkdir -p "$stamps" "$build/results"
: > "$timings"
# 7: the newest 7.x, whose kernel owns VMX/SVM (its tests skip, by name, the
# parts that need cpulab's own VMXON, and test the kernel's owner instead).
series=(6.1 6.12 7)
began=$(date +%s)
# The terminal: each chain's output goes to its own log (printed at the
# end), and one line per step begun or ended comes here as it happens.
exec 3>&1
results="$build/results/setup.txt"
chain_name=setup
: > "$results"

# step NAME COMMAND...: runs and times one step and leaves a stamp
# (NAME.ok or NAME.failed) for other chains to await. A step that fails
# without recording results of its own counts as one failure.
step() {
	local name=$1; shift
	local start before rc
	start=$(date +%s)
	before=$(wc -l < "$results")
	[ "$chain_name" = setup ] || echo "==> $name"
	printf '%6ds  %-7s ==> %s\n' "$((start - began))" "$chain_name" "$name" >&3
	"$@"
	rc=$?
	echo "$((start - began)) $(( $(date +%s) - start )) $name" >> "$timings"
	printf '%6ds  %-7s <== %s (%ss%s)\n' "$(( $(date +%s) - began ))" "$chain_name" "$name" \
		"$(( $(date +%s) - start ))" "$([ "$rc" -eq 0 ] || echo ", exit $rc")" >&3
	if [ "$rc" -ne 0 ] && [ "$(wc -l < "$results")" -eq "$before" ]; then
		echo "FAIL $name (exit $rc)"
		echo "0 1 $name" >> "$results"
	fi
	if [ "$rc" -eq 0 ]; then touch "$stamps/$name.ok"; else touch "$stamps/$name.failed"; fi
	return $rc
}

# await CHAIN STEP...: waits until each STEP of CHAIN has succeeded; fails
# as soon as one failed, or CHAIN ended without making it.
await() {
	local chain=$1 name
	shift
	for name in "$@"; do
		until [ -e "$stamps/$name.ok" ]; do
			[ -e "$stamps/$name.failed" ] && return 1
			[ -e "$stamps/chain-$chain.done" ] && [ ! -e "$stamps/$name.ok" ] && return 1
			sleep 2
		done
	done
}

# chain NAME FUNCTION: runs FUNCTION in the background with results and a
# log of its own; stamps chain-NAME.done when it ends, however it ends.
chain_pids=()
chain() {
	local name=$1 function=$2
	(
		chain_name=$name
		results="$build/results/$name.txt"
		: > "$results"
		trap 'touch "$stamps/chain-$chain_name.done"' EXIT
		"$function"
	) > "$build/chain-$name.log" 2>&1 &
	chain_pids+=($!)
}

unit_tests() {
	local log="$build/ctest.log" total failed
	(cd user/build && ctest --output-on-failure -j2) > "$log" 2>&1
	tail -n 3 "$log" | grep -E 'tests passed|tests failed'
	grep -E '^\s+[0-9]+ - .*\(Failed|\(Subprocess|\(Timeout|\(SEGFAULT|Not Run' "$log"
	total=$(sed -nE 's/.* tests failed out of ([0-9]+).*/\1/p' "$log")
	failed=$(sed -nE 's/.* ([0-9]+) tests failed out of .*/\1/p' "$log")
	[ -n "$total" ] || { echo "unit: no ctest summary"; return 1; }
	echo "$((total - failed)) $failed unit-tests" >> "$results"
	[ "$failed" -eq 0 ]
}

# The files generated from spec/cpulab.yaml (uapi header, kernel policies
# and ops, the CLI's names, the protocol reference) are what a fresh
# `make regen` writes: one check.
generated_files() {
	if ci/ynl.sh check; then
		echo "1 0 generated-files" >> "$results"
	else
		echo "0 1 generated-files" >> "$results"
		return 1
	fi
}

# module_and_lint SERIES: builds cpulab.ko for a lane kernel and lints it.
module_and_lint() {
	local s=$1 r
	r=$(release_of "$s") || { echo "FAIL no $s kernel found"; echo "0 1 kernel-$s" >> "$results"; return 1; }
	step "build-module-$s" ci/build-module.sh "$r" &&
		step "lint-module-$s" ci/lint-module.sh "$r" "$results"
}

# lane KIND SERIES [MODE [LANE]]: boots one lane if everything it packs was
# built. Lanes are named KIND-SERIES unless told otherwise. The 6.12 lanes
# of both platforms also run the coarse STOP grid (stop_grid_test): its
# cells measure the platform's timing, not the kernel's version, and the
# fine grid is make bench-stop's.
lane() {
	local kind=$1 s=$2 mode=${3:-check} name=${4:-$1-$2} r append="" knob
	r=$(release_of "$s")
	case $name in
	qemu-6.12 | bochs-6.12) append="cpulab.stop_grid=coarse" ;;
	kexec-* | kdump-*) append=$(ci/lane-variant.sh "$name") ;;
	esac
	if [ -n "$r" ] && [ -e "build/kernels/$r/out/cpulab.ko" ] && [ -x user/build/cpulab ] &&
	   [ -x selftests/cpulab/cpulab_test ]; then
		case $name in
		*-skip-shutdown-hooks | *-skip-emergency)
			knob=${name##*-skip-}
			step "lane-$name" ci/kexec-mutant.sh "$kind" "$r" "$name" "$results" "$mode" \
				"test_skip_${knob//-/_}" ;;
		*)
			CPULAB_LANE_APPEND=$append step "lane-$name" "ci/$kind-lane.sh" "$r" "$name" "$results" "$mode" ;;
		esac
	else
		echo "FAIL $name: nothing to boot (a build step failed)"
		echo "0 1 $name" >> "$results"
	fi
}

# The kernel releases the lanes boot, found once (build/releases/SERIES).
release_of() { cat "$build/releases/$1" 2>/dev/null; }

# ---- the steps every profile starts with, one at a time ----------------

step deps ci/deps.sh
rm -rf "$build/releases" && mkdir -p "$build/releases"
# A developer's kernel is the only one its profile boots.
[ "$profile" = kernel ] && series=()
# quick fetches 7.x in its main chain, while Bochs boots; kexec boots
# 6.12 and 7.x.
[ "$profile" = quick ] && series=(6.1 6.12)
[ "$profile" = kexec ] && series=(6.12 7)
# fetch_series SERIES: finds and unpacks its newest kernel (build/releases/SERIES).
fetch_series() {
	local s=$1 r
	if r=$(ci/kernels.sh release "$s") && [ -n "$r" ]; then
		step "fetch-kernel-$s" ci/kernels.sh fetch "$r" && echo "$r" > "$build/releases/$s"
	else
		echo "FAIL no $s kernel found"
		echo "0 1 kernel-$s" >> "$results"
	fi
}

# 7.x needs the trixie chroot first (about a minute): in check, the main
# chain fetches it while the debug kernel builds and it would idle anyway.
for s in "${series[@]}"; do
	[ "$profile" = check ] && [ "$s" = 7 ] && continue
	fetch_series "$s"
done

if [ "$profile" = kernel ]; then
	# Its release is build/releases/kernel: lanes qemu-kernel and
	# bochs-kernel-vmx, steps build-module-kernel and lint-module-kernel.
	if step layout-kernel ci/kernel-tree.sh layout "$KERNEL" > "$build/layout-kernel.log" 2>&1; then
		tail -n 1 "$build/layout-kernel.log" > "$build/releases/kernel"
	else
		cat "$build/layout-kernel.log"
	fi
fi

# ---- check ---------------------------------------------------------------

# The critical path: the debug kernel (KASAN, lockdep, debug objects and
# kmemleak; ci/cached-kernel.sh debug, cached by config hash in ~/.cache, so a
# rerun skips the build) on both cores, then bochs-debug, the longest lane.
check_debug_chain() {
	local log="$build/debug-kernel.log"
	if step debug-kernel ci/cached-kernel.sh debug > "$log" 2>&1; then
		sed 's/^/  /' "$log"
		tail -n 1 "$log" > "$build/releases/debug"
		step build-module-debug ci/build-module.sh "$(release_of debug)"
	else
		cat "$log"
	fi
	await main build-user build-selftests
	# ci/bochs-lane.sh gives a KASAN kernel its own ips, memory and timeout.
	lane bochs debug vmx
	lane_pool
}

# Everything else. Its builds run at nice 10 while the debug kernel builds:
# bochs-debug needs the selftests and the CLI as soon as the kernel is
# built, and at nice 10 they are ready by then (CLI 649 s beside a 666 s
# kernel build), at nice 19 they were not (744 s beside 698 s, which
# started bochs-debug 90 s late). The selftests come first: they are
# needed too and take seconds. And
# its QEMU lanes start only once that build is over: a QEMU guest's clock
# is the host's, and a starved one reports soft lockups and RCU stalls.
check_main_chain() {
	local nice=""
	nice -n 10 true 2>/dev/null && nice="nice -n 10"
	step build-selftests $nice make -s selftests
	step judge-test ci/judge-test.sh "$results"
	step generated-files generated_files
	step build-user $nice make -s user
	step unit-tests unit_tests
	fetch_series 7
	for s in "${series[@]}"; do
		module_and_lint "$s"
	done
	await debug debug-kernel
	lane_pool
}

# The lanes either chain may run, longest first (alone: qemu-debug about
# 450 s, a Debian Bochs lane 320-350 s, a Debian QEMU lane 150 s, a QEMU
# kexec lane or mutant 20 s). Each chain takes the next one nobody has
# claimed (mkdir is the lock) once its own work is done, so neither idles
# while the other has a queue.
# The kexec lanes (ci/vm-kexec.sh, named KIND-PLATFORM-SERIES[-VARIANT]):
# Bochs' two take 5-6 min each, QEMU's about 20 s.
kexec_bochs=(kdump-bochs-7 kdump-bochs-6.12 kexec-bochs-6.12)
# On 7.x (kexec-qemu-7, kdump-qemu-7) KVM holds virtualization for the
# kernel's owner, and the second kernel runs kernel_virt.sh as well.
kexec_qemu=(kexec-qemu-6.12 kdump-qemu-6.12 kdump-qemu-6.12-stop-ipi kdump-qemu-6.12-stop-nmi
	    kexec-qemu-6.12-kvm kdump-qemu-6.12-kvm kexec-qemu-6.12-offline kdump-qemu-6.12-post-notifiers
	    kexec-qemu-6.12-skip-shutdown-hooks
	    kdump-qemu-6.12-skip-emergency kexec-qemu-7 kdump-qemu-7)
# Only make check-kexec: Bochs' KVM peer, its mutant runs, a kexec with an
# offline CPU (the one platform where it waits in MWAIT), and 7.x's VMX
# kexec (make check has its kdump: the crash path is the one that must
# turn VMX off on CPUs it interrupts), another 10 min of emulator.
kexec_bochs_extra=(kdump-bochs-6.12-kvm kdump-bochs-6.12-skip-emergency kexec-bochs-6.12-skip-shutdown-hooks
		   kexec-bochs-6.12-offline kexec-bochs-7)
pool=(qemu-debug bochs-6.1 bochs-6.12 bochs-7 "${kexec_bochs[@]}" qemu-6.1 qemu-6.12 qemu-7
      "${kexec_qemu[@]}")
lane_pool() {
	local name rest s
	for name in "${pool[@]}"; do
		mkdir "$stamps/claim-$name" 2>/dev/null || continue
		case $name in
		# A chain never awaits itself: its own steps are over by now, and
		# a step it skipped would never be stamped. A lane whose product
		# is missing is counted as failed by lane().
		qemu-debug)
			# The whole suite under the debug kernel.
			[ "$chain_name" = debug ] || await debug build-module-debug
			CPULAB_QEMU_TIMEOUT=1800 lane qemu debug
			;;
		# KIND-PLATFORM-SERIES[-KNOB]: the kexec lanes, and their mutant
		# runs with one test-only knob set (ci/kexec-mutant.sh).
		kexec-* | kdump-*)
			rest=${name#*-}
			s=${rest#*-}
			s=${s%%-*}
			[ "$chain_name" = main ] || await main "build-module-$s"
			lane "${rest%%-*}" "$s" "${name%%-*}" "$name"
			;;
		*)
			[ "$chain_name" = main ] || await main "build-module-${name#*-}"
			lane "${name%%-*}" "${name#*-}"
			;;
		esac
	done
}

# ---- quick ---------------------------------------------------------------

# The VMX platform's chain: the CLI's build, then bochs-6.12, then the
# 7.x QEMU lanes, whose kernel and module the other chain makes while Bochs
# boots. That chain builds the rest meanwhile, and runs the unit tests and
# qemu-6.12 while Bochs boots.
quick_vmx_chain() {
	step build-user make -s user
	await main build-selftests build-module-6.12 || return
	lane bochs 6.12 vmx bochs-6.12-vmx
	await main build-module-7 || return
	lane qemu 7 check qemu-7
	lane qemu 7 kexec kexec-qemu-7
}

quick_main_chain() {
	step build-selftests make -s selftests
	step judge-test ci/judge-test.sh "$results"
	step generated-files generated_files
	module_and_lint 6.12
	module_and_lint 6.1
	fetch_series 7
	module_and_lint 7
	await vmx build-user || return
	step unit-tests unit_tests
	lane qemu 6.12
	# A real kexec and a real crash into a second kernel: 20 s each.
	lane qemu 6.12 kexec kexec-qemu-6.12
	lane qemu 6.12 kdump kdump-qemu-6.12
}

# ---- kernel (KERNEL=TREE) -----------------------------------------------------

# As quick's chains, on the one kernel. A kernel built with KASAN gets the
# debug lane's emulator settings from ci/bochs-lane.sh: Bochs takes 25-30
# minutes on it instead of 5.
kernel_vmx_chain() {
	step build-user make -s user
	await main build-selftests build-module-kernel || return
	lane bochs kernel vmx bochs-kernel-vmx
}

kernel_main_chain() {
	step build-selftests make -s selftests
	module_and_lint kernel
	await vmx build-user || return
	step unit-tests unit_tests
	CPULAB_QEMU_TIMEOUT=1800 lane qemu kernel
}

# ---- kexec -----------------------------------------------------------------

# Only what the kexec lanes need: 6.12's module, the CLI and the selftests;
# then both chains draw the kexec lanes, Bochs' first.
kexec_vmx_chain() {
	step build-user make -s user
	await main build-selftests build-module-6.12 || return
	lane_pool
}

kexec_main_chain() {
	step build-selftests make -s selftests
	module_and_lint 6.12
	module_and_lint 7
	await vmx build-user || return
	lane_pool
}

# Both chains start once the serial steps are done.
case $profile in
check)
	chain debug check_debug_chain
	chain main check_main_chain
	;;
quick)
	chain vmx quick_vmx_chain
	chain main quick_main_chain
	;;
kernel)
	chain vmx kernel_vmx_chain
	chain main kernel_main_chain
	;;
kexec)
	pool=("${kexec_bochs_extra[@]}" "${kexec_bochs[@]}" "${kexec_qemu[@]}")
	chain vmx kexec_vmx_chain
	chain main kexec_main_chain
	;;
esac
wait "${chain_pids[@]}"

for log in "$build"/chain-*.log; do
	echo
	echo "---- ${log#$root/} ----"
	cat "$log"
done
echo
echo "Step timings (start, duration; ci/bench-table.sh has the lanes' stages):"
sort -n "$timings" | awk '{ printf "  %6ds %6ds  %s\n", $1, $2, $3 }'
echo "  total ${profile}: $(( $(date +%s) - began ))s"
cat "$build"/results/*.txt > "$build/results.txt"
echo
echo "Results:"
awk '{ printf "  %-38s %4d passed, %d failed\n", $3, $1, $2 }' "$build/results.txt"
read -r passed failed < <(awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }' "$build/results.txt")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
