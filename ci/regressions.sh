#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# regressions.sh [NAME...]: `make check-regressions`, the regression corpus.
#
# Each regressions/NAME holds mutant.patch, one real upstream bug put back
# into Debian's linux-source-6.12, and entry: the fix it undoes, the
# symptom, the lane that must catch it and the cpulab test that must fail
# there (see regressions/README.md). The run:
#
# 1. builds the corpus's base kernel (ci/cached-kernel.sh regression,
#    cached in ~/.cache) and cpulab.ko, the CLI and the selftests for it;
# 2. runs every lane the corpus uses on the unpatched base: the control,
#    which must pass, or a mutant's failure would prove nothing;
# 3. per mutant: patches a copy of the base tree, rebuilds it
#    incrementally (only what the patch touches), runs its lane, and reads
#    the console: caught when the lane failed and its named test reported
#    "not ok"; then, for contrast, runs the kernel's own
#    cpu-on-off-test.sh -a (QEMU, cpulab loaded) on the same kernel;
# 4. prints the table and one "N passed, N failed" line, where each control
#    lane that passes and each mutant caught counts as passed.
#
# An entry whose bug cannot show in these emulators says why (observable=
# "no: ...") and stays in the table, its patch checked but not run.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/build/regressions"
results="$work/results.txt"
began=$(date +%s)
rm -rf "$work/lanes" && mkdir -p "$work/lanes"
: > "$results"

fail_setup() {
	echo "regressions: $*" >&2
	echo "0 1 setup: $*" >> "$results"
	summary
	exit 1
}

summary() {
	local passed failed
	read -r passed failed < <(awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }' "$results")
	# Named again last, so that a log cut to its tail still says which.
	awk '$2 > 0 { $1 = $2 = ""; sub(/^ +/, ""); print "check-regressions FAILED: " $0 }' "$results"
	echo "total check-regressions: $(( $(date +%s) - began ))s"
	echo "$passed passed, $failed failed"
}

# entry_field NAME FIELD: one field of regressions/NAME/entry.
entry_field() {
	( fix="" subject="" symptom="" lane="" test="" observable=""
	  # shellcheck disable=SC1090
	  . "$root/regressions/$1/entry"; eval "echo \"\$$2\"" )
}

mapfile -t names < <(if [ $# -gt 0 ]; then printf '%s\n' "$@"; else
	find "$root/regressions" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort; fi)
for name in "${names[@]}"; do
	[ -f "regressions/$name/entry" ] && [ -f "regressions/$name/mutant.patch" ] ||
		fail_setup "regressions/$name: no entry or mutant.patch"
done

# ---- 1. the base kernel and what runs on it ---------------------------------

ci/deps.sh > "$work/deps.log" 2>&1 || fail_setup "make deps failed ($work/deps.log)"
make -s user selftests > "$work/userland.log" 2>&1 || fail_setup "the CLI or the selftests failed to build ($work/userland.log)"
ci/cached-kernel.sh regression > "$work/base.log" 2>&1 || { cat "$work/base.log"; fail_setup "the base kernel failed"; }
release=$(tail -n 1 "$work/base.log")
base_tree=$(readlink -f "build/kernels/$release/root/usr/src/linux-headers-$release")
base_src=$(readlink -f "$base_tree/source")
ci/build-module.sh "$release" > "$work/module.log" 2>&1 || { cat "$work/module.log"; fail_setup "cpulab.ko failed"; }
# cpulab.ko is built once, against the base: a mutant changes no exported
# symbol, and the kernel has no module versioning (allnoconfig).
saved_module="$work/cpulab-out"
rm -rf "$saved_module" && cp -a "build/kernels/$release/out" "$saved_module"
echo "regressions: base kernel $release ($(sed -n 's/.*built .* in \([0-9]*s\)/built in \1/p;s/.*cached build.*/cached/p' "$work/base.log"))"

# run_lane KIND LABEL: boots one lane of the corpus (KIND as in the entries'
# lane field) on build/kernels/$release as it is laid out now; the lane is
# named KIND-regress-LABEL, so the judge takes KIND's allowlist entries (a
# kdump lane's expected panic). Returns 0 if it passed.
run_lane() {
	local kind=$1 label=$2 lane scratch platform mode append="" rc
	lane="$kind-regress-$label"
	[ "$kind" = peer ] && lane="qemu-$lane"
	scratch=$(mktemp)
	case $kind in
	qemu) platform=qemu mode=check ;;
	peer) platform=qemu mode=peer ;;
	bochs-vmx) platform=bochs mode=vmx ;;
	kexec-qemu | kdump-qemu | kexec-qemu-kvm | kdump-qemu-kvm | kdump-qemu-post-notifiers)
		platform=qemu mode=${kind%%-*} append=$(ci/lane-variant.sh "$kind") ;;
	kexec-bochs | kdump-bochs | kexec-bochs-offline)
		platform=bochs mode=${kind%%-*} append=$(ci/lane-variant.sh "$kind") ;;
	*) echo "regressions: unknown lane $kind" >&2; return 2 ;;
	esac
	CPULAB_LANE_APPEND=$append "ci/$platform-lane.sh" "$release" "$lane" "$scratch" "$mode" \
		> "$work/lanes/$lane.out" 2>&1
	# The judge's lines for the lane; none at all is a failure too.
	failed=$(awk '{ f += $2 } END { print (NR ? f : 1) }' "$scratch")
	rm -f "$scratch"
	rc=0
	[ "$failed" -eq 0 ] || rc=1
	LAST_CONSOLE="build/lanes/$lane/console.log"
	return $rc
}

# ---- 2. the control ----------------------------------------------------------

mapfile -t lanes < <(for name in "${names[@]}"; do
	[ "$(entry_field "$name" observable)" = yes ] && entry_field "$name" lane; done | sort -u)
lanes+=(peer)
declare -A control control_console
for kind in "${lanes[@]}"; do
	start=$(date +%s)
	if run_lane "$kind" control; then
		control[$kind]=passed
		echo "1 0 control-$kind" >> "$results"
	else
		control[$kind]=FAILED
		echo "0 1 control-$kind: the unpatched base FAILED" >> "$results"
	fi
	control_console[$kind]=$LAST_CONSOLE
	echo "regressions: control $kind on the unpatched base: ${control[$kind]} ($(( $(date +%s) - start ))s)"
done

# passed_in CONSOLE TEST: TEST ran in CONSOLE and passed (a SKIP is no pass;
# a test nested in a shell test's KTAP counts too).
passed_in() {
	grep -E "^ *ok [0-9]+ ${2//./\\.}"$'\r?$' "$1" > /dev/null
}

# ---- 3. the mutants ----------------------------------------------------------

# The mutants' tree: a copy of the base's objects, rebuilt in place mutant
# after mutant, against the cached sources with one patch applied at a
# time. The copy's build files name those sources by their absolute path
# (the compiler's -I), so a tree at another path would rebuild everything;
# the patch is therefore applied in the cache and taken back out after the
# build. Until then the cache holds a marker naming the patch, which
# ci/cached-kernel.sh takes back out if this run was killed halfway.
tree="$work/obj"
rm -rf "$tree" && cp -a "$base_tree" "$tree"
marker="$(dirname "$base_tree")/.mutated"

# unpatch PATCH: takes PATCH back out of the cached sources.
unpatch() {
	(cd "$base_src" && patch -R -p1 -s < "$1") && rm -f "$marker"
}

rows=()
for name in "${names[@]}"; do
	patch="$root/regressions/$name/mutant.patch"
	fix=$(entry_field "$name" fix) subject=$(entry_field "$name" subject)
	kind=$(entry_field "$name" lane) test=$(entry_field "$name" test)
	observable=$(entry_field "$name" observable)
	if [ "$observable" != yes ]; then
		if (cd "$base_src" && patch -p1 --dry-run -s < "$patch" > /dev/null); then
			rows+=("$name|$fix $subject|$kind|$test|not observable here|not run|-")
		else
			rows+=("$name|$fix $subject|$kind|$test|PATCH DOES NOT APPLY|not run|-")
			echo "0 1 $name: PATCH DOES NOT APPLY" >> "$results"
		fi
		continue
	fi
	if ! passed_in "${control_console[$kind]}" "$test"; then
		rows+=("$name|$fix $subject|$kind|$test|NOT JUDGED: $test did not pass on the base|-|-")
		echo "0 1 $name: NOT JUDGED, $test did not pass on the base" >> "$results"
		continue
	fi
	start=$(date +%s)
	echo "$patch" > "$marker"
	if ! (cd "$base_src" && patch -p1 -s < "$patch"); then
		rm -f "$marker"
		rows+=("$name|$fix $subject|$kind|$test|PATCH DOES NOT APPLY|-|-")
		echo "0 1 $name: PATCH DOES NOT APPLY" >> "$results"
		continue
	fi
	verdict="" by="" contrast="-"
	if ! make -C "$tree" ARCH=x86_64 -j"$(nproc)" bzImage modules > "$work/$name.build.log" 2>&1; then
		verdict="BUILD FAILED"
	elif ! ci/kernel-tree.sh layout "$tree" kexec > "$work/$name.layout.log" 2>&1; then
		verdict="LAYOUT FAILED"
	fi
	unpatch "$patch" || fail_setup "could not take $name's patch back out of $base_src"
	built=$(( $(date +%s) - start ))
	if [ -z "$verdict" ]; then
		rm -rf "build/kernels/$release/out" && cp -a "$saved_module" "build/kernels/$release/out"
		lane_start=$(date +%s)
		if run_lane "$kind" "$name"; then
			verdict=MISSED by="nothing failed"
		else
			# The first three failing tests, in the order they failed.
			failing=$(tr -d '\r' < "$LAST_CONSOLE" | sed -nE 's/^ *not ok [0-9]+ ([a-z_/-]+\.[a-z_]+).*$/\1/p' |
				  awk '!seen[$0]++' | head -n 3 | paste -sd, -)
			if grep -E "^ *not ok [0-9]+ ${test//./\\.}( #.*)?"$'\r?$' "$LAST_CONSOLE" > /dev/null; then
				verdict=caught by=$test
			elif [ -n "$failing" ]; then
				verdict="caught, not by $test" by=$failing
			else
				verdict="caught, by no test" by="the lane failed without a test verdict"
			fi
		fi
		lane_time=$(( $(date +%s) - lane_start ))
		if run_lane peer "$name"; then contrast=passed; else contrast="FAILED (caught)"; fi
	fi
	case $verdict in
	caught*) echo "1 0 $name" >> "$results" ;;
	*) echo "0 1 $name: $verdict${by:+ ($by)}" >> "$results" ;;
	esac
	echo "regressions: $name: $verdict${by:+ ($by)}; built in ${built}s, lane $kind ${lane_time:-0}s;" \
	     "cpu-on-off-test.sh -a: $contrast"
	rows+=("$name|$fix $subject|$kind (${lane_time:-0}s)|$by|$verdict|$contrast|${built}s")
done

# ---- 4. the table ----------------------------------------------------------

echo
echo "| mutant | upstream fix it undoes | lane (time) | caught by | verdict | cpu-on-off-test.sh -a | rebuild |"
echo "|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
	echo "| ${row//|/ | } |"
done
echo
for kind in "${lanes[@]}"; do
	echo "control $kind (unpatched base): ${control[$kind]}"
done
summary
failed=$(awk '{ f += $2 } END { print f + 0 }' "$results")
[ "$failed" -eq 0 ]
