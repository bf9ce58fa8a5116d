#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cpulab's module lifetime, as a kselftest TEST_PROGS script with KTAP
# output through the kernel's ktap_helpers.sh:
#   1. load-unload: N times, load with virtualization on, attach `cpulab
#      monitor` (proven attached by the event of an audit), unload; the
#      monitor must see the family vanish and exit 0 by itself.
#   2. rmmod-under-load: unload while CLI dumps and STOPs run in a loop;
#      the module must be gone afterwards, at the latest on a second try.
#
# It loads and unloads cpulab itself, so cpulab must not be loaded.
#   CPULAB_MODULE            cpulab.ko to insmod (default: modprobe cpulab)
#   CPULAB_CLI               the CLI (default: cpulab on PATH)
#   CPULAB_LIFETIME_CYCLES   load/unload cycles (default 100)

. "$(dirname "$0")/lib.sh"

cli=${CPULAB_CLI:-cpulab}
cycles=${CPULAB_LIFETIME_CYCLES:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

load_unload() {
	done=0 bad=""
	for cycle in $(seq "$cycles"); do
		load_cpulab || { bad="loading failed at cycle $cycle"; break; }
		unload_with_monitor || { bad="cycle $cycle: $unload_problem"; break; }
		done=$cycle
	done
	ktap_print_msg "$done of $cycles load/unload cycles with virtualization on and a monitor attached${bad:+; $bad}"
	[ -z "$bad" ] && [ "$done" = "$cycles" ]
}

rmmod_under_load() {
	load_cpulab || { ktap_print_msg "loading failed"; return 1; }
	# Each loop ends when the family is gone, or, when the unload was
	# refused (busybox rmmod does not wait: a dump in flight holds a module
	# reference, and delete_module says EAGAIN), once told to.
	(while [ ! -e "$work/unload-tried" ] && "$cli" status > /dev/null 2>&1; do
		: > "$work/dumped"; done) &
	dumper=$!
	(while [ ! -e "$work/unload-tried" ] && "$cli" stop --runs 5 > /dev/null 2>&1; do
		: > "$work/stopped"; done) &
	stopper=$!
	for try in $(seq 600); do
		[ -e "$work/dumped" ] && [ -e "$work/stopped" ] && break
		sleep 0.05
	done
	timeout 120 rmmod cpulab
	first=$?
	: > "$work/unload-tried"
	wait $dumper $stopper
	[ -e /sys/module/cpulab ] && timeout 60 rmmod cpulab
	gone=$([ -e /sys/module/cpulab ] && echo no || echo yes)
	ktap_print_msg "rmmod during dumps and STOPs exited $first; module gone afterwards: $gone"
	[ "$gone" = yes ]
}

ktap_print_header
if [ -e /sys/module/cpulab ]; then
	ktap_skip_all "cpulab is loaded; this test loads and unloads it"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 2
ktap_test_result "load-unload-$cycles" load_unload
ktap_test_result rmmod-under-load rmmod_under_load
ktap_finished
