#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian 13 (trixie) in a chroot of the project's own: the 7.x kernels come
# from trixie-backports and are built with trixie's gcc-14 (the bookworm
# gcc-12 rejects their -fmin-function-alignment), so they are found and
# built in here.
#
#   trixie-root.sh make      create it under build/trixie (idempotent, ~20 s)
#   trixie-root.sh run CMD   run CMD in it, in the current directory; the
#                            clone is visible at its own path, so paths
#                            under build/ mean the same inside and out
#
# Each run has a mount namespace of its own (unshare): its /proc and the
# bind mount of the clone vanish with it, so no failure leaves a mount
# behind and two runs at once do not disturb each other.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
chroot_dir="$root/build/trixie/root"
mirror=http://deb.debian.org/debian
packages=gcc-14,g++-14,make,libelf-dev,pahole,kmod,bc,ca-certificates,binutils

make_root()
{
	[ -e "$chroot_dir/.made" ] && return 0
	rm -rf "$chroot_dir" && mkdir -p "$(dirname "$chroot_dir")"
	mmdebstrap --quiet --variant=apt --components=main --include="$packages" \
		trixie "$chroot_dir" "deb $mirror trixie main" \
		"deb $mirror trixie-backports main" >/dev/null
	# mmdebstrap empties the package lists; kernels.sh searches them.
	chroot "$chroot_dir" apt-get update -q >/dev/null
	touch "$chroot_dir/.made"
}

run_in_root()
{
	[ -e "$chroot_dir/.made" ] || make_root
	local inner
	inner='mount -t proc proc "$1/proc" &&
		mkdir -p "$1$2" && mount --bind "$2" "$1$2" &&
		cd "$3" && exec chroot "$1" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$3" "${@:4}"'
	unshare --mount --propagation private \
		/bin/bash -c "$inner" inner "$chroot_dir" "$root" "$PWD" "$@"
}

case "${1:-}" in
make) make_root ;;
run) shift; run_in_root "$@" ;;
*) echo "usage: trixie-root.sh make | run CMD..." >&2; exit 2 ;;
esac
