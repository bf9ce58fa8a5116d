#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms.sh add | check: cpulab under DKMS.
#
#   add    stages dkms.conf, module/ and include/ under /usr/src/cpulab-VERSION
#          (VERSION: the clone's commit, so two clones never collide) and
#          runs `dkms add`; prints VERSION last
#   check  add, then `dkms build -k RELEASE --kernelsourcedir` against both
#          lane kernels (ci/kernels.sh unpacks them, nothing is installed),
#          each module's vermagic checked; the package is removed after
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
staged="/usr/src/cpulab-$version"

command -v dkms > /dev/null || "$root/ci/deps.sh"

add() {
	dkms remove "cpulab/$version" --all > /dev/null 2>&1 || true
	rm -rf "$staged" && mkdir -p "$staged"
	cp -a "$root/module" "$root/include" "$staged/"
	find "$staged/module" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \
		-o -name Module.symvers -o -name modules.order \) -delete
	sed "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$version\"/" "$root/dkms.conf" > "$staged/dkms.conf"
	dkms add "cpulab/$version" > /dev/null
	echo "$version"
}

check() {
	local series release kdir built failed=0
	add > /dev/null
	for series in 6.1 6.12; do
		release=$("$root/ci/kernels.sh" release "$series")
		"$root/ci/kernels.sh" fetch "$release"
		kdir=$("$root/ci/kernels.sh" kdir "$release")
		if dkms build "cpulab/$version" -k "$release" --kernelsourcedir "$kdir" > "/tmp/dkms-$release.log" 2>&1; then
			built=$(find "/var/lib/dkms/cpulab/$version/$release" -name 'cpulab.ko*' | head -1)
			echo "dkms: built for $release: $built ($(modinfo -F vermagic "$built"))"
			modinfo -F vermagic "$built" | grep "^$release " > /dev/null || { echo "dkms: wrong vermagic"; failed=1; }
		else
			tail -n 20 "/tmp/dkms-$release.log"
			echo "dkms: build for $release failed (log: /tmp/dkms-$release.log)"
			failed=1
		fi
	done
	dkms remove "cpulab/$version" --all > /dev/null 2>&1 || true
	rm -rf "$staged"
	return $failed
}

case "${1:-}" in
add) add ;;
check) check ;;
*) echo "usage: dkms.sh add | check" >&2; exit 2 ;;
esac
