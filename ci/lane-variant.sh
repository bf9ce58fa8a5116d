#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lane-variant.sh NAME: the kernel command-line words (read by
# ci/vm-kexec.sh, or the kernel's own) that a kexec lane's variant adds,
# found by the suffix of its name. One table for make check's lanes
# (kexec-qemu-6.12-kvm) and the regression corpus's kinds (kexec-qemu-kvm).
case ${1:?lane name} in
# A crash of a STOP's controller while the STOP holds the other CPUs
# parked in IPI or NMI context.
*-stop-ipi | *-stop-nmi) echo "cpulab.crash_during_stop=${1##*-stop-}" ;;
# KVM holding virtualization instead of cpulab.
*-kvm) echo "cpulab.peer=kvm" ;;
# A CPU taken offline just before kexec -e, which the next kernel must
# bring back.
*-offline) echo "cpulab.offline_before_kexec=1" ;;
# panic() runs its notifiers before the crash dump, which then must still
# shoot down CPUs that panic() has already stopped.
*-post-notifiers) echo "crash_kexec_post_notifiers" ;;
esac
