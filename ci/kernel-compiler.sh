# SPDX-License-Identifier: GPL-2.0
# Sourced: kernel_compiler KDIR finds the compiler a kernel tree was built
# with and where it runs, for everything that runs kbuild in that tree
# (ci/build-module.sh, ci/kernel-tree.sh, ci/cached-kernel.sh).
#
# The tree's CONFIG_CC_VERSION_TEXT names it: its program name as invoked,
# then its version ("gcc-14 (Debian 14.2.0-19) 14.2.0"). Kbuild takes CC
# from the command line, so a tree built with `make CC=gcc-14` does not say
# so in its Makefile, and a `make` in it with another compiler would
# re-run Kconfig against that one (syncconfig: CC_VERSION_TEXT changed);
# cpulab's C++ compiler is derived from CC (module/Kbuild). The compiler
# is looked for on this machine, then in the project's trixie chroot
# (ci/trixie-root.sh), where the 7.x kernels' gcc-14 lives. The same major
# version or none: kbuild's flags and the kernel's feature tests
# (-fmin-function-alignment, CC_HAS_*) are chosen by it.
#
# Sets kbuild_cc (the program) and kbuild_run (the command prefix that
# runs it: empty, or the chroot with the tree bound in); returns 1 saying
# which compiler is needed and why when neither place has it.

kernel_compiler() {
	local kdir=$1 text version tree binds candidate found
	local ci_dir
	ci_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$kdir/.config" 2>/dev/null)
	if [ -z "$text" ]; then
		echo "kernel-compiler: $kdir/.config has no CONFIG_CC_VERSION_TEXT" >&2
		return 1
	fi
	kbuild_cc=${text%% *} version=${text##* }
	# A tree outside the clone is bound into the chroot, with its sources
	# where it was built with O=.
	tree=$(realpath "$kdir")
	binds=$tree
	[ -e "$tree/source" ] && binds="$binds:$(realpath "$tree/source")"
	for candidate in host chroot; do
		if [ $candidate = host ]; then
			kbuild_run=()
		else
			[ -x "$(command -v mmdebstrap)" ] || [ -e "$ci_dir/../build/trixie/root/.made" ] || continue
			kbuild_run=(env CPULAB_CHROOT_BINDS="$binds" "$ci_dir/trixie-root.sh" run)
		fi
		found=$("${kbuild_run[@]}" sh -c 'command -v "$0" > /dev/null && "$0" -dumpfullversion' \
			"$kbuild_cc" 2>/dev/null) || continue
		if [ "${found%%.*}" = "${version%%.*}" ]; then
			[ "$found" = "$version" ] ||
				echo "kernel-compiler: $candidate's $kbuild_cc is $found, the tree's $version (same major version)" >&2
			return 0
		fi
		echo "kernel-compiler: $candidate's $kbuild_cc is $found, the tree was built with $version" >&2
	done
	echo "kernel-compiler: $kdir was built with \"$text\" (CONFIG_CC_VERSION_TEXT), and neither" \
	     "this machine nor the trixie chroot (ci/trixie-root.sh; make deps) has $kbuild_cc" \
	     "${version%%.*}: kbuild in that tree, cpulab's module included, must run with the" \
	     "compiler that configured it (its flags and feature tests are that compiler's)" >&2
	return 1
}
