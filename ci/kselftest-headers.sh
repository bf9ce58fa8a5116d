#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Extracts the kselftest harness headers (and the kernel's CPU hotplug
# selftest) from Debian's linux-source-6.12 into DEST, and its kselftest
# runner (run_kselftest.sh, kselftest/) into DEST/runner, which `make
# install` installs beside cpulab's selftests, and the KUnit tool's KTAP
# parser (kunit.py parse) into DEST/kunit/tools/testing/kunit (kunit.py
# finds its tree by that path), which ci/judge.sh holds every lane's
# console to. Idempotent.
set -euo pipefail

dest=${1:?usage: kselftest-headers.sh DEST}
tarball=/usr/src/linux-source-6.12.tar.xz
stamp="$dest/.from-v4-$(stat -c %Y-%s "$tarball" 2>/dev/null || echo none)"

[ -e "$stamp" ] && exit 0
[ -r "$tarball" ] || { echo "kselftest-headers: $tarball missing; run 'make deps'" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tar -C "$scratch" -xJf "$tarball" --wildcards \
	'*/tools/testing/selftests/kselftest_harness.h' \
	'*/tools/testing/selftests/kselftest.h' \
	'*/tools/testing/selftests/cpu-hotplug/cpu-on-off-test.sh' \
	'*/tools/testing/selftests/run_kselftest.sh' \
	'*/tools/testing/selftests/kselftest/*' \
	'*/tools/testing/kunit/*.py'
mkdir -p "$dest"
rm -f "$dest"/.from-*
cp "$scratch"/*/tools/testing/selftests/kselftest_harness.h \
   "$scratch"/*/tools/testing/selftests/kselftest.h \
   "$scratch"/*/tools/testing/selftests/cpu-hotplug/cpu-on-off-test.sh "$dest"/
rm -rf "$dest/runner" && mkdir -p "$dest/runner"
cp -a "$scratch"/*/tools/testing/selftests/run_kselftest.sh \
      "$scratch"/*/tools/testing/selftests/kselftest "$dest/runner/"
rm -rf "$dest/kunit" && mkdir -p "$dest/kunit/tools/testing/kunit"
cp "$scratch"/*/tools/testing/kunit/*.py "$dest/kunit/tools/testing/kunit/"
touch "$stamp"
