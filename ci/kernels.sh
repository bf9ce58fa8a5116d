#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian kernels for the lanes, unpacked without installing anything.
#
#   kernels.sh release SERIES   newest release of SERIES (6.1, 6.12, 7) whose
#                               unsigned image and headers are both available
#   kernels.sh fetch RELEASE    download and unpack image + headers into
#                               build/kernels/RELEASE/root (idempotent)
#   kernels.sh kdir RELEASE     the kbuild tree to build modules against
#   kernels.sh vmlinuz RELEASE  the kernel image to boot
#
# No package is installed: Debian's 6.12 headers depend on the image, whose
# install runs initramfs-tools for minutes. dpkg-deb -x needs none of that.
#
# The 7.x kernels are trixie-backports': they are searched for and fetched
# with the apt of the project's trixie chroot (ci/trixie-root.sh), and come
# split as linux-binary-unsigned (the image) and linux-modules.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
kernels="$root/build/kernels"

# is_split RELEASE_OR_SERIES: whether it is a 7.x one (trixie's packaging).
is_split() { [[ $1 == 7* ]]; }

# apt_of RELEASE_OR_SERIES CMD...: CMD with the apt that serves it.
apt_of()
{
	local which=$1
	shift
	if is_split "$which"; then
		"$root/ci/trixie-root.sh" run "$@"
	else
		"$@"
	fi
}

release_pattern()
{
	local series=${1//./\\.}
	# 6.1.0-56-amd64 (6.1), 6.12.117+deb12-amd64 (6.12) or
	# 7.3.4+deb13-amd64 (7); not cloud/rt.
	is_split "$1" && series="$series\.[0-9]+"
	echo "${series}\.[0-9]+(-[0-9]+|\+deb[0-9]+)-amd64"
}

# image_package SERIES RELEASE: the package holding RELEASE's unsigned image.
image_package()
{
	if is_split "$1"; then echo "linux-binary-unsigned-$2"; else echo "linux-image-$2-unsigned"; fi
}

newest_release()
{
	local series=$1 pattern name
	pattern=$(release_pattern "$series")
	name=$(image_package "$series" "($pattern)")
	apt_of "$series" apt-cache search --names-only "^$name\$" |
		sed -nE "s/^$name .*/\1/p" | sort -rV |
		while read -r release; do
			if apt_of "$series" apt-cache show "linux-headers-$release" >/dev/null 2>&1; then
				echo "$release"
				break
			fi
		done
}

# The packages to unpack: the image (and, split, its modules), the headers,
# and the exact -common headers and kbuild packages the headers need.
packages_of()
{
	image_package "$1" "$1"
	is_split "$1" && echo "linux-modules-$1"
	echo "linux-headers-$1"
	apt_of "$1" apt-cache depends "linux-headers-$1" 2>/dev/null |
		sed -nE 's/^ *Depends: (linux-(headers-[^ ]*-common|kbuild-[^ ]*))$/\1/p' | sort -u
}

fetch()
{
	local release=$1 dir="$kernels/$1" debs pkgs
	[ -e "$dir/.unpacked" ] && return 0
	debs="$dir/debs"
	rm -rf "$dir" && mkdir -p "$debs"
	mapfile -t pkgs < <(packages_of "$release")
	if [ "${#pkgs[@]}" -ne "$(is_split "$release" && echo 5 || echo 4)" ]; then
		echo "kernels: cannot resolve the packages for $release: ${pkgs[*]}" >&2
		return 1
	fi
	# A stale package list can name a version the mirror dropped: refresh once.
	if ! (cd "$debs" && apt_of "$release" apt-get -o APT::Sandbox::User=root download "${pkgs[@]}" >/dev/null); then
		apt_of "$release" apt-get update >/dev/null
		(cd "$debs" && apt_of "$release" apt-get -o APT::Sandbox::User=root download "${pkgs[@]}" >/dev/null)
	fi
	for deb in "$debs"/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	# The absolute paths in Debian's headers: the arch tree's Makefile
	# includes the -common tree's Makefile from /usr/src (and, on 7.x, sets
	# KBUILD_OUTPUT to itself there).
	sed -i -e "s|^include /usr/src/|include $dir/root/usr/src/|" \
		-e "s|\(KBUILD_OUTPUT *:\?= *\)/usr/src/|\1$dir/root/usr/src/|" \
		"$dir/root/usr/src/linux-headers-$release/Makefile"
	# The split 7.x packages keep the image with the modules.
	if is_split "$release"; then
		local image
		image=$(find "$dir/root/usr/lib/modules/$release" -maxdepth 1 -name "vmlinuz*" -type f | head -1)
		[ -n "$image" ] || { echo "kernels: no vmlinuz in $release's packages" >&2; return 1; }
		mkdir -p "$dir/root/boot"
		ln -sfn "$(realpath --relative-to="$dir/root/boot" "$image")" "$dir/root/boot/vmlinuz-$release"
	fi
	rm -rf "$debs"
	touch "$dir/.unpacked"
}

case "${1:-}" in
release)
	r=$(newest_release "${2:?series}")
	[ -n "$r" ] || { echo "kernels: no $2 kernel with headers in the package lists" >&2; exit 1; }
	echo "$r" ;;
fetch) fetch "${2:?release}" ;;
kdir) echo "$kernels/${2:?release}/root/usr/src/linux-headers-$2" ;;
vmlinuz) echo "$kernels/${2:?release}/root/boot/vmlinuz-$2" ;;
*) echo "usage: kernels.sh release SERIES | fetch RELEASE | kdir RELEASE | vmlinuz RELEASE" >&2; exit 2 ;;
esac
