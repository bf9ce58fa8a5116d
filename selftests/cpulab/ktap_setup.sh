# SPDX-License-Identifier: GPL-2.0
# Sourced by cpulab's shell selftests: the kernel's KTAP output helpers
# (tools/testing/selftests/kselftest/ktap_helpers.sh), found beside the
# test (the lanes' images) or where a kselftest install puts them.
here=$(dirname "$0")
for helpers in "$here/ktap_helpers.sh" "$here/../kselftest/ktap_helpers.sh"; do
	[ -r "$helpers" ] && break
done
if [ ! -r "$helpers" ]; then
	echo "$(basename "$0"): ktap_helpers.sh (tools/testing/selftests/kselftest/) not found" >&2
	exit 1
fi
. "$helpers"
