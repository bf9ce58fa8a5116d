#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian kernels for the lanes, unpacked without installing anything.
#
#   kernels.sh release SERIES   newest release of SERIES (6.1, 6.12) whose
#                               unsigned image and headers are both available
#   kernels.sh fetch RELEASE    download and unpack image + headers into
#                               build/kernels/RELEASE/root (idempotent)
#   kernels.sh kdir RELEASE     the kbuild tree to build modules against
#   kernels.sh vmlinuz RELEASE  the kernel image to boot
#
# No package is installed: Debian's 6.12 headers depend on the image, whose
# install runs initramfs-tools for minutes. dpkg-deb -x needs none of that.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
kernels="$root/build/kernels"

release_pattern()
{
	local series=${1//./\\.}
	# 6.1.0-56-amd64 (6.1) or 6.12.117+deb12-amd64 (6.12); not cloud/rt.
	echo "${series}\.[0-9]+(-[0-9]+|\+deb[0-9]+)-amd64"
}

newest_release()
{
	local series=$1 pattern release
	pattern=$(release_pattern "$series")
	apt-cache search --names-only "^linux-image-${pattern}-unsigned\$" |
		sed -nE "s/^linux-image-(${pattern})-unsigned .*/\1/p" | sort -rV |
		while read -r release; do
			if apt-cache show "linux-headers-$release" >/dev/null 2>&1; then
				echo "$release"
				break
			fi
		done
}

# The exact -common headers and kbuild packages this headers package needs.
headers_dependencies()
{
	apt-cache depends "linux-headers-$1" 2>/dev/null |
		sed -nE 's/^ *Depends: (linux-(headers-[^ ]*-common|kbuild-[^ ]*))$/\1/p' | sort -u
}

fetch()
{
	local release=$1 dir="$kernels/$1" debs pkgs
	[ -e "$dir/.unpacked" ] && return 0
	debs="$dir/debs"
	rm -rf "$dir" && mkdir -p "$debs"
	mapfile -t pkgs < <(echo "linux-image-$release-unsigned"; echo "linux-headers-$release";
			    headers_dependencies "$release")
	if [ "${#pkgs[@]}" -ne 4 ]; then
		echo "kernels: cannot resolve the packages for $release: ${pkgs[*]}" >&2
		return 1
	fi
	# A stale package list can name a version the mirror dropped: refresh once.
	if ! (cd "$debs" && apt-get -o APT::Sandbox::User=root download "${pkgs[@]}" >/dev/null); then
		apt-get update >/dev/null
		(cd "$debs" && apt-get -o APT::Sandbox::User=root download "${pkgs[@]}" >/dev/null)
	fi
	for deb in "$debs"/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	# The one absolute path in Debian's headers: the arch tree's Makefile
	# includes the -common tree's Makefile from /usr/src.
	sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" \
		"$dir/root/usr/src/linux-headers-$release/Makefile"
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
