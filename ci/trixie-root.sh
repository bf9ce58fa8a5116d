#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian 13 (trixie) in a chroot of the project's own: the 7.x kernels come
# from trixie-backports and are built with trixie's gcc-14 (the bookworm
# gcc-12 rejects their -fmin-function-alignment), so they are found and
# built in here.
#
#   trixie-root.sh make      create it under build/trixie (idempotent, ~20 s)
#   trixie-root.sh mirror    the archive it is made from: this machine's
#                            own apt sources' Debian mirror
#   trixie-root.sh run CMD   run CMD in it, in the current directory; the
#                            clone (and CPULAB_CHROOT_BINDS) is visible at
#                            its own path, so paths under build/ mean the
#                            same inside and out
#
# Each run has a mount namespace of its own (unshare): its /proc and the
# bind mount of the clone vanish with it, so no failure leaves a mount
# behind and two runs at once do not disturb each other.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
chroot_dir="$root/build/trixie/root"
# What builds cpulab for 7.x, and a 7.x kernel itself (ci/cached-kernel.sh
# regression-7: flex and bison for Kconfig, xz for its tarball, python3 for
# the BTF tools' libbpf).
packages=gcc-14,g++-14,make,libelf-dev,pahole,kmod,bc,ca-certificates,binutils,flex,bison,xz-utils,python3

# apt_mirror: the Debian archive this machine's own apt reaches, from its
# deb822 sources (/etc/apt/sources.list.d/*.sources) or one-line ones
# (sources.list, sources.list.d/*.list): the first URI of a "deb" entry
# whose suites are the release itself, not -security (a separate archive
# that has no trixie-backports). The tree names no archive host: a lab
# behind its own mirror builds the chroot from that mirror.
apt_mirror()
{
	local file uri
	for file in /etc/apt/sources.list.d/*.sources; do
		[ -r "$file" ] || continue
		# One stanza per paragraph: Types, URIs and Suites in any order.
		uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
			{
				types = uris = suites = ""
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^Types:/) types = $i
					else if ($i ~ /^URIs:/) uris = $i
					else if ($i ~ /^Suites:/) suites = $i
				}
				if (types ~ /[ \t]deb([ \t]|$)/ && suites !~ /-security/ && uris != "") {
					split(uris, word, /[ \t]+/)
					print word[2]
					exit
				}
			}' "$file")
		[ -n "$uri" ] && { echo "${uri%/}"; return 0; }
	done
	for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$file" ] || continue
		uri=$(awk '$1 == "deb" && $0 !~ /-security/ {
				for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit }
			}' "$file")
		[ -n "$uri" ] && { echo "${uri%/}"; return 0; }
	done
	echo "trixie-root: no Debian archive in this machine's apt sources" \
	     "(/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list): the chroot needs one" >&2
	return 1
}

make_root()
{
	# .made holds the package list it was made with: a chroot from an
	# older list gets what the list added, nothing made anew.
	if [ -e "$chroot_dir/.made" ]; then
		[ "$(cat "$chroot_dir/.made")" = "$packages" ] && return 0
		if ! chroot "$chroot_dir" apt-get install -y -q --no-install-recommends ${packages//,/ } \
			> "$chroot_dir/.install.log" 2>&1; then
			tail -n 20 "$chroot_dir/.install.log" >&2
			echo "trixie-root: could not add to the chroot: ${packages//,/ }" >&2
			return 1
		fi
		echo "$packages" > "$chroot_dir/.made"
		return
	fi
	local mirror
	mirror=$(apt_mirror)
	echo "trixie-root: trixie and trixie-backports from $mirror (this machine's apt sources)" >&2
	rm -rf "$chroot_dir" && mkdir -p "$(dirname "$chroot_dir")"
	mmdebstrap --quiet --variant=apt --components=main --include="$packages" \
		trixie "$chroot_dir" "deb $mirror trixie main" \
		"deb $mirror trixie-backports main" >/dev/null
	# mmdebstrap empties the package lists; kernels.sh searches them.
	chroot "$chroot_dir" apt-get update -q >/dev/null
	echo "$packages" > "$chroot_dir/.made"
}

# CPULAB_CHROOT_BINDS: more directories, colon-separated, visible inside
# at their own paths (a developer's kernel tree outside the clone, the
# cache the project's own kernels are built in).
run_in_root()
{
	make_root
	local inner binds=$root dir
	local -a extra
	IFS=: read -r -a extra <<< "${CPULAB_CHROOT_BINDS:-}"
	for dir in "${extra[@]}"; do
		[ -n "$dir" ] || continue
		[ -d "$dir" ] || { echo "trixie-root: $dir (CPULAB_CHROOT_BINDS) is not a directory" >&2; return 1; }
		binds="$binds:$(realpath "$dir")"
	done
	inner='IFS=: read -r -a binds <<< "$2" &&
		mount -t proc proc "$1/proc" &&
		for dir in "${binds[@]}"; do
			mkdir -p "$1$dir" && mount --bind "$dir" "$1$dir" || exit 1
		done &&
		cd "$3" && exec chroot "$1" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$3" "${@:4}"'
	unshare --mount --propagation private \
		/bin/bash -c "$inner" inner "$chroot_dir" "$binds" "$PWD" "$@"
}

case "${1:-}" in
make) make_root ;;
mirror) apt_mirror ;;
run) shift; run_in_root "$@" ;;
*) echo "usage: trixie-root.sh make | mirror | run CMD..." >&2; exit 2 ;;
esac
