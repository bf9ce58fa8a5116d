#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lint-module.sh RELEASE [RESULTS]: the build checks of DESIGN.md on the
# products of build-module.sh. Each check prints PASS or FAIL; the counts
# go to RESULTS when given.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?release}
results=${2:-/dev/null}
kdir=$("$root/ci/kernels.sh" kdir "$release")
out="$root/build/kernels/$release/out"
lane="lint-$release"
passed=0 failed=0

check() {
	local name=$1; shift
	local detail
	if detail=$("$@" 2>&1); then
		echo "PASS $lane: $name"
		passed=$((passed + 1))
	else
		echo "FAIL $lane: $name"
		[ -n "$detail" ] && echo "$detail" | head -20 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# Prints what it finds and fails if it found anything.
none_of() { ! grep "$@"; }

build_is_warning_free() { none_of -iE 'warning|error' "$out/build.log"; }
objtool_is_silent() { none_of 'objtool' "$out/build.log"; }

# With return thunks every C++ return must be "jmp __x86_return_thunk".
cxx_has_no_bare_ret() {
	objdump -d --no-show-raw-insn "$out/core_unity.o" | none_of -E '^\s+[0-9a-f]+:\s+ret'
}

cxx_has_no_runtime_sections() {
	objdump -h "$out/core_unity.o" | none_of -E '\.(init_array|ctors|eh_frame|gcc_except_table)'
}

# objtool must have seen the C++ code: per object on 6.1, on the linked
# cpulab.o on 6.12 (IBT delays objtool to the module link).
objtool_annotated_cxx() {
	local target="$out/core_unity.o"
	grep -q '^CONFIG_X86_KERNEL_IBT=y' "$kdir/.config" && target="$out/cpulab.o"
	objdump -h "$target" | grep '\.orc_unwind' > /dev/null || { echo "no .orc_unwind in $target"; return 1; }
	objdump -h "$target" | grep '\.return_sites' > /dev/null || { echo "no .return_sites in $target"; return 1; }
}

imported_symbols() { nm -u "$out/cpulab.ko" | awk '{print $2}'; }

# Every undefined symbol is one the kernel exports (Module.symvers), and
# none is a C++ runtime symbol.
undefined_symbols_are_kernel_exports() {
	local sym bad=0
	for sym in $(imported_symbols); do
		case $sym in __cxa_*|_Unwind_*|_Zn*|_Zd*|__gxx_*|__dso_handle) echo "C++ runtime: $sym"; bad=1; continue ;; esac
		awk -v s="$sym" '$2 == s { found = 1 } END { exit !found }' "$kdir/Module.symvers" ||
			{ echo "not exported by the kernel: $sym"; bad=1; }
	done
	return $bad
}

# The module emulates stopping CPUs and must never really do it: it imports
# nothing that halts, reboots, kexecs or panics, and its code holds no HLT.
# A comment may name these functions (stop.c cites what it mirrors); only
# the linked object says what the module can call.
machine_stoppers='^(smp_send_stop|native_stop_other_cpus|stop_this_cpu|kernel_kexec|__crash_kexec|crash_kexec|'\
'machine_(halt|restart|power_off|emergency_restart|crash_shutdown|shutdown)|emergency_restart|'\
'kernel_(halt|restart|power_off)|orderly_(poweroff|reboot)|hw_protection_shutdown|panic|nmi_panic|'\
'smp_ops|machine_ops)$'
nothing_stops_the_machine() {
	imported_symbols | none_of -E "$machine_stoppers" &&
		objdump -d --no-show-raw-insn "$out/cpulab.ko" | none_of -E '^\s+[0-9a-f]+:\s+hlt\b'
}

license_is_gpl() { modinfo -F license "$out/cpulab.ko" | grep -x 'GPL' > /dev/null; }
vermagic_matches() { modinfo -F vermagic "$out/cpulab.ko" | grep "^$release " > /dev/null; }

check "build is warning-free" build_is_warning_free
check "objtool reports nothing" objtool_is_silent
check "no bare ret in C++ objects" cxx_has_no_bare_ret
check "no .init_array/.ctors/.eh_frame in C++ objects" cxx_has_no_runtime_sections
check "objtool annotated the C++ code" objtool_annotated_cxx
check "undefined symbols are kernel exports only" undefined_symbols_are_kernel_exports
check "imports nothing that halts, reboots, kexecs or panics; no HLT" nothing_stops_the_machine
check "license is GPL" license_is_gpl
check "vermagic is $release" vermagic_matches

echo "$lane: $passed passed, $failed failed"
echo "$passed $failed $lane" >> "$results"
[ "$failed" -eq 0 ]
