#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kvm_modules.sh load [KVM_PARAMETER...] | unload: lib.sh's load_kvm and
# unload_kvm for a selftest binary (storm_test's KVM worker), with the same
# CPULAB_KVM_DIR. Not a test: kselftest's TEST_FILES.

. "$(dirname "$0")/lib.sh"

case "${1:-}" in
load) shift; load_kvm "$@" ;;
unload) unload_kvm ;;
*) echo "usage: kvm_modules.sh load [KVM_PARAMETER...] | unload" >&2; exit 2 ;;
esac
