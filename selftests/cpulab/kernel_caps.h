/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel under test lets a test do, observed without asking
 * cpulab, and the reasons a test gives when a part of it cannot apply. The
 * lanes expect skips by these reasons (ci/expected-skips), so a test that
 * skips for a reason not listed here fails its lane.
 */
#ifndef CPULAB_SELFTEST_KERNEL_CAPS_H
#define CPULAB_SELFTEST_KERNEL_CAPS_H

#include <stdbool.h>

/*
 * 7.1+ (arch/x86/virt/hw.c): VMXON and EFER.SVME belong to the kernel,
 * taken by reference through x86_virt_get_ref(); cpulab only observes and
 * refuses every request that would make it an owner (kernel-owns-virt).
 */
#define SKIP_REASON_KERNEL_OWNS_VIRT "the kernel owns virtualization (x86_virt_get_ref())"
/* 7.x keeps cpu_tlbstate.cr4 from modules (exported to KVM only). */
#define SKIP_REASON_SHADOW_NOT_EXPORTED "the CR4 shadow is not exported to modules"

/*
 * Whether the running kernel owns VMX/SVM itself: it has
 * x86_virt_get_ref() in /proc/kallsyms. Read from the kernel, not from
 * cpulab, so that cpulab's own report of the owner can be held to it;
 * CPULAB_KERNEL_OWNS_VIRT=0|1 passes on a read made once for a whole run.
 */
bool kernel_owns_virt(void);

#endif /* CPULAB_SELFTEST_KERNEL_CAPS_H */
